import Foundation

/// A numeric quiz question made from fresh random values, answered by the engine.
///
/// A `NumericGenerator` makes one from a seed: the prompt with its values written in, the
/// answer the engine computes on them, a worked solution, and the numbers known mistakes give.
///
/// **Tolerance.** An answer x is accepted when |x − answer| ≤ max(`tolerance`,
/// `relativeTolerance`·|answer|). Most generators use 0.001 and 0.5 %: an answer rounded to 3
/// or 4 decimals passes, even when a learner rounded intermediate values on the way (σ(z) to
/// 3 decimals, say), while every known mistake is kept further away than that (generators
/// draw again until it is). Counts (parameters) are whole numbers and must be exact.
public struct NumericProblem: Sendable, Equatable {
    /// The id of the generator that made it.
    public var generator: String
    /// The question with its values written in (Markdown).
    public var prompt: String
    /// The right answer, computed with the engine.
    public var answer: Double
    /// The absolute tolerance: differences up to this are accepted.
    public var tolerance: Double
    /// The relative tolerance, a share of |answer| (0 for exact counts).
    public var relativeTolerance: Double
    /// The worked solution with the problem's numbers (Markdown, one step per line).
    public var solution: String
    /// The known mistakes and the numbers they give, none of them accepted.
    public var mistakes: [NumericMistake]

    /// Makes a problem.
    public init(generator: String, prompt: String, answer: Double, tolerance: Double = 0.001,
                relativeTolerance: Double = 0.005, solution: String, mistakes: [NumericMistake]) {
        self.generator = generator
        self.prompt = prompt
        self.answer = answer
        self.tolerance = tolerance
        self.relativeTolerance = relativeTolerance
        self.solution = solution
        self.mistakes = mistakes
    }

    /// How far from `target` an answer may be and still count as `target`.
    public func allowance(around target: Double) -> Double {
        max(tolerance, relativeTolerance * abs(target))
    }

    /// Whether a learner's number is right: within the tolerance of the answer.
    public func accepts(_ value: Double) -> Bool {
        value.isFinite && abs(value - answer) <= allowance(around: answer)
    }

    /// The known mistake a wrong number matches (within the same tolerance around the
    /// mistake's value), the nearest when several do; nil when the number is accepted or
    /// matches no known mistake.
    public func diagnose(_ value: Double) -> NumericMistake? {
        guard value.isFinite, !accepts(value) else { return nil }
        let matching = mistakes.filter { abs(value - $0.value) <= allowance(around: $0.value) }
        return matching.min { abs(value - $0.value) < abs(value - $1.value) }
    }

    /// Reads a learner's number: `0.731`, `-1.2e-3`, ` .5 `, `3/4`, `−0.2` (Unicode minus),
    /// `+2`, `73.1%` (0.731), `109,386` or `109 386` (digit groups); nil for anything else
    /// (words, several numbers, a division by zero, infinities).
    public static func parseAnswer(_ text: String) -> Double? {
        var s = text.trimmingCharacters(in: .whitespacesAndNewlines)
        for minus in ["\u{2212}", "\u{2013}", "\u{2012}", "\u{FE63}", "\u{FF0D}"] {
            s = s.replacingOccurrences(of: minus, with: "-")
        }
        guard !s.isEmpty else { return nil }
        if s.hasSuffix("%") {
            return parseAnswer(String(s.dropLast())).map { $0 / 100 }
        }
        if let slash = s.firstIndex(of: "/") {
            guard let top = plainNumber(String(s[..<slash])), let bottom = plainNumber(String(s[s.index(after: slash)...])),
                  bottom != 0 else { return nil }
            let value = top / bottom
            return value.isFinite ? value : nil
        }
        return plainNumber(s)
    }

    /// A decimal number without fraction or percent; digit groups of three may be separated
    /// by commas, spaces or underscores.
    private static func plainNumber(_ text: String) -> Double? {
        var s = text.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { return nil }
        let groupSeparators: Set<Character> = [",", " ", "_", "\u{2009}", "\u{202F}", "\u{00A0}"]
        if s.contains(where: { groupSeparators.contains($0) }) {
            guard isGroupedInteger(s, separators: groupSeparators) else { return nil }
            s.removeAll { groupSeparators.contains($0) }
        }
        let allowed = Set("0123456789.eE+-")
        guard s.allSatisfy({ allowed.contains($0) }), s.contains(where: \.isNumber) else { return nil }
        guard let value = Double(s), value.isFinite else { return nil }
        return value
    }

    /// Whether a text is a whole number (with an optional sign and decimals after the last
    /// group) written in groups of three digits, like `109,386` or `1 000.5` (never starting
    /// with 0, so a decimal comma such as `0,731` is not read as 731).
    private static func isGroupedInteger(_ text: String, separators: Set<Character>) -> Bool {
        var body = Substring(text)
        if let first = body.first, first == "-" || first == "+" { body = body.dropFirst() }
        var decimals: Substring = ""
        if let dot = body.firstIndex(of: ".") {
            decimals = body[body.index(after: dot)...]
            body = body[..<dot]
        }
        guard decimals.allSatisfy(\.isNumber) else { return false }
        let groups = body.split(omittingEmptySubsequences: false) { separators.contains($0) }
        guard groups.count >= 2, let head = groups.first, (1...3).contains(head.count), head.first != "0" else { return false }
        return groups.allSatisfy { $0.allSatisfy(\.isNumber) } && groups.dropFirst().allSatisfy { $0.count == 3 }
    }
}
