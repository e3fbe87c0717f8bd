import Foundation

/// Reads the values a numeric question states in its prompt — `w = (0.5, −1.2)`, `b = −0.3` —
/// so a test can recompute the answer from exactly what the learner is told.
struct PromptValues {
    let text: String

    init(_ text: String) { self.text = text }

    /// A number written after `name = `, like `b = −0.3`.
    func number(_ name: String) -> Double {
        guard let match = first(#"(?<![\p{L}\p{N}\p{M}₀-₉¹²])"# + NSRegularExpression.escapedPattern(for: name) + #" = ([−-]?\d+(?:\.\d+)?)"#),
              let value = PromptValues.parse(match[1]) else {
            preconditionFailure("no number '\(name) = …' in: \(text)")
        }
        return value
    }

    /// A vector written after `name = `, like `w = (0.5, −1.2)`.
    func vector(_ name: String) -> [Double] {
        guard let match = first(#"(?<![\p{L}\p{N}\p{M}₀-₉¹²])"# + NSRegularExpression.escapedPattern(for: name) + #" = \(([^)]*)\)"#) else {
            preconditionFailure("no vector '\(name) = (…)' in: \(text)")
        }
        return PromptValues.list(match[1])
    }

    /// A matrix written after `name = `, like `W¹ = [(1, 2), (3, 4)]`.
    func matrix(_ name: String) -> [[Double]] {
        guard let match = first(NSRegularExpression.escapedPattern(for: name) + #" = \[(.*?)\]"#) else {
            preconditionFailure("no matrix '\(name) = […]' in: \(text)")
        }
        return all(#"\(([^)]*)\)"#, in: match[1]).map { PromptValues.list($0[1]) }
    }

    /// The capture groups of the first match of a pattern (nil when none).
    func first(_ pattern: String) -> [String]? { all(pattern, in: text).first }

    /// The capture groups of every match of a pattern in a text.
    func all(_ pattern: String, in text: String? = nil) -> [[String]] {
        let subject = text ?? self.text
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(subject.startIndex..., in: subject)
        return regex.matches(in: subject, range: range).map { match in
            (0..<match.numberOfRanges).map { i in
                Range(match.range(at: i), in: subject).map { String(subject[$0]) } ?? ""
            }
        }
    }

    /// Comma-separated numbers.
    static func list(_ text: String) -> [Double] {
        text.split(separator: ",").map { parse(String($0))! }
    }

    /// One number, `−` read as minus.
    static func parse(_ text: String) -> Double? {
        Double(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "−", with: "-"))
    }
}
