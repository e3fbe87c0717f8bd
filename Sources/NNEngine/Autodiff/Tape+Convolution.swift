import NNKernels

/// The image primitives: 2-D convolution, max and average pooling and reshaping, each with
/// its one gradient rule. Images travel as rank-4 tensors n × C × H × W (PyTorch's layout).
extension Tape {
    /// A 2-D convolution with zero padding, as PyTorch's `Conv2d`: x is n × C × H × W,
    /// the weights F × C × K × K, the bias F; the result is n × F × Ho × Wo with
    /// out[s, f, i, j] = b[f] + Σ_{c,u,v} W[f, c, u, v] · x[s, c, i·S + u − P, j·S + v − P].
    ///
    /// Computed as im2col of the whole batch then one matrix product (the engine's GEMM, see
    /// `ConvolutionGeometry.convolve`); its rule, with G the gradient regrouped filter by
    /// filter: ∂W = G·colsᵀ, ∂b = Σ of g over samples and positions, ∂x = col2im(Wᵀ·G).
    public func conv2d(_ x: Variable, weights w: Variable, bias b: Variable, stride: Int, padding: Int) -> Variable {
        let xv = value(x), wv = value(w), bv = value(b)
        precondition(xv.rank == 4 && wv.rank == 4 && wv.shape[1] == xv.shape[1] && wv.shape[2] == wv.shape[3]
                     && bv.count == wv.shape[0], "conv2d: x \(xv.shape), W \(wv.shape), b \(bv.shape)")
        let n = xv.shape[0], filters = wv.shape[0]
        let geometry = ConvolutionGeometry(channels: xv.shape[1], height: xv.shape[2], width: xv.shape[3],
                                           kernel: wv.shape[2], stride: stride, padding: padding)
        precondition(geometry.fits, "conv2d: a \(geometry.kernel)×\(geometry.kernel) kernel does not fit \(xv.shape)")
        let wide = geometry.batchColumns(n), rows = geometry.patchSize
        var cols = [Double](repeating: 0, count: rows * wide)
        var product = [Double](repeating: 0, count: filters * wide)
        var out = [Double](repeating: 0, count: filters * wide)
        xv.scalars.withUnsafeBufferPointer { xp in
            wv.scalars.withUnsafeBufferPointer { wp in
                bv.scalars.withUnsafeBufferPointer { bp in
                    cols.withUnsafeMutableBufferPointer { cp in
                        product.withUnsafeMutableBufferPointer { pp in
                            out.withUnsafeMutableBufferPointer { op in
                                guard n > 0, wide > 0 else { return }
                                geometry.convolve(xp.baseAddress!, samples: n, weights: wp.baseAddress!, bias: bp.baseAddress!,
                                                  filters: filters, cols: cp.baseAddress!, product: pp.baseAddress!,
                                                  into: op.baseAddress!)
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
            guard n > 0, wide > 0 else { return [dx, dW, db] }
            var scratch = [Double](repeating: 0, count: filters * wide)
            var dcols = [Double](repeating: 0, count: needX ? rows * wide : 0)
            g.scalars.withUnsafeBufferPointer { gp in
                patches.withUnsafeBufferPointer { cp in
                    wv.scalars.withUnsafeBufferPointer { wp in
                        scratch.withUnsafeMutableBufferPointer { sp in
                            dW.scalars.withUnsafeMutableBufferPointer { dwp in
                                db.scalars.withUnsafeMutableBufferPointer { dbp in
                                    dcols.withUnsafeMutableBufferPointer { dcp in
                                        if needX {
                                            dx!.scalars.withUnsafeMutableBufferPointer { dxp in
                                                geometry.convolutionGradients(
                                                    gp.baseAddress!, samples: n, cols: cp.baseAddress!, weights: wp.baseAddress!,
                                                    filters: filters, scratch: sp.baseAddress!, dW: dwp.baseAddress!,
                                                    db: dbp.baseAddress!, dcols: dcp.baseAddress!, dx: dxp.baseAddress!)
                                            }
                                        } else {
                                            geometry.convolutionGradients(
                                                gp.baseAddress!, samples: n, cols: cp.baseAddress!, weights: wp.baseAddress!,
                                                filters: filters, scratch: sp.baseAddress!, dW: dwp.baseAddress!,
                                                db: dbp.baseAddress!, dcols: nil, dx: nil)
                                        }
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
        let planes = n * geometry.channels
        var out = [Double](repeating: 0, count: planes * geometry.positions)
        var winners = [Int](repeating: 0, count: out.count)
        xv.scalars.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                winners.withUnsafeMutableBufferPointer { wp in
                    guard op.count > 0 else { return }
                    geometry.maxPool(xp.baseAddress!, planes: planes, into: op.baseAddress!, winners: wp.baseAddress!)
                }
            }
        }
        let shape = xv.shape
        let outputs = out.count
        return record(Tensor(shape: [n, geometry.channels, geometry.outputHeight, geometry.outputWidth], scalars: out),
                      inputs: [x]) { g in
            var dx = Tensor.zeros(shape)
            guard outputs > 0 else { return [dx] }
            g.scalars.withUnsafeBufferPointer { gp in
                winners.withUnsafeBufferPointer { wp in
                    dx.scalars.withUnsafeMutableBufferPointer { dp in
                        ConvolutionGeometry.maxPoolGradients(gp.baseAddress!, outputs: outputs, winners: wp.baseAddress!,
                                                             into: dp.baseAddress!, count: dp.count)
                    }
                }
            }
            return [dx]
        }
    }

    /// Average pooling without padding, as PyTorch's `AvgPool2d`: each K×K window's sum
    /// divided by K²; the rule spreads each output's gradient evenly over its window.
    public func avgPool2d(_ x: Variable, size: Int, stride: Int) -> Variable {
        let xv = value(x)
        let (geometry, n) = Tape.poolGeometry(xv, size: size, stride: stride)
        let planes = n * geometry.channels
        var out = [Double](repeating: 0, count: planes * geometry.positions)
        xv.scalars.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                guard op.count > 0 else { return }
                geometry.averagePool(xp.baseAddress!, planes: planes, into: op.baseAddress!)
            }
        }
        let shape = xv.shape
        return record(Tensor(shape: [n, geometry.channels, geometry.outputHeight, geometry.outputWidth], scalars: out),
                      inputs: [x]) { g in
            var dx = Tensor.zeros(shape)
            guard planes > 0 else { return [dx] }
            g.scalars.withUnsafeBufferPointer { gp in
                dx.scalars.withUnsafeMutableBufferPointer { dp in
                    geometry.averagePoolGradients(gp.baseAddress!, planes: planes, into: dp.baseAddress!)
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
