import NNKernels

/// The forward and backward pass of a training step for a plain stack of dense layers,
/// computed in buffers kept from one step to the next instead of on a `Tape`.
///
/// A tape records each operation with a closure for its gradient rule and allocates every
/// value and gradient afresh: at batch 32 that bookkeeping took over a tenth of a step.
/// For the networks that can take this path — dense layers with elementwise activations, no
/// batch normalization, no dropout, and an output the loss reads directly (logits for `bce`
/// and `ce`, an elementwise output for `mse` and `hinge`) — the pass is always the same
/// sequence, so it runs here directly, with the same kernels as the tape's `dense` and
/// `affine` rules (`DenseKernels`, `MatrixMultiply`), the same activation loops and the same
/// losses (`Loss.evaluate`), in the same order: the loss and every gradient equal the lean
/// tape pass's to the last bit (tests check it). Everything else — inspection, batch
/// normalization, dropout, softmax under `mse` — goes through the tape.
public struct DenseTrainingPass: Sendable {
    /// Each layer's output a (zᴸ for the output layer when the loss reads logits), rows first.
    private var outputs: [[Double]] = []
    /// Each layer's z, kept only where the activation's slope is read at z.
    private var preActivations: [[Double]] = []
    /// ∂L/∂a, then ∂L/∂z in place, for each hidden layer's output.
    private var deltas: [[Double]] = []
    /// ∂L/∂W and ∂L/∂b of every layer, in `Network.parameters` order; handed out by
    /// `gradients(of:…)` and written in place again at the next step.
    private var parameterGradients: [Tensor] = []
    /// The last step's data loss (without penalties) and the head the loss read (the output
    /// layer's z when the loss reads logits, else its output): what the epoch's report is made of.
    public private(set) var lastDataLoss = Double.nan
    public private(set) var lastHead = Tensor(shape: [0], scalars: [])

    /// Makes a pass with no buffers yet (they are sized at the first step).
    public init() {}

    /// Whether a training step of this network and objective can run here rather than on a tape.
    public static func supports(_ network: Network, objective: Objective) -> Bool {
        if let dropout = network.dropout, dropout.probability > 0 { return false }
        if network.layers.contains(where: { $0.batchNorm != nil }) { return false }
        if network.layers.dropLast().contains(where: { !$0.activation.isElementwise }) { return false }
        // The output layer's activation is skipped when the loss reads the logits.
        return objective.readsLogits || network.outputActivation.isElementwise
    }

    /// The objective (loss plus penalties) on a batch and its gradient for every tensor of
    /// `network.parameters`, as `Network.gradients(…, lean: true)` computes them.
    public mutating func gradients(of network: Network, inputs: Tensor, targets: Tensor,
                                   objective: Objective) throws(TargetError) -> (loss: Double, gradients: [Tensor]) {
        precondition(DenseTrainingPass.supports(network, objective: objective), "this network needs the tape")
        precondition(inputs.columns == network.inputs, "inputs \(inputs.shape) do not fit the net's \(network.inputs)")
        let layers = network.layers, count = layers.count
        let rows = inputs.rows
        prepare(for: network, rows: rows)
        let readsLogits = objective.readsLogits

        // Forward: z = x·Wᵀ + b, then the activation in place (z kept first where needed).
        for l in 0..<count {
            let layer = layers[l]
            let width = layer.outputs, size = rows * width
            let activates = l < count - 1 || !readsLogits
            // relu is applied as the bias is added, in the same pass.
            let fusedRelu = activates && layer.activation == .relu
            let x = l == 0 ? inputs.scalars : outputs[l - 1]
            x.withUnsafeBufferPointer { xp in
                layer.weights.scalars.withUnsafeBufferPointer { w in
                    layer.bias.scalars.withUnsafeBufferPointer { b in
                        outputs[l].withUnsafeMutableBufferPointer { z in
                            DenseKernels.affine(x: xp.baseAddress, rows: rows, inputs: layer.inputs, weights: w.baseAddress,
                                                bias: b.baseAddress, outputs: width, into: z.baseAddress, relu: fusedRelu)
                        }
                    }
                }
            }
            guard activates, layer.activation != .identity, !fusedRelu, size > 0 else { continue }
            if !layer.activation.slopeReadsOutputs {
                preActivations[l].withUnsafeMutableBufferPointer { saved in
                    outputs[l].withUnsafeBufferPointer { saved.baseAddress!.update(from: $0.baseAddress!, count: size) }
                }
            }
            outputs[l].withUnsafeMutableBufferPointer { layer.activation.apply(inPlace: $0.baseAddress!, count: size) }
        }

        // The loss and ∂L/∂head, then ∂L/∂zᴸ through the output activation when it applies.
        let last = layers[count - 1]
        let head = Tensor(shape: [rows, last.outputs], scalars: Array(outputs[count - 1][0..<(rows * last.outputs)]))
        var (loss, outputDelta) = try objective.dataLoss(head: head, targets: targets)
        lastDataLoss = loss
        lastHead = head
        if !readsLogits {
            DenseTrainingPass.scale(&outputDelta.scalars, count: head.count, by: last.activation,
                                    at: slopePoints(layer: count - 1, activation: last.activation))
        }

        // Penalties, in the order the tape adds them: for each layer, λ₂·ΣW² then λ₁·Σ|W|.
        let reg = objective.regularization
        if reg.isActive {
            for layer in layers {
                if reg.l2 != 0 { loss += layer.weights.sumOfSquares * reg.l2 }
                if reg.l1 != 0 { loss += layer.weights.sumOfAbsolutes * reg.l1 }
            }
        }

        // Backward, last layer first: ∂W = δᵀ·x, ∂b = Σ rows of δ, and ∂x = δ·W, scaled by the
        // previous layer's slope to give that layer's δ.
        for l in stride(from: count - 1, through: 0, by: -1) {
            let layer = layers[l]
            let width = layer.outputs, inputsWidth = layer.inputs
            let delta = l == count - 1 ? outputDelta.scalars : deltas[l]
            let x = l == 0 ? inputs.scalars : outputs[l - 1]
            delta.withUnsafeBufferPointer { dp in
                guard let d = dp.baseAddress, rows > 0 else {
                    // An empty batch: no sample, no gradient.
                    parameterGradients[2 * l].scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                    parameterGradients[2 * l + 1].scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                    return
                }
                x.withUnsafeBufferPointer { xp in
                    parameterGradients[2 * l].scalars.withUnsafeMutableBufferPointer { dw in
                        MatrixMultiply.gemm(transposeA: true, transposeB: false, m: width, n: inputsWidth, k: rows,
                                            a: d, lda: width, b: xp.baseAddress!, ldb: inputsWidth,
                                            c: dw.baseAddress!, ldc: inputsWidth, accumulate: false)
                    }
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
            if l > 0 && rows > 0 {
                let previous = layers[l - 1].activation
                let points = slopePoints(layer: l - 1, activation: previous)
                DenseTrainingPass.scale(&deltas[l - 1], count: rows * inputsWidth, by: previous, at: points)
            }
        }

        // Penalties' gradients, summed as the tape sums them: (λ₁ term + λ₂ term) + data term.
        if reg.isActive {
            for (l, layer) in layers.enumerated() {
                let k = reg.l1, twice = 2 * reg.l2
                layer.weights.scalars.withUnsafeBufferPointer { w in
                    parameterGradients[2 * l].scalars.withUnsafeMutableBufferPointer { g in
                        for i in 0..<g.count {
                            let l1 = w[i] > 0 ? k : (w[i] < 0 ? -k : 0), l2 = w[i] * twice
                            let penalty = reg.l1 == 0 ? l2 : (reg.l2 == 0 ? l1 : l1 + l2)
                            g[i] = penalty + g[i]
                        }
                    }
                }
            }
        }
        return (loss, parameterGradients)
    }

    /// Sizes the buffers for this network and batch (kept when they are large enough).
    private mutating func prepare(for network: Network, rows: Int) {
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
            if l < layers.count - 1 && deltas[l].count < size { deltas[l] = [Double](repeating: 0, count: size) }
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
