import NNKernels

/// A feed-forward network: dense layers in order, with optional dropout after each hidden
/// layer and optional batch normalization inside each hidden layer; or a network built layer
/// by layer (`stack`: convolution, pooling, layer norm, residual connections …).
///
/// `net SPEC` builds the dense form, which keeps its tape-free training path and its
/// per-layer inspection; a network with a `stack` trains through the tape and has no dense
/// `layers`.
public struct Network: Equatable, Sendable {
    /// The dense layers from input to output (empty for a network built layer by layer).
    public var layers: [DenseLayer]
    /// Dropout after each hidden layer's activation, if on (dense form only).
    public var dropout: Dropout?
    /// The layer-by-layer form, for networks built with `net input` and `layer`.
    public var stack: LayerStack?

    /// Makes a network from its layers.
    public init(layers: [DenseLayer], dropout: Dropout? = nil) {
        precondition(!layers.isEmpty, "a network needs at least one layer")
        self.layers = layers
        self.dropout = dropout
    }

    /// Makes a network built layer by layer; it needs at least one layer.
    public init(stack: LayerStack) {
        precondition(!stack.layers.isEmpty, "a network needs at least one layer")
        self.layers = []
        self.stack = stack
    }

    /// Whether this network is a plain stack of dense layers (built by `net SPEC`).
    public var isDense: Bool { stack == nil }

    /// Makes a freshly initialized network from a spec such as `2-8:relu-8:tanh-3:softmax`.
    public init(spec: NetworkSpec, initializer: Initializer? = nil, seed: Int) {
        var generator = SeededGenerator(seed: seed)
        var layers: [DenseLayer] = []
        for (i, width) in spec.widths.dropFirst().enumerated() {
            let activation = spec.activations[i]
            let inputs = spec.widths[i]
            let rule = initializer ?? Initializer.default(for: activation)
            layers.append(DenseLayer(weights: rule.weights(outputs: width, inputs: inputs, generator: &generator),
                                     bias: Tensor.zeros([width]), activation: activation))
        }
        self.init(layers: layers)
    }

    /// The number of input features.
    public var inputs: Int { stack?.inputs ?? layers[0].inputs }
    /// The number of outputs.
    public var outputs: Int { stack?.outputs ?? layers[layers.count - 1].outputs }
    /// The output layer's activation.
    public var outputActivation: Activation { stack?.outputActivation ?? layers[layers.count - 1].activation }
    /// The layer widths from input to output, e.g. [2, 8, 8, 1].
    public var widths: [Int] { [inputs] + layers.map(\.outputs) }
    /// The spec this network has, e.g. `2-8:relu-8:relu-1:sigmoid`.
    public var spec: NetworkSpec {
        NetworkSpec(widths: widths, activations: layers.map(\.activation))
    }
    /// The total number of trainable numbers.
    public var parameterCount: Int { stack?.parameterCount ?? layers.reduce(0) { $0 + $1.parameterCount } }

    /// Whether hidden layers use batch normalization.
    public var usesBatchNorm: Bool { !layers.isEmpty && layers.dropLast().contains { $0.batchNorm != nil } }

    /// Switches batch normalization of the hidden layers on (fresh γ, β) or off.
    public mutating func setBatchNorm(_ on: Bool) {
        for i in 0..<max(layers.count - 1, 0) {
            layers[i].batchNorm = on ? (layers[i].batchNorm ?? BatchNormalization(units: layers[i].outputs)) : nil
        }
    }

    /// Every trainable tensor in a fixed order: W¹, b¹, (γ¹, β¹), W², b², …
    public var parameters: [Tensor] {
        get {
            if let stack { return stack.parameters }
            var out: [Tensor] = []
            out.reserveCapacity(4 * layers.count)
            for layer in layers {
                out.append(layer.weights)
                out.append(layer.bias)
                if let bn = layer.batchNorm { out.append(bn.gamma); out.append(bn.beta) }
            }
            return out
        }
        set {
            if stack != nil { stack!.parameters = newValue; return }
            var k = 0
            for i in layers.indices {
                layers[i].weights = newValue[k]; layers[i].bias = newValue[k + 1]; k += 2
                if layers[i].batchNorm != nil {
                    layers[i].batchNorm!.gamma = newValue[k]; layers[i].batchNorm!.beta = newValue[k + 1]; k += 2
                }
            }
        }
    }

    /// Lets `body` change every parameter in place, in `parameters` order.
    ///
    /// The tensors are moved out of the layers first (swapped with an empty tensor), so each is
    /// held once and an optimizer's in-place update does not copy it.
    public mutating func updateParameters(_ body: (inout [Tensor]) -> Void) {
        if stack != nil {
            var values = stack!.parameters
            let count = values.count
            // Empty the stack's tensors so each is held once while the body updates it.
            stack!.parameters = [Tensor](repeating: Tensor(shape: [0], scalars: []), count: count)
            body(&values)
            precondition(values.count == count, "updateParameters: the body must keep every parameter")
            stack!.parameters = values
            return
        }
        var values: [Tensor] = []
        values.reserveCapacity(4 * layers.count)
        let empty = Tensor(shape: [0], scalars: [])
        func moveOut(_ tensor: inout Tensor) {
            var taken = empty
            swap(&taken, &tensor)
            values.append(taken)
        }
        func moveIn(_ tensor: inout Tensor, _ k: inout Int) {
            swap(&tensor, &values[k])
            k += 1
        }
        for i in layers.indices {
            moveOut(&layers[i].weights)
            moveOut(&layers[i].bias)
            if layers[i].batchNorm != nil {
                moveOut(&layers[i].batchNorm!.gamma)
                moveOut(&layers[i].batchNorm!.beta)
            }
        }
        let count = values.count
        body(&values)
        precondition(values.count == count, "updateParameters: the body must keep every parameter")
        var k = 0
        for i in layers.indices {
            moveIn(&layers[i].weights, &k)
            moveIn(&layers[i].bias, &k)
            if layers[i].batchNorm != nil {
                moveIn(&layers[i].batchNorm!.gamma, &k)
                moveIn(&layers[i].batchNorm!.beta, &k)
            }
        }
    }

    /// The names of the tensors in `parameters`: w1, b1, gamma1, beta1, w2, …
    public var parameterNames: [String] {
        if let stack { return stack.parameterNames }
        var out: [String] = []
        for (i, layer) in layers.enumerated() {
            out += ["w\(i + 1)", "b\(i + 1)"]
            if layer.batchNorm != nil { out += ["gamma\(i + 1)", "beta\(i + 1)"] }
        }
        return out
    }

    /// For each tensor in `parameters`, whether it is a weight matrix (regularized) or not.
    public var parameterIsWeight: [Bool] {
        if let stack { return stack.parameterIsWeight }
        var out: [Bool] = []
        for layer in layers { out += [true, false]; if layer.batchNorm != nil { out += [false, false] } }
        return out
    }

    /// The outputs aᴸ for a batch of inputs, at inference.
    public func predict(_ inputs: Tensor) -> Tensor { infer(inputs).outputs }

    /// The logits zᴸ and the outputs aᴸ for a batch of inputs, at inference, from one pass.
    ///
    /// Large batches (a plot's grid of pixels, a whole split) go through in blocks of 512
    /// rows: rows do not affect each other at inference, and blocks this size keep every
    /// intermediate in cache and out of the allocator's page-mapping path. The blocks of a
    /// plain dense stack are shared out over the worker pool (each block's numbers are its own,
    /// whichever thread computes it); other nets take them in turn.
    public func infer(_ inputs: Tensor) -> (logits: Tensor, outputs: Tensor) {
        _ = AllocatorTuning.applied
        let block = 512
        guard inputs.rows > block else { return inferBlock(inputs) }
        let count = (inputs.rows + block - 1) / block
        let parts = UnsafeMutablePointer<(logits: Tensor, outputs: Tensor)?>.allocate(capacity: count)
        parts.initialize(repeating: nil, count: count)
        defer {
            parts.deinitialize(count: count)
            parts.deallocate()
        }
        let inferPart = { (b: Int) in
            let start = b * block, end = min(start + block, inputs.rows)
            parts[b] = inferBlock(inputs.gatherRows(Array(start..<end)))
        }
        if stack == nil && DenseInference.supports(self) {
            WorkerPool.shared.run(blocks: count, inferPart)
        } else {
            for b in 0..<count { inferPart(b) }
        }
        var logits: [Double] = [], outs: [Double] = []
        logits.reserveCapacity(inputs.rows * outputs)
        outs.reserveCapacity(inputs.rows * outputs)
        for b in 0..<count {
            logits += parts[b]!.logits.scalars
            outs += parts[b]!.outputs.scalars
        }
        return (Tensor(shape: [inputs.rows, outputs], scalars: logits), Tensor(shape: [inputs.rows, outputs], scalars: outs))
    }

    private func inferBlock(_ inputs: Tensor) -> (logits: Tensor, outputs: Tensor) {
        if let stack { return stack.infer(inputs) }
        // Plain dense stacks skip the tape: the same kernels in the same order (`DenseInference`).
        if DenseInference.supports(self) { return DenseInference.infer(self, inputs) }
        let tape = Tape()
        var generator = SeededGenerator(seed: 0)
        let pass = record(on: tape, inputs: inputs, mode: .inference, generator: &generator, trainable: false)
        return (tape.value(pass.logits), tape.value(pass.output))
    }
}

/// Whether a pass trains (batch statistics, dropout masks) or infers (running statistics, no
/// masks).
public enum PassMode: Sendable { case training, inference }
