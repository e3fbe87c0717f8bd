/// A problem with a dataset request or a data file, described in plain English.
///
/// The message says what went wrong and how to fix it; for files it names the file and, where
/// there is one, the line (`datasets/x.csv, line 7: ...`). It never includes the `error:` prefix,
/// which the session adds when it prints the message.
public struct DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The full explanation shown to the learner.
    public let message: String

    /// Makes an error with the given explanation.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
