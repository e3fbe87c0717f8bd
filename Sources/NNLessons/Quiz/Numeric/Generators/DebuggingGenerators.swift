import Foundation
import NNEngine

extension NumericGenerators {
    /// The cross-entropy a fresh k-class softmax net should start at: every logit near 0, so
    /// every class gets 1/k and the loss is ln k.
    static let initialLoss = NumericGenerator(id: "initial-loss", topic: "debugging",
                                              title: "The loss a fresh classifier starts at") { draw in
        let k = draw.pick([3, 4, 6, 7, 8, 10, 12, 20, 26, 50, 100, 1000])
        let samples = draw.pick([8, 16, 32, 64])
        // The engine's `ce` on all-zero logits, for a batch with one sample of each class in turn.
        let targets = (0..<samples).map { Double($0 % k) }
        let loss = NumericEngine.loss(.ce, outputs: Array(repeating: Array(repeating: 0, count: k), count: samples), targets: targets)
        return NumericDraft(
            prompt: "A classifier ends in a softmax over k = \(k) classes and is trained with `loss ce`. Freshly " +
                "initialized, its last layer's weights are tiny, so every logit is close to 0. What loss should " +
                "`eval` print on a batch of \(samples) samples before any training?",
            answer: loss,
            solution: """
            - logits all 0 → softmax gives every class e⁰/(k·e⁰) = 1/k = 1/\(k)
            - each sample's loss is −ln p(true class) = −ln(1/\(k)) = ln \(k), whatever its class
            - the batch's mean is the same: ln \(k) = \(NumberText.result(loss))
            """,
            mistakes: [
                NumericMistake(name: "log base 10",
                               explanation: "cross-entropy uses the natural log: ln k, not log₁₀ k.", value: log10(Double(k))),
                NumericMistake(name: "log base 2",
                               explanation: "that is ln k in bits (log₂ k); the frameworks and nnlab use the natural log.",
                               value: log2(Double(k))),
                NumericMistake(name: "sign of ln(1/k)",
                               explanation: "ln(1/k) is negative; the loss is −ln(1/k) = ln k, a positive number.",
                               value: -log(Double(k))),
                NumericMistake(name: "bce formula",
                               explanation: "that is −ln ½ = ln 2, the start of a single sigmoid output under bce; " +
                                   "a softmax over k classes starts at ln k.",
                               value: log(2)),
            ],
            optionalMistakes: [
                NumericMistake(name: "probability, not its loss",
                               explanation: "1/k is the probability each class gets; the loss is −ln of it.",
                               value: 1 / Double(k)),
            ])
    }
}
