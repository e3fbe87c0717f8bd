/// A bordered box with an optional title, drawn around an inner area.
///
/// Draw the panel, then draw its content in `inner(of:)`:
/// ```swift
/// let panel = Panel(title: "loss")
/// panel.render(in: area, buffer: &buffer)
/// chart.render(in: panel.inner(of: area), buffer: &buffer)
/// ```
public struct Panel: Widget {
    /// Text shown in the top border.
    public var title: String?
    /// The style of the border lines.
    public var borderStyle: Style
    /// The style of the title.
    public var titleStyle: Style
    /// Box-drawing or ASCII borders.
    public var glyphs: GlyphSet

    public init(title: String? = nil, borderStyle: Style = Style(dim: true), titleStyle: Style = Style(bold: true),
                glyphs: GlyphSet = .unicode) {
        self.title = title
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.glyphs = glyphs
    }

    /// The area inside the border.
    public func inner(of area: Rect) -> Rect {
        area.width >= 2 && area.height >= 2 ? area.inset(by: 1) : Rect(x: area.x, y: area.y, width: 0, height: 0)
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard area.width >= 2, area.height >= 2 else { return }
        let u = glyphs == .unicode
        let (h, v) = u ? ("─", "│") : ("-", "|")
        let (tl, tr, bl, br) = u ? ("┌", "┐", "└", "┘") : ("+", "+", "+", "+")
        let horizontal = String(repeating: h, count: area.width - 2)
        buffer.set(x: area.left, y: area.top, string: tl + horizontal + tr, style: borderStyle, clip: area)
        buffer.set(x: area.left, y: area.bottom - 1, string: bl + horizontal + br, style: borderStyle, clip: area)
        for y in (area.top + 1)..<(area.bottom - 1) {
            buffer.set(x: area.left, y: y, string: v, style: borderStyle, clip: area)
            buffer.set(x: area.right - 1, y: y, string: v, style: borderStyle, clip: area)
        }
        if let title, !title.isEmpty, area.width > 4 {
            let text = DisplayWidth.truncate(" " + title + " ", toWidth: area.width - 2)
            buffer.set(x: area.left + 1, y: area.top, string: text, style: titleStyle, clip: area)
        }
    }
}
