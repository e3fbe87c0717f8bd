import Foundation

/// How the pass walk writes symbols and numbers: w²₁₂ style names with 1-based unit indices,
/// numbers to four significant digits, negative numbers in parentheses inside products.
enum TraceNotation {
    /// Digits written as superscripts (layer numbers).
    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return String(String(n).compactMap { $0.wholeNumberValue.map { digits[$0] } })
    }

    /// Digits written as subscripts (unit numbers).
    static func subscripted(_ n: Int) -> String {
        let digits: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
        return String(String(n).compactMap { $0.wholeNumberValue.map { digits[$0] } })
    }

    /// Two subscripts, joined by a comma when either has two digits (w₁,₁₆ rather than w₁₁₆).
    static func pair(_ a: Int, _ b: Int) -> String {
        a < 10 && b < 10 ? subscripted(a) + subscripted(b) : subscripted(a) + "," + subscripted(b)
    }

    /// A number to four significant digits.
    static func number(_ x: Double) -> String { Numbers.format(x, digits: 4) }

    /// A number ready to follow an operator: negative numbers in parentheses.
    static func operand(_ x: Double) -> String { x < 0 ? "(\(number(x)))" : number(x) }

    /// A named value of dense layer `layer` (from 0) and unit `unit` (from 0): z¹₁, a²₃, δ¹₂, b¹₁.
    static func unit(_ symbol: String, layer: Int, unit: Int) -> String {
        symbol + superscript(layer + 1) + subscripted(unit + 1)
    }

    /// The name of input `index` of dense layer `layer`: x₁ for the first layer, a¹₂ after.
    static func input(layer: Int, index: Int) -> String {
        layer == 0 ? "x" + subscripted(index + 1) : "a" + superscript(layer) + subscripted(index + 1)
    }

    /// The weight from input `column` to unit `row` of a dense layer: w¹₁₂.
    static func weight(layer: Int, row: Int, column: Int) -> String {
        "w" + superscript(layer + 1) + pair(row + 1, column + 1)
    }

    /// A sum of terms, all of them when few, else the first two, an ellipsis and the last.
    static func sum(_ terms: [String], separator: String = " + ") -> String {
        if terms.count <= 4 { return terms.joined(separator: separator) }
        return terms.prefix(2).joined(separator: separator) + separator + "…" + separator + terms.last!
    }
}
