import NNRender

/// What commands run from a lesson printed, kept as entries and laid out as styled lines for
/// the lesson explorer's live panel at whatever size the panel has.
///
/// Echoed command lines are bold, errors red, notes dim; tables keep their columns and whole
/// rows (a panel narrower than a table scrolls sideways), long text lines wrap, and plots are
/// drawn at the panel's width and at most the panel's height, so a whole plot is visible at once.
public struct OutputTranscript {
    /// One piece of the transcript.
    public enum Entry {
        /// A command line as typed or read from the lesson (`nnlab> …`).
        case echo(String)
        /// A command's output.
        case block(OutputBlock)
        /// An error (a refused or failing command), shown as `error: …`.
        case error(String)
        /// Something that did not work out but is no error (a condition not met yet).
        case failure(String)
        /// A remark from the explorer (what happened, what to do next).
        case note(String)
        /// A good outcome (an exercise solved).
        case success(String)
    }

    /// The entries, in the order they arrived.
    public private(set) var entries: [Entry] = []

    /// An empty transcript.
    public init() {}

    /// Whether nothing has been recorded.
    public var isEmpty: Bool { entries.isEmpty }

    /// Adds an entry.
    public mutating func append(_ entry: Entry) { entries.append(entry) }

    /// Adds a command's output block, turning `error: …` text into an error entry.
    public mutating func append(block: OutputBlock) {
        if case .text(let text) = block, text.hasPrefix("error: ") {
            entries.append(.error(String(text.dropFirst("error: ".count))))
        } else if case .view = block {
            return
        } else {
            entries.append(.block(block))
        }
    }

    /// The plain text of every entry (no plots), for tests and summaries.
    public var plainText: String {
        lines(width: 200, height: 40).map(\.plainText).joined(separator: "\n")
    }

    /// The transcript as styled lines `width` columns wide; plots are at most `height` rows.
    public func lines(width: Int, height: Int) -> [StyledLine] {
        layout(width: width, height: height).lines
    }

    /// The transcript laid out as in `lines(width:height:)`, with the line each entry starts at.
    public func layout(width: Int, height: Int) -> (lines: [StyledLine], entryStarts: [Int]) {
        let width = max(1, width)
        var out: [StyledLine] = []
        var starts: [Int] = []
        for entry in entries {
            starts.append(out.count)
            switch entry {
            case .echo(let line):
                out += wrap(line, width: width, style: Style(fg: .cyan, bold: true))
            case .error(let message):
                out += wrap("error: " + message, width: width, style: Style(fg: .red, bold: true))
            case .failure(let text):
                out += wrap(text, width: width, style: Style(fg: .red))
            case .note(let text):
                out += wrap(text, width: width, style: Style(dim: true))
            case .success(let text):
                out += wrap(text, width: width, style: Style(fg: .green, bold: true))
            case .block(let block):
                out += lines(of: block, width: width, height: height)
            }
        }
        return (out, starts)
    }

    /// Where the result of the last command starts: the echo of the last command that printed
    /// something (or of the last command, when none did), else the first line.
    public func lastResultStart(width: Int, height: Int) -> Int {
        let starts = layout(width: width, height: height).entryStarts
        var lastEcho: Int?
        var lastEchoWithOutput: Int?
        for (index, entry) in entries.enumerated() {
            if case .echo = entry {
                lastEcho = index
            } else if let echo = lastEcho {
                lastEchoWithOutput = echo
            }
        }
        guard let entry = lastEchoWithOutput ?? lastEcho else { return 0 }
        return starts[entry]
    }

    /// The lines of one output block.
    func lines(of block: OutputBlock, width: Int, height: Int) -> [StyledLine] {
        switch block {
        case .text(let text):
            return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [StyledLine] in
                let line = String(line)
                if line.hasPrefix("error: ") { return wrap(line, width: width, style: Style(fg: .red, bold: true)) }
                if line.hasPrefix("warning: ") { return wrap(line, width: width, style: Style(fg: .yellow)) }
                return wrap(line, width: width, style: .plain)
            }
        case .table(let table):
            // The title wraps; the rows keep their columns and their whole width (the panel
            // scrolls sideways).
            var rows = table.lines()
            var lines: [StyledLine] = []
            if let title = table.title, !rows.isEmpty {
                rows.removeFirst()
                lines += wrap(title, width: width, style: Style(bold: true))
            }
            return lines + rows.map { StyledLine($0) }
        case .widget(let widget, let requested):
            let rows = max(3, min(requested, height))
            var buffer = Buffer(width: width, height: rows)
            widget.render(in: buffer.area, buffer: &buffer)
            var lines = (0..<rows).map { Self.line(row: $0, of: buffer) }
            while let last = lines.last, last.spans.isEmpty { lines.removeLast() }
            return lines
        case .view:
            return []
        }
    }

    /// A text line that fits as it is, or word-wrapped to the width.
    func wrap(_ text: String, width: Int, style: Style) -> [StyledLine] {
        if DisplayWidth.of(text) <= width { return [StyledLine(text, style: style)] }
        return TextWrapper(width: width).wrap([StyledSpan(text, style: style)], continuationPrefix: [StyledSpan("  ")])
    }

    /// One row of a buffer as a styled line (trailing blank cells dropped).
    static func line(row y: Int, of buffer: Buffer) -> StyledLine {
        var end = buffer.width
        while end > 0 {
            let cell = buffer[end - 1, y]
            if cell.isContinuation || (cell.symbol == " " && cell.style.isInvisibleOnSpace) { end -= 1 } else { break }
        }
        var line = StyledLine()
        for x in 0..<end {
            let cell = buffer[x, y]
            if cell.isContinuation { continue }
            line.append(cell.symbol.isEmpty ? " " : cell.symbol, style: cell.style)
        }
        return line
    }
}
