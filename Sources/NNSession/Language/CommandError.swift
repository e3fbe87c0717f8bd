/// A mistake in a command line or a command that could not run, with the column it points at.
public struct CommandError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong and, where possible, how to fix it.
    public var message: String
    /// The column (0-based, in characters) the mistake starts at, if it is in the line.
    public var column: Int?
    /// How many characters the mistake spans.
    public var length: Int

    /// Makes an error, optionally pointing into the line.
    public init(_ message: String, column: Int? = nil, length: Int = 1) {
        self.message = message
        self.column = column
        self.length = max(length, 1)
    }

    /// Makes an error that points at a word of a command.
    public init(_ message: String, at argument: Command.Argument) {
        self.init(message, column: argument.column, length: argument.raw.count)
    }

    public var description: String { message }

    /// The line with a caret line under the mistake, for showing below the message.
    public func pointer(into line: String) -> String? {
        guard let column, column <= line.count else { return nil }
        return "  " + line + "\n  " + String(repeating: " ", count: column) + String(repeating: "^", count: min(length, max(1, line.count - column)))
    }
}
