import NNEngine
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
    ///
    /// Text and table cells come partly from the learner's files and scripts, so every control
    /// character in them (ESC, BEL, the C1 range, a stray `\r`) is printed escaped, like `\x1b`:
    /// nothing a CSV header or a model file holds can move the cursor or retitle the terminal.
    /// Tabs stay tabs. Plots carry the printer's own color codes and are left as drawn.
    public func lines(_ block: OutputBlock) -> [String] {
        switch block {
        case .text(let text):
            return text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { InputExcerpt.escapingControls(String($0), keepingNewlines: true) }
        case .table(let table):
            return table.lines().map { InputExcerpt.escapingControls($0, keepingNewlines: true) }
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
