/// Word wrap by display width: words move to the next line when they do not fit, words longer
/// than a line are split between graphemes, and wide characters count as two columns.
public struct TextWrapper: Sendable {
    /// The widest a line may be, in columns (at least 1).
    public var width: Int

    public init(width: Int) {
        self.width = max(1, width)
    }

    /// `text` wrapped into lines; newlines in the text start new lines, runs of spaces between
    /// words become one space.
    public func wrap(_ text: String) -> [String] {
        wrap([StyledSpan(text)]).map(\.plainText)
    }

    /// Styled text wrapped into lines. The first line starts with `firstPrefix` and the others
    /// with `continuationPrefix` (for list bullets and hanging indents); both count in the width.
    public func wrap(_ spans: [StyledSpan], firstPrefix: [StyledSpan] = [], continuationPrefix: [StyledSpan] = []) -> [StyledLine] {
        var lines: [StyledLine] = []
        var line = StyledLine(firstPrefix)
        var lineWidth = line.width
        var lineHasWord = false
        var pendingSpace: Style?

        func newLine() {
            lines.append(line)
            line = StyledLine(continuationPrefix)
            lineWidth = line.width
            lineHasWord = false
            pendingSpace = nil
        }

        func place(_ word: [StyledSpan]) {
            let wordWidth = word.reduce(0) { $0 + $1.width }
            let spaceWidth = lineHasWord && pendingSpace != nil ? 1 : 0
            if lineHasWord && lineWidth + spaceWidth + wordWidth > width {
                newLine()
            }
            if lineHasWord, let spaceStyle = pendingSpace {
                line.append(" ", style: spaceStyle)
                lineWidth += 1
            }
            pendingSpace = nil
            if lineWidth + wordWidth <= width {
                line.append(contentsOf: word)
                lineWidth += wordWidth
                lineHasWord = true
                return
            }
            // Too long for any line: split between graphemes.
            for piece in word {
                for character in piece.text {
                    let w = DisplayWidth.of(character)
                    if lineWidth + w > width && lineHasWord { newLine() }
                    line.append(String(character), style: piece.style)
                    lineWidth += w
                    lineHasWord = true
                }
            }
        }

        var word: [StyledSpan] = []
        func flushWord() {
            if !word.isEmpty { place(word) }
            word = []
        }
        for span in spans {
            var current = ""
            for character in span.text {
                if character == "\n" || character == "\r\n" {
                    if !current.isEmpty { word.append(StyledSpan(current, style: span.style)); current = "" }
                    flushWord()
                    newLine()
                } else if character == " " || character == "\t" {
                    if !current.isEmpty { word.append(StyledSpan(current, style: span.style)); current = "" }
                    flushWord()
                    if lineHasWord && pendingSpace == nil { pendingSpace = span.style }
                } else {
                    current.append(character)
                }
            }
            if !current.isEmpty { word.append(StyledSpan(current, style: span.style)) }
        }
        flushWord()
        lines.append(line)
        return lines
    }
}
