import NNRender

/// Turns output blocks into lines of text for the REPL's scrollback or plain mode.
public struct OutputPrinter: Sendable {
    /// The width plots are drawn at.
    public var width: Int
    /// The colors the text may carry (`.none` in plain mode: no escape codes at all).
    public var colorMode: ColorMode

    /// Makes a printer.
    public init(width: Int, colorMode: ColorMode) {
        self.width = max(width, 20)
        self.colorMode = colorMode
    }

    /// The lines of one block (a view request prints nothing).
    public func lines(_ block: OutputBlock) -> [String] {
        switch block {
        case .text(let text):
            return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        case .table(let table):
            return table.lines()
        case .widget(let widget, let height):
            let buffer = widget.renderedBuffer(width: width, height: max(height, 1))
            let lines = BufferPrinter(colorMode: colorMode).lines(buffer)
            var trimmed = lines
            while let last = trimmed.last, last.allSatisfy({ $0 == " " }) || last.isEmpty { trimmed.removeLast() }
            return trimmed
        case .view:
            return []
        }
    }

    /// The text of one block, ending in a newline.
    public func text(_ block: OutputBlock) -> String {
        let lines = lines(block)
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
