import Foundation
import NNEngine

extension NumericGenerators {
    /// The batch-normalized output of one value in a batch of four.
    static let batchNormOutput = NumericGenerator(id: "batchnorm-output", topic: "batch-norm",
                                                  title: "Batch normalization of one value") { draw in
        var z: [Double] = []
        var variance = 0.0
        repeat {
            z = (0..<4).map { _ in draw.number(-3, 3, allowZero: true) }
            let mean = z.reduce(0, +) / 4
            variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
        } while variance < 0.25
        let gamma = draw.number(0.5, 2)
        let beta = draw.number(-1, 1)
        let k = draw.integer(0...3)
        let epsilon = 1e-5
        let answer = NumericEngine.batchNorm(z, gamma: gamma, beta: beta, epsilon: epsilon)[k]
        let mean = z.reduce(0, +) / 4
        let deviation = variance.squareRoot()
        let normalized = (z[k] - mean) / deviation
        let unbiased = (variance * 4 / 3).squareRoot()
        let ordinal = ["first", "second", "third", "fourth"][k]
        let squares = z.map { NumberText.factor(round4($0 - mean)) + "²" }.joined(separator: " + ")
        return NumericDraft(
            prompt: "Batch normalization, in training mode, sees these pre-activations of one unit across a batch of four: " +
                "z = \(NumberText.vector(z)). With γ = \(NumberText.given(gamma)) and β = \(NumberText.given(beta)) " +
                "(ε = 10⁻⁵ is small enough to ignore), what does it output for the \(ordinal) sample (z = \(NumberText.given(z[k])))?",
            answer: answer,
            solution: """
            - μ = (\(NumberText.sum(z)))/4 = \(NumberText.result(mean))
            - σ² = (\(squares))/4 = \(NumberText.result(variance)) (the batch's own variance: divide by n = 4)
            - x̂ = (z − μ)/√(σ² + ε) = (\(NumberText.given(z[k])) − \(NumberText.resultFactor(mean)))/\(NumberText.result(deviation)) = \(NumberText.result(normalized))
            - y = γ·x̂ + β = \(NumberText.given(gamma))·\(NumberText.resultFactor(normalized)) + \(NumberText.factor(beta)) = \(NumberText.result(answer))
            """,
            mistakes: [
                NumericMistake(name: "n − 1 (unbiased) variance",
                               explanation: "batch normalization divides by n: σ² is the batch's own (biased) variance. " +
                                   "The unbiased n − 1 form only enters the running average used at inference.",
                               value: gamma * (z[k] - mean) / unbiased + beta),
                NumericMistake(name: "forgot γ and β",
                               explanation: "that is x̂; the layer outputs y = γ·x̂ + β.", value: normalized),
            ],
            optionalMistakes: [
                NumericMistake(name: "divided by σ² instead of σ",
                               explanation: "normalize by the standard deviation √(σ² + ε), not by the variance.",
                               value: gamma * (z[k] - mean) / variance + beta),
            ])
    }

    /// What a unit passes on under classic or inverted dropout, in training or at inference.
    static let dropoutScaling = NumericGenerator(id: "dropout-scaling", topic: "dropout",
                                                 title: "Dropout's scaling") { draw in
        let a = draw.number(0.5, 3)
        let p = draw.pick([0.1, 0.2, 0.25, 0.3, 0.4, 0.6, 0.75, 0.8])
        let scaling: Dropout.Scaling = draw.coin() ? .inverted : .classic
        let atInference = draw.integer(0...2) != 0
        let keep = 1 - p
        let answer = atInference ? NumericEngine.dropoutAtInference(a, probability: p, scaling: scaling)
            : NumericEngine.dropoutWhenKept(a, probability: p, scaling: scaling)
        let form = scaling == .inverted
            ? "**inverted** dropout (the form frameworks use)"
            : "**classic** dropout (the original paper's form)"
        let moment = atInference
            ? "At inference, what value does the unit pass on to the next layer?"
            : "During training, in a step where this unit is kept, what value does it pass on to the next layer?"
        let rule = scaling == .inverted
            ? "inverted dropout divides kept units by 1 − p while training and leaves inference alone"
            : "classic dropout leaves kept units alone while training and multiplies every unit by 1 − p at inference"
        let arithmetic: String
        let mistakes: [NumericMistake]
        switch (scaling, atInference) {
        case (.inverted, true):
            arithmetic = "at inference the unit passes a on unscaled: \(NumberText.result(answer))"
            mistakes = [
                NumericMistake(name: "scaling applied twice",
                               explanation: "inverted dropout already scaled kept units by 1/(1 − p) while training; multiplying by 1 − p " +
                                   "at inference corrects a second time.", value: a * keep),
                NumericMistake(name: "training scale used at inference",
                               explanation: "the 1/(1 − p) factor applies to kept units while training only.", value: a / keep),
            ]
        case (.classic, true):
            arithmetic = "at inference: a·(1 − p) = \(NumberText.given(a))·\(NumberText.given(keep)) = \(NumberText.result(answer))"
            mistakes = [
                NumericMistake(name: "scaling not applied",
                               explanation: "classic dropout trains unscaled units, so at inference each unit is multiplied by the " +
                                   "keep probability 1 − p to match the training-time expectation.", value: a),
                NumericMistake(name: "p instead of 1 − p",
                               explanation: "scale by the probability of keeping a unit, 1 − p, not of dropping it.", value: a * p),
                NumericMistake(name: "inverted scale used",
                               explanation: "dividing by 1 − p is inverted dropout's training-time factor; classic dropout multiplies by 1 − p at inference.",
                               value: a / keep),
            ]
        case (.inverted, false):
            arithmetic = "a kept unit while training: a/(1 − p) = \(NumberText.given(a))/\(NumberText.given(keep)) = \(NumberText.result(answer))"
            mistakes = [
                NumericMistake(name: "scaling not applied",
                               explanation: "inverted dropout divides kept units by 1 − p while training, so the expected value stays a.",
                               value: a),
                NumericMistake(name: "multiplied by 1 − p",
                               explanation: "inverted dropout divides kept units by 1 − p; multiplying is classic dropout's inference rule.",
                               value: a * keep),
                NumericMistake(name: "divided by p",
                               explanation: "divide by the keep probability 1 − p, not by the drop probability p.", value: a / p),
            ]
        case (.classic, false):
            arithmetic = "while training a kept unit passes a on unscaled: \(NumberText.result(answer))"
            mistakes = [
                NumericMistake(name: "scaling applied in training",
                               explanation: "dividing kept units by 1 − p while training is inverted dropout; classic dropout scales at inference instead.",
                               value: a / keep),
                NumericMistake(name: "inference scale used in training",
                               explanation: "classic dropout multiplies by 1 − p at inference, not while training.", value: a * keep),
            ]
        }
        return NumericDraft(
            prompt: "A hidden unit's activation is a = \(NumberText.given(a)) before dropout. The network uses \(form) with " +
                "p = \(NumberText.given(p)), the probability of dropping a unit. \(moment)",
            answer: answer,
            solution: """
            - \(rule)
            - \(arithmetic)
            - either way the expected value matches between training and inference: (1 − p)·(kept value) = value at inference
            """,
            mistakes: mistakes)
    }

    /// The number of trainable parameters of a dense network.
    static let parameterCount = NumericGenerator(id: "param-count", topic: "architecture",
                                                 title: "Parameters of a dense network") { draw in
        let input = draw.pick([784, 64, 100, 3072, 20, 13])
        let hiddenCount = draw.integer(1...3)
        var hidden: [Int] = []
        for _ in 0..<hiddenCount { hidden.append(draw.pick([512, 256, 128, 100, 64, 50, 32, 16])) }
        let output = draw.pick([10, 1, 2, 3, 5])
        let widths = [input] + hidden + [output]
        let answer = NumericEngine.parameterCount(widths: widths)
        let pairs = Array(zip(widths, widths.dropFirst()))
        let weights = pairs.map { $0 * $1 }.reduce(0, +)
        let spec = widths.map(String.init).joined(separator: "-")
        let lines = pairs.map { n, m in
            "- \(n) → \(m): \(n)·\(m) weights + \(m) bias\(m == 1 ? "" : "es") = \(NumberText.count(n * m + m))"
        }
        let lastPair = pairs[pairs.count - 1]
        return NumericDraft(
            prompt: "How many trainable parameters does the dense network \(spec) have (\(input) inputs, " +
                "\(hiddenCount == 1 ? "one hidden layer" : "\(hiddenCount) hidden layers") of \(hidden.map(String.init).joined(separator: ", ")) units, \(output) output\(output == 1 ? "" : "s"))?",
            answer: Double(answer),
            solution: (lines + ["- total: \(NumberText.count(answer)) (every layer has inputs × outputs weights and one bias per output)"])
                .joined(separator: "\n"),
            mistakes: [
                NumericMistake(name: "biases forgotten",
                               explanation: "every unit after the input also has a bias: add one per hidden and output unit.",
                               value: Double(weights)),
                NumericMistake(name: "a layer left out",
                               explanation: "count every weight layer, the last one (into the outputs) included.",
                               value: Double(answer - lastPair.0 * lastPair.1 - lastPair.1)),
                NumericMistake(name: "biases on the inputs",
                               explanation: "input units are not neurons: they have no bias, only the layers after them do.",
                               value: Double(answer + input)),
            ],
            tolerance: 0.5,
            relativeTolerance: 0)
    }
}
