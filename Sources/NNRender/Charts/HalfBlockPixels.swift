/// Two vertically stacked pixels drawn in one cell with half blocks.
enum HalfBlockPixels {
    /// The symbol and style showing `top` above `bottom`: the upper half block `▀` with the top
    /// color as foreground and the bottom color as background; the lower half block `▄` when only
    /// the bottom pixel has a color (a `.default` foreground would show the terminal's text color);
    /// a space when both pixels look the same.
    static func cell(top: Color, bottom: Color) -> (symbol: String, style: Style) {
        if top == bottom { return (" ", Style(bg: top)) }
        if top == .default { return ("▄", Style(fg: bottom)) }
        return ("▀", Style(fg: top, bg: bottom))
    }
}
