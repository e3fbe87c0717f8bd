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
