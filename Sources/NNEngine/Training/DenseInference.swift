import NNKernels

/// A network's inference pass without a tape, for the plain dense stacks: the same numbers as
/// the tape's inference pass, to the last bit, at a fraction of its bookkeeping.
///
/// At inference the tape records, for each layer, `affine` (`DenseKernels.affine`) and then the
/// activation (`Activation.apply`, or `Activation.softmaxRows`), allocating every value and a
/// gradient rule it never runs; evaluating the training split took a quarter of the time of
/// training it. Here the same kernels run in the same order over two reused buffers. Networks
/// with batch normalization or dropout, whose inference differs from training, take the tape.
enum DenseInference {
    /// Whether this network's inference can run here.
    static func supports(_ network: Network) -> Bool {
        if let dropout = network.dropout, dropout.probability > 0 { return false }
        return !network.layers.contains { $0.batchNorm != nil }
            && !network.layers.dropLast().contains { !$0.activation.isElementwise }
    }

    /// The logits (the output layer's z) and the outputs of a block of rows, as the tape's
    /// inference pass gives them.
    static func infer(_ network: Network, _ inputs: Tensor) -> (logits: Tensor, outputs: Tensor) {
        precondition(inputs.columns == network.inputs, "inputs \(inputs.shape) do not fit the net's \(network.inputs)")
        let rows = inputs.rows, layers = network.layers
        let widest = layers.map(\.outputs).max() ?? 0
        var current = [Double](repeating: 0, count: rows * widest)
        var next = [Double](repeating: 0, count: rows * widest)
        var logits: Tensor?
        for (l, layer) in layers.enumerated() {
            let width = layer.outputs, size = rows * width
            let source = l == 0 ? inputs.scalars : current
            source.withUnsafeBufferPointer { x in
                layer.weights.scalars.withUnsafeBufferPointer { w in
                    layer.bias.scalars.withUnsafeBufferPointer { b in
                        next.withUnsafeMutableBufferPointer { z in
                            DenseKernels.affine(x: x.baseAddress, rows: rows, inputs: layer.inputs, weights: w.baseAddress,
                                                bias: b.baseAddress, outputs: width, into: z.baseAddress)
                        }
                    }
                }
            }
            if l == layers.count - 1 {
                logits = Tensor(shape: [rows, width], scalars: Array(next[0..<size]))
                break
            }
            if layer.activation != .identity, size > 0 {
                next.withUnsafeMutableBufferPointer { layer.activation.apply(inPlace: $0.baseAddress!, count: size) }
            }
            swap(&current, &next)
        }
        let z = logits!, activation = network.outputActivation
        if activation == .softmax { return (z, Activation.softmaxRows(z)) }
        var outputs = z
        if activation != .identity, outputs.count > 0 {
            outputs.scalars.withUnsafeMutableBufferPointer { activation.apply(inPlace: $0.baseAddress!, count: $0.count) }
        }
        return (z, outputs)
    }
}
