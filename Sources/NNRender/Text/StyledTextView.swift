/// Draws styled lines into an area, starting at a scroll offset, with an optional scroll bar.
public struct StyledTextView: Widget {
    public var lines: [StyledLine]
    /// The index of the first line shown (clamped to the valid range).
    public var scrollOffset: Int
    /// Draw a scroll bar in the last column when the lines do not all fit.
    public var showsScrollBar: Bool
    public var glyphs: GlyphSet

    public init(lines: [StyledLine], scrollOffset: Int = 0, showsScrollBar: Bool = false, glyphs: GlyphSet = .unicode) {
        self.lines = lines
        self.scrollOffset = scrollOffset
        self.showsScrollBar = showsScrollBar
        self.glyphs = glyphs
    }

    /// The largest useful scroll offset for `lineCount` lines in `height` rows.
    public static func maximumScrollOffset(lineCount: Int, height: Int) -> Int {
        max(0, lineCount - max(0, height))
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let offset = max(0, min(scrollOffset, StyledTextView.maximumScrollOffset(lineCount: lines.count, height: area.height)))
        let needsBar = showsScrollBar && lines.count > area.height && area.width >= 2
        let textArea = needsBar ? area.inset(right: 1) : area
        for row in 0..<area.height {
            let index = offset + row
            guard index < lines.count else { break }
            lines[index].draw(into: &buffer, x: textArea.left, y: textArea.top + row, clip: textArea)
        }
        if needsBar {
            let x = area.right - 1
            let height = area.height
            let thumbSize = max(1, height * height / max(1, lines.count))
            let maxOffset = StyledTextView.maximumScrollOffset(lineCount: lines.count, height: height)
            let thumbTop = maxOffset == 0 ? 0 : (height - thumbSize) * offset / maxOffset
            for row in 0..<height {
                let inThumb = row >= thumbTop && row < thumbTop + thumbSize
                let symbol = glyphs == .unicode ? (inThumb ? "┃" : "│") : (inThumb ? "#" : "|")
                buffer.set(x: x, y: area.top + row, string: symbol, style: Style(dim: !inThumb), clip: area)
            }
        }
    }
}
