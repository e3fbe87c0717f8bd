import NNEngine

/// A mistake in a check, with the column (0-based) it starts at.
public struct CheckError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var column: Int

    /// Makes an error; control characters in the message are escaped (like `\x1b`).
    public init(_ message: String, column: Int) {
        self.message = InputExcerpt.escapingControls(message, keepingNewlines: true)
        self.column = column
    }

    public var description: String { "\(message) (column \(column + 1))" }
}
