import NNKernels

/// The image primitives: 2-D convolution, max and average pooling and reshaping, each with
/// its one gradient rule. Images travel as rank-4 tensors n × C × H × W (PyTorch's layout).
extension Tape {
    /// A 2-D convolution with zero padding, as PyTorch's `Conv2d`: x is n × C × H × W,
    /// the weights F × C × K × K, the bias F; the result is n × F × Ho × Wo with
    /// out[s, f, i, j] = b[f] + Σ_{c,u,v} W[f, c, u, v] · x[s, c, i·S + u − P, j·S + v − P].
    ///
    /// Computed as im2col then one matrix product per sample (the engine's GEMM); its rule:
    /// ∂W = Σₛ gₛ·colsₛᵀ, ∂b = Σ of g over samples and positions, ∂x = col2im(Wᵀ·gₛ).
    public func conv2d(_ x: Variable, weights w: Variable, bias b: Variable, stride: Int, padding: Int) -> Variable {
        let xv = value(x), wv = value(w), bv = value(b)
        precondition(xv.rank == 4 && wv.rank == 4 && wv.shape[1] == xv.shape[1] && wv.shape[2] == wv.shape[3]
                     && bv.count == wv.shape[0], "conv2d: x \(xv.shape), W \(wv.shape), b \(bv.shape)")
        let n = xv.shape[0], filters = wv.shape[0]
        let geometry = ConvolutionGeometry(channels: xv.shape[1], height: xv.shape[2], width: xv.shape[3],
                                           kernel: wv.shape[2], stride: stride, padding: padding)
        precondition(geometry.fits, "conv2d: a \(geometry.kernel)×\(geometry.kernel) kernel does not fit \(xv.shape)")
        let p = geometry.positions, rows = geometry.patchSize, image = xv.count / max(n, 1)
        var cols = [Double](repeating: 0, count: n * rows * p)
        var out = [Double](repeating: 0, count: n * filters * p)
        xv.scalars.withUnsafeBufferPointer { xp in
            wv.scalars.withUnsafeBufferPointer { wp in
                cols.withUnsafeMutableBufferPointer { cp in
                    out.withUnsafeMutableBufferPointer { op in
                        for s in 0..<n {
                            let sampleCols = cp.baseAddress! + s * rows * p
                            geometry.im2col(xp.baseAddress! + s * image, into: sampleCols)
                            let o = op.baseAddress! + s * filters * p
                            MatrixMultiply.gemm(transposeA: false, transposeB: false, m: filters, n: p, k: rows,
                                                a: wp.baseAddress!, lda: rows, b: sampleCols, ldb: p,
                                                c: o, ldc: p, accumulate: false)
                            for f in 0..<filters {
                                let bias = bv.scalars[f]
                                for q in 0..<p { o[f * p + q] += bias }
                            }
                        }
                    }
                }
            }
        }
        let patches = cols
        let needX = needsGradient(x)
        let result = Tensor(shape: [n, filters, geometry.outputHeight, geometry.outputWidth], scalars: out)
        return record(result, inputs: [x, w, b]) { g in
            var dW = Tensor.zeros(wv.shape), db = Tensor.zeros(bv.shape)
            var dx: Tensor? = needX ? Tensor.zeros(xv.shape) : nil
            var dcols = [Double](repeating: 0, count: needX ? rows * p : 0)
            g.scalars.withUnsafeBufferPointer { gp in
                patches.withUnsafeBufferPointer { cp in
                    wv.scalars.withUnsafeBufferPointer { wp in
                        dW.scalars.withUnsafeMutableBufferPointer { dwp in
                            for s in 0..<n {
                                let gs = gp.baseAddress! + s * filters * p
                                MatrixMultiply.gemm(transposeA: false, transposeB: true, m: filters, n: rows, k: p,
                                                    a: gs, lda: p, b: cp.baseAddress! + s * rows * p, ldb: p,
                                                    c: dwp.baseAddress!, ldc: rows, accumulate: s > 0)
                                for f in 0..<filters {
                                    var sum = 0.0
                                    for q in 0..<p { sum += gs[f * p + q] }
                                    db.scalars[f] += sum
                                }
                                guard needX else { continue }
                                dcols.withUnsafeMutableBufferPointer { dp in
                                    MatrixMultiply.gemm(transposeA: true, transposeB: false, m: rows, n: p, k: filters,
                                                        a: wp.baseAddress!, lda: rows, b: gs, ldb: p,
                                                        c: dp.baseAddress!, ldc: p, accumulate: false)
                                    dx!.scalars.withUnsafeMutableBufferPointer { dxp in
                                        geometry.col2im(dp.baseAddress!, addingInto: dxp.baseAddress! + s * image)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return [dx, dW, db]
        }
    }

    /// Max pooling without padding, as PyTorch's `MaxPool2d`: each K×K window (stride S, a
    /// leftover row or column dropped) gives its largest value; the rule sends each output's
    /// gradient to the first position holding that maximum.
    public func maxPool2d(_ x: Variable, size: Int, stride: Int) -> Variable {
        let xv = value(x)
        let (geometry, n) = Tape.poolGeometry(xv, size: size, stride: stride)
        let ho = geometry.outputHeight, wo = geometry.outputWidth, h = geometry.height, wd = geometry.width
        let planes = n * geometry.channels
        var out = [Double](repeating: 0, count: planes * ho * wo)
        var winners = [Int](repeating: 0, count: out.count)
        for plane in 0..<planes {
            let base = plane * h * wd
            for i in 0..<ho {
                for j in 0..<wo {
                    var best = base + (i * stride) * wd + j * stride
                    for u in 0..<size {
                        for v in 0..<size {
                            let at = base + (i * stride + u) * wd + j * stride + v
                            if xv.scalars[at] > xv.scalars[best] { best = at }
                        }
                    }
                    let o = (plane * ho + i) * wo + j
                    out[o] = xv.scalars[best]
                    winners[o] = best
                }
            }
        }
        let shape = xv.shape
        return record(Tensor(shape: [n, geometry.channels, ho, wo], scalars: out), inputs: [x]) { g in
            var dx = Tensor.zeros(shape)
            for (o, at) in winners.enumerated() { dx.scalars[at] += g.scalars[o] }
            return [dx]
        }
    }

    /// Average pooling without padding, as PyTorch's `AvgPool2d`: each K×K window's sum
    /// divided by K²; the rule spreads each output's gradient evenly over its window.
    public func avgPool2d(_ x: Variable, size: Int, stride: Int) -> Variable {
        let xv = value(x)
        let (geometry, n) = Tape.poolGeometry(xv, size: size, stride: stride)
        let ho = geometry.outputHeight, wo = geometry.outputWidth, h = geometry.height, wd = geometry.width
        let planes = n * geometry.channels
        let scale = 1 / Double(size * size)
        var out = [Double](repeating: 0, count: planes * ho * wo)
        for plane in 0..<planes {
            let base = plane * h * wd
            for i in 0..<ho {
                for j in 0..<wo {
                    var sum = 0.0
                    for u in 0..<size {
                        for v in 0..<size { sum += xv.scalars[base + (i * stride + u) * wd + j * stride + v] }
                    }
                    out[(plane * ho + i) * wo + j] = sum * scale
                }
            }
        }
        let shape = xv.shape
        return record(Tensor(shape: [n, geometry.channels, ho, wo], scalars: out), inputs: [x]) { g in
            var dx = Tensor.zeros(shape)
            for plane in 0..<planes {
                let base = plane * h * wd
                for i in 0..<ho {
                    for j in 0..<wo {
                        let share = g.scalars[(plane * ho + i) * wo + j] * scale
                        for u in 0..<size {
                            for v in 0..<size { dx.scalars[base + (i * stride + u) * wd + j * stride + v] += share }
                        }
                    }
                }
            }
            return [dx]
        }
    }

    /// The same elements under another shape (flatten: n × C × H × W to n × C·H·W keeps C,
    /// then H, then W order); the rule reshapes the gradient back.
    public func reshape(_ x: Variable, to shape: [Int]) -> Variable {
        let old = value(x).shape
        return record(value(x).reshaped(shape), inputs: [x]) { g in [g.reshaped(old)] }
    }

    static func poolGeometry(_ x: Tensor, size: Int, stride: Int) -> (ConvolutionGeometry, Int) {
        precondition(x.rank == 4, "pooling needs n × C × H × W, got \(x.shape)")
        let geometry = ConvolutionGeometry(channels: x.shape[1], height: x.shape[2], width: x.shape[3],
                                           kernel: size, stride: stride)
        precondition(size >= 1 && stride >= 1 && geometry.fits, "pooling: a \(size)×\(size) window does not fit \(x.shape)")
        return (geometry, x.shape[0])
    }
}
