import Foundation
import PropertyBased

/// Makes fuzz inputs by mutating known-good inputs: a structure-aware fuzzer for nnlab's readers.
///
/// Each input starts from one entry of a seed corpus (valid command lines, CSV files, model
/// files or lessons) and takes one to four mutations: a token of the format inserted, a range
/// deleted or repeated, a character swapped for a control byte, a C1 code, a byte-order mark or
/// a wide character, a number swapped for an edge value (1e19, 1e999, NaN, −0, 2⁶³), two seeds
/// spliced, or a span wrapped in deep nesting (up to 60,000 levels, now and then). Mutating
/// valid inputs reaches far deeper into a parser than random bytes do.
struct InputMutator: Sendable {
    /// Valid inputs to start from.
    var corpus: [String]
    /// Pieces of the format: keywords, punctuation, openers and closers.
    var tokens: [String]
    /// The deepest nesting a mutation builds.
    var deepest = 60_000

    /// Numbers at the edges of what parsers convert.
    static let edgeNumbers = ["1e19", "1e999", "-1e999", "nan", "NaN", "inf", "-0", "9223372036854775807",
                              "9223372036854775808", "-9223372036854775809", "1e-320", "0x10", "1_000", "1e",
                              "99999999999999999999999999", "0.0000000000000000000001", "-1", "0", "3.5"]
    /// Characters a terminal or a parser may trip over.
    static let oddCharacters: [String] = ["\u{1B}", "\u{1B}[2J", "\u{1B}]0;owned\u{07}", "\u{07}", "\u{00}", "\u{7F}",
                                          "\u{85}", "\u{9B}", "\u{FEFF}", "\r", "\t", "\n", "\u{2028}", "\"", "'", "\\",
                                          "#", ";", "=", "[", "]", "(", ")", "{", "}", "😀", "é", "\u{0301}", "ｗ"]

    /// A generator of mutated inputs (no shrinking: a failing input is printed whole).
    var generator: Generator<String, Shrink.None<String>> {
        let mutator = self
        return Generator { rng in mutator.mutate(using: &rng) }
    }

    /// One mutated input.
    func mutate(using rng: inout any SeededRandomNumberGenerator) -> String {
        var text = Array(corpus[Int(rng.next() % UInt64(corpus.count))])
        let mutations = 1 + Int(rng.next() % 4)
        for _ in 0..<mutations {
            func position() -> Int { text.isEmpty ? 0 : Int(rng.next() % UInt64(text.count + 1)) }
            switch rng.next() % 8 {
            case 0, 1:
                text.insert(contentsOf: tokens[Int(rng.next() % UInt64(tokens.count))], at: position())
            case 2:
                let a = position(), b = min(text.count, a + Int(rng.next() % 12))
                text.removeSubrange(a..<b)
            case 3:
                let a = position(), b = min(text.count, a + Int(rng.next() % 16))
                let piece = Array(text[a..<b])
                let times = rng.next() % 50 == 0 ? 2_000 : 1 + Int(rng.next() % 4)
                for _ in 0..<times { text.insert(contentsOf: piece, at: b) }
            case 4:
                let odd = InputMutator.oddCharacters[Int(rng.next() % UInt64(InputMutator.oddCharacters.count))]
                let p = position()
                if p < text.count, rng.next() % 2 == 0 { text.remove(at: p) }
                text.insert(contentsOf: odd, at: min(p, text.count))
            case 5:
                let edge = InputMutator.edgeNumbers[Int(rng.next() % UInt64(InputMutator.edgeNumbers.count))]
                let digits = text.indices.filter { text[$0].isNumber }
                if !digits.isEmpty {
                    let digit = digits[Int(rng.next() % UInt64(digits.count))]
                    var end = digit
                    while end < text.count, text[end].isNumber || text[end] == "." { end += 1 }
                    text.replaceSubrange(digit..<end, with: edge)
                } else {
                    text.insert(contentsOf: edge, at: position())
                }
            case 6:
                let other = corpus[Int(rng.next() % UInt64(corpus.count))]
                text.insert(contentsOf: other, at: position())
            default:
                let pairs = [("[", "]"), ("(", ")"), ("{", "}"), ("not ", ""), ("-", ""), ("sin(", ")"), ("x^", "")]
                let (open, close) = pairs[Int(rng.next() % UInt64(pairs.count))]
                let depth = rng.next() % 20 == 0 ? deepest : 1 + Int(rng.next() % 300)
                let p = position()
                text.insert(contentsOf: String(repeating: close, count: depth), at: p)
                text.insert(contentsOf: String(repeating: open, count: depth), at: p)
            }
        }
        return String(text)
    }
}

/// How many inputs each property runs: a few thousand in `make test`, and what
/// `NNLAB_FUZZ_CASES` says under `make fuzz`.
enum FuzzBudget {
    static var cases: Int {
        ProcessInfo.processInfo.environment["NNLAB_FUZZ_CASES"].flatMap { Int($0) } ?? 2_000
    }

    /// The longest error message a fuzz input may produce: messages quote only short excerpts.
    static let longestMessage = 600

    /// Reports how many cases a property ran (read by `make fuzz`).
    static func report(_ count: Int, _ reader: String) {
        print("fuzz: \(count) inputs through the \(reader), no crash, no hang")
    }
}

/// Whether a message is fit to print: short, and without control characters from the input.
func isPrintable(_ message: String) -> Bool {
    message.count <= FuzzBudget.longestMessage
        && !message.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
}
