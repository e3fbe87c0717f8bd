import Foundation
import NNEngine

extension NumericGenerators {
    /// One class's softmax probability from three logits.
    static let softmaxProbability = NumericGenerator(id: "softmax-probability", topic: "softmax",
                                                     title: "A softmax probability") { draw in
        let z = (0..<3).map { _ in draw.number(-1, 3) }
        let k = draw.integer(0...2)
        let p = NumericEngine.softmax(z)
        let exps = z.map { exp($0) }
        let total = exps.reduce(0, +)
        let expText = z.map { "e^\(NumberText.given($0))" }.joined(separator: " + ")
        return NumericDraft(
            prompt: "A softmax output layer receives the logits z = \(NumberText.vector(z)). " +
                "What probability does it give class \(k + 1) (the one with logit \(NumberText.given(z[k])))?",
            answer: p[k],
            solution: """
            - pᵢ = e^zᵢ / Σⱼ e^zⱼ
            - Σⱼ e^zⱼ = \(expText) = \(exps.map(NumberText.result).joined(separator: " + ")) = \(NumberText.result(total))
            - p\(subscriptDigit(k + 1)) = e^\(NumberText.given(z[k])) / \(NumberText.result(total)) = \(NumberText.result(exps[k])) / \(NumberText.result(total)) = \(NumberText.result(p[k]))
            """,
            mistakes: [
                NumericMistake(name: "forgot to exponentiate",
                               explanation: "that is zᵢ/Σz, the logits shared out as they are; softmax divides e^zᵢ by Σ e^zⱼ.",
                               value: z[k] / z.reduce(0, +)),
                NumericMistake(name: "forgot to normalise",
                               explanation: "that is e^zᵢ alone; divide it by Σ e^zⱼ so the probabilities add up to 1.",
                               value: exps[k]),
            ],
            optionalMistakes: [
                NumericMistake(name: "sigmoid instead of softmax",
                               explanation: "that is σ(zᵢ), which ignores the other logits; softmax compares them all.",
                               value: sigmoid(z[k])),
            ])
    }

    /// The cross-entropy of a batch of two samples, from predicted probabilities.
    static let crossEntropy = NumericGenerator(id: "cross-entropy", topic: "loss-functions",
                                               title: "Cross-entropy of a batch of two") { draw in
        var rows: [[Double]] = []
        var labels: [Int] = []
        for _ in 0..<2 {
            let first = draw.number(0.1, 0.8)
            let second = draw.number(0.1, max(0.1, 0.9 - first))
            let third = ((1 - first - second) * 10).rounded() / 10
            rows.append([first, second, third])
            labels.append(draw.integer(0...2))
        }
        // The engine works from logits; ln p gives these probabilities back through softmax.
        let loss = NumericEngine.loss(.ce, outputs: rows.map { $0.map { log($0) } }, targets: labels.map(Double.init))
        let picked = zip(rows, labels).map { $0[$1] }
        let predicted = rows.map { row in row.indices.max { row[$0] < row[$1] } ?? 0 }
        func mean(_ f: (Double) -> Double, _ values: [Double]) -> Double { values.map { -f($0) }.reduce(0, +) / Double(values.count) }
        let sampleLines = (0..<2).map { i in
            "sample \(i + 1): p = \(NumberText.vector(rows[i])), true class \(labels[i] + 1)"
        }
        return NumericDraft(
            prompt: "A 3-class softmax classifier gives these probabilities for a batch of two samples:\n\n" +
                sampleLines.map { "- " + $0 }.joined(separator: "\n") +
                "\n\nWhat is the cross-entropy loss of the batch, as `loss ce` computes it?",
            answer: loss,
            solution: """
            - each sample's loss is −ln p(true class): −ln \(NumberText.given(picked[0])) = \(NumberText.result(-log(picked[0]))), −ln \(NumberText.given(picked[1])) = \(NumberText.result(-log(picked[1])))
            - the loss is their mean over the batch (natural log): (\(NumberText.result(-log(picked[0]))) + \(NumberText.result(-log(picked[1]))))/2 = \(NumberText.result(loss))
            """,
            mistakes: [
                NumericMistake(name: "log base 10",
                               explanation: "cross-entropy uses the natural log ln, not log₁₀.", value: mean(log10, picked)),
                NumericMistake(name: "log base 2",
                               explanation: "that is the loss in bits (log₂); nnlab and the frameworks use the natural log ln.",
                               value: mean(log2, picked)),
                NumericMistake(name: "mean vs sum",
                               explanation: "that is the sum over the batch; the loss is the mean over its samples.",
                               value: 2 * loss),
            ],
            optionalMistakes: [
                NumericMistake(name: "wrong class",
                               explanation: "that uses the most probable class of each sample; the loss takes −ln p of the true class.",
                               value: mean(log, zip(rows, predicted).map { $0[$1] })),
            ])
    }

    /// Binary cross-entropy of one sample from its logit.
    static let bceFromLogit = NumericGenerator(id: "bce-logit", topic: "loss-functions",
                                               title: "Binary cross-entropy from a logit") { draw in
        let z = draw.signed(0.2, 3)
        let y = draw.integer(0...1)
        let loss = NumericEngine.loss(.bce, outputs: [[z]], targets: [Double(y)])
        let p = sigmoid(z)
        let chosen = y == 1 ? p : 1 - p
        return NumericDraft(
            prompt: "A binary classifier's output unit has the logit z = \(NumberText.given(z)) (before its sigmoid), and the " +
                "sample's label is y = \(y). What is the binary cross-entropy loss of this sample?",
            answer: loss,
            solution: """
            - p = σ(z) = 1/(1 + e^(\(NumberText.given(-z)))) = \(NumberText.result(p))
            - L = −[y·ln p + (1 − y)·ln(1 − p)]; with y = \(y) that is −ln \(y == 1 ? "p" : "(1 − p)")
            - L = −ln \(NumberText.result(chosen)) = \(NumberText.result(loss))
            """,
            mistakes: [
                NumericMistake(name: "label flipped",
                               explanation: "that is the loss for the other label; with y = \(y) the loss is −ln \(y == 1 ? "p" : "(1 − p)").",
                               value: -log(1 - chosen)),
                NumericMistake(name: "log base 10",
                               explanation: "binary cross-entropy uses the natural log ln, not log₁₀.", value: -log10(chosen)),
            ],
            optionalMistakes: [
                NumericMistake(name: "minus sign forgotten",
                               explanation: "ln of a probability is negative; the loss is −ln, so it is positive.", value: log(chosen)),
                NumericMistake(name: "logit used as the probability",
                               explanation: "z is the logit; the probability is p = σ(z).",
                               value: -(Double(y) * log(z) + Double(1 - y) * log(1 - z))),
            ])
    }

    /// The mean squared error of a small batch.
    static let mseBatch = NumericGenerator(id: "mse-batch", topic: "loss-functions",
                                           title: "Mean squared error of a small batch") { draw in
        let n = draw.pick([3, 4])
        let predictions = (0..<n).map { _ in draw.number(-1, 2, allowZero: true) }
        let targets = (0..<n).map { _ in draw.number(-1, 2, allowZero: true) }
        let loss = NumericEngine.loss(.mse, outputs: predictions.map { [$0] }, targets: targets)
        let errors = zip(predictions, targets).map { $0 - $1 }
        let squares = errors.map { $0 * $0 }
        let meanAbsolute = errors.map(abs).reduce(0, +) / Double(n)
        let meanError = errors.reduce(0, +) / Double(n)
        return NumericDraft(
            prompt: "A regression net predicts ŷ = \(NumberText.vector(predictions)) for a batch whose targets are " +
                "y = \(NumberText.vector(targets)). What is the batch's mean squared error (`loss mse`)?",
            answer: loss,
            solution: """
            - errors ŷ − y = \(NumberText.vector(errors))
            - squares = \(NumberText.vector(squares))
            - MSE = (\(NumberText.sum(squares)))/\(n) = \(NumberText.result(squares.reduce(0, +)))/\(n) = \(NumberText.result(loss))
            """,
            mistakes: [
                NumericMistake(name: "mean vs sum",
                               explanation: "that is the sum of the squared errors; MSE is their mean over the batch.",
                               value: squares.reduce(0, +)),
                NumericMistake(name: "absolute instead of squared errors",
                               explanation: "that is the mean absolute error; MSE squares each error before averaging.",
                               value: meanAbsolute),
            ],
            optionalMistakes: [
                NumericMistake(name: "halved",
                               explanation: "that is ½·MSE, a convention some textbooks use to tidy the gradient; `loss mse` has no ½.",
                               value: loss / 2),
                NumericMistake(name: "squared the mean error",
                               explanation: "that is (mean of ŷ − y)², where positive and negative errors cancel; square each error first.",
                               value: meanError * meanError),
            ],
            minimumMagnitude: 0.05)
    }

    /// A digit as a subscript, for p₁, w₂ and the like.
    static func subscriptDigit(_ digit: Int) -> String {
        let subscripts = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
        return String(digit).compactMap { Int(String($0)).map { subscripts[$0] } }.joined()
    }
}
