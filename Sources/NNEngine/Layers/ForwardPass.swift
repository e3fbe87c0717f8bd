/// The variables one forward pass recorded on a tape, layer by layer, so that values and
/// gradients of every z, a and parameter can be read back after `backward`.
public struct ForwardPass {
    /// What one layer recorded.
    public struct LayerRecord {
        /// z = W·a + b.
        public var z: Variable
        /// The batch-normalized z (γ·x̂ + β), when the layer normalizes.
        public var normalized: Variable?
        /// μ, σ² and x̂ of the batch, when the layer normalizes in training.
        public var statistics: BatchStatistics?
        /// a = act(z) (or of the normalized z).
        public var activation: Variable
        /// The dropout mask applied to a, when dropout ran.
        public var mask: Tensor?
        /// What the next layer receives: a, after dropout if any.
        public var output: Variable
        /// W and b (and γ, β) of this layer on the tape.
        public var parameters: [Variable]
    }

    /// The input batch.
    public var input: Variable
    /// One record per layer.
    public var layers: [LayerRecord]

    /// The network's output aᴸ.
    public var output: Variable { layers[layers.count - 1].output }
    /// The output layer's pre-activation zᴸ (the logits).
    public var logits: Variable { layers[layers.count - 1].z }
    /// Every parameter variable, in `Network.parameters` order.
    public var parameters: [Variable] {
        var all: [Variable] = []
        all.reserveCapacity(layers.reduce(0) { $0 + $1.parameters.count })
        for layer in layers { all += layer.parameters }
        return all
    }
}

extension Network {
    /// Records a forward pass of a batch on a tape.
    ///
    /// In training mode hidden layers use batch statistics and draw dropout masks from
    /// `generator`; in inference mode they use running statistics and no masks. With
    /// `watchInput` the input's gradient is kept too (for inspection).
    ///
    /// A `lean` pass is for a training step, which reads only the loss, the gradients of the
    /// parameters and the batch statistics: a layer without batch normalization records its
    /// affine map and activation as one `dense` primitive (its `z` is then the same variable
    /// as its `activation`), and with `outputActivation` false the output layer stops at its
    /// logits (aᴸ is recorded as zᴸ), for a loss that reads them.
    public func record(on tape: Tape, inputs: Tensor, mode: PassMode,
                       generator: inout SeededGenerator, watchInput: Bool = false,
                       trainable: Bool = true, lean: Bool = false, outputActivation: Bool = true) -> ForwardPass {
        let input = watchInput ? tape.watched(inputs) : tape.constant(inputs)
        var current = input
        var records: [ForwardPass.LayerRecord] = []
        records.reserveCapacity(layers.count)
        // Layers are read in place (`layers[index]`): a copy of each would retain all its tensors.
        for index in layers.indices {
            let isHidden = index < layers.count - 1
            let w = trainable ? tape.parameter(layers[index].weights) : tape.constant(layers[index].weights)
            let b = trainable ? tape.parameter(layers[index].bias) : tape.constant(layers[index].bias)
            var parameters = [w, b]
            let activates = isHidden || outputActivation
            let activation = layers[index].activation
            if lean, layers[index].batchNorm == nil, activates, activation.isElementwise {
                let a = tape.dense(current, weights: w, bias: b, activation: activation)
                let output = isHidden ? dropped(a, on: tape, mode: mode, generator: &generator) : (variable: a, mask: nil)
                records.append(.init(z: a, normalized: nil, statistics: nil, activation: a,
                                     mask: output.mask, output: output.variable, parameters: parameters))
                current = output.variable
                continue
            }
            let z = tape.affine(current, weights: w, bias: b)
            var preActivation = z
            var normalized: Variable?
            var statistics: BatchStatistics?
            if let bn = layers[index].batchNorm {
                let gamma = trainable ? tape.parameter(bn.gamma) : tape.constant(bn.gamma)
                let beta = trainable ? tape.parameter(bn.beta) : tape.constant(bn.beta)
                parameters += [gamma, beta]
                if mode == .training && inputs.rows > 1 {
                    let result = tape.batchNorm(z, gamma: gamma, beta: beta, epsilon: bn.epsilon)
                    normalized = result.output
                    statistics = result.statistics
                } else {
                    normalized = tape.batchNormInference(z, gamma: gamma, beta: beta,
                                                         runningMean: bn.runningMean,
                                                         runningVariance: bn.runningVariance, epsilon: bn.epsilon)
                }
                preActivation = normalized!
            }
            let a = activates ? tape.activation(activation, preActivation) : preActivation
            let output = isHidden ? dropped(a, on: tape, mode: mode, generator: &generator) : (variable: a, mask: nil)
            records.append(.init(z: z, normalized: normalized, statistics: statistics, activation: a,
                                 mask: output.mask, output: output.variable, parameters: parameters))
            current = output.variable
        }
        return ForwardPass(input: input, layers: records)
    }

    /// A hidden layer's activation after dropout: masked in training, scaled at inference
    /// when the classic form asks for it, untouched without dropout.
    private func dropped(_ a: Variable, on tape: Tape, mode: PassMode,
                         generator: inout SeededGenerator) -> (variable: Variable, mask: Tensor?) {
        guard let dropout, dropout.probability > 0 else { return (a, nil) }
        if mode == .training {
            let m = dropout.trainingMask(shape: tape.value(a).shape, generator: &generator)
            return (tape.mask(a, with: m), m)
        }
        return dropout.inferenceScale != 1 ? (tape.scale(a, by: dropout.inferenceScale), nil) : (a, nil)
    }
}
