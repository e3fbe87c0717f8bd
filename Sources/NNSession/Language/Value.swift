/// A value written in a command: a number, a bare word, a quoted string, or a list.
public enum Value: Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case word(String)
    case string(String)
    case list([Value])

    /// The value as a number, if it is one.
    public var number: Double? { if case .number(let x) = self { return x } else { return nil } }

    /// The value as text: a word, a string, or a number as written.
    public var text: String {
        switch self {
        case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
        case .word(let w): return w
        case .string(let s): return s
        case .list: return description
        }
    }

    public var description: String {
        switch self {
        case .number: return text
        case .word(let w): return w
        case .string(let s): return "\"\(s)\""
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
