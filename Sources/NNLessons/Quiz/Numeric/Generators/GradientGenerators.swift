import Foundation
import NNEngine

extension NumericGenerators {
    /// ∂L/∂wⱼ of a single sigmoid neuron under mse or bce.
    static let gradientSigmoidNeuron = NumericGenerator(id: "grad-sigmoid-neuron", topic: "backpropagation",
                                                        title: "One gradient of a sigmoid neuron") { draw in
        let loss: Loss = draw.coin() ? .mse : .bce
        let x = (0..<2).map { _ in draw.number(-2, 2) }
        let w = (0..<2).map { _ in draw.number(-1.5, 1.5) }
        let b = draw.number(-1, 1)
        let y = Double(draw.integer(0...1))
        let j = draw.integer(0...1)
        let network = Network(layers: [NumericEngine.layer(weights: [w], bias: [b], activation: .sigmoid)])
        let result = NumericEngine.gradients(of: network, input: x, target: y, loss: loss)
        let answer = result.gradients[0].scalars[j]
        let z = zip(w, x).map(*).reduce(0, +) + b
        let a = sigmoid(z)
        let slope = a * (1 - a)
        let wj = "w\(subscriptDigit(j + 1))", xj = "x\(subscriptDigit(j + 1))"
        let lossText = loss == .mse ? "the squared error L = (a − y)² (`loss mse` on one sample)"
            : "the binary cross-entropy L = −[y·ln a + (1 − y)·ln(1 − a)] (`loss bce`)"
        let steps: String
        let mistakes: [NumericMistake]
        if loss == .mse {
            steps = """
            - ∂L/∂a = 2(a − y) = 2·\(NumberText.resultFactor(a - y)) = \(NumberText.result(2 * (a - y)))
            - σ′(z) = a(1 − a) = \(NumberText.result(slope))
            - ∂L/∂\(wj) = 2(a − y)·σ′(z)·\(xj) = \(NumberText.result(2 * (a - y)))·\(NumberText.result(slope))·\(NumberText.factor(x[j])) = \(NumberText.result(answer))
            """
            mistakes = [
                NumericMistake(name: "σ′ forgotten",
                               explanation: "the chain rule passes through the sigmoid: multiply by σ′(z) = a(1 − a).",
                               value: 2 * (a - y) * x[j]),
                NumericMistake(name: "sign flipped",
                               explanation: "∂L/∂a = 2(a − y), not 2(y − a); the gradient points uphill and the update subtracts it.",
                               value: -answer),
                NumericMistake(name: "z instead of the input x",
                               explanation: "∂z/∂\(wj) is the input \(xj) that \(wj) multiplies, not z.",
                               value: 2 * (a - y) * slope * z),
                NumericMistake(name: "factor 2 forgotten",
                               explanation: "the derivative of (a − y)² is 2(a − y).",
                               value: (a - y) * slope * x[j]),
            ]
        } else {
            steps = """
            - with a sigmoid output, ∂L/∂z = a − y = \(NumberText.result(a)) − \(NumberText.given(y)) = \(NumberText.result(a - y)) (σ′ cancels)
            - ∂L/∂\(wj) = (a − y)·\(xj) = \(NumberText.resultFactor(a - y))·\(NumberText.factor(x[j])) = \(NumberText.result(answer))
            """
            mistakes = [
                NumericMistake(name: "sign flipped",
                               explanation: "∂L/∂z = a − y, not y − a; the gradient points uphill and the update subtracts it.",
                               value: -answer),
                NumericMistake(name: "z instead of the input x",
                               explanation: "∂z/∂\(wj) is the input \(xj) that \(wj) multiplies, not z.",
                               value: (a - y) * z),
                NumericMistake(name: "σ′ applied twice",
                               explanation: "for bce with a sigmoid, ∂L/∂z = a − y already includes σ′: the 1/(a(1 − a)) of ∂L/∂a cancels it.",
                               value: (a - y) * slope * x[j]),
            ]
        }
        return NumericDraft(
            prompt: "A single sigmoid neuron a = σ(w·x + b) has w = \(NumberText.vector(w)) and b = \(NumberText.given(b)). " +
                "For the input x = \(NumberText.vector(x)) with target y = \(Int(y)) and \(lossText), what is ∂L/∂\(wj)?",
            answer: answer,
            solution: """
            - z = w·x + b = \(NumberText.dot(w, x)) + \(NumberText.factor(b)) = \(NumberText.result(z))
            - a = σ(z) = \(NumberText.result(a))
            \(steps)
            """,
            mistakes: mistakes,
            minimumMagnitude: 0.02)
    }

    /// ∂L/∂W¹ᵢⱼ of a 2-2-1 sigmoid network under mse.
    static let gradientTwoLayer = NumericGenerator(id: "grad-two-layer", topic: "backpropagation",
                                                   title: "A first-layer gradient of a 2-2-1 net") { draw in
        let x = (0..<2).map { _ in draw.signed(0.5, 2) }
        let w1 = (0..<2).map { _ in (0..<2).map { _ in draw.number(-1.5, 1.5) } }
        let b1 = (0..<2).map { _ in draw.number(-0.5, 0.5, allowZero: true) }
        let w2 = (0..<2).map { _ in draw.signed(0.5, 2) }
        let b2 = draw.number(-0.5, 0.5, allowZero: true)
        let y = Double(draw.integer(0...1))
        let i = draw.integer(0...1), j = draw.integer(0...1)
        let network = Network(layers: [NumericEngine.layer(weights: w1, bias: b1, activation: .sigmoid),
                                       NumericEngine.layer(weights: [w2], bias: [b2], activation: .sigmoid)])
        let result = NumericEngine.gradients(of: network, input: x, target: y, loss: .mse)
        let answer = result.gradients[0][i, j]
        // The same pass in plain arithmetic, for the solution and the mistakes.
        let z1 = (0..<2).map { r in zip(w1[r], x).map(*).reduce(0, +) + b1[r] }
        let a1 = z1.map(sigmoid)
        let z2 = zip(w2, a1).map(*).reduce(0, +) + b2
        let a2 = sigmoid(z2)
        let outputSlope = a2 * (1 - a2), hiddenSlope = a1[i] * (1 - a1[i])
        let delta2 = 2 * (a2 - y) * outputSlope
        let delta1 = w2[i] * delta2 * hiddenSlope
        let unit = subscriptDigit(i + 1), input = subscriptDigit(j + 1)
        let weightName = "W¹\(unit)\(input)"
        func rows(_ m: [[Double]]) -> String { "[" + m.map { NumberText.vector($0) }.joined(separator: ", ") + "]" }
        return NumericDraft(
            prompt: "A 2-2-1 network has sigmoid units in both layers: h = σ(W¹x + b¹) with W¹ = \(rows(w1)) (one row per " +
                "hidden unit) and b¹ = \(NumberText.vector(b1)), then ŷ = σ(W²·h + b²) with W² = \(NumberText.vector(w2)) and " +
                "b² = \(NumberText.given(b2)). For the input x = \(NumberText.vector(x)), target y = \(Int(y)) and the loss " +
                "L = (ŷ − y)² (`loss mse`), " +
                "what is ∂L/∂\(weightName), the gradient of the weight from input \(j + 1) to hidden unit \(i + 1)?",
            answer: answer,
            solution: """
            - hidden: z¹ = W¹x + b¹ = \(NumberText.vector(z1.map(round4))), h = σ(z¹) = \(NumberText.vector(a1.map(round4)))
            - output: z² = W²·h + b² = \(NumberText.result(z2)), ŷ = σ(z²) = \(NumberText.result(a2))
            - δ² = ∂L/∂z² = 2(ŷ − y)·ŷ(1 − ŷ) = 2·\(NumberText.resultFactor(a2 - y))·\(NumberText.result(outputSlope)) = \(NumberText.result(delta2))
            - δ¹\(unit) = W²\(unit)·δ²·h\(unit)(1 − h\(unit)) = \(NumberText.factor(w2[i]))·\(NumberText.resultFactor(delta2))·\(NumberText.result(hiddenSlope)) = \(NumberText.result(delta1))
            - ∂L/∂\(weightName) = δ¹\(unit)·x\(input) = \(NumberText.resultFactor(delta1))·\(NumberText.factor(x[j])) = \(NumberText.result(answer))
            """,
            mistakes: [
                NumericMistake(name: "σ′ forgotten at the output layer",
                               explanation: "δ² = 2(ŷ − y)·σ′(z²): the chain rule passes through the output sigmoid too.",
                               value: 2 * (a2 - y) * w2[i] * hiddenSlope * x[j]),
                NumericMistake(name: "σ′ forgotten at the hidden layer",
                               explanation: "δ¹ = (W²)ᵀδ² ⊙ σ′(z¹): multiply by the hidden unit's slope h(1 − h).",
                               value: w2[i] * delta2 * x[j]),
                NumericMistake(name: "sign flipped",
                               explanation: "∂L/∂ŷ = 2(ŷ − y), not 2(y − ŷ); the gradient points uphill and the update subtracts it.",
                               value: -answer),
                NumericMistake(name: "pre- instead of post-activation",
                               explanation: "σ′(z) = a(1 − a) takes the activation a = σ(z); plugging in z itself, z(1 − z), is a classic bug.",
                               value: 2 * (a2 - y) * z2 * (1 - z2) * w2[i] * z1[i] * (1 - z1[i]) * x[j]),
            ],
            minimumMagnitude: 0.01)
    }

    /// A value rounded to 4 decimals, for showing vectors of results.
    static func round4(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
