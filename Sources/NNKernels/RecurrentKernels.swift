/// The elementwise loops of an LSTM step, eight lanes at a time: σ and tanh through the
/// vectorized exp of `VectorMath` (a 2ᵏ scaling and a degree-13 Taylor polynomial on
/// |r| ≤ ln 2 / 2), so a step's 5·n·H transcendental functions cost a few fused multiply-adds
/// each rather than a libm call each.
public enum RecurrentKernels {
    /// eˣ for every lane.
    @inline(__always)
    static func exp(_ x: SIMD8<Double>) -> SIMD8<Double> { VectorMath.exp(x) }

    /// σ(x) = 1 / (1 + e⁻ˣ).
    @inline(__always)
    static func sigmoid(_ x: SIMD8<Double>) -> SIMD8<Double> { 1 / (1 + exp(-x)) }

    /// tanh x = sign(x)·(1 − e^−2|x|) / (1 + e^−2|x|).
    @inline(__always)
    static func tanh(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let negative = x .< 0
        let e = exp(-2 * x.replacing(with: -x, where: negative))
        let t = (1 - e) / (1 + e)
        return t.replacing(with: -t, where: negative)
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Double>, _ count: Int) -> SIMD8<Double> {
        if count >= 8 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self) }
        var v = SIMD8<Double>()
        for i in 0..<count { v[i] = p[i] }
        return v
    }

    @inline(__always)
    static func store(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>, _ count: Int) {
        if count >= 8 { UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self); return }
        for i in 0..<count { p[i] = v[i] }
    }

    /// One LSTM step's elementwise part for `rows` rows. Each row of `gates` holds the
    /// pre-activations [a_i | a_f | a_g | a_o] (4H wide) and is overwritten with the gates
    /// [i | f | g | o]; `state` rows (2H wide) hold the previous [h | c]; `out` rows (2H wide)
    /// receive [o ⊙ tanh c′ | c′] with c′ = f ⊙ c + i ⊙ g, and `tanhCell` rows (H wide) tanh c′.
    public static func lstmForward(gates: UnsafeMutablePointer<Double>, state: UnsafePointer<Double>, rows: Int,
                                   hidden h: Int, out: UnsafeMutablePointer<Double>,
                                   tanhCell: UnsafeMutablePointer<Double>) {
        for r in 0..<rows {
            let a = gates + r * 4 * h, s = state + r * 2 * h, o = out + r * 2 * h, tc = tanhCell + r * h
            var j = 0
            while j < h {
                let w = min(8, h - j)
                let i = sigmoid(load(a + j, w)), f = sigmoid(load(a + h + j, w))
                let g = tanh(load(a + 2 * h + j, w)), og = sigmoid(load(a + 3 * h + j, w))
                let c = f * load(s + h + j, w) + i * g
                let t = tanh(c)
                store(i, a + j, w); store(f, a + h + j, w); store(g, a + 2 * h + j, w); store(og, a + 3 * h + j, w)
                store(c, o + h + j, w)
                store(og * t, o + j, w)
                store(t, tc + j, w)
                j += 8
            }
        }
    }
}
