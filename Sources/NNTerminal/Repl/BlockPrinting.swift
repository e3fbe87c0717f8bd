import NNRender
import NNSession

/// How the REPL and plain mode turn a session's output into text.
enum BlockPrinting {
    /// The text of a block for the REPL's scrollback (view requests are opened, not printed).
    static func replText(_ block: OutputBlock, printer: OutputPrinter) -> String {
        if case .view = block { return "" }
        return printer.text(block)
    }

    /// The lines an error prints: `error: MESSAGE`, then the line with a caret under the
    /// mistake when the error points into it.
    static func errorText(_ error: CommandError, line: String, colorMode: ColorMode, suffix: String = "") -> String {
        let label = colorMode == .none ? "error:" : "\u{1B}[1;31merror:\u{1B}[0m"
        var text = "\(label) \(error.message)\(suffix)\n"
        if let pointer = error.pointer(into: line) { text += pointer + "\n" }
        return text
    }
}
