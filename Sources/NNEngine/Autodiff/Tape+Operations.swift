import Foundation
import NNKernels

/// The primitive operations of the engine, each with its one local gradient rule.
extension Tape {
    /// The matrix product op(a)·op(b).
    public func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
        let av = value(a), bv = value(b)
        let needA = needsGradient(a), needB = needsGradient(b)
        let out = av.matmul(bv, transposeSelf: transposeA, transposeOther: transposeB)
        return record(out, inputs: [a, b]) { g in
            // C = op(A)·op(B): the four cases of which operand is transposed.
            let ga: Tensor?, gb: Tensor?
            switch (transposeA, transposeB) {
            case (false, false):
                ga = needA ? g.matmul(bv, transposeOther: true) : nil
                gb = needB ? av.matmul(g, transposeSelf: true) : nil
            case (false, true):
                ga = needA ? g.matmul(bv) : nil
                gb = needB ? g.matmul(av, transposeSelf: true) : nil
            case (true, false):
                ga = needA ? bv.matmul(g, transposeOther: true) : nil
                gb = needB ? av.matmul(g) : nil
            case (true, true):
                ga = needA ? bv.matmul(g, transposeSelf: true, transposeOther: true) : nil
                gb = needB ? g.matmul(av, transposeSelf: true, transposeOther: true) : nil
            }
            return [ga, gb]
        }
    }

    /// A dense layer's pre-activation z = x·Wᵀ + b for a batch x (rows are samples), with W
    /// outputs × inputs. One primitive rather than matmul then bias, to spare a pass and a
    /// tensor; its rule: ∂x = g·W, ∂W = gᵀ·x, ∂b = Σ rows of g.
    public func affine(_ x: Variable, weights w: Variable, bias b: Variable) -> Variable {
        let xv = value(x), wv = value(w), bv = value(b)
        let needX = needsGradient(x)
        return record(Tape.affineValue(xv, wv, bv), inputs: [x, w, b]) { g in
            Tape.affineGradients(g, x: xv, weights: wv, bias: bv, needX: needX)
        }
    }

    /// A dense layer and its elementwise activation in one primitive, a = act(x·Wᵀ + b).
    ///
    /// For training steps, which read nothing between z and a: the activation runs while z
    /// is still in cache, and the tape keeps one entry, one rule and one gradient per layer
    /// instead of two. Its rule: δ = g ⊙ act′(z), then the affine rule with δ.
    public func dense(_ x: Variable, weights w: Variable, bias b: Variable, activation kind: Activation) -> Variable {
        let xv = value(x), wv = value(w), bv = value(b)
        let needX = needsGradient(x)
        var a = Tape.affineValue(xv, wv, bv)
        let slope = Tape.applyElementwise(kind, to: &a)
        return record(a, inputs: [x, w, b]) { g in
            Tape.affineGradients(slope(g), x: xv, weights: wv, bias: bv, needX: needX)
        }
    }

    /// x·Wᵀ + b (see `DenseKernels.affine`), written into uninitialized memory.
    static func affineValue(_ xv: Tensor, _ wv: Tensor, _ bv: Tensor) -> Tensor {
        let n = xv.rows, inputs = xv.columns, outputs = wv.rows
        precondition(wv.columns == inputs && bv.count == outputs, "affine: x \(xv.shape), W \(wv.shape), b \(bv.shape)")
        let out = [Double](unsafeUninitializedCapacity: n * outputs) { o, initialized in
            xv.scalars.withUnsafeBufferPointer { xp in
                wv.scalars.withUnsafeBufferPointer { wp in
                    bv.scalars.withUnsafeBufferPointer { bp in
                        DenseKernels.affine(x: xp.baseAddress, rows: n, inputs: inputs, weights: wp.baseAddress,
                                            bias: bp.baseAddress, outputs: outputs, into: o.baseAddress)
                    }
                }
            }
            initialized = n * outputs
        }
        return Tensor(shape: [n, outputs], scalars: out)
    }

    /// The affine rule: ∂x = δ·W (when x needs it), ∂W = δᵀ·x, ∂b = Σ rows of δ; each gradient
    /// shares the shape array of its value.
    static func affineGradients(_ delta: Tensor, x: Tensor, weights: Tensor, bias: Tensor, needX: Bool) -> [Tensor?] {
        [needX ? delta.matmul(weights, shape: x.shape) : nil,
         delta.matmul(x, transposeSelf: true, shape: weights.shape),
         delta.columnSums(shape: bias.shape)]
    }

    /// A matrix plus a row vector added to every row (a layer's bias).
    public func addRowVector(_ matrix: Variable, _ vector: Variable) -> Variable {
        var out = value(matrix)
        let b = value(vector)
        let c = out.columns
        precondition(b.count == c, "bias of \(b.count) does not fit \(c) columns")
        out.scalars.withUnsafeMutableBufferPointer { o in
            b.scalars.withUnsafeBufferPointer { bp in
                for r in 0..<(o.count / max(c, 1)) {
                    let row = o.baseAddress! + r * c
                    for j in 0..<c { row[j] += bp[j] }
                }
            }
        }
        return record(out, inputs: [matrix, vector]) { g in [g, g.columnSums()] }
    }

    /// The elementwise sum of two tensors of the same shape.
    public func add(_ a: Variable, _ b: Variable) -> Variable {
        var out = value(a)
        out.add(value(b))
        return record(out, inputs: [a, b]) { g in [g, g] }
    }

    /// The elementwise difference of two tensors of the same shape.
    public func subtract(_ a: Variable, _ b: Variable) -> Variable {
        let out = value(a).zipMap(value(b), -)
        return record(out, inputs: [a, b]) { g in [g, g.scaled(by: -1)] }
    }

    /// The elementwise product of two tensors of the same shape.
    public func multiply(_ a: Variable, _ b: Variable) -> Variable {
        let av = value(a), bv = value(b)
        return record(av.zipMap(bv, *), inputs: [a, b]) { g in [g.zipMap(bv, *), g.zipMap(av, *)] }
    }

    /// A tensor times a constant.
    public func scale(_ a: Variable, by factor: Double) -> Variable {
        record(value(a).scaled(by: factor), inputs: [a]) { g in [g.scaled(by: factor)] }
    }

    /// The sum of all elements, as a scalar.
    public func sum(_ a: Variable) -> Variable {
        let av = value(a)
        return record(Tensor(av.sum), inputs: [a]) { g in [Tensor(shape: av.shape, repeating: g.scalar)] }
    }

    /// The sum of squares of all elements, as a scalar (the L2 penalty's core).
    public func sumOfSquares(_ a: Variable) -> Variable {
        let av = value(a)
        let s = av.sumOfSquares
        return record(Tensor(s), inputs: [a]) { g in [av.scaled(by: 2 * g.scalar)] }
    }

    /// The sum of absolute values of all elements, as a scalar (the L1 penalty's core); the
    /// gradient at exactly zero is taken as zero.
    public func sumOfAbsolutes(_ a: Variable) -> Variable {
        let av = value(a)
        let s = av.sumOfAbsolutes
        return record(Tensor(s), inputs: [a]) { g in
            let k = g.scalar
            return [av.map { $0 > 0 ? k : ($0 < 0 ? -k : 0) }]
        }
    }

    /// An activation applied to every element, or softmax to every row.
    public func activation(_ kind: Activation, _ a: Variable) -> Variable {
        let z = value(a)
        switch kind {
        case .softmax:
            let y = Activation.softmaxRows(z)
            return record(y, inputs: [a]) { g in
                // Jacobian-vector product of softmax: y ⊙ (g − Σⱼ gⱼyⱼ), row by row.
                var out = g
                let c = y.columns
                out.scalars.withUnsafeMutableBufferPointer { o in
                    y.scalars.withUnsafeBufferPointer { yp in
                        for r in 0..<y.rows {
                            var dot = 0.0
                            for j in 0..<c { dot += o[r * c + j] * yp[r * c + j] }
                            for j in 0..<c { o[r * c + j] = yp[r * c + j] * (o[r * c + j] - dot) }
                        }
                    }
                }
                return [out]
            }
        default:
            var y = z
            let slope = Tape.applyElementwise(kind, to: &y)
            return record(y, inputs: [a]) { g in [slope(g)] }
        }
    }

    /// Applies an elementwise activation in place and returns its local rule g ↦ g ⊙ act′(z),
    /// shared by `activation` and `dense`. relu keeps only its output (its slope is a > 0);
    /// other activations keep z for their exact derivative.
    ///
    /// The rule scales the gradient it owns in place, so when the backward pass does not keep
    /// intermediate gradients no new tensor is written.
    static func applyElementwise(_ kind: Activation, to x: inout Tensor) -> (consuming Tensor) -> Tensor {
        precondition(kind.isElementwise, "\(kind) is not elementwise")
        if kind == .identity { return { $0 } }
        // The points the slope is read at: relu's outputs, or the inputs z (kept by copying x
        // before it is overwritten).
        let inputs: Tensor? = kind.slopeReadsOutputs ? nil : x
        x.scalars.withUnsafeMutableBufferPointer { p in
            if let base = p.baseAddress { kind.apply(inPlace: base, count: p.count) }
        }
        let points = inputs ?? x
        return { (g: consuming Tensor) in
            precondition(g.count == points.count, "gradient \(g.shape) does not fit \(points.shape)")
            points.scalars.withUnsafeBufferPointer { p in
                g.scalars.withUnsafeMutableBufferPointer { gp in
                    if let base = gp.baseAddress { kind.scaleBySlope(base, count: gp.count, at: p.baseAddress!) }
                }
            }
            return g
        }
    }

    /// Multiplies by a fixed mask (dropout: the mask holds 0 or the kept units' scale).
    public func mask(_ a: Variable, with mask: Tensor) -> Variable {
        record(value(a).zipMap(mask, *), inputs: [a]) { g in [g.zipMap(mask, *)] }
    }
}
