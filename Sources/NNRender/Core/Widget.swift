/// Something that draws itself into an area of a buffer.
///
/// Widgets never touch the terminal and must not draw outside `area`; they must not crash for
/// any area, including empty, one-row and one-column ones.
public protocol Widget {
    /// Draws into `area` of `buffer`.
    func render(in area: Rect, buffer: inout Buffer)
}

extension Widget {
    /// A fresh buffer of the given size with this widget drawn over all of it.
    public func renderedBuffer(width: Int, height: Int) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        render(in: buffer.area, buffer: &buffer)
        return buffer
    }

    /// The widget drawn at the given size, as lines for `colorMode` (plain when `.none`).
    public func renderedLines(width: Int, height: Int, colorMode: ColorMode = .none) -> [String] {
        BufferPrinter(colorMode: colorMode).lines(renderedBuffer(width: width, height: height))
    }
}
