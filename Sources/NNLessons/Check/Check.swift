import NNEngine

/// An exercise's check: a small expression over named facts of the session, such as
/// `test_acc >= 0.95 and hidden_units <= 4 and data == circle`.
///
/// Grammar (lowest precedence first):
///
/// ```
/// check      = or
/// or         = and { "or" and }
/// and        = unary { "and" unary }
/// unary      = "not" unary | comparison
/// comparison = sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=") sum ]
/// sum        = product { ("+" | "-") product }
/// product    = factor { ("*" | "/") factor }
/// factor     = number ["%"] | "quoted text" | name | true | false | "(" or ")" | "-" factor
/// ```
///
/// A name is a fact (see `FactCatalog`); next to a text fact a bare word is a value of that fact
/// (`data == circle`, `opt == momentum`), checked against the fact's values; `95%` is 0.95.
/// Types are checked when the check is parsed: unknown facts, unknown values, comparing a
/// number with text, or using a number as a condition are errors with their column.
public struct Check: Equatable, Sendable, CustomStringConvertible {
    /// How deep a check may nest or chain operations (parentheses, `not`, `and`, comparisons…);
    /// deeper is an error with its column, so checking never recurses without bound.
    public static let maximumDepth = 200

    /// The check as written.
    public var source: String
    /// The parsed, typed expression.
    public var expression: CheckExpression

    /// Parses and type-checks a check.
    public init(parsing source: String) throws(CheckError) {
        var parser = CheckParser(source: source)
        let raw = try parser.parseCheck()
        self.source = source
        let (expression, type) = try CheckTyping.resolve(raw)
        guard type == .bool else {
            throw CheckError("the check is a \(type.rawValue), not a condition; compare it, like `\(InputExcerpt.cut(source.trimmed)) \(type == .number ? ">= 0.9" : "== …")`", column: 0)
        }
        self.expression = expression
    }

    /// The facts the check reads.
    public var facts: [String] {
        var names: [String] = []
        expression.visitFacts { if !names.contains($0) { names.append($0) } }
        return names
    }

    public var description: String { source }
}

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

// MARK: - Parsing

/// The expression as parsed, before names are resolved into facts or values.
indirect enum RawCheck {
    case number(Double, column: Int)
    case text(String, column: Int)
    case bool(Bool, column: Int)
    case name(String, column: Int)
    case not(RawCheck, column: Int)
    case and(RawCheck, RawCheck, start: Int)
    case or(RawCheck, RawCheck, start: Int)
    case compare(RawCheck, CheckExpression.Comparison, RawCheck, column: Int, start: Int)
    case arithmetic(RawCheck, CheckExpression.Arithmetic, RawCheck, column: Int, start: Int)
    case negate(RawCheck, column: Int)

    /// The column the expression starts at (kept in each node, so asking is constant time).
    var column: Int {
        switch self {
        case .number(_, let c), .text(_, let c), .bool(_, let c), .name(_, let c), .not(_, let c), .negate(_, let c): return c
        case .and(_, _, let start), .or(_, _, let start), .compare(_, _, _, _, let start), .arithmetic(_, _, _, _, let start): return start
        }
    }
}

/// A recursive-descent parser for the check language.
struct CheckParser {
    enum Token: Equatable {
        case number(Double)
        case text(String)
        case word(String)
        case symbol(String)
        case end
    }

    /// A parsed subexpression and how deep its tree is (a value is 1).
    struct Parsed {
        var raw: RawCheck
        var depth: Int
    }

    let source: String
    var tokens: [(Token, Int)] = []
    var position = 0
    /// How many parentheses, `not`s and signs the parser is inside now.
    var nesting = 0

    init(source: String) { self.source = source }

    mutating func parseCheck() throws(CheckError) -> RawCheck {
        tokens = try Self.tokenize(source)
        if tokens.count == 1 { throw CheckError("the check is empty; write a condition like `test_acc >= 0.9`", column: 0) }
        let expression = try parseOr()
        if case let (token, column) = tokens[position], token != .end {
            throw CheckError("unexpected \(Self.describe(token)); join conditions with `and` or `or`", column: column)
        }
        return expression.raw
    }

    static func describe(_ token: Token) -> String {
        switch token {
        case .number(let x): return "number \(CheckNumber.format(x))"
        case .text(let s): return "\"\(InputExcerpt.cut(s))\""
        case .word(let w): return "'\(InputExcerpt.cut(w))'"
        case .symbol(let s): return "'\(s)'"
        case .end: return "end of the check"
        }
    }

    static func tokenize(_ source: String) throws(CheckError) -> [(Token, Int)] {
        let chars = Array(source)
        var tokens: [(Token, Int)] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" { i += 1; continue }
            let start = i
            if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i
                while j < chars.count, chars[j].isNumber || chars[j] == "." { j += 1 }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "-" || chars[k] == "+" { k += 1 }
                    if k < chars.count, chars[k].isNumber {
                        j = k
                        while j < chars.count, chars[j].isNumber { j += 1 }
                    }
                }
                let text = String(chars[i..<j])
                guard var x = Double(text) else { throw CheckError("malformed number '\(InputExcerpt.cut(text))'", column: start) }
                if j < chars.count, chars[j] == "%" { x /= 100; j += 1 }
                if j < chars.count, chars[j].isLetter || chars[j] == "_" {
                    throw CheckError("a name cannot start with a digit: '\(InputExcerpt.cut(String(chars[i...].prefix(InputExcerpt.defaultWidth + 1).prefix { !$0.isWhitespace })))'", column: start)
                }
                tokens.append((.number(x), start))
                i = j
                continue
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                tokens.append((.word(String(chars[i..<j])), start))
                i = j
                continue
            }
            if c == "\"" || c == "'" {
                var j = i + 1
                while j < chars.count, chars[j] != c { j += 1 }
                guard j < chars.count else { throw CheckError("unterminated quote: add a closing \(c)", column: start) }
                tokens.append((.text(String(chars[(i + 1)..<j])), start))
                i = j + 1
                continue
            }
            let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
            if ["==", "!=", "<=", ">="].contains(two) {
                tokens.append((.symbol(two), start))
                i += 2
                continue
            }
            if c == "=" { throw CheckError("'=' alone is not a comparison; write '==' to compare", column: start) }
            if c == "&" || c == "|" { throw CheckError("write `and` and `or` as words", column: start) }
            if c == "!" { throw CheckError("write `not` as a word, or `!=` for not equal", column: start) }
            if "<>()+-*/".contains(c) {
                tokens.append((.symbol(String(c)), start))
                i += 1
                continue
            }
            throw CheckError("unexpected character '\(InputExcerpt.cut(String(c)))'", column: start)
        }
        tokens.append((.end, chars.count))
        return tokens
    }

    var current: Token { tokens[position].0 }
    var column: Int { tokens[position].1 }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    func isWord(_ w: String) -> Bool { if case .word(let x) = current { return x.lowercased() == w } else { return false } }

    /// Counts a node over subtrees of the given depths, checking the depth limit.
    func node(_ raw: RawCheck, over depths: Int..., at column: Int) throws(CheckError) -> Parsed {
        let depth = (depths.max() ?? 0) + 1
        guard depth <= Check.maximumDepth else {
            throw CheckError("the check is more than \(Check.maximumDepth) operations deep (chained or nested); split it into simpler conditions", column: column)
        }
        return Parsed(raw: raw, depth: depth)
    }

    /// Enters a parenthesis, `not` or sign, checking how deep the parser is.
    mutating func enter(at column: Int) throws(CheckError) {
        nesting += 1
        guard nesting <= Check.maximumDepth else {
            throw CheckError("the check nests more than \(Check.maximumDepth) levels deep (parentheses, `not` and signs)", column: column)
        }
    }

    mutating func parseOr() throws(CheckError) -> Parsed {
        var left = try parseAnd()
        while isWord("or") {
            let c = column
            advance()
            let right = try parseAnd()
            left = try node(.or(left.raw, right.raw, start: left.raw.column), over: left.depth, right.depth, at: c)
        }
        return left
    }

    mutating func parseAnd() throws(CheckError) -> Parsed {
        var left = try parseUnary()
        while isWord("and") {
            let c = column
            advance()
            let right = try parseUnary()
            left = try node(.and(left.raw, right.raw, start: left.raw.column), over: left.depth, right.depth, at: c)
        }
        return left
    }

    mutating func parseUnary() throws(CheckError) -> Parsed {
        if isWord("not") {
            let c = column
            advance()
            try enter(at: c)
            let inner = try parseUnary()
            nesting -= 1
            return try node(.not(inner.raw, column: c), over: inner.depth, at: c)
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws(CheckError) -> Parsed {
        let left = try parseSum()
        if case .symbol(let s) = current, let op = CheckExpression.Comparison(rawValue: s) {
            let c = column
            advance()
            let right: Parsed
            if case .word(let w) = current, ["and", "or", "not"].contains(w.lowercased()) {
                // Right after a comparison only a value can come, so `data == or` names the data set.
                right = Parsed(raw: .name(w, column: column), depth: 1)
                advance()
            } else {
                right = try parseSum()
            }
            if case .symbol(let s2) = current, CheckExpression.Comparison(rawValue: s2) != nil {
                throw CheckError("comparisons do not chain; write `a <= x and x <= b`", column: column)
            }
            return try node(.compare(left.raw, op, right.raw, column: c, start: left.raw.column), over: left.depth, right.depth, at: c)
        }
        return left
    }

    mutating func parseSum() throws(CheckError) -> Parsed {
        var left = try parseProduct()
        while case .symbol(let s) = current, s == "+" || s == "-" {
            let c = column
            advance()
            let right = try parseProduct()
            left = try node(.arithmetic(left.raw, s == "+" ? .plus : .minus, right.raw, column: c, start: left.raw.column),
                            over: left.depth, right.depth, at: c)
        }
        return left
    }

    mutating func parseProduct() throws(CheckError) -> Parsed {
        var left = try parseFactor()
        while case .symbol(let s) = current, s == "*" || s == "/" {
            let c = column
            advance()
            let right = try parseFactor()
            left = try node(.arithmetic(left.raw, s == "*" ? .times : .divide, right.raw, column: c, start: left.raw.column),
                            over: left.depth, right.depth, at: c)
        }
        return left
    }

    mutating func parseFactor() throws(CheckError) -> Parsed {
        let c = column
        switch current {
        case .number(let x):
            advance()
            return Parsed(raw: .number(x, column: c), depth: 1)
        case .text(let s):
            advance()
            return Parsed(raw: .text(s, column: c), depth: 1)
        case .word(let w):
            let lower = w.lowercased()
            if ["and", "or", "not"].contains(lower) {
                throw CheckError("expected a fact or a value before '\(InputExcerpt.cut(w))'", column: c)
            }
            advance()
            if lower == "true" { return Parsed(raw: .bool(true, column: c), depth: 1) }
            if lower == "false" { return Parsed(raw: .bool(false, column: c), depth: 1) }
            return Parsed(raw: .name(w, column: c), depth: 1)
        case .symbol("("):
            advance()
            try enter(at: c)
            let inner = try parseOr()
            guard current == .symbol(")") else { throw CheckError("'(' is never closed: add ')'", column: c) }
            advance()
            nesting -= 1
            return inner
        case .symbol("-"):
            advance()
            try enter(at: c)
            let inner = try parseFactor()
            nesting -= 1
            return try node(.negate(inner.raw, column: c), over: inner.depth, at: c)
        case .symbol(let s):
            throw CheckError("expected a fact or a value, found '\(s)'", column: c)
        case .end:
            throw CheckError("the check ends too early; something is missing after the last word", column: c)
        }
    }
}

// MARK: - Names and types

/// Resolves names into facts or values and checks types, pointing errors at their column.
enum CheckTyping {
    static func resolve(_ raw: RawCheck) throws(CheckError) -> (CheckExpression, FactType) {
        switch raw {
        case .number(let x, _): return (.number(x), .number)
        case .text(let s, _): return (.text(s), .text)
        case .bool(let b, _): return (.bool(b), .bool)
        case .name(let name, let column):
            let e = try fact(name, column: column)
            return (e, FactCatalog.spec(e.factName!)!.type)
        case .not(let inner, let column):
            let e = try expect(inner, .bool, "not", column: column)
            return (.not(e), .bool)
        case .and(let a, let b, _):
            return (.and(try expect(a, .bool, "and", column: a.column), try expect(b, .bool, "and", column: b.column)), .bool)
        case .or(let a, let b, _):
            return (.or(try expect(a, .bool, "or", column: a.column), try expect(b, .bool, "or", column: b.column)), .bool)
        case .negate(let inner, let column):
            return (.negate(try expect(inner, .number, "-", column: column)), .number)
        case .arithmetic(let a, let op, let b, let column, _):
            return (.arithmetic(try expect(a, .number, op.rawValue, column: column), op,
                                try expect(b, .number, op.rawValue, column: column)), .number)
        case .compare(let a, let op, let b, let column, _):
            let ((left, ta), (right, tb)) = try resolvePair(a, b)
            let expression = CheckExpression.compare(left, op, right)
            guard ta == tb else {
                throw CheckError("`\(InputExcerpt.cut(expression.description))` compares a \(ta.rawValue) with a \(tb.rawValue)", column: column)
            }
            if ta != .number && op != .equal && op != .notEqual {
                throw CheckError("`\(InputExcerpt.cut(expression.description))`: only numbers can be ordered with \(op.rawValue); use == or !=", column: column)
            }
            return (expression, .bool)
        }
    }

    /// A name as a fact, or an error naming the nearest fact.
    static func fact(_ name: String, column: Int) throws(CheckError) -> CheckExpression {
        let lower = name.lowercased()
        if FactCatalog.spec(lower) != nil { return .fact(lower) }
        let hint = closest(name, FactCatalog.names).map { " — did you mean '\($0)'?" } ?? "; see the facts in lessons/README.md"
        throw CheckError("unknown fact '\(InputExcerpt.cut(name))'\(hint)", column: column)
    }

    /// The text fact a raw operand names, if it is one.
    static func textFact(_ raw: RawCheck) -> FactSpec? {
        if case .name(let name, _) = raw, let spec = FactCatalog.spec(name.lowercased()), spec.type == .text { return spec }
        return nil
    }

    /// Resolves both sides of a comparison: next to a text fact, a bare word is a value.
    static func resolvePair(_ a: RawCheck, _ b: RawCheck) throws(CheckError) -> ((CheckExpression, FactType), (CheckExpression, FactType)) {
        if let spec = textFact(a), case .name(let word, let column) = b {
            return ((.fact(spec.name), .text), (try value(word, of: spec, column: column), .text))
        }
        if let spec = textFact(b), case .name(let word, let column) = a {
            return ((try value(word, of: spec, column: column), .text), (.fact(spec.name), .text))
        }
        return (try resolve(a), try resolve(b))
    }

    /// A bare word as a value of a text fact (or another text fact, when it names one that is
    /// not among the values).
    static func value(_ word: String, of spec: FactSpec, column: Int) throws(CheckError) -> CheckExpression {
        let lower = word.lowercased()
        if let values = spec.values {
            if values.contains(lower) { return .text(lower) }
            if let other = FactCatalog.spec(lower), other.type == .text { return .fact(other.name) }
            let hint = closest(word, values).map { " — did you mean '\($0)'?" } ?? "; it is one of \(values.joined(separator: ", "))"
            throw CheckError("'\(InputExcerpt.cut(word))' is not a value of \(spec.name)\(hint) (quote it to compare with any text)", column: column)
        }
        if let other = FactCatalog.spec(lower), other.type == .text { return .fact(other.name) }
        return .text(word)
    }

    /// Resolves an operand and checks it has the type an operator needs.
    static func expect(_ raw: RawCheck, _ wanted: FactType, _ op: String, column: Int) throws(CheckError) -> CheckExpression {
        let (e, t) = try resolve(raw)
        guard t == wanted else {
            let e = InputExcerpt.cut(e.description)
            if wanted == .bool, t == .number {
                throw CheckError("`\(e)` is a number, not a condition; compare it, like `\(e) >= 0.9`", column: raw.column)
            }
            if wanted == .bool, t == .text {
                throw CheckError("`\(e)` is text, not a condition; compare it, like `\(e) == …`", column: raw.column)
            }
            throw CheckError("`\(op)` needs a \(wanted.rawValue), but `\(e)` is a \(t.rawValue)", column: raw.column)
        }
        return e
    }
}

extension CheckExpression {
    /// The fact's name, when the expression is a fact.
    var factName: String? { if case .fact(let name) = self { return name } else { return nil } }
}
