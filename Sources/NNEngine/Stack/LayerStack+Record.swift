/// The variables one forward pass of a `LayerStack` recorded on a tape.
public struct StackPass {
    /// The input batch, shaped n × the input shape.
    public var input: Variable
    /// Each layer's output (after its activation, skip and dropout).
    public var outputs: [Variable]
    /// Each dense or conv layer's pre-activation z (nil for other layers).
    public var preActivations: [Variable?]
    /// Every parameter variable, in `LayerStack.parameters` order.
    public var parameters: [Variable]
    /// The network's output.
    public var output: Variable
    /// What a loss that reads logits reads: the last layer's z when it is a dense layer
    /// without skip, else the output.
    public var logits: Variable
    /// Each recurrent layer's state after every step, h₁ … h_T (an LSTM's packed [h | c]);
    /// empty for other layers. Their gradients are ∂L/∂hₜ through time.
    public var stepStates: [[Variable]] = []
}

extension LayerStack {
    /// Records a forward pass of a batch (rows are samples, columns the input's features in
    /// C, H, W order) on a tape: dropout masks are drawn from `generator` in training only.
    public func record(on tape: Tape, inputs: Tensor, mode: PassMode, generator: inout SeededGenerator,
                       watchInput: Bool = false, trainable: Bool = true) -> StackPass {
        precondition(inputs.columns == inputShape.count, "stack: \(inputs.columns) columns for input \(inputShape)")
        let n = inputs.rows
        let shaped = inputs.reshaped([n] + inputShape.dimensions)
        let input = watchInput ? tape.watched(shaped) : tape.constant(shaped)
        var current = input
        var outputs: [Variable] = [], preActivations: [Variable?] = [], parameters: [Variable] = []
        var stepStates: [[Variable]] = []
        func leaf(_ t: Tensor) -> Variable {
            let v = trainable ? tape.parameter(t) : tape.constant(t)
            parameters.append(v)
            return v
        }
        for (index, layer) in layers.enumerated() {
            var z: Variable?
            var states: [Variable] = []
            switch layer {
            case .dense(let d, let skip):
                // On a sequence n × T × N the layer works on every step: as n·T rows, then back.
                let steps = tape.value(current).rank == 3 ? tape.value(current).shape[1] : nil
                let rows = steps.map { tape.reshape(current, to: [n * $0, d.inputs]) } ?? current
                let pre = tape.affine(rows, weights: leaf(d.weights), bias: leaf(d.bias))
                let a = tape.activation(d.activation, pre)
                let out = skip ? tape.add(a, rows) : a
                z = steps.map { tape.reshape(pre, to: [n, $0, d.outputs]) } ?? pre
                current = steps.map { tape.reshape(out, to: [n, $0, d.outputs]) } ?? out
            case .recurrent(let r):
                (current, states) = recordRecurrent(r, input: current, on: tape,
                                                    parameters: (leaf(r.weightsIH), leaf(r.weightsHH), leaf(r.bias)))
            case .conv(let c):
                let pre = tape.conv2d(current, weights: leaf(c.weights), bias: leaf(c.bias), stride: c.stride, padding: c.padding)
                z = pre
                current = tape.activation(c.activation, pre)
            case .maxPool(let size, let stride):
                current = tape.maxPool2d(current, size: size, stride: stride)
            case .avgPool(let size, let stride):
                current = tape.avgPool2d(current, size: size, stride: stride)
            case .flatten:
                current = tape.reshape(current, to: [n, shapes[index].count])
            case .layerNorm(let ln):
                current = tape.layerNorm(current, gamma: leaf(ln.gamma), beta: leaf(ln.beta), epsilon: ln.epsilon)
            case .dropout(let p):
                if mode == .training, p > 0 {
                    let mask = Dropout(probability: p).trainingMask(shape: tape.value(current).shape, generator: &generator)
                    current = tape.mask(current, with: mask)
                }
            }
            outputs.append(current)
            preActivations.append(z)
            stepStates.append(states)
        }
        var logits = current
        if case .dense(_, false)? = layers.last, let z = preActivations.last ?? nil { logits = z }
        // The head is always n × outputs, whatever the last layer's shape.
        let flatOutput = tape.value(current).rank == 2 ? current : tape.reshape(current, to: [n, outputShape.count])
        let flatLogits = tape.value(logits).rank == 2 ? logits : tape.reshape(logits, to: [n, outputShape.count])
        return StackPass(input: input, outputs: outputs, preActivations: preActivations, parameters: parameters,
                         output: flatOutput, logits: flatLogits, stepStates: stepStates)
    }

    /// Runs a batch forward and backward: the objective's value (data loss plus penalties on
    /// the weights) and ∂L/∂θ for every tensor of `parameters`.
    public func gradients(inputs: Tensor, targets: Tensor, objective: Objective, mode: PassMode = .training,
                          generator: inout SeededGenerator, watchInput: Bool = false)
        throws(TargetError) -> (loss: Double, dataLoss: Double, gradients: [Tensor], tape: Tape, pass: StackPass) {
        let tape = Tape()
        let pass = record(on: tape, inputs: inputs, mode: mode, generator: &generator, watchInput: watchInput)
        let weights = zip(pass.parameters, parameterIsWeight).filter { $0.1 }.map { $0.0 }
        let view = lossView(head: objective.readsLogits ? pass.logits : pass.output, targets: targets, on: tape)
        let (dataLoss, total) = try objective.record(on: tape, head: view.head, targets: view.targets, weights: weights)
        tape.backward(from: total)
        return (tape.value(total).scalar, tape.value(dataLoss).scalar, pass.parameters.map { tape.gradient($0) }, tape, pass)
    }

    /// The logits and outputs for a batch at inference.
    public func infer(_ inputs: Tensor) -> (logits: Tensor, outputs: Tensor) {
        let tape = Tape()
        var generator = SeededGenerator(seed: 0)
        let pass = record(on: tape, inputs: inputs, mode: .inference, generator: &generator, trainable: false)
        return (tape.value(pass.logits), tape.value(pass.output))
    }
}
