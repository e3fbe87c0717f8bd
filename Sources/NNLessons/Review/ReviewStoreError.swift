/// A problem with the review history file or its folder, described in plain English.
///
/// The message names the file or folder, says what went wrong and how to fix it. It never
/// includes the `error:` prefix, which the session adds when it prints the message.
public struct ReviewStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The full explanation shown to the learner.
    public let message: String

    /// Makes an error with the given explanation.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
