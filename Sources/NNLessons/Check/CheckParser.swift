import NNEngine

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
