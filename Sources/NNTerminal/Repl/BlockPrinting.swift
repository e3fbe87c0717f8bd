import NNRender
import NNSession

/// How the REPL and plain mode turn a session's output into text.
enum BlockPrinting {
    /// The one line shown where a full-screen view would open.
    static let viewNote = "(full-screen views are not available yet in this version)"

    /// The text of a block for the REPL's scrollback (a view request becomes a one-line note).
    static func replText(_ block: OutputBlock, printer: OutputPrinter) -> String {
        if case .view = block { return viewNote + "\n" }
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
