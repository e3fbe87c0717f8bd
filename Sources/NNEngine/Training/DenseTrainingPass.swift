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
///
/// The passes themselves run in `DenseRowsPass`: one over the whole batch, or — for a batch
/// past 128 rows — two at once, on the calling thread and the pool's worker (`splitRow`),
/// with the loss computed here on the whole batch's head in between.
public struct DenseTrainingPass: Sendable {
    /// The rows the calling thread computes: the whole batch, or its first part.
    private var first = DenseRowsPass()
    /// The batch's last depth slice when it is split (see `splitRow`), on the pool's worker.
    private var second = DenseRowsPass()
    /// The last batch size and net shape `splitRow` was asked about, and its answer.
    private var splitAnswer: (rows: Int, widths: [Int], threads: Int, row: Int?)?
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
    ///
    /// A batch of more than 128 rows may be computed in two parts on two of `pool`'s threads
    /// (`splitRow`): the same numbers to the bit, whatever the number of threads.
    public mutating func gradients(of network: Network, inputs: Tensor, targets: Tensor,
                                   objective: Objective, pool: WorkerPool = .shared)
        throws(TargetError) -> (loss: Double, gradients: [Tensor]) {
        precondition(DenseTrainingPass.supports(network, objective: objective), "this network needs the tape")
        precondition(inputs.columns == network.inputs, "inputs \(inputs.shape) do not fit the net's \(network.inputs)")
        let layers = network.layers, count = layers.count
        let rows = inputs.rows, width = network.inputs, headWidth = layers[count - 1].outputs
        let readsLogits = objective.readsLogits
        let cut = splitRow(network, rows: rows, pool: pool)
        // Any address for an empty batch: nothing is read from it.
        let nowhere = UnsafePointer<Double>(bitPattern: 64)!

        // Forward, then the loss of the whole batch on the head of both parts.
        inputs.scalars.withUnsafeBufferPointer { xp in
            let x = xp.baseAddress ?? nowhere
            if let cut {
                eachPart(pool) { part, pass in
                    let (start, end) = part == 0 ? (0, cut) : (cut, rows)
                    pass.forward(network, x: x + start * width, rows: end - start, readsLogits: readsLogits)
                }
            } else {
                first.forward(network, x: x, rows: rows, readsLogits: readsLogits)
            }
        }
        let head = Tensor(shape: [rows, headWidth], scalars: [Double](unsafeUninitializedCapacity: rows * headWidth) { out, made in
            let split = cut ?? rows
            if split > 0 { first.withHead { out.baseAddress!.update(from: $0.baseAddress!, count: split * headWidth) } }
            if split < rows {
                second.withHead { (out.baseAddress! + split * headWidth).update(from: $0.baseAddress!, count: (rows - split) * headWidth) }
            }
            made = rows * headWidth
        })
        var (loss, outputDelta) = try objective.dataLoss(head: head, targets: targets)
        lastDataLoss = loss
        lastHead = head

        // Penalties, in the order the tape adds them: for each layer, λ₂·ΣW² then λ₁·Σ|W|.
        let reg = objective.regularization
        if reg.isActive {
            for layer in layers {
                if reg.l2 != 0 { loss += layer.weights.sumOfSquares * reg.l2 }
                if reg.l1 != 0 { loss += layer.weights.sumOfAbsolutes * reg.l1 }
            }
        }

        // Backward; the second part's gradients are then added to the first's, later rows'
        // sums to earlier rows' as a product sums its depth slices.
        inputs.scalars.withUnsafeBufferPointer { xp in
            outputDelta.scalars.withUnsafeBufferPointer { dp in
                let x = xp.baseAddress ?? nowhere, d = dp.baseAddress ?? nowhere
                if let cut {
                    eachPart(pool) { part, pass in
                        let start = part == 0 ? 0 : cut
                        pass.backward(network, x: x + start * width, headDelta: d + start * headWidth, readsLogits: readsLogits)
                    }
                } else {
                    first.backward(network, x: x, headDelta: d, readsLogits: readsLogits)
                }
            }
        }
        if cut != nil {
            for t in first.parameterGradients.indices {
                second.parameterGradients[t].scalars.withUnsafeBufferPointer { later in
                    first.parameterGradients[t].scalars.withUnsafeMutableBufferPointer { g in
                        for i in 0..<g.count { g[i] = later[i] + g[i] }
                    }
                }
            }
        }

        // Penalties' gradients, summed as the tape sums them: (λ₁ term + λ₂ term) + data term.
        if reg.isActive {
            for (l, layer) in layers.enumerated() {
                let k = reg.l1, twice = 2 * reg.l2
                layer.weights.scalars.withUnsafeBufferPointer { w in
                    first.parameterGradients[2 * l].scalars.withUnsafeMutableBufferPointer { g in
                        for i in 0..<g.count {
                            let l1 = w[i] > 0 ? k : (w[i] < 0 ? -k : 0), l2 = w[i] * twice
                            let penalty = reg.l1 == 0 ? l2 : (reg.l2 == 0 ? l1 : l1 + l2)
                            g[i] = penalty + g[i]
                        }
                    }
                }
            }
        }
        return (loss, first.parameterGradients)
    }

    /// Runs `body` on both parts at once: the first on the calling thread, the second on the
    /// pool's worker (or after the first, when none is free).
    private mutating func eachPart(_ pool: WorkerPool, _ body: (Int, inout DenseRowsPass) -> Void) {
        withUnsafeMutablePointer(to: &first) { a in
            withUnsafeMutablePointer(to: &second) { b in
                pool.run(blocks: 2) { part in body(part, &(part == 0 ? a : b).pointee) }
            }
        }
    }

    /// The row at which a batch is cut into two parts computed on two threads, or nil to
    /// compute it whole.
    ///
    /// The cut is the start of the batch's last depth slice of 128 rows, so each weight
    /// gradient — a product summed over the batch — comes out as the whole product sums it:
    /// the last slice's sum added to the sum of the slices before (`MatrixMultiply`), and the
    /// bias gradients likewise (`DenseKernels.columnSums`). Every other value belongs to one
    /// row. A split is used only when each product of a part is summed by the same kernel as
    /// the whole batch's (an element's bits depend on the kernel alone), and the weight
    /// gradients by the outer-product kernel, whose depth slices these are; and only when the
    /// pool has a second thread and the later part has at least 32 rows (fewer would not repay
    /// handing them over). Measured on workload (b) (2-64-64-3, batch 256), the two parts took
    /// a step from 157 µs to about 100.
    private mutating func splitRow(_ network: Network, rows: Int, pool: WorkerPool) -> Int? {
        let slice = MatrixMultiply.depthBlock
        guard pool.threads > 1, rows > slice else { return nil }
        let cut = (rows - 1) / slice * slice
        guard rows - cut >= 32 else { return nil }
        let widths = [network.inputs] + network.layers.map(\.outputs)
        if let answer = splitAnswer, answer.rows == rows, answer.widths == widths, answer.threads == pool.threads {
            return answer.row
        }
        func summation(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ lda: Int, _ ldb: Int, _ ldc: Int)
            -> MatrixMultiply.Summation {
            MatrixMultiply.summation(transposeA: ta, transposeB: tb, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc)
        }
        var exact = true
        for (l, layer) in network.layers.enumerated() {
            let i = layer.inputs, o = layer.outputs
            let forward = [rows, cut, rows - cut].map { summation(false, true, $0, o, i, i, i, o) }
            let weights = [rows, cut, rows - cut].map { summation(true, false, o, i, $0, o, i, i) }
            exact = exact && Set(forward).count == 1 && weights.allSatisfy { $0 == .outer }
            if l > 0 {
                let inputs = [rows, cut, rows - cut].map { summation(false, false, $0, i, o, o, i, i) }
                exact = exact && Set(inputs).count == 1
            }
        }
        splitAnswer = (rows, widths, pool.threads, exact ? cut : nil)
        return exact ? cut : nil
    }
}
