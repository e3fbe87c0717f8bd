import NNText
import Foundation
import NNEngine

/// One column of a feature map, computed from the raw inputs: `x1`, `x2^2`, `x1*x2`, `sin(x1)`, `cos(x2)`.
///
/// Inputs are stored by 0-based index (`.input(0)` is `x1`, the first column of the data) and
/// written 1-based, as the `features` command and plots name them.
public enum FeatureTerm: Hashable, Sendable, CustomStringConvertible {
    /// The raw input itself: `xi`.
    case input(Int)
    /// The input raised to a whole power from 2 to 9: `xi^k`.
    case power(Int, exponent: Int)
    /// The product of two different inputs, lower index first: `xi*xj`.
    case product(Int, Int)
    /// The sine of the input (radians): `sin(xi)`.
    case sine(Int)
    /// The cosine of the input (radians): `cos(xi)`.
    case cosine(Int)

    /// The largest power `xi^k` may use.
    public static let maximumExponent = 9

    /// Reads one term as the `features` command writes it; case and spaces do not matter.
    ///
    /// `xi^1` reads as `xi`, `xi*xi` as `xi^2`, and `x2*x1` as `x1*x2`.
    /// - Throws: `DataError` saying what terms look like, with a "did you mean" when one is close.
    public init(parsing word: String) throws {
        let text = word.lowercased().filter { !$0.isWhitespace }
        if let term = Self.read(text) {
            self = term
            return
        }
        if Self.inputIndices(in: text).contains(0) {
            throw DataError("unknown feature '\(InputExcerpt.cut(word))': inputs count from x1 (the first column), so there is no x0.")
        }
        let highest = max(2, Self.inputIndices(in: text).max() ?? 2)
        let candidates = Self.examples(upTo: min(highest, 9))
        throw DataError("unknown feature '\(InputExcerpt.cut(word))'\((Suggestion.hint(for: text, in: candidates) ?? ".")) "
            + "Terms look like x1, x1^2, x1*x2, sin(x1), cos(x1), for any input x1, x2, ….")
    }

    /// The term as the `features` command writes it.
    public var description: String {
        switch self {
        case .input(let i): "x\(i + 1)"
        case .power(let i, let k): "x\(i + 1)^\(k)"
        case .product(let i, let j): "x\(i + 1)*x\(j + 1)"
        case .sine(let i): "sin(x\(i + 1))"
        case .cosine(let i): "cos(x\(i + 1))"
        }
    }

    /// The 0-based indices of the inputs the term reads.
    public var inputIndices: [Int] {
        switch self {
        case .input(let i), .power(let i, _), .sine(let i), .cosine(let i): [i]
        case .product(let i, let j): [i, j]
        }
    }

    /// The term's value for one row of raw inputs.
    public func value(_ row: some RandomAccessCollection<Double>) -> Double {
        func x(_ i: Int) -> Double { row[row.index(row.startIndex, offsetBy: i)] }
        switch self {
        case .input(let i): return x(i)
        case .power(let i, let k):
            var result = 1.0
            for _ in 0..<k { result *= x(i) }
            return result
        case .product(let i, let j): return x(i) * x(j)
        case .sine(let i): return sin(x(i))
        case .cosine(let i): return cos(x(i))
        }
    }

    // MARK: Reading

    /// Reads `xN` exactly, returning the 0-based index (nil for `x0` or anything else).
    private static func readInput(_ text: Substring) -> Int? {
        guard text.first == "x", text.count > 1 else { return nil }
        let digits = text.dropFirst()
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), digits.first != "0",
              let number = Int(digits), number >= 1 else { return nil }
        return number - 1
    }

    /// Reads a whole term in lower case without spaces, or returns nil.
    private static func read(_ text: String) -> FeatureTerm? {
        let s = Substring(text)
        if let i = readInput(s) { return .input(i) }
        for (prefix, make) in [("sin(", FeatureTerm.sine), ("cos(", FeatureTerm.cosine)] where s.hasPrefix(prefix) && s.hasSuffix(")") {
            guard let i = readInput(s.dropFirst(4).dropLast()) else { return nil }
            return make(i)
        }
        let powerParts = s.split(separator: "^", omittingEmptySubsequences: false)
        if powerParts.count == 2, let i = readInput(powerParts[0]),
           let k = Int(powerParts[1]), powerParts[1].allSatisfy(\.isNumber), (1...maximumExponent).contains(k) {
            return k == 1 ? .input(i) : .power(i, exponent: k)
        }
        let productParts = s.split(separator: "*", omittingEmptySubsequences: false)
        if productParts.count == 2, let i = readInput(productParts[0]), let j = readInput(productParts[1]) {
            return i == j ? .power(i, exponent: 2) : .product(min(i, j), max(i, j))
        }
        return nil
    }

    /// The input numbers (1-based, as written) that appear after an `x` in the text.
    private static func inputIndices(in text: String) -> [Int] {
        var result: [Int] = []
        var digits = ""
        var afterX = false
        for c in text + " " {
            if afterX, c.isASCII, c.isNumber {
                digits.append(c)
                continue
            }
            if afterX, let n = Int(digits) { result.append(n) }
            digits = ""
            afterX = c == "x"
        }
        return result
    }

    /// Every simple term over inputs 1…`count`, as candidates for "did you mean".
    private static func examples(upTo count: Int) -> [String] {
        var words: [String] = []
        for i in 0..<count {
            words += [FeatureTerm.input(i), .power(i, exponent: 2), .sine(i), .cosine(i)].map(\.description)
            for j in (i + 1)..<max(count, i + 1) { words.append(FeatureTerm.product(i, j).description) }
        }
        return words
    }
}
