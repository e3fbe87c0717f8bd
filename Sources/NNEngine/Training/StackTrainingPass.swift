import NNKernels

/// The forward and backward pass of a training step for a network built layer by layer —
/// convolutions, pooling, flatten and dense layers — computed in buffers kept from one step to
/// the next instead of on a `Tape`.
///
/// The tape allocates every value, gradient, patch matrix and rule afresh at each step; this
/// pass sizes its buffers once and reuses them. It runs the same kernels as the tape's rules
/// (`ConvolutionGeometry.convolve` and its gradients, the pooling loops, `DenseKernels`,
/// `MatrixMultiply`, the activation loops and `Objective.dataLoss`) in the same order, so the
/// loss and every gradient equal the tape's to the last bit (tests check it). Networks with
/// residual connections, layer norm, dropout, a non-dense output layer or softmax before the
/// output train through the tape as before.
public struct StackTrainingPass: Sendable {
    /// Each layer's output (the last layer's z when the loss reads logits), samples first.
    private var values: [[Double]] = []
    /// The z of dense and conv layers whose activation's slope is read at z.
    private var preActivations: [[Double]] = []
    /// ∂L/∂(layer l's output) for every layer but the last; ∂L/∂z in place for dense and conv.
    private var deltas: [[Double]] = []
    /// Each conv layer's patch matrix (C·K·K × n·Ho·Wo) from the forward pass.
    private var patches: [[Double]] = []
    /// Each max pooling layer's winners.
    private var winners: [[Int]] = []
    /// The conv layers' product (F × n·Ho·Wo) and patch gradients, shared by all layers.
    private var scratch: [Double] = []
    private var patchGradients: [Double] = []
    /// ∂L/∂W and ∂L/∂b of every dense and conv layer, in `LayerStack.parameters` order;
    /// handed out by `gradients(of:…)` and written in place again at the next step.
    private var parameterGradients: [Tensor] = []
    /// The last step's data loss (without penalties) and the head the loss read.
    public private(set) var lastDataLoss = Double.nan
    public private(set) var lastHead = Tensor(shape: [0], scalars: [])

    /// Makes a pass with no buffers yet (they are sized at the first step).
    public init() {}

    /// Whether a training step of this stack and objective can run here rather than on a tape:
    /// dense layers without skip, conv, max and average pooling and flatten, elementwise
    /// activations, a dense output layer whose output the loss reads directly (its z for `bce`
    /// and `ce`, an elementwise output otherwise).
    public static func supports(_ stack: LayerStack, objective: Objective) -> Bool {
        guard case .dense(let last, false)? = stack.layers.last else { return false }
        for layer in stack.layers.dropLast() {
            switch layer {
            case .dense(let d, let skip): if skip || !d.activation.isElementwise { return false }
            case .conv(let c): if !c.activation.isElementwise { return false }
            case .maxPool, .avgPool, .flatten: continue
            default: return false
            }
        }
        return objective.readsLogits || last.activation.isElementwise
    }

    /// The objective (loss plus penalties) on a batch and its gradient for every tensor of
    /// `stack.parameters`, as `LayerStack.gradients` computes them on a tape.
    public mutating func gradients(of stack: LayerStack, inputs: Tensor, targets: Tensor,
                                   objective: Objective) throws(TargetError) -> (loss: Double, gradients: [Tensor]) {
        precondition(StackTrainingPass.supports(stack, objective: objective), "this stack needs the tape")
        precondition(inputs.columns == stack.inputShape.count, "stack: \(inputs.columns) columns for input \(stack.inputShape)")
        let layers = stack.layers, count = layers.count, rows = inputs.rows
        prepare(for: stack, rows: rows)
        let readsLogits = objective.readsLogits

        // Forward. Each buffer a layer writes is taken out of the pass while it is written
        // (held once, so no copy), and put back.
        for l in 0..<count {
            let inputShape = l == 0 ? stack.inputShape : stack.shapes[l - 1]
            let size = rows * stack.shapes[l].count
            let x = l == 0 ? inputs.scalars : values[l - 1]
            var out = values[l], cols = patches[l], won = winners[l], product = scratch
            (values[l], patches[l], winners[l], scratch) = ([], [], [], [])
            var activation: Activation?
            x.withUnsafeBufferPointer { xp in
                out.withUnsafeMutableBufferPointer { op in
                    guard rows > 0, let xb = xp.baseAddress, let o = op.baseAddress else { return }
                    switch layers[l] {
                    case .dense(let d, _):
                        activation = d.activation
                        d.weights.scalars.withUnsafeBufferPointer { w in
                            d.bias.scalars.withUnsafeBufferPointer { b in
                                DenseKernels.affine(x: xb, rows: rows, inputs: d.inputs, weights: w.baseAddress,
                                                    bias: b.baseAddress, outputs: d.outputs, into: o)
                            }
                        }
                    case .conv(let c):
                        activation = c.activation
                        let geometry = Self.geometry(inputShape, kernel: c.kernel, stride: c.stride, padding: c.padding)
                        c.weights.scalars.withUnsafeBufferPointer { w in
                            c.bias.scalars.withUnsafeBufferPointer { b in
                                cols.withUnsafeMutableBufferPointer { cp in
                                    product.withUnsafeMutableBufferPointer { pp in
                                        geometry.convolve(xb, samples: rows, weights: w.baseAddress!, bias: b.baseAddress!,
                                                          filters: c.filters, cols: cp.baseAddress!,
                                                          product: pp.baseAddress!, into: o)
                                    }
                                }
                            }
                        }
                    case .maxPool(let k, let s):
                        let geometry = Self.geometry(inputShape, kernel: k, stride: s, padding: 0)
                        won.withUnsafeMutableBufferPointer { wp in
                            geometry.maxPool(xb, planes: rows * geometry.channels, into: o, winners: wp.baseAddress!)
                        }
                    case .avgPool(let k, let s):
                        let geometry = Self.geometry(inputShape, kernel: k, stride: s, padding: 0)
                        geometry.averagePool(xb, planes: rows * geometry.channels, into: o)
                    default:
                        o.update(from: xb, count: size)
                    }
                }
            }
            (patches[l], winners[l], scratch) = (cols, won, product)
            if let activation, l < count - 1 || !readsLogits, activation != .identity, size > 0 {
                if !activation.slopeReadsOutputs {
                    var saved = preActivations[l]
                    preActivations[l] = []
                    saved.withUnsafeMutableBufferPointer { sp in
                        out.withUnsafeBufferPointer { sp.baseAddress!.update(from: $0.baseAddress!, count: size) }
                    }
                    preActivations[l] = saved
                }
                out.withUnsafeMutableBufferPointer { activation.apply(inPlace: $0.baseAddress!, count: size) }
            }
            values[l] = out
        }

        // The loss and ∂L/∂head, then ∂L/∂zᴸ through the output activation when it applies.
        guard case .dense(let output, _) = layers[count - 1] else { preconditionFailure("the last layer is dense") }
        let head = Tensor(shape: [rows, output.outputs], scalars: Array(values[count - 1][0..<(rows * output.outputs)]))
        var (loss, outputDelta) = try objective.dataLoss(head: head, targets: targets)
        lastDataLoss = loss
        lastHead = head
        if !readsLogits {
            scale(&outputDelta.scalars, count: head.count, layer: count - 1, activation: output.activation)
        }

        // Penalties, in the order the tape adds them: for each weight, λ₂·ΣW² then λ₁·Σ|W|.
        let reg = objective.regularization
        if reg.isActive {
            for layer in layers {
                guard let w = Self.weights(of: layer) else { continue }
                if reg.l2 != 0 { loss += w.sumOfSquares * reg.l2 }
                if reg.l1 != 0 { loss += w.sumOfAbsolutes * reg.l1 }
            }
        }

        // Backward, last layer first: each layer turns ∂L/∂(its output) into its parameters'
        // gradients and ∂L/∂(its input), which the layer below scales by its slope.
        var slot = parameterGradients.count
        for l in stride(from: count - 1, through: 0, by: -1) {
            let layer = layers[l]
            let hasWeights = Self.weights(of: layer) != nil
            if hasWeights { slot -= 2 }
            // Below the lowest layer with parameters no gradient is read.
            let wantsInput = l > 0 && layers[..<l].contains { Self.weights(of: $0) != nil }
            guard hasWeights || wantsInput else { continue }
            let inputShape = l == 0 ? stack.inputShape : stack.shapes[l - 1]
            let g = l == count - 1 ? outputDelta.scalars : deltas[l]
            let x = l == 0 ? inputs.scalars : values[l - 1]
            var dx: [Double] = []
            if wantsInput { (dx, deltas[l - 1]) = (deltas[l - 1], []) }
            var dW = Tensor(shape: [0], scalars: []), db = dW
            if hasWeights {
                (dW, parameterGradients[slot]) = (parameterGradients[slot], dW)
                (db, parameterGradients[slot + 1]) = (parameterGradients[slot + 1], db)
            }
            var product = scratch, dcols = patchGradients
            (scratch, patchGradients) = ([], [])
            Self.backward(layer, inputShape: inputShape, rows: rows, outputSize: rows * stack.shapes[l].count, g: g, x: x,
                          patches: patches[l], winners: winners[l], dW: &dW.scalars, db: &db.scalars,
                          dx: &dx, wantsInput: wantsInput, scratch: &product, dcols: &dcols)
            (scratch, patchGradients) = (product, dcols)
            if hasWeights { (parameterGradients[slot], parameterGradients[slot + 1]) = (dW, db) }
            guard wantsInput else { continue }
            deltas[l - 1] = dx
            guard rows > 0 else { continue }
            let inputSize = rows * inputShape.count
            switch layers[l - 1] {
            case .dense(let d, _): scale(&deltas[l - 1], count: inputSize, layer: l - 1, activation: d.activation)
            case .conv(let c): scale(&deltas[l - 1], count: inputSize, layer: l - 1, activation: c.activation)
            default: break
            }
        }

        // Penalties' gradients, summed as the tape sums them: (λ₁ term + λ₂ term) + data term.
        if reg.isActive {
            var k = 0
            for layer in layers {
                guard let weights = Self.weights(of: layer) else { continue }
                let l1 = reg.l1, twice = 2 * reg.l2
                weights.scalars.withUnsafeBufferPointer { w in
                    parameterGradients[k].scalars.withUnsafeMutableBufferPointer { g in
                        for i in 0..<g.count {
                            let a = w[i] > 0 ? l1 : (w[i] < 0 ? -l1 : 0), b = w[i] * twice
                            let penalty = reg.l1 == 0 ? b : (reg.l2 == 0 ? a : a + b)
                            g[i] = penalty + g[i]
                        }
                    }
                }
                k += 2
            }
        }
        return (loss, parameterGradients)
    }

    /// One layer's rule: its parameters' gradients into `dW` and `db` (dense and conv), and
    /// ∂L/∂x into `dx` when given.
    private static func backward(_ layer: StackLayer, inputShape: LayerShape, rows: Int, outputSize: Int, g: [Double],
                                 x: [Double], patches: [Double], winners: [Int], dW: inout [Double], db: inout [Double],
                                 dx: inout [Double], wantsInput: Bool, scratch: inout [Double], dcols: inout [Double]) {
        let inputSize = rows * inputShape.count
        guard rows > 0 else {
            dW.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            db.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            return
        }
        g.withUnsafeBufferPointer { gp in
            let gb = gp.baseAddress!
            x.withUnsafeBufferPointer { xp in
                let xb = xp.baseAddress!
                dW.withUnsafeMutableBufferPointer { dwp in
                    db.withUnsafeMutableBufferPointer { dbp in
                        dx.withUnsafeMutableBufferPointer { dxp in
                            let dxb = wantsInput ? dxp.baseAddress : nil
                            switch layer {
                            case .dense(let d, _):
                                let width = d.outputs, inputsWidth = d.inputs
                                MatrixMultiply.gemm(transposeA: true, transposeB: false, m: width, n: inputsWidth, k: rows,
                                                    a: gb, lda: width, b: xb, ldb: inputsWidth,
                                                    c: dwp.baseAddress!, ldc: inputsWidth, accumulate: false)
                                DenseKernels.columnSums(gb, rows: rows, columns: width, into: dbp.baseAddress)
                                guard let dxb else { return }
                                d.weights.scalars.withUnsafeBufferPointer { w in
                                    MatrixMultiply.gemm(transposeA: false, transposeB: false, m: rows, n: inputsWidth, k: width,
                                                        a: gb, lda: width, b: w.baseAddress!, ldb: inputsWidth,
                                                        c: dxb, ldc: inputsWidth, accumulate: false)
                                }
                            case .conv(let c):
                                let geometry = Self.geometry(inputShape, kernel: c.kernel, stride: c.stride, padding: c.padding)
                                c.weights.scalars.withUnsafeBufferPointer { w in
                                    patches.withUnsafeBufferPointer { cols in
                                        scratch.withUnsafeMutableBufferPointer { sp in
                                            dcols.withUnsafeMutableBufferPointer { dcp in
                                                geometry.convolutionGradients(
                                                    gb, samples: rows, cols: cols.baseAddress!, weights: w.baseAddress!,
                                                    filters: c.filters, scratch: sp.baseAddress!, dW: dwp.baseAddress!,
                                                    db: dbp.baseAddress!, dcols: dxb == nil ? nil : dcp.baseAddress, dx: dxb)
                                            }
                                        }
                                    }
                                }
                            case .maxPool:
                                guard let dxb else { return }
                                winners.withUnsafeBufferPointer { wp in
                                    ConvolutionGeometry.maxPoolGradients(gb, outputs: outputSize, winners: wp.baseAddress!,
                                                                         into: dxb, count: inputSize)
                                }
                            case .avgPool(let k, let s):
                                guard let dxb else { return }
                                let geometry = Self.geometry(inputShape, kernel: k, stride: s, padding: 0)
                                geometry.averagePoolGradients(gb, planes: rows * geometry.channels, into: dxb)
                            default:
                                dxb?.update(from: gb, count: inputSize)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Sizes the buffers for this stack and batch (kept when they are large enough).
    private mutating func prepare(for stack: LayerStack, rows: Int) {
        let layers = stack.layers, count = layers.count
        // Checked without building arrays: a step allocates no buffer once they fit.
        var shapesFit = true, k = 0
        for layer in layers {
            guard let (w, b) = Self.parameters(of: layer) else { continue }
            shapesFit = shapesFit && k + 1 < parameterGradients.count
                && parameterGradients[k].shape == w.shape && parameterGradients[k + 1].shape == b.shape
            k += 2
        }
        if !shapesFit || k != parameterGradients.count {
            parameterGradients = layers.compactMap { Self.parameters(of: $0) }.flatMap { [Tensor.zeros($0.0.shape), Tensor.zeros($0.1.shape)] }
        }
        if values.count != count {
            values = Array(repeating: [], count: count)
            preActivations = values
            deltas = values
            patches = values
            winners = Array(repeating: [], count: count)
        }
        func grow<T: Numeric>(_ buffer: inout [T], to size: Int) {
            if buffer.count < size { buffer = [T](repeating: 0, count: size) }
        }
        for (l, layer) in layers.enumerated() {
            let size = rows * stack.shapes[l].count
            grow(&values[l], to: size)
            if l < count - 1 { grow(&deltas[l], to: size) }
            switch layer {
            case .dense(let d, _):
                if !d.activation.slopeReadsOutputs { grow(&preActivations[l], to: size) }
            case .conv(let c):
                if !c.activation.slopeReadsOutputs { grow(&preActivations[l], to: size) }
                let geometry = Self.geometry(l == 0 ? stack.inputShape : stack.shapes[l - 1], kernel: c.kernel,
                                             stride: c.stride, padding: c.padding)
                let wide = geometry.batchColumns(rows)
                grow(&patches[l], to: geometry.patchSize * wide)
                grow(&patchGradients, to: geometry.patchSize * wide)
                grow(&scratch, to: c.filters * wide)
            case .maxPool:
                grow(&winners[l], to: size)
            default:
                break
            }
        }
    }

    /// The geometry of a window sliding over an image-shaped input.
    private static func geometry(_ input: LayerShape, kernel: Int, stride: Int, padding: Int) -> ConvolutionGeometry {
        guard case .image(let c, let h, let w) = input else { preconditionFailure("a window slides over an image, not \(input)") }
        return ConvolutionGeometry(channels: c, height: h, width: w, kernel: kernel, stride: stride, padding: padding)
    }

    /// A dense or conv layer's weights (regularized), nil for layers without parameters.
    private static func weights(of layer: StackLayer) -> Tensor? {
        switch layer {
        case .dense(let d, _): return d.weights
        case .conv(let c): return c.weights
        default: return nil
        }
    }

    /// A dense or conv layer's weights and bias.
    private static func parameters(of layer: StackLayer) -> (Tensor, Tensor)? {
        switch layer {
        case .dense(let d, _): return (d.weights, d.bias)
        case .conv(let c): return (c.weights, c.bias)
        default: return nil
        }
    }

    /// Multiplies the first `count` gradients in `g` by layer `l`'s activation slope, read at
    /// its outputs or its kept z.
    private func scale(_ g: inout [Double], count: Int, layer l: Int, activation: Activation) {
        guard count > 0, activation != .identity else { return }
        let points = activation.slopeReadsOutputs ? values[l] : preActivations[l]
        points.withUnsafeBufferPointer { p in
            g.withUnsafeMutableBufferPointer { activation.scaleBySlope($0.baseAddress!, count: count, at: p.baseAddress!) }
        }
    }
}
