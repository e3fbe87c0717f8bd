/// A typed check expression.
public indirect enum CheckExpression: Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case bool(Bool)
    case fact(String)
    case not(CheckExpression)
    case and(CheckExpression, CheckExpression)
    case or(CheckExpression, CheckExpression)
    case compare(CheckExpression, Comparison, CheckExpression)
    case arithmetic(CheckExpression, Arithmetic, CheckExpression)
    case negate(CheckExpression)

    /// A comparison operator.
    public enum Comparison: String, Sendable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

        /// The operator as a learner reads it.
        public var symbol: String {
            switch self {
            case .equal: return "="
            case .notEqual: return "≠"
            case .less: return "<"
            case .lessOrEqual: return "≤"
            case .greater: return ">"
            case .greaterOrEqual: return "≥"
            }
        }
    }

    /// An arithmetic operator.
    public enum Arithmetic: String, Sendable {
        case plus = "+", minus = "-", times = "*", divide = "/"

        /// How tightly the operator binds.
        var precedence: Int { self == .plus || self == .minus ? 1 : 2 }
    }

    /// The expression written back in the check language.
    public var description: String {
        switch self {
        case .number(let x): return CheckNumber.format(x)
        case .text(let s): return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? s : "\"\(s)\""
        case .bool(let b): return b ? "true" : "false"
        case .fact(let name): return name
        case .not(let e): return "not \(e.parenthesized)"
        case .and(let a, let b): return "\(a.parenthesizedUnlessAnd) and \(b.parenthesizedUnlessAnd)"
        case .or(let a, let b): return "\(a.parenthesizedUnlessOr) or \(b.parenthesizedUnlessOr)"
        case .compare(let a, let op, let b): return "\(a) \(op.rawValue) \(b)"
        case .arithmetic(let a, let op, let b):
            let left = a.precedence < op.precedence ? "(\(a))" : a.description
            let right = b.precedence < op.precedence || (b.precedence == op.precedence && (op == .minus || op == .divide))
                ? "(\(b))" : b.description
            return "\(left) \(op.rawValue) \(right)"
        case .negate(let e): return "-\(e.parenthesizedIfArithmetic)"
        }
    }

    private var parenthesized: String {
        switch self {
        case .and, .or, .compare, .arithmetic: return "(\(self))"
        default: return description
        }
    }

    private var parenthesizedUnlessAnd: String {
        if case .or = self { return "(\(self))" }
        return description
    }

    private var parenthesizedUnlessOr: String { description }

    /// How tightly an operand binds (arithmetic below plain values).
    private var precedence: Int {
        if case .arithmetic(_, let op, _) = self { return op.precedence }
        return 3
    }

    private var parenthesizedIfArithmetic: String {
        if case .arithmetic = self { return "(\(self))" }
        return description
    }

    /// Calls `body` with every fact name in the expression.
    func visitFacts(_ body: (String) -> Void) {
        switch self {
        case .number, .text, .bool: break
        case .fact(let name): body(name)
        case .not(let e), .negate(let e): e.visitFacts(body)
        case .and(let a, let b), .or(let a, let b): a.visitFacts(body); b.visitFacts(body)
        case .compare(let a, _, let b): a.visitFacts(body); b.visitFacts(body)
        case .arithmetic(let a, _, let b): a.visitFacts(body); b.visitFacts(body)
        }
    }
}

extension CheckExpression {
    /// The fact's name, when the expression is a fact.
    var factName: String? { if case .fact(let name) = self { return name } else { return nil } }
}
