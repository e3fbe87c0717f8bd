/// The elementwise loops of an LSTM step, eight lanes at a time: σ and tanh through one
/// vectorized exp (a 2ᵏ scaling and a degree-13 Taylor polynomial on |r| ≤ ln 2 / 2, whose
/// truncation error is below 10⁻¹⁷ relative), so a step's 5·n·H transcendental functions cost
/// a few fused multiply-adds each rather than a libm call each.
public enum RecurrentKernels {
    /// eˣ for every lane, x clamped to ±708 (e^±708 is finite and non-zero in Double).
    @inline(__always)
    static func exp(_ input: SIMD8<Double>) -> SIMD8<Double> {
        // Clamped by masks (Swift's generic clamped is not inlined); NaN stays NaN.
        var x = input
        x.replace(with: 708, where: x .> 708)
        x.replace(with: -708, where: x .< -708)
        // k = round(x / ln 2) by the 1.5·2⁵² trick: adding it leaves k in the low bits of the
        // sum's pattern (no integer conversion, which Swift does lane by lane).
        let magic = SIMD8<Double>(repeating: 6755399441055744.0)
        let shifted = x * SIMD8(repeating: 1.4426950408889634) + magic
        let k = shifted - magic
        // r = x − k·ln 2 in two parts, so that r keeps its low bits.
        let r = x.addingProduct(k, SIMD8(repeating: -0.6931471803691238)).addingProduct(k, SIMD8(repeating: -1.9082149292705877e-10))
        var p = SIMD8<Double>(repeating: 1.0 / 6227020800.0)           // 1/13!
        p = SIMD8(repeating: 1.0 / 479001600.0).addingProduct(p, r)     // 1/12!
        p = SIMD8(repeating: 1.0 / 39916800.0).addingProduct(p, r)      // 1/11!
        p = SIMD8(repeating: 1.0 / 3628800.0).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 362880.0).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 40320.0).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 5040.0).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 720.0).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 120.0).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 24.0).addingProduct(p, r)
        p = SIMD8(repeating: 1.0 / 6.0).addingProduct(p, r)
        p = SIMD8(repeating: 0.5).addingProduct(p, r)
        p = SIMD8(repeating: 1.0).addingProduct(p, r)
        p = SIMD8(repeating: 1.0).addingProduct(p, r)
        let integer = unsafeBitCast(shifted, to: SIMD8<Int64>.self) &- unsafeBitCast(magic, to: SIMD8<Int64>.self)
        let exponent = (integer &+ 1023) &<< 52
        return p * unsafeBitCast(exponent, to: SIMD8<Double>.self)
    }

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
