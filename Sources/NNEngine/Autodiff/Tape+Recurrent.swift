import Foundation
import NNKernels

/// The recurrent primitives: one step of a plain RNN, one step of an LSTM, and the three
/// moves between a sequence and its steps. A recurrent layer is unrolled on the tape one step
/// at a time, so backpropagation through time is the tape's ordinary backward pass and every
/// step's hidden state is a variable whose gradient ∂L/∂hₜ can be read afterwards.
///
/// Layouts are PyTorch's: W_ih is G·H × N, W_hh is G·H × H (G = 1 for an RNN; 4 for an LSTM,
/// gates in the order i, f, g, o), one bias of G·H (PyTorch's `bias_ih`, with `bias_hh` = 0).
extension Tape {
    /// Step t of a batch of sequences: x is n × T × N, the result n × N.
    /// Its rule puts the gradient back in step t's place and zeros elsewhere.
    public func timeStep(_ x: Variable, _ t: Int) -> Variable {
        let xv = value(x)
        precondition(xv.rank == 3 && t >= 0 && t < xv.shape[1], "timeStep: step \(t) of \(xv.shape)")
        let n = xv.shape[0], steps = xv.shape[1], features = xv.shape[2]
        var out = [Double](repeating: 0, count: n * features)
        for s in 0..<n {
            for j in 0..<features { out[s * features + j] = xv.scalars[(s * steps + t) * features + j] }
        }
        let shape = xv.shape
        return record(Tensor(shape: [n, features], scalars: out), inputs: [x]) { g in
            var dx = [Double](repeating: 0, count: n * steps * features)
            for s in 0..<n {
                for j in 0..<features { dx[(s * steps + t) * features + j] = g.scalars[s * features + j] }
            }
            return [Tensor(shape: shape, scalars: dx)]
        }
    }

    /// The steps h₁ … h_T (each n × H) side by side as one sequence n × T × H; its rule hands
    /// each step its slice of the gradient.
    public func stackSteps(_ steps: [Variable]) -> Variable {
        precondition(!steps.isEmpty, "stackSteps: no steps")
        let first = value(steps[0])
        let n = first.rows, width = first.columns, count = steps.count
        var out = [Double](repeating: 0, count: n * count * width)
        for (t, step) in steps.enumerated() {
            let v = value(step)
            precondition(v.rows == n && v.columns == width, "stackSteps: step \(t) is \(v.shape), not \(first.shape)")
            for s in 0..<n {
                for j in 0..<width { out[(s * count + t) * width + j] = v.scalars[s * width + j] }
            }
        }
        return record(Tensor(shape: [n, count, width], scalars: out), inputs: steps) { g in
            (0..<count).map { t in
                var d = [Double](repeating: 0, count: n * width)
                for s in 0..<n {
                    for j in 0..<width { d[s * width + j] = g.scalars[(s * count + t) * width + j] }
                }
                return Tensor(shape: [n, width], scalars: d)
            }
        }
    }

    /// Columns `range` of a matrix (the hidden state h out of an LSTM's packed state [h | c]);
    /// its rule puts the gradient back in those columns and zeros elsewhere.
    public func columns(_ m: Variable, _ range: Range<Int>) -> Variable {
        let mv = value(m)
        let n = mv.rows, c = mv.columns, w = range.count
        precondition(range.lowerBound >= 0 && range.upperBound <= c, "columns: \(range) of \(mv.shape)")
        var out = [Double](repeating: 0, count: n * w)
        for s in 0..<n {
            for j in 0..<w { out[s * w + j] = mv.scalars[s * c + range.lowerBound + j] }
        }
        let shape = mv.shape
        return record(Tensor(shape: [n, w], scalars: out), inputs: [m]) { g in
            var d = [Double](repeating: 0, count: n * c)
            for s in 0..<n {
                for j in 0..<w { d[s * c + range.lowerBound + j] = g.scalars[s * w + j] }
            }
            return [Tensor(shape: shape, scalars: d)]
        }
    }

    /// One step of a plain RNN, as PyTorch's `RNNCell`: h′ = act(x·W_ihᵀ + h·W_hhᵀ + b), with x
    /// n × N, h n × H, W_ih H × N, W_hh H × H, b H.
    ///
    /// Its rule, with δ = g ⊙ act′(z): ∂x = δ·W_ih, ∂h = δ·W_hh, ∂W_ih = δᵀ·x, ∂W_hh = δᵀ·h,
    /// ∂b = Σ rows of δ.
    public func rnnStep(_ x: Variable, hidden h: Variable, weightsIH wih: Variable, weightsHH whh: Variable,
                        bias b: Variable, activation kind: Activation) -> Variable {
        let xv = value(x), hv = value(h), wihv = value(wih), whhv = value(whh), bv = value(b)
        let n = xv.rows, inputs = xv.columns, hidden = whhv.rows
        precondition(wihv.rows == hidden && wihv.columns == inputs && whhv.columns == hidden && bv.count == hidden
                     && hv.rows == n && hv.columns == hidden,
                     "rnnStep: x \(xv.shape), h \(hv.shape), W_ih \(wihv.shape), W_hh \(whhv.shape), b \(bv.shape)")
        var z = Tape.affineValue(xv, wihv, bv)
        Tape.accumulateProduct(hv, whhv, into: &z)
        let slope = Tape.applyElementwise(kind, to: &z)
        let needX = needsGradient(x), needH = needsGradient(h)
        return record(z, inputs: [x, h, wih, whh, b]) { g in
            let delta = slope(g)
            return [needX ? delta.matmul(wihv) : nil,
                    needH ? delta.matmul(whhv) : nil,
                    delta.matmul(xv, transposeSelf: true, shape: wihv.shape),
                    delta.matmul(hv, transposeSelf: true, shape: whhv.shape),
                    delta.columnSums(shape: bv.shape)]
        }
    }

    /// One step of an LSTM, as PyTorch's `LSTMCell`, on a packed state s = [h | c] (n × 2H):
    /// with a = x·W_ihᵀ + h·W_hhᵀ + b split into four blocks of H in the order i, f, g, o,
    /// i = σ(aᵢ), f = σ(a_f), g = tanh(a_g), o = σ(a_o), c′ = f ⊙ c + i ⊙ g, h′ = o ⊙ tanh(c′);
    /// the result is [h′ | c′].
    ///
    /// Its rule, from the gradients g_h, g_c of the new state: ∂c′ = g_c + g_h ⊙ o ⊙ (1 − tanh²c′),
    /// ∂o = g_h ⊙ tanh c′, ∂i = ∂c′ ⊙ g, ∂g = ∂c′ ⊙ i, ∂f = ∂c′ ⊙ c, ∂c = ∂c′ ⊙ f; through the
    /// gates' slopes to δ = ∂a; then ∂x = δ·W_ih, ∂h = δ·W_hh, ∂W_ih = δᵀ·x, ∂W_hh = δᵀ·h,
    /// ∂b = Σ rows of δ.
    public func lstmStep(_ x: Variable, state s: Variable, weightsIH wih: Variable, weightsHH whh: Variable,
                         bias b: Variable) -> Variable {
        let xv = value(x), sv = value(s), wihv = value(wih), whhv = value(whh), bv = value(b)
        let n = xv.rows, inputs = xv.columns, hidden = whhv.columns, width = 4 * hidden
        precondition(whhv.rows == width && wihv.rows == width && wihv.columns == inputs && bv.count == width
                     && sv.rows == n && sv.columns == 2 * hidden,
                     "lstmStep: x \(xv.shape), state \(sv.shape), W_ih \(wihv.shape), W_hh \(whhv.shape), b \(bv.shape)")
        var gates = Tape.affineValue(xv, wihv, bv)
        var out = [Double](repeating: 0, count: n * 2 * hidden)
        var tanhC = [Double](repeating: 0, count: n * hidden)
        gates.scalars.withUnsafeMutableBufferPointer { ap in
            sv.scalars.withUnsafeBufferPointer { sp in
                // a += h·W_hhᵀ, reading h in place from the first half of each state row.
                whhv.scalars.withUnsafeBufferPointer { wp in
                    MatrixMultiply.gemm(transposeA: false, transposeB: true, m: n, n: width, k: hidden,
                                        a: sp.baseAddress!, lda: 2 * hidden, b: wp.baseAddress!, ldb: hidden,
                                        c: ap.baseAddress!, ldc: width, accumulate: true)
                }
                out.withUnsafeMutableBufferPointer { op in
                    tanhC.withUnsafeMutableBufferPointer { tp in
                        RecurrentKernels.lstmForward(gates: ap.baseAddress!, state: sp.baseAddress!, rows: n, hidden: hidden,
                                                     out: op.baseAddress!, tanhCell: tp.baseAddress!)
                    }
                }
            }
        }
        let acts = gates, tanhCell = tanhC
        let needX = needsGradient(x), needS = needsGradient(s)
        return record(Tensor(shape: [n, 2 * hidden], scalars: out), inputs: [x, s, wih, whh, b]) { grad in
            var delta = [Double](repeating: 0, count: n * width)
            var dState: [Double]? = needS ? [Double](repeating: 0, count: n * 2 * hidden) : nil
            for r in 0..<n {
                let a = r * width, st = r * 2 * hidden
                for j in 0..<hidden {
                    let i = acts.scalars[a + j], f = acts.scalars[a + hidden + j]
                    let g = acts.scalars[a + 2 * hidden + j], o = acts.scalars[a + 3 * hidden + j]
                    let tc = tanhCell[r * hidden + j]
                    let gh = grad.scalars[st + j]
                    let dc = grad.scalars[st + hidden + j] + gh * o * (1 - tc * tc)
                    let c = sv.scalars[st + hidden + j]
                    delta[a + j] = dc * g * i * (1 - i)
                    delta[a + hidden + j] = dc * c * f * (1 - f)
                    delta[a + 2 * hidden + j] = dc * i * (1 - g * g)
                    delta[a + 3 * hidden + j] = gh * tc * o * (1 - o)
                    dState?[st + hidden + j] = dc * f
                }
            }
            let d = Tensor(shape: [n, width], scalars: delta)
            var ds: Tensor? = nil
            if var dState {
                // ∂h = δ·W_hh, written into the first half of each state row.
                dState.withUnsafeMutableBufferPointer { dp in
                    d.scalars.withUnsafeBufferPointer { deltaP in
                        whhv.scalars.withUnsafeBufferPointer { wp in
                            MatrixMultiply.gemm(transposeA: false, transposeB: false, m: n, n: hidden, k: width,
                                                a: deltaP.baseAddress!, lda: width, b: wp.baseAddress!, ldb: hidden,
                                                c: dp.baseAddress!, ldc: 2 * hidden, accumulate: false)
                        }
                    }
                }
                ds = Tensor(shape: sv.shape, scalars: dState)
            }
            // ∂W_hh = δᵀ·h, reading h in place from the first half of each state row.
            let dWhh = [Double](unsafeUninitializedCapacity: width * hidden) { wp, initialized in
                d.scalars.withUnsafeBufferPointer { deltaP in
                    sv.scalars.withUnsafeBufferPointer { sp in
                        MatrixMultiply.gemm(transposeA: true, transposeB: false, m: width, n: hidden, k: n,
                                            a: deltaP.baseAddress!, lda: width, b: sp.baseAddress!, ldb: 2 * hidden,
                                            c: wp.baseAddress!, ldc: hidden, accumulate: false)
                    }
                }
                initialized = width * hidden
            }
            return [needX ? d.matmul(wihv) : nil,
                    ds,
                    d.matmul(xv, transposeSelf: true, shape: wihv.shape),
                    Tensor(shape: whhv.shape, scalars: dWhh),
                    d.columnSums(shape: bv.shape)]
        }
    }

    /// z += h·Wᵀ for h n × H and W rows × H, through the engine's GEMM.
    static func accumulateProduct(_ h: Tensor, _ w: Tensor, into z: inout Tensor) {
        let n = h.rows, k = h.columns, m = w.rows
        z.scalars.withUnsafeMutableBufferPointer { zp in
            h.scalars.withUnsafeBufferPointer { hp in
                w.scalars.withUnsafeBufferPointer { wp in
                    MatrixMultiply.gemm(transposeA: false, transposeB: true, m: n, n: m, k: k,
                                        a: hp.baseAddress!, lda: k, b: wp.baseAddress!, ldb: k,
                                        c: zp.baseAddress!, ldc: m, accumulate: true)
                }
            }
        }
    }
}
