import Foundation

/// How numeric questions write numbers: given values as drawn, results to 4 decimals, both
/// with a true minus sign (−) and without trailing zeros.
enum NumberText {
    /// A value as given in a question: up to 4 decimals, trailing zeros dropped (`0.5`, `−1.25`).
    static func given(_ value: Double) -> String { fixed(value, decimals: 4) }

    /// A computed value: 4 decimals, trailing zeros dropped; tiny values in exponent form.
    static func result(_ value: Double) -> String {
        if value != 0 && abs(value) < 0.001 {
            let text = String(format: "%.3e", value).replacingOccurrences(of: "-", with: "−")
            return text
        }
        return fixed(value, decimals: 4)
    }

    /// A value as a factor in a product: negative ones in parentheses (`(−1.2)`).
    static func factor(_ value: Double) -> String {
        let text = given(value)
        return value < 0 ? "(\(text))" : text
    }

    /// A computed value as a factor in a product: negative ones in parentheses.
    static func resultFactor(_ value: Double) -> String {
        let text = result(value)
        return value < 0 ? "(\(text))" : text
    }

    /// A whole number with its digits grouped in threes (`109,386`).
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var groups: [String] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(String(digits[start..<end]), at: 0)
            end = start
        }
        return (value < 0 ? "−" : "") + groups.joined(separator: ",")
    }

    /// A vector in parentheses: `(0.5, −1.2)`.
    static func vector(_ values: [Double]) -> String { "(" + values.map(given).joined(separator: ", ") + ")" }

    /// A sum written out, negative terms after the first in parentheses: `1.2 + (−0.7)`.
    static func sum(_ values: [Double]) -> String {
        values.enumerated().map { $0.offset == 0 ? given($0.element) : factor($0.element) }.joined(separator: " + ")
    }

    /// A sum of products written out: `0.5·1.5 + (−1.2)·0.4`.
    static func dot(_ a: [Double], _ b: [Double]) -> String {
        zip(a, b).map { "\(factor($0))·\(factor($1))" }.joined(separator: " + ")
    }

    /// `value` with at most `decimals` decimals, trailing zeros dropped, `−` for minus, never `−0`.
    private static func fixed(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.*f", decimals, value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        return text.replacingOccurrences(of: "-", with: "−")
    }
}
