/// One line of styled text: a sequence of spans.
public struct StyledLine: Hashable, Sendable, ExpressibleByStringLiteral {
    public var spans: [StyledSpan]

    public init(_ spans: [StyledSpan] = []) {
        self.spans = spans
    }

    /// A line of one span.
    public init(_ text: String, style: Style = .plain) {
        spans = text.isEmpty ? [] : [StyledSpan(text, style: style)]
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The text without styles.
    public var plainText: String { spans.map(\.text).joined() }

    /// The columns the line occupies.
    public var width: Int { spans.reduce(0) { $0 + $1.width } }

    /// True when the line has no visible text.
    public var isBlank: Bool { spans.allSatisfy { $0.text.allSatisfy { $0 == " " } } }

    /// Adds text at the end, merging with the last span when the style is the same.
    public mutating func append(_ text: String, style: Style = .plain) {
        guard !text.isEmpty else { return }
        if let last = spans.last, last.style == style {
            spans[spans.count - 1].text += text
        } else {
            spans.append(StyledSpan(text, style: style))
        }
    }

    /// Adds spans at the end.
    public mutating func append(contentsOf other: [StyledSpan]) {
        for span in other { append(span.text, style: span.style) }
    }

    /// Draws the line at (x, y), clipped to `clip`; returns the column after it.
    @discardableResult
    public func draw(into buffer: inout Buffer, x: Int, y: Int, clip: Rect) -> Int {
        var column = x
        for span in spans {
            column = buffer.set(x: column, y: y, string: span.text, style: span.style, clip: clip)
            if column >= clip.right { break }
        }
        return column
    }
}
