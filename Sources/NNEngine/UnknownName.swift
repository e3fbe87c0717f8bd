/// A name the engine does not know — an activation in a net spec, a function in an expression —
/// with the names it does know, so the session can suggest the nearest one.
public struct UnknownName: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of name it is: "activation", "function".
    public var kind: String
    /// The name given.
    public var name: String
    /// Where it stood (the net spec or expression), for the message.
    public var context: String?
    /// The names that are known.
    public var known: [String]

    /// Makes the error.
    public init(kind: String, name: String, context: String? = nil, known: [String]) {
        self.kind = kind
        self.name = name
        self.context = context
        self.known = known
    }

    public var description: String {
        "unknown \(kind) '\(InputExcerpt.cut(name))'" + (context.map { " in '\(InputExcerpt.cut($0))'" } ?? "")
    }
}
