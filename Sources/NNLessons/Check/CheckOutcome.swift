/// The result of evaluating a check on a session: whether it passed, and each condition with
/// the value it saw, so a learner knows what is still missing.
public struct CheckOutcome: Equatable, Sendable {
    /// Whether one condition holds.
    public enum Status: Equatable, Sendable {
        case met
        case notMet
        /// A fact it needs has no value yet; the reason says what is missing.
        case unknown(String)
    }

    /// One condition of the check (a comparison or a yes/no fact).
    public struct Condition: Equatable, Sendable {
        /// The condition as a learner reads it, e.g. `test_acc ≥ 0.95`.
        public var text: String
        /// What the session has, e.g. `test_acc is 0.925`; nil when it could not be computed.
        public var actual: String?
        /// Whether it holds.
        public var status: Status

        public init(text: String, actual: String?, status: Status) {
            self.text = text
            self.actual = actual
            self.status = status
        }

        /// `✓ test_acc ≥ 0.95 (test_acc is 1)` and the like.
        public var line: String {
            switch status {
            case .met: return "✓ \(text)" + (actual.map { " (\($0))" } ?? "")
            case .notMet: return "✗ \(text)" + (actual.map { " (\($0))" } ?? "")
            case .unknown(let reason): return "? \(text) (\(reason))"
            }
        }
    }

    /// Whether the whole check holds.
    public var passed: Bool
    /// The conditions, in the order written.
    public var conditions: [Condition]

    public init(passed: Bool, conditions: [Condition]) {
        self.passed = passed
        self.conditions = conditions
    }

    /// One line per condition.
    public var lines: [String] { conditions.map(\.line) }
}

extension Check {
    /// How a check looks facts up: a value, or why there is none.
    public typealias FactLookup = (String) -> Result<FactValue, FactUnavailable>

    /// Evaluates the check with facts from `lookup` (each fact is looked up at most once).
    public func evaluate(_ lookup: FactLookup) -> CheckOutcome {
        let cache = FactCache()
        var conditions: [CheckOutcome.Condition] = []
        let truth = withoutActuallyEscaping(lookup) { lookup in
            CheckEvaluator(lookup: { name in
                if let hit = cache.values[name] { return hit }
                let value = lookup(name)
                cache.values[name] = value
                return value
            }).truth(expression, conditions: &conditions)
        }
        return CheckOutcome(passed: truth == .yes, conditions: conditions)
    }
}

/// Facts already looked up during one evaluation.
final class FactCache {
    var values: [String: Result<FactValue, FactUnavailable>] = [:]
}

/// Three-valued evaluation: a condition whose facts are missing is unknown, and the check
/// passes only when it is surely true.
struct CheckEvaluator {
    enum Truth: Equatable { case yes, no, unknown }

    let lookup: Check.FactLookup

    func truth(_ e: CheckExpression, conditions: inout [CheckOutcome.Condition]) -> Truth {
        switch e {
        case .and(let a, let b):
            let x = truth(a, conditions: &conditions), y = truth(b, conditions: &conditions)
            if x == .no || y == .no { return .no }
            return x == .yes && y == .yes ? .yes : .unknown
        case .or(let a, let b):
            // Alternatives are one requirement: they show as one condition.
            var inner: [CheckOutcome.Condition] = []
            let x = truth(a, conditions: &inner), y = truth(b, conditions: &inner)
            let result: Truth = x == .yes || y == .yes ? .yes : (x == .no && y == .no ? .no : .unknown)
            var actuals: [String] = []
            for actual in inner.compactMap(\.actual) where !actuals.contains(actual) { actuals.append(actual) }
            let reasons = inner.compactMap { if case .unknown(let r) = $0.status { return r } else { return nil } }
            let status: CheckOutcome.Status
            switch result {
            case .yes: status = .met
            case .no: status = .notMet
            case .unknown: status = .unknown(reasons.first ?? "not known yet")
            }
            conditions.append(.init(text: inner.map(\.text).joined(separator: " or "),
                                    actual: actuals.isEmpty ? nil : actuals.joined(separator: ", "), status: status))
            return result
        case .not(let inner):
            var innerConditions: [CheckOutcome.Condition] = []
            let result: Truth
            switch truth(inner, conditions: &innerConditions) {
            case .yes: result = .no
            case .no: result = .yes
            case .unknown: result = .unknown
            }
            if innerConditions.count == 1, var condition = innerConditions.first {
                // One condition under `not`: show it negated, with its own verdict.
                condition.text = "not " + (condition.text.contains(" ") ? "(\(condition.text))" : condition.text)
                if condition.status == .met { condition.status = .notMet } else if condition.status == .notMet { condition.status = .met }
                conditions.append(condition)
            } else {
                conditions += innerConditions
            }
            return result
        case .bool(let b):
            return b ? .yes : .no
        case .fact(let name):
            switch lookup(name) {
            case .success(.bool(let b)):
                conditions.append(.init(text: name, actual: "\(name) is \(b ? "true" : "false")", status: b ? .met : .notMet))
                return b ? .yes : .no
            case .success(let other):
                conditions.append(.init(text: name, actual: "\(name) is \(other)", status: .notMet))
                return .no
            case .failure(let missing):
                conditions.append(.init(text: name, actual: nil, status: .unknown(missing.reason)))
                return .unknown
            }
        case .compare(let a, let op, let b):
            let text = "\(display(a)) \(op.symbol) \(display(b))"
            let left: FactValue, right: FactValue
            switch (value(a), value(b)) {
            case (.success(let x), .success(let y)):
                left = x
                right = y
            case (.failure(let missing), _), (_, .failure(let missing)):
                conditions.append(.init(text: text, actual: nil, status: .unknown(missing.reason)))
                return .unknown
            }
            let holds = compare(left, op, right)
            var actual: String?
            if !a.isLiteral { actual = "\(display(a)) is \(left)" } else if !b.isLiteral { actual = "\(display(b)) is \(right)" }
            conditions.append(.init(text: text, actual: actual, status: holds ? .met : .notMet))
            return holds ? .yes : .no
        case .number, .text, .arithmetic, .negate:
            return .no // typing rules these out as conditions
        }
    }

    /// An operand as written (facts and values without quotes).
    func display(_ e: CheckExpression) -> String {
        if case .text(let s) = e { return s }
        return e.description
    }

    func value(_ e: CheckExpression) -> Result<FactValue, FactUnavailable> {
        switch e {
        case .number(let x): return .success(.number(x))
        case .text(let s): return .success(.text(s))
        case .bool(let b): return .success(.bool(b))
        case .fact(let name): return lookup(name)
        case .negate(let inner):
            return value(inner).map { v in if case .number(let x) = v { return .number(-x) } else { return v } }
        case .arithmetic(let a, let op, let b):
            switch (value(a), value(b)) {
            case (.success(.number(let x)), .success(.number(let y))):
                switch op {
                case .plus: return .success(.number(x + y))
                case .minus: return .success(.number(x - y))
                case .times: return .success(.number(x * y))
                case .divide: return .success(.number(y == 0 ? (x == 0 ? .nan : x.sign == .minus ? -.infinity : .infinity) : x / y))
                }
            case (.failure(let missing), _), (_, .failure(let missing)): return .failure(missing)
            default: return .success(.number(.nan))
            }
        case .not, .and, .or, .compare:
            var ignored: [CheckOutcome.Condition] = []
            let t = truth(e, conditions: &ignored)
            if t == .unknown { return .failure(FactUnavailable("not known yet")) }
            return .success(.bool(t == .yes))
        }
    }

    func compare(_ x: FactValue, _ op: CheckExpression.Comparison, _ y: FactValue) -> Bool {
        switch (x, y) {
        case (.number(let a), .number(let b)):
            if a.isNaN || b.isNaN { return op == .notEqual }
            let close = abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
            switch op {
            case .equal: return close
            case .notEqual: return !close
            case .less: return a < b && !close
            case .lessOrEqual: return a <= b || close
            case .greater: return a > b && !close
            case .greaterOrEqual: return a >= b || close
            }
        case (.text(let a), .text(let b)):
            let same = a.lowercased() == b.lowercased()
            return op == .equal ? same : (op == .notEqual ? !same : false)
        case (.bool(let a), .bool(let b)):
            return op == .equal ? a == b : (op == .notEqual ? a != b : false)
        default:
            return op == .notEqual
        }
    }
}

extension CheckExpression {
    /// Whether the expression is a written value (not a fact or computed from one).
    var isLiteral: Bool {
        switch self {
        case .number, .text, .bool: return true
        case .negate(let e): return e.isLiteral
        default: return false
        }
    }
}
