import NNRender
import NNSession

/// How the REPL and plain mode turn a session's output into text.
enum BlockPrinting {
    /// The text of a block for the REPL's scrollback (view requests are opened, not printed).
    static func replText(_ block: OutputBlock, printer: OutputPrinter) -> String {
        if case .view = block { return "" }
        return printer.text(block)
    }

    /// A note for the person at the terminal (a warning, a notice), each of its lines folded
    /// at a space to the terminal's width; ends in a newline.
    static func note(_ text: String, width: Int = TerminalSize.columns()) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { OutputPrinter.fold(String($0), width: max(width - 1, 20)) }
            .joined(separator: "\n") + "\n"
    }

    /// The lines an error prints: `error: MESSAGE`, then the line with a caret under the
    /// mistake when the error points into it. With a width (the hub), the message folds at a
    /// space to fit it; without (plain mode), it stays one line for scripts.
    static func errorText(_ error: CommandError, line: String, colorMode: ColorMode, suffix: String = "", width: Int? = nil) -> String {
        let plain = "error: \(error.message)\(suffix)".split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var lines = width.map { width in plain.flatMap { OutputPrinter.fold($0, width: width) } } ?? plain
        if colorMode != .none { lines[0] = "\u{1B}[1;31merror:\u{1B}[0m" + lines[0].dropFirst("error:".count) }
        var text = lines.joined(separator: "\n") + "\n"
        if let pointer = error.pointer(into: line) { text += pointer + "\n" }
        return text
    }
}
