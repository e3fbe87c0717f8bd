import NNEngine

/// A mistake in a command line or a command that could not run, with the column it points at.
public struct CommandError: Error, Equatable, Sendable, CustomStringConvertible {
    private var storedMessage: String

    /// What is wrong and, where possible, how to fix it. Control characters in it (from a quoted
    /// input) are kept as escapes like `\x1b`, so an error never acts on the terminal.
    public var message: String {
        get { storedMessage }
        set { storedMessage = InputExcerpt.escapingControls(newValue, keepingNewlines: true) }
    }
    /// The column (0-based, in characters) the mistake starts at, if it is in the line.
    public var column: Int?
    /// How many characters the mistake spans.
    public var length: Int

    /// Makes an error, optionally pointing into the line.
    public init(_ message: String, column: Int? = nil, length: Int = 1) {
        self.storedMessage = InputExcerpt.escapingControls(message, keepingNewlines: true)
        self.column = column
        self.length = max(length, 1)
    }

    /// Makes an error that points at a word of a command.
    public init(_ message: String, at argument: Command.Argument) {
        self.init(message, column: argument.column, length: argument.raw.count)
    }

    public var description: String { message }

    /// An excerpt of the line with a caret line under the mistake, for showing below the message.
    ///
    /// A long line is cut to a window around the mistake (cut ends marked with `…`) and control
    /// characters are shown escaped, so the two lines stay short whatever was typed.
    public func pointer(into line: String) -> String? {
        guard let column, column <= line.count else { return nil }
        let window = InputExcerpt.window(line, column: column, length: length)
        return "  " + window.text + "\n  " + String(repeating: " ", count: window.column)
            + String(repeating: "^", count: window.length)
    }
}
