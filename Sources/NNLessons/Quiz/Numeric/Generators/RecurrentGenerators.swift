import Foundation
import NNEngine

extension NumericGenerators {
    /// One unit of a plain RNN cell's new state, h′ = tanh(Wᵢₕ·x + Wₕₕ·h + b).
    static let rnnStep = NumericGenerator(id: "rnn-step", topic: "recurrence", title: "One step of an RNN cell") { draw in
        let weightsIH = (0..<2).map { _ in (0..<2).map { _ in draw.number(-1, 1) } }
        let weightsHH = (0..<2).map { _ in (0..<2).map { _ in draw.number(-1, 1) } }
        let bias = (0..<2).map { _ in draw.number(-0.5, 0.5) }
        let x = (0..<2).map { _ in draw.number(-2, 2) }
        let h = (0..<2).map { _ in draw.number(-0.9, 0.9) }
        let k = draw.integer(0...1)
        let step = NumericEngine.rnnStep(weightsIH: weightsIH, weightsHH: weightsHH, bias: bias, input: x, state: h)
        let answer = step.state[k], z = step.z[k]
        // The same sums in plain arithmetic, for the solution and the mistakes.
        let fromInput = zip(weightsIH[k], x).map(*).reduce(0, +)
        let fromState = zip(weightsHH[k], h).map(*).reduce(0, +)
        let fromColumn = (0..<2).map { weightsHH[$0][k] * h[$0] }.reduce(0, +)
        let unit = subscriptDigit(k + 1)
        func rows(_ m: [[Double]]) -> String { "[" + m.map { NumberText.vector($0) }.joined(separator: ", ") + "]" }
        return NumericDraft(
            prompt: "An RNN cell with 2 hidden units reads 2 input features per step: h′ = tanh(Wᵢₕ·x + Wₕₕ·h + b), " +
                "with Wᵢₕ = \(rows(weightsIH)) and Wₕₕ = \(rows(weightsHH)) (one row per hidden unit) and " +
                "b = \(NumberText.vector(bias)). The previous state is h = \(NumberText.vector(h)) and this step's input is " +
                "x = \(NumberText.vector(x)). What is unit \(k + 1) of the new state, h′\(unit)?",
            answer: answer,
            solution: """
            - from the input: (Wᵢₕ·x)\(unit) = \(NumberText.dot(weightsIH[k], x)) = \(NumberText.result(fromInput))
            - from the previous state: (Wₕₕ·h)\(unit) = \(NumberText.dot(weightsHH[k], h)) = \(NumberText.result(fromState))
            - z\(unit) = \(NumberText.result(fromInput)) + \(NumberText.resultFactor(fromState)) + \(NumberText.factor(bias[k])) = \(NumberText.result(z))
            - h′\(unit) = tanh(z\(unit)) = tanh(\(NumberText.result(z))) = \(NumberText.result(answer))
            """,
            mistakes: [
                NumericMistake(name: "forgot the previous state",
                               explanation: "that is tanh(Wᵢₕ·x + b), a dense layer on this step alone; the recurrence adds " +
                                   "Wₕₕ·h, which is how the cell remembers earlier steps.",
                               value: Foundation.tanh(fromInput + bias[k])),
                NumericMistake(name: "sigmoid where tanh belongs",
                               explanation: "that is σ(z); a plain RNN cell squashes with tanh, which ranges from −1 to 1 and " +
                                   "is 0 at 0, so a state can be negative.",
                               value: sigmoid(z)),
                NumericMistake(name: "forgot the bias",
                               explanation: "that is tanh(Wᵢₕ·x + Wₕₕ·h) without b; the bias is added at every step.",
                               value: Foundation.tanh(z - bias[k])),
            ],
            optionalMistakes: [
                NumericMistake(name: "pre-activation given",
                               explanation: "that is z\(unit) = Wᵢₕ·x + Wₕₕ·h + b; the new state is tanh(z\(unit)).", value: z),
                NumericMistake(name: "a column of Wₕₕ instead of its row",
                               explanation: "unit \(k + 1) reads row \(k + 1) of Wₕₕ (the weights into it from every unit of h), " +
                                   "not column \(k + 1) (the weights out of it).",
                               value: Foundation.tanh(fromInput + fromColumn + bias[k])),
            ],
            minimumMagnitude: 0.02)
    }

    /// The new cell state c′ or hidden state h′ of a one-unit LSTM cell from its gates'
    /// pre-activations.
    static let lstmStep = NumericGenerator(id: "lstm-step", topic: "lstm", title: "One step of an LSTM cell") { draw in
        let z = (0..<4).map { _ in draw.number(-2, 2) }
        let c = draw.signed(0.3, 1.5)
        let asksCell = draw.integer(0...2) == 0
        let step = NumericEngine.lstmStep(preActivations: z, cell: c)
        let (i, f, g, o) = (step.gates[0], step.gates[1], step.gates[2], step.gates[3])
        // The mistakes, in plain arithmetic.
        let wrongTerm = i * c + f * g
        let swapped = (i: Foundation.tanh(z[0]), f: Foundation.tanh(z[1]), g: sigmoid(z[2]), o: Foundation.tanh(z[3]))
        let swappedCell = swapped.f * c + swapped.i * swapped.g
        let name = asksCell ? "c′" : "h′"
        var solution = """
        - gates: i = σ(\(NumberText.given(z[0]))) = \(NumberText.result(i)), f = σ(\(NumberText.given(z[1]))) = \(NumberText.result(f)), \
        o = σ(\(NumberText.given(z[3]))) = \(NumberText.result(o))
        - candidate: g = tanh(\(NumberText.given(z[2]))) = \(NumberText.result(g))
        - c′ = f·c + i·g = \(NumberText.result(f))·\(NumberText.factor(c)) + \(NumberText.result(i))·\(NumberText.resultFactor(g)) = \(NumberText.result(step.cell))
        """
        let answer: Double
        let mistakes: [NumericMistake]
        let optional: [NumericMistake]
        let wrongTermExplanation = "the forget gate f scales the old cell c (what to keep) and the input gate i scales the " +
            "candidate g (what to write): c′ = f·c + i·g."
        let swappedExplanation = "the gates i, f and o are sigmoids (between 0 and 1, a share to let through) and the " +
            "candidate g and the output squashing are tanh (between −1 and 1, a signed value)."
        if asksCell {
            answer = step.cell
            mistakes = [
                NumericMistake(name: "forget gate applied to the wrong term", explanation: wrongTermExplanation, value: wrongTerm),
                NumericMistake(name: "tanh and sigmoid swapped", explanation: swappedExplanation, value: swappedCell),
            ]
            optional = [
                NumericMistake(name: "input gate forgotten",
                               explanation: "the candidate is written through the input gate: i·g, not g.", value: f * c + g),
                NumericMistake(name: "old cell left out",
                               explanation: "c′ keeps f·c of the old cell; that term is the additive path that carries memory " +
                                   "(and gradient) across many steps.", value: i * g),
            ]
        } else {
            answer = step.state
            solution += "\n- h′ = o·tanh(c′) = \(NumberText.result(o))·tanh(\(NumberText.result(step.cell))) = \(NumberText.result(answer))"
            mistakes = [
                NumericMistake(name: "forget gate applied to the wrong term", explanation: wrongTermExplanation,
                               value: o * Foundation.tanh(wrongTerm)),
                NumericMistake(name: "tanh and sigmoid swapped", explanation: swappedExplanation,
                               value: swapped.o * sigmoid(swappedCell)),
                NumericMistake(name: "used c instead of c′",
                               explanation: "h′ = o·tanh(c′) reads the new cell state, updated first; o·tanh(c) reads the old one.",
                               value: o * Foundation.tanh(c)),
            ]
            optional = [
                NumericMistake(name: "cell state given instead",
                               explanation: "that is c′, the cell state; the hidden state is h′ = o·tanh(c′).", value: step.cell),
                NumericMistake(name: "tanh of the cell forgotten",
                               explanation: "that is o·c′; the cell is squashed first: h′ = o·tanh(c′).", value: o * step.cell),
            ]
        }
        return NumericDraft(
            prompt: "A one-unit LSTM cell's gate pre-activations for this step (Wᵢₕ·x + Wₕₕ·h + b, in PyTorch's order " +
                "i, f, g, o) are z = \(NumberText.vector(z)). The previous cell state is c = \(NumberText.given(c)). " +
                "What is the new \(asksCell ? "cell state" : "hidden state") \(name)?",
            answer: answer,
            solution: solution,
            mistakes: mistakes,
            optionalMistakes: optional,
            minimumMagnitude: 0.02)
    }

    /// The trainable parameters of a `layer rnn H` or `layer lstm H` on sequences of N features.
    static let recurrentParameterCount = NumericGenerator(id: "recurrent-param-count", topic: "recurrence",
                                                          title: "Parameters of an RNN or LSTM layer") { draw in
        let lstm = draw.coin()
        let steps = draw.pick([20, 28, 50, 100])
        let inputs = draw.pick([1, 2, 8, 10, 28, 64, 100])
        let hidden = draw.pick([16, 20, 32, 50, 64, 128, 256])
        let gates = lstm ? 4 : 1
        let answer = NumericEngine.recurrentParameterCount(lstm: lstm, inputs: inputs, hidden: hidden)
        let rows = gates * hidden
        let kind = lstm ? "lstm" : "rnn"
        let rowsText = lstm ? "4·\(hidden) = \(rows) rows (the gates i, f, g, o stacked)" : "\(hidden) rows"
        var mistakes = [
            NumericMistake(name: "recurrent weights forgotten",
                           explanation: "besides Wᵢₕ (from the input) every gate has Wₕₕ, the weights from the previous state: " +
                               "\(rows) × \(hidden) more.",
                           value: Double(rows * inputs + rows)),
            NumericMistake(name: "weights counted at every step",
                           explanation: "the same weights are used at all \(steps) steps (that sharing is what makes it " +
                               "recurrent): the sequence length does not enter the count.",
                           value: Double(steps * answer)),
            NumericMistake(name: "PyTorch's two biases",
                           explanation: "that is PyTorch's count: `nn.\(lstm ? "LSTM" : "RNN")` keeps two bias vectors, " +
                               "`bias_ih` and `bias_hh`, which only ever appear as their sum; nnlab keeps one (\(rows) values).",
                           value: Double(answer + rows)),
            NumericMistake(name: "biases forgotten",
                           explanation: "every row of the layer has a bias: \(rows) more.", value: Double(answer - rows)),
        ]
        if lstm {
            mistakes += [
                NumericMistake(name: "one gate's worth",
                               explanation: "an LSTM has four sets of weights and biases, one per gate (i, f, g, o), each the " +
                                   "size of a plain RNN cell's: 4·H rows.",
                               value: Double(answer / 4)),
                NumericMistake(name: "the candidate g left out",
                               explanation: "besides the three gates i, f and o, the candidate g has its own weights: four blocks " +
                                   "of H rows, not three.",
                               value: Double(answer / 4 * 3)),
            ]
        }
        return NumericDraft(
            prompt: "A network starts with `net input \(steps)x\(inputs)` (sequences of \(steps) steps of \(inputs) " +
                "feature\(inputs == 1 ? "" : "s")) and adds `layer \(kind) \(hidden)`. How many trainable parameters does " +
                "the \(lstm ? "LSTM" : "RNN") layer have? (nnlab's recurrent layers keep one bias vector, like PyTorch's " +
                "with `bias_hh` at zero.)",
            answer: Double(answer),
            solution: """
            - Wᵢₕ: \(rowsText) × \(inputs) input\(inputs == 1 ? "" : "s") = \(NumberText.count(rows * inputs)) weights
            - Wₕₕ: \(rows) × \(hidden) (from the previous state) = \(NumberText.count(rows * hidden)) weights
            - b: \(NumberText.count(rows)) biases, one per row
            - total: \(NumberText.count(answer)) — the same weights at every one of the \(steps) steps
            """,
            mistakes: mistakes,
            tolerance: 0.5,
            relativeTolerance: 0)
    }
}
