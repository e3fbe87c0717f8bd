import NNSession

/// What a session prints and throws, as the session tests read it.
extension Session {
    /// The text a line prints at 80 columns without color.
    func printedText(of line: String) throws -> String {
        let printer = OutputPrinter(width: 80, colorMode: .none)
        return try output(of: line).map { printer.text($0) }.joined()
    }

    /// The message of the error a line throws, or "no error".
    func failureMessage(of line: String) -> String {
        do { _ = try output(of: line); return "no error" } catch { return error.message }
    }
}
