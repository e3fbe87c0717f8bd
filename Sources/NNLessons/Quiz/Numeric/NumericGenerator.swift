/// Makes one kind of numeric question, with fresh values for every seed.
///
/// A generator draws "nice" values (one or two decimals), builds the layer, loss or optimizer
/// they describe with the engine and runs it for the answer, and works out the numbers its
/// known mistakes give. When a draw would make the answer hard to tell from a mistake (or one
/// mistake from another), it draws again, so a diagnosis is never ambiguous.
public struct NumericGenerator: Sendable {
    /// The id lesson files name in `generator:`, like `adam-step`.
    public var id: String
    /// The quiz topic the generator's questions are about (a lesson topic).
    public var topic: String
    /// A one-line title, like "One step of Adam".
    public var title: String
    /// Draws values and builds one candidate problem.
    let draft: @Sendable (inout NumericDraw) -> NumericDraft

    /// Makes a generator from a function that drafts a problem from drawn values.
    init(id: String, topic: String, title: String, draft: @escaping @Sendable (inout NumericDraw) -> NumericDraft) {
        self.id = id
        self.topic = topic
        self.title = title
        self.draft = draft
    }

    /// The most draws tried for a problem whose answer and mistakes are well apart.
    static let attempts = 200

    /// The problem for a seed: the same seed always gives the same problem. The seed is mixed
    /// with the generator's id, so two generators given one seed still draw different values.
    public func make(seed: UInt64) -> NumericProblem {
        var draw = NumericDraw(seed: seed ^ NumericGenerator.fingerprint(id))
        var candidate = draft(&draw)
        var attempt = 1
        while !candidate.isClear && attempt < NumericGenerator.attempts {
            candidate = draft(&draw)
            attempt += 1
        }
        return candidate.problem(generator: id)
    }

    /// A stable 64-bit hash of a text (FNV-1a), the same on every machine and run.
    static func fingerprint(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
