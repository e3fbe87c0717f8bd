import NNEngine

/// The recurrent steps numeric questions ask about, run by the engine's own cell primitives
/// (the ones `layer rnn` and `layer lstm` unroll on the tape) and counted on its own layer.
extension NumericEngine {
    /// One step of a plain RNN cell, h′ = tanh(Wᵢₕ·x + Wₕₕ·h + b), for one sample.
    ///
    /// - Parameters:
    ///   - weightsIH: Wᵢₕ, one row per hidden unit (hidden × inputs), PyTorch's `weight_ih`.
    ///   - weightsHH: Wₕₕ, one row per hidden unit (hidden × hidden), PyTorch's `weight_hh`.
    ///   - bias: b, one per hidden unit (nnlab's one bias: PyTorch's `bias_ih`, `bias_hh` = 0).
    ///   - input: x, the step's input.
    ///   - state: h, the previous hidden state.
    /// - Returns: the pre-activation z (the same step with the identity) and the new state h′.
    static func rnnStep(weightsIH: [[Double]], weightsHH: [[Double]], bias: [Double], input: [Double],
                        state: [Double]) -> (z: [Double], state: [Double]) {
        func step(_ activation: Activation) -> [Double] {
            let tape = Tape()
            let h = tape.rnnStep(tape.constant(Tensor(rows: [input])), hidden: tape.constant(Tensor(rows: [state])),
                                 weightsIH: tape.constant(Tensor(rows: weightsIH)), weightsHH: tape.constant(Tensor(rows: weightsHH)),
                                 bias: tape.constant(Tensor(bias)), activation: activation)
            return tape.value(h).scalars
        }
        return (step(.identity), step(.tanh))
    }

    /// One step of a one-unit LSTM cell from its gates' pre-activations z (Wᵢₕ·x + Wₕₕ·h + b,
    /// in PyTorch's order i, f, g, o) and the previous cell state c: i, f, o = σ(·),
    /// g = tanh(·), c′ = f·c + i·g, h′ = o·tanh(c′).
    ///
    /// Runs the engine's LSTM step on the input x = 1 with Wᵢₕ = z, Wₕₕ = 0 and b = 0, so the
    /// pre-activations are exactly z; the gates are the same four squashings, read back for the
    /// worked solution.
    static func lstmStep(preActivations z: [Double], cell: Double) -> (gates: [Double], cell: Double, state: Double) {
        precondition(z.count == 4, "an LSTM unit has four gates")
        let tape = Tape()
        let packed = tape.lstmStep(tape.constant(Tensor(rows: [[1]])), state: tape.constant(Tensor(rows: [[0, cell]])),
                                   weightsIH: tape.constant(Tensor(rows: z.map { [$0] })),
                                   weightsHH: tape.constant(Tensor.zeros([4, 1])), bias: tape.constant(Tensor.zeros([4])))
        let result = tape.value(packed).scalars
        let gates = [Activation.sigmoid, .sigmoid, .tanh, .sigmoid].enumerated().map { k, kind in
            tape.value(tape.activation(kind, tape.constant(Tensor(shape: [1, 1], scalars: [z[k]])))).scalars[0]
        }
        return (gates, result[1], result[0])
    }

    /// The trainable parameters of nnlab's `layer rnn H` or `layer lstm H` on N input
    /// features, counted on the engine's layer: Wᵢₕ (G·H × N), Wₕₕ (G·H × H) and one bias
    /// (G·H), G = 1 for a plain RNN and 4 (i, f, g, o) for an LSTM.
    static func recurrentParameterCount(lstm: Bool, inputs: Int, hidden: Int) -> Int {
        var generator = SeededGenerator(seed: 0)
        let layer = RecurrentLayer(cell: lstm ? .lstm : .rnn, inputs: inputs, hidden: hidden, returnsSequence: false,
                                   generator: &generator)
        return StackLayer.recurrent(layer).parameterCount
    }
}
