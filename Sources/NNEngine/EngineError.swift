/// An error from the engine, with a message a learner can act on.
public struct EngineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong and how to fix it.
    public var message: String

    /// Makes an error with a message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
