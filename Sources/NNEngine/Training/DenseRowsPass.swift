import NNKernels

/// The forward and backward pass of a dense stack over one run of a batch's rows, in buffers
/// kept from one step to the next: the body of `DenseTrainingPass`, which runs one of these
/// over the whole batch, or two over its two parts on two threads.
///
/// The loss is not computed here: the forward pass leaves the head (the output layer's z when
/// the loss reads logits, else its output) in `head`, and the backward pass starts from the
/// rows of ∂L/∂head that the loss of the whole batch gave.
struct DenseRowsPass {
    /// Each layer's output a (zᴸ for the output layer when the loss reads logits), rows first.
    private var outputs: [[Double]] = []
    /// Each layer's z, kept only where the activation's slope is read at z.
    private var preActivations: [[Double]] = []
    /// ∂L/∂a, then ∂L/∂z in place, for each layer's output (the output layer's copied from the
    /// loss's gradient, so that its activation's slope can be applied here).
    private var deltas: [[Double]] = []
    /// ∂L/∂W and ∂L/∂b of every layer over these rows, in `Network.parameters` order.
    var parameterGradients: [Tensor] = []
    /// The rows the buffers last held.
    private(set) var rows = 0

    /// The head of the last forward pass: `rows × outputs` values.
    func withHead<R>(_ body: (UnsafeBufferPointer<Double>) -> R) -> R {
        outputs[outputs.count - 1].withUnsafeBufferPointer(body)
    }

    /// Forward over `rows` rows of inputs at `x`: z = x·Wᵀ + b, then the activation in place
    /// (z kept first where the slope needs it); the output layer's activation is skipped when
    /// the loss reads the logits.
    mutating func forward(_ network: Network, x: UnsafePointer<Double>, rows: Int, readsLogits: Bool) {
        let layers = network.layers, count = layers.count
        prepare(for: network, rows: rows)
        for l in 0..<count {
            let layer = layers[l]
            let width = layer.outputs, size = rows * width
            let activates = l < count - 1 || !readsLogits
            // relu is applied as the bias is added, in the same pass.
            let fusedRelu = activates && layer.activation == .relu
            func affine(_ input: UnsafePointer<Double>?) {
                layer.weights.scalars.withUnsafeBufferPointer { w in
                    layer.bias.scalars.withUnsafeBufferPointer { b in
                        outputs[l].withUnsafeMutableBufferPointer { z in
                            DenseKernels.affine(x: input, rows: rows, inputs: layer.inputs, weights: w.baseAddress,
                                                bias: b.baseAddress, outputs: width, into: z.baseAddress, relu: fusedRelu)
                        }
                    }
                }
            }
            if l == 0 {
                affine(x)
            } else {
                let previous = outputs[l - 1]
                previous.withUnsafeBufferPointer { affine($0.baseAddress) }
            }
            guard activates, layer.activation != .identity, !fusedRelu, size > 0 else { continue }
            if !layer.activation.slopeReadsOutputs {
                preActivations[l].withUnsafeMutableBufferPointer { saved in
                    outputs[l].withUnsafeBufferPointer { saved.baseAddress!.update(from: $0.baseAddress!, count: size) }
                }
            }
            outputs[l].withUnsafeMutableBufferPointer { layer.activation.apply(inPlace: $0.baseAddress!, count: size) }
        }
    }

    /// Backward over the same rows, from ∂L/∂head at `headDelta` (`rows × outputs`), last layer
    /// first: ∂W = δᵀ·x, ∂b = Σ rows of δ, and ∂x = δ·W, scaled by the previous layer's slope
    /// to give that layer's δ. The penalties' gradients are not added here.
    mutating func backward(_ network: Network, x: UnsafePointer<Double>, headDelta: UnsafePointer<Double>,
                           readsLogits: Bool) {
        let layers = network.layers, count = layers.count
        let last = layers[count - 1]
        if rows > 0 {
            deltas[count - 1].withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: headDelta, count: rows * last.outputs) }
        }
        if !readsLogits && rows > 0 {
            DenseRowsPass.scale(&deltas[count - 1], count: rows * last.outputs, by: last.activation,
                                at: slopePoints(layer: count - 1, activation: last.activation))
        }
        for l in stride(from: count - 1, through: 0, by: -1) {
            let layer = layers[l]
            let width = layer.outputs, inputsWidth = layer.inputs
            let delta = deltas[l]
            func products(_ x: UnsafePointer<Double>?) {
                delta.withUnsafeBufferPointer { dp in
                    guard let d = dp.baseAddress, let xp = x, rows > 0 else {
                        // No rows, no gradient.
                        parameterGradients[2 * l].scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                        parameterGradients[2 * l + 1].scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                        return
                    }
                    parameterGradients[2 * l].scalars.withUnsafeMutableBufferPointer { dw in
                        MatrixMultiply.gemm(transposeA: true, transposeB: false, m: width, n: inputsWidth, k: rows,
                                            a: d, lda: width, b: xp, ldb: inputsWidth,
                                            c: dw.baseAddress!, ldc: inputsWidth, accumulate: false)
                    }
                    parameterGradients[2 * l + 1].scalars.withUnsafeMutableBufferPointer { db in
                        DenseKernels.columnSums(d, rows: rows, columns: width, into: db.baseAddress)
                    }
                    guard l > 0 else { return }
                    deltas[l - 1].withUnsafeMutableBufferPointer { dx in
                        layer.weights.scalars.withUnsafeBufferPointer { w in
                            MatrixMultiply.gemm(transposeA: false, transposeB: false, m: rows, n: inputsWidth, k: width,
                                                a: d, lda: width, b: w.baseAddress!, ldb: inputsWidth,
                                                c: dx.baseAddress!, ldc: inputsWidth, accumulate: false)
                        }
                    }
                }
            }
            if l == 0 {
                products(x)
            } else {
                let previous = outputs[l - 1]
                previous.withUnsafeBufferPointer { products($0.baseAddress) }
            }
            if l > 0 && rows > 0 {
                let previous = layers[l - 1].activation
                let points = slopePoints(layer: l - 1, activation: previous)
                DenseRowsPass.scale(&deltas[l - 1], count: rows * inputsWidth, by: previous, at: points)
            }
        }
    }

    /// Sizes the buffers for this network and number of rows (kept when large enough).
    private mutating func prepare(for network: Network, rows: Int) {
        self.rows = rows
        let layers = network.layers
        let shapesFit = parameterGradients.count == 2 * layers.count
            && layers.indices.allSatisfy { l in
                parameterGradients[2 * l].shape == layers[l].weights.shape
                    && parameterGradients[2 * l + 1].shape == layers[l].bias.shape
            }
        if !shapesFit {
            parameterGradients = layers.flatMap { [Tensor.zeros($0.weights.shape), Tensor.zeros($0.bias.shape)] }
            outputs = Array(repeating: [], count: layers.count)
            preActivations = Array(repeating: [], count: layers.count)
            deltas = Array(repeating: [], count: layers.count)
        }
        for (l, layer) in layers.enumerated() {
            let size = rows * layer.outputs
            if outputs[l].count < size { outputs[l] = [Double](repeating: 0, count: size) }
            if !layer.activation.slopeReadsOutputs && preActivations[l].count < size {
                preActivations[l] = [Double](repeating: 0, count: size)
            }
            if deltas[l].count < size { deltas[l] = [Double](repeating: 0, count: size) }
        }
    }

    /// Where layer `l`'s activation slope is read: its outputs, or its kept z.
    private func slopePoints(layer l: Int, activation: Activation) -> [Double] {
        activation.slopeReadsOutputs ? outputs[l] : preActivations[l]
    }

    /// Multiplies the first `count` gradients in `g` by an activation's slope at `points`.
    private static func scale(_ g: inout [Double], count: Int, by activation: Activation, at points: [Double]) {
        guard count > 0 else { return }
        points.withUnsafeBufferPointer { p in
            g.withUnsafeMutableBufferPointer { activation.scaleBySlope($0.baseAddress!, count: count, at: p.baseAddress!) }
        }
    }
}
