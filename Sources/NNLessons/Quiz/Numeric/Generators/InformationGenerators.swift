import Foundation
import NNEngine

extension NumericGenerators {
    /// A distribution over `count` outcomes with one decimal each, every one at least 0.1.
    static func drawDistribution(_ draw: inout NumericDraw, count: Int) -> [Double] {
        var p: [Double] = []
        var left = 1.0
        for i in 0..<(count - 1) {
            let room = left - 0.1 * Double(count - 1 - i)
            p.append(draw.number(0.1, max(0.1, min(0.7, room))))
            left = ((left - p[i]) * 10).rounded() / 10
        }
        p.append(left)
        return p
    }

    /// The entropy of a small distribution, in bits or nats.
    static let entropy = NumericGenerator(id: "entropy", topic: "information-theory",
                                          title: "The entropy of a distribution") { draw in
        let p = drawDistribution(&draw, count: draw.integer(3...4))
        let bits = draw.coin()
        let nats = InformationReport.entropy(p)
        let answer = bits ? nats / log(2) : nats
        let unit = bits ? "bits" : "nats"
        let logName = bits ? "log₂" : "ln"
        func logarithm(_ x: Double) -> Double { bits ? log2(x) : log(x) }
        let terms = p.map { -$0 * logarithm($0) }
        let termText = p.map { "\(NumberText.given($0))·\(logName) \(NumberText.given($0))" }.joined(separator: " + ")
        return NumericDraft(
            prompt: "A label takes \(p.count) values with the probabilities p = \(NumberText.vector(p)). " +
                "What is its entropy H(p) in \(unit)?",
            answer: answer,
            solution: """
            - H(p) = −Σ pᵢ·\(logName) pᵢ (\(unit): \(bits ? "logarithm to base 2" : "natural logarithm"))
            - H(p) = −(\(termText))
            - the terms −pᵢ·\(logName) pᵢ are \(terms.map(NumberText.result).joined(separator: ", ")); their sum is \(NumberText.result(answer)) \(unit)
            """,
            mistakes: [
                NumericMistake(name: "wrong log base",
                               explanation: bits ? "that is the entropy in nats (ln); bits use log₂ — divide nats by ln 2 ≈ 0.6931."
                                                 : "that is the entropy in bits (log₂); nats use the natural log ln — multiply bits by ln 2.",
                               value: bits ? nats : nats / log(2)),
                NumericMistake(name: "sign dropped",
                               explanation: "Σ p·log p is negative, since every log of a probability is; entropy is −Σ p·log p ≥ 0.",
                               value: -answer),
                NumericMistake(name: "forgot a term",
                               explanation: "every outcome contributes −p·log p, the last one included; the sum runs over all \(p.count).",
                               value: answer - terms[p.count - 1]),
            ])
    }

    /// The divergence KL(p‖q) of two small distributions, in nats.
    static let klDivergence = NumericGenerator(id: "kl-divergence", topic: "information-theory",
                                               title: "The KL divergence of two distributions") { draw in
        let p = drawDistribution(&draw, count: 3)
        let q = drawDistribution(&draw, count: 3)
        let logQ = q.map { log($0) }, logP = p.map { log($0) }
        let answer = InformationReport.divergence(p, logQ: logQ)
        let swapped = InformationReport.divergence(q, logQ: logP)
        let cross = InformationReport.crossEntropy(p, logQ: logQ)
        let terms = zip(p, q).map { $0 * log($0 / $1) }
        let termText = zip(p, q).map { "\(NumberText.given($0))·ln(\(NumberText.given($0))/\(NumberText.given($1)))" }
            .joined(separator: " + ")
        var draft = NumericDraft(
            prompt: "The labels of a sample follow p = \(NumberText.vector(p)) over three classes, and a model " +
                "predicts q = \(NumberText.vector(q)). What is the divergence KL(p‖q) in nats?",
            answer: answer,
            solution: """
            - KL(p‖q) = Σ pᵢ·ln(pᵢ/qᵢ), weighted by p, the distribution the samples come from
            - KL(p‖q) = \(termText)
            - the terms are \(terms.map(NumberText.result).joined(separator: ", ")); their sum is \(NumberText.result(answer)) nats
            - check: H(p, q) − H(p) = \(NumberText.result(cross)) − \(NumberText.result(InformationReport.entropy(p))) = \(NumberText.result(answer))
            """,
            mistakes: [
                NumericMistake(name: "arguments swapped",
                               explanation: "that is KL(q‖p) = Σ q·ln(q/p); KL is not symmetric, and KL(p‖q) weights by p.",
                               value: swapped),
                NumericMistake(name: "wrong log base",
                               explanation: "that is KL in bits (log₂); nats use the natural log ln.",
                               value: answer / log(2)),
                NumericMistake(name: "cross-entropy given instead",
                               explanation: "that is the cross-entropy H(p, q) = −Σ p·ln q; KL(p‖q) = H(p, q) − H(p) subtracts p's own entropy.",
                               value: cross),
            ])
        draft.minimumMagnitude = 0.02
        return draft
    }
}
