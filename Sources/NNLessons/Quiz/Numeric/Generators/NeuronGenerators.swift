import Foundation
import NNEngine

extension NumericGenerators {
    /// The output of a sigmoid neuron, σ(w·x + b).
    static let neuronSigmoid = NumericGenerator(id: "neuron-sigmoid", topic: "activations",
                                                title: "The output of a sigmoid neuron") { draw in
        let n = draw.pick([2, 3])
        let x = (0..<n).map { _ in draw.number(-2, 2) }
        let w = (0..<n).map { _ in draw.number(-1.5, 1.5) }
        let b = draw.number(-1, 1)
        let (z, a) = NumericEngine.neuron(weights: w, bias: b, input: x, activation: .sigmoid)
        let product = zip(w, x).map(*).reduce(0, +)
        return NumericDraft(
            prompt: "A neuron has weights w = \(NumberText.vector(w)), bias b = \(NumberText.given(b)) and a sigmoid " +
                "activation. What does it output for the input x = \(NumberText.vector(x))?",
            answer: a,
            solution: """
            - z = w·x + b = \(NumberText.dot(w, x)) + \(NumberText.factor(b)) = \(NumberText.result(z))
            - a = σ(z) = 1/(1 + e^(\(NumberText.result(-z)))) = \(NumberText.result(a))
            """,
            mistakes: [
                NumericMistake(name: "pre-activation given",
                               explanation: "that is z = w·x + b, the pre-activation; the neuron outputs a = σ(z).", value: z),
                NumericMistake(name: "bias forgotten",
                               explanation: "that is σ(w·x) without the bias; z = w·x + b.", value: sigmoid(product)),
                NumericMistake(name: "e^z instead of e^−z",
                               explanation: "σ(z) = 1/(1 + e^−z); with e^+z you get σ(−z) = 1 − σ(z).", value: sigmoid(-z)),
            ])
    }

    /// The output of a ReLU or tanh neuron.
    static let neuronReluTanh = NumericGenerator(id: "neuron-relu-tanh", topic: "activations",
                                                 title: "The output of a ReLU or tanh neuron") { draw in
        let activation: Activation = draw.coin() ? .relu : .tanh
        let x = (0..<2).map { _ in draw.number(-2, 2) }
        let w = (0..<2).map { _ in draw.number(-1.5, 1.5) }
        let b = draw.number(-1, 1)
        let (z, a) = NumericEngine.neuron(weights: w, bias: b, input: x, activation: activation)
        let product = zip(w, x).map(*).reduce(0, +)
        let name = activation == .relu ? "ReLU" : "tanh"
        let formula = activation == .relu ? "max(0, z)" : "tanh(z) = (e^z − e^−z)/(e^z + e^−z)"
        let applied = activation == .relu ? "max(0, \(NumberText.result(z)))" : "tanh(\(NumberText.result(z)))"
        let act: (Double) -> Double = activation == .relu ? { max(0, $0) } : { Foundation.tanh($0) }
        var mistakes = [NumericMistake(name: "bias forgotten",
                                       explanation: "that is \(name)(w·x) without the bias; z = w·x + b.", value: act(product))]
        if activation == .tanh {
            mistakes.append(NumericMistake(name: "sigmoid instead of tanh",
                                           explanation: "that is σ(z); tanh(z) = 2σ(2z) − 1 ranges from −1 to 1.", value: sigmoid(z)))
        }
        return NumericDraft(
            prompt: "A neuron has weights w = \(NumberText.vector(w)), bias b = \(NumberText.given(b)) and a \(name) " +
                "activation. What does it output for the input x = \(NumberText.vector(x))?",
            answer: a,
            solution: """
            - z = w·x + b = \(NumberText.dot(w, x)) + \(NumberText.factor(b)) = \(NumberText.result(z))
            - a = \(formula)
            - a = \(applied) = \(NumberText.result(a))
            """,
            mistakes: mistakes,
            optionalMistakes: [
                NumericMistake(name: "pre-activation given",
                               explanation: "that is z = w·x + b, the pre-activation; the neuron outputs a = \(name)(z)" +
                                   (activation == .relu ? ", which is 0 for z < 0." : "."), value: z),
            ])
    }

    /// The logistic function in plain arithmetic, for mistakes.
    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
}
