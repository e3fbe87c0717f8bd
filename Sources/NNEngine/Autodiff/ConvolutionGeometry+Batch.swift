import NNKernels

/// Convolution and pooling over a whole batch in caller-owned buffers: the loops the tape's
/// rules (`Tape.conv2d`, `maxPool2d`, `avgPool2d`) and the tape-free training pass
/// (`StackTrainingPass`) share, so that both give the same numbers to the last bit.
///
/// A convolution is one matrix product per batch, not per sample: the batch's patches sit side
/// by side in one (C·K·K) × (n·Ho·Wo) matrix, so the product W·cols is F × (n·Ho·Wo), wide
/// enough for the GEMM's blocks (per sample it was 8 × 64 × 9 on digits, all edges).
extension ConvolutionGeometry {
    /// The columns of the batch's patch matrix: n·Ho·Wo.
    func batchColumns(_ n: Int) -> Int { n * positions }

    /// out = W ⊛ x + b for a batch: x is n × C × H × W, `weights` F × (C·K·K), `bias` F; `cols`
    /// (C·K·K × n·Ho·Wo) receives the patches, `product` (F × n·Ho·Wo) is scratch, and `out`
    /// (n × F × Ho × Wo) receives the result.
    func convolve(_ x: UnsafePointer<Double>, samples n: Int, weights: UnsafePointer<Double>, bias: UnsafePointer<Double>,
                  filters: Int, cols: UnsafeMutablePointer<Double>, product: UnsafeMutablePointer<Double>,
                  into out: UnsafeMutablePointer<Double>) {
        let p = positions, wide = batchColumns(n), rows = patchSize, image = channels * height * width
        guard n > 0 else { return }
        for s in 0..<n { im2col(x + s * image, into: cols + s * p, rowStride: wide) }
        MatrixMultiply.gemm(transposeA: false, transposeB: false, m: filters, n: wide, k: rows,
                            a: weights, lda: rows, b: cols, ldb: wide, c: product, ldc: wide, accumulate: false)
        // F × (n·P) to n × F × P, adding the bias on the way.
        for s in 0..<n {
            for f in 0..<filters {
                let source = product + f * wide + s * p, target = out + (s * filters + f) * p, b = bias[f]
                for q in 0..<p { target[q] = source[q] + b }
            }
        }
    }

    /// The convolution's rule for a batch: from g = ∂L/∂out (n × F × Ho × Wo) and the forward
    /// pass's `cols`, writes ∂W = G·colsᵀ (F × C·K·K), ∂b (F; each filter's sum over samples
    /// and positions) and, when `dx` is given, ∂x = col2im(Wᵀ·G) (n × C × H × W, overwritten).
    /// `scratch` (F × n·Ho·Wo) holds G, g regrouped filter by filter; `dcols` (C·K·K × n·Ho·Wo)
    /// is needed with `dx`.
    func convolutionGradients(_ g: UnsafePointer<Double>, samples n: Int, cols: UnsafePointer<Double>,
                              weights: UnsafePointer<Double>, filters: Int, scratch: UnsafeMutablePointer<Double>,
                              dW: UnsafeMutablePointer<Double>, db: UnsafeMutablePointer<Double>,
                              dcols: UnsafeMutablePointer<Double>?, dx: UnsafeMutablePointer<Double>?) {
        let p = positions, wide = batchColumns(n), rows = patchSize, image = channels * height * width
        guard n > 0, p > 0 else {
            dW.update(repeating: 0, count: filters * rows)
            db.update(repeating: 0, count: filters)
            dx?.update(repeating: 0, count: n * image)
            return
        }
        for s in 0..<n {
            for f in 0..<filters {
                (scratch + f * wide + s * p).update(from: g + (s * filters + f) * p, count: p)
            }
        }
        for f in 0..<filters {
            let row = scratch + f * wide
            var sum = 0.0
            for q in 0..<wide { sum += row[q] }
            db[f] = sum
        }
        MatrixMultiply.gemm(transposeA: false, transposeB: true, m: filters, n: rows, k: wide,
                            a: scratch, lda: wide, b: cols, ldb: wide, c: dW, ldc: rows, accumulate: false)
        guard let dx, let dcols else { return }
        MatrixMultiply.gemm(transposeA: true, transposeB: false, m: rows, n: wide, k: filters,
                            a: weights, lda: rows, b: scratch, ldb: wide, c: dcols, ldc: wide, accumulate: false)
        dx.update(repeating: 0, count: n * image)
        for s in 0..<n { col2im(dcols + s * p, addingInto: dx + s * image, rowStride: wide) }
    }

    /// Max pooling (no padding) of `planes` H × W planes: each window's largest value into
    /// `out`, and the index in x of the first position holding it into `winners`.
    func maxPool(_ x: UnsafePointer<Double>, planes: Int, into out: UnsafeMutablePointer<Double>,
                 winners: UnsafeMutablePointer<Int>) {
        let ho = outputHeight, wo = outputWidth, h = height, wd = width, size = kernel
        for plane in 0..<planes {
            let base = plane * h * wd
            for i in 0..<ho {
                for j in 0..<wo {
                    let corner = base + (i * stride) * wd + j * stride
                    var best = corner, top = x[corner]
                    for u in 0..<size {
                        let line = corner + u * wd
                        for v in 0..<size where x[line + v] > top {
                            best = line + v
                            top = x[best]
                        }
                    }
                    let o = (plane * ho + i) * wo + j
                    out[o] = top
                    winners[o] = best
                }
            }
        }
    }

    /// Max pooling's rule: ∂x (`count` entries, overwritten) gets each output's gradient at its
    /// winner.
    static func maxPoolGradients(_ g: UnsafePointer<Double>, outputs: Int, winners: UnsafePointer<Int>,
                                 into dx: UnsafeMutablePointer<Double>, count: Int) {
        dx.update(repeating: 0, count: count)
        for o in 0..<outputs { dx[winners[o]] += g[o] }
    }

    /// Average pooling (no padding) of `planes` H × W planes: each window's sum divided by K².
    func averagePool(_ x: UnsafePointer<Double>, planes: Int, into out: UnsafeMutablePointer<Double>) {
        let ho = outputHeight, wo = outputWidth, h = height, wd = width, size = kernel
        let scale = 1 / Double(size * size)
        for plane in 0..<planes {
            let base = plane * h * wd
            for i in 0..<ho {
                for j in 0..<wo {
                    var sum = 0.0
                    for u in 0..<size {
                        for v in 0..<size { sum += x[base + (i * stride + u) * wd + j * stride + v] }
                    }
                    out[(plane * ho + i) * wo + j] = sum * scale
                }
            }
        }
    }

    /// Average pooling's rule: ∂x (overwritten) gets each output's gradient ÷ K² over its window.
    func averagePoolGradients(_ g: UnsafePointer<Double>, planes: Int, into dx: UnsafeMutablePointer<Double>) {
        let ho = outputHeight, wo = outputWidth, h = height, wd = width, size = kernel
        let scale = 1 / Double(size * size)
        dx.update(repeating: 0, count: planes * h * wd)
        for plane in 0..<planes {
            let base = plane * h * wd
            for i in 0..<ho {
                for j in 0..<wo {
                    let share = g[(plane * ho + i) * wo + j] * scale
                    for u in 0..<size {
                        for v in 0..<size { dx[base + (i * stride + u) * wd + j * stride + v] += share }
                    }
                }
            }
        }
    }
}
