import NNEngine

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
