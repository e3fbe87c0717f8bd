/// Recurrent layers on the tape: unrolling through time, the loss of sequence outputs, and the
/// gradient of the loss with respect to every step's hidden state.
extension LayerStack {
    /// Records a recurrent layer unrolled over the steps of `input` (n × T × N), from zero
    /// states: one `rnnStep` or `lstmStep` per step. Returns the layer's output (the last
    /// hidden state n × H, or every step's n × T × H) and each step's state variable.
    func recordRecurrent(_ r: RecurrentLayer, input: Variable, on tape: Tape,
                         parameters p: (ih: Variable, hh: Variable, bias: Variable)) -> (Variable, [Variable]) {
        let x = tape.value(input)
        let n = x.shape[0], steps = x.shape[1], h = r.hidden
        let width = r.cell == .lstm ? 2 * h : h
        var state = tape.constant(Tensor.zeros([n, width]))
        var states: [Variable] = []
        states.reserveCapacity(steps)
        for t in 0..<steps {
            let xt = tape.timeStep(input, t)
            switch r.cell {
            case .rnn:
                state = tape.rnnStep(xt, hidden: state, weightsIH: p.ih, weightsHH: p.hh, bias: p.bias, activation: r.activation)
            case .lstm:
                state = tape.lstmStep(xt, state: state, weightsIH: p.ih, weightsHH: p.hh, bias: p.bias)
            }
            states.append(state)
        }
        guard r.cell == .lstm else { return (r.returnsSequence ? tape.stackSteps(states) : states[steps - 1], states) }
        if !r.returnsSequence { return (tape.columns(states[steps - 1], 0..<h), states) }
        return (tape.stackSteps(states.map { tape.columns($0, 0..<h) }), states)
    }

    /// What the loss reads for a batch of n samples: a sequence output n × T × k is judged as
    /// n·T rows of k (so losses average over steps and samples) when the targets hold one row
    /// (or one class) per step; any other head, or targets that do not fit, are left as they are.
    func lossView(head: Variable, targets: Tensor, on tape: Tape) -> (head: Variable, targets: Tensor) {
        guard case .sequence(let steps, let k) = outputShape else { return (head, targets) }
        let n = tape.value(head).rows
        if targets.count == n * steps * k {
            return (tape.reshape(head, to: [n * steps, k]), targets.reshaped([n * steps, k]))
        }
        if k > 1, targets.count == n * steps {
            return (tape.reshape(head, to: [n * steps, k]), targets.reshaped([n * steps]))
        }
        return (head, targets)
    }

    /// Whether the stack has a recurrent layer.
    public var isRecurrent: Bool {
        layers.contains { if case .recurrent = $0 { return true } else { return false } }
    }

    /// The index of the first recurrent layer, if any.
    public var firstRecurrentLayer: Int? {
        layers.firstIndex { if case .recurrent = $0 { return true } else { return false } }
    }

    /// ‖∂L/∂hₜ‖ for t = 1 … T of the recurrent layer at `layer` (the first one when nil): the
    /// norm over the batch of the loss's gradient with respect to each step's hidden state
    /// (the total gradient, through the outputs and through every later step). Inference mode
    /// (no dropout); nil when the stack has no recurrent layer.
    public func hiddenGradientNorms(inputs: Tensor, targets: Tensor, objective: Objective,
                                    layer: Int? = nil) throws(TargetError) -> [Double]? {
        guard let index = layer ?? firstRecurrentLayer, case .recurrent(let r) = layers[index] else { return nil }
        var generator = SeededGenerator(seed: 0)
        let tape = Tape()
        let pass = record(on: tape, inputs: inputs, mode: .inference, generator: &generator)
        let weights = zip(pass.parameters, parameterIsWeight).filter { $0.1 }.map { $0.0 }
        let view = lossView(head: objective.readsLogits ? pass.logits : pass.output, targets: targets, on: tape)
        let (_, total) = try objective.record(on: tape, head: view.head, targets: view.targets, weights: weights)
        tape.backward(from: total, keepingIntermediates: true)
        return pass.stepStates[index].map { state in
            let g = tape.gradient(state)
            let width = g.columns
            var sum = 0.0
            for row in 0..<g.rows {
                for j in 0..<r.hidden { let v = g.scalars[row * width + j]; sum += v * v }
            }
            return sum.squareRoot()
        }
    }
}
