/// eˣ and ln x eight lanes at a time, within one unit in the last place of the true value.
///
/// The softmax cross-entropy of a training step takes an exponential per logit and a
/// logarithm per row; through the C library that is one call each (about 10 ns), which made
/// the loss a twentieth of a batch-256 step of a small net. No package on this machine's
/// mirror offers vector exp or log (swift-numerics calls the C library one value at a time),
/// so they are written here, after the classic methods:
/// - exp: x = k·ln 2 + r with |r| ≤ ln 2 / 2 (k·ln 2 in two parts, so r is exact to ~1e-20),
///   eʳ by its Taylor series to r¹³ (truncation below 4e-18 relative), then times 2ᵏ in two
///   exact halves, so results that turn subnormal are rounded once.
/// - log: x = 2ᵏ·m with m in [√½, √2), f = m − 1, s = f/(2 + f), and ln m from fdlibm's
///   `__ieee754_log` (Sun Microsystems, 1993): its seven minimax coefficients of the series in
///   s², combined as f − (f²/2 − s·(f²/2 + R)) so the largest terms are added last.
/// Tests compare both with the C library over millions of arguments and at the edges
/// (0, ±∞, NaN, subnormals, overflow and underflow thresholds).
public enum VectorMath {
    public typealias Vector = SIMD8<Double>

    /// eˣ in every lane (+∞ above about 709.78, 0 below about −745.13, NaN for NaN).
    @inline(__always)
    public static func exp(_ x: Vector) -> Vector {
        // Clamped so k stays small enough for the two halves of 2ᵏ; the clamps overflow to
        // +∞ and underflow to 0 on their own. (By masks: Swift's generic `clamped` is not
        // inlined. NaN fails both tests and stays NaN.)
        var clamped = x
        clamped.replace(with: 710, where: clamped .> 710)
        clamped.replace(with: -746, where: clamped .< -746)
        // k = round(x·log₂e): adding 1.5·2⁵² rounds to a whole number, held in the sum's low bits.
        let shifted = clamped * Vector(repeating: log2e) + Vector(repeating: shifter)
        let k = shifted - Vector(repeating: shifter)
        let r = clamped.addingProduct(-k, Vector(repeating: ln2High)).addingProduct(-k, Vector(repeating: ln2Low))
        // Horner from r¹³/13! down to 1.
        var p = Vector(repeating: 1.0 / 6_227_020_800)
        p = Vector(repeating: 1.0 / 479_001_600).addingProduct(p, r)
        p = Vector(repeating: 1.0 / 39_916_800).addingProduct(p, r)
        p = Vector(repeating: 1.0 / 3_628_800).addingProduct(p, r)
        p = Vector(repeating: 1.0 / 362_880).addingProduct(p, r)
        p = Vector(repeating: 1.0 / 40_320).addingProduct(p, r)
        p = Vector(repeating: 1.0 / 5_040).addingProduct(p, r)
        p = Vector(repeating: 1.0 / 720).addingProduct(p, r)
        p = Vector(repeating: 1.0 / 120).addingProduct(p, r)
        p = Vector(repeating: 1.0 / 24).addingProduct(p, r)
        p = Vector(repeating: 1.0 / 6).addingProduct(p, r)
        p = Vector(repeating: 0.5).addingProduct(p, r)
        p = Vector(repeating: 1).addingProduct(p, r)
        p = Vector(repeating: 1).addingProduct(p, r)
        // 2ᵏ as 2^⌊k/2⌋·2^(k−⌊k/2⌋): both halves are normal numbers for |k| ≤ 1076, and the
        // first product is exact, so a subnormal result is rounded once.
        let whole = unsafeBitCast(shifted, to: SIMD8<Int64>.self) &- Int64(bitPattern: shifter.bitPattern)
        let half = whole &>> 1
        let result = p * powerOfTwo(half) * powerOfTwo(whole &- half)
        return result.replacing(with: x, where: x .!= x)
    }

    /// ln x in every lane (−∞ at ±0, NaN below 0 and for NaN, +∞ at +∞).
    @inline(__always)
    public static func log(_ x: Vector) -> Vector {
        // Subnormals are scaled into the normal range first (by 2⁵⁴, taken back in k).
        let tiny = x .< Vector(repeating: Double.leastNormalMagnitude)
        let scaled = x.replacing(with: x * twoTo54, where: tiny)
        var bits = unsafeBitCast(scaled, to: SIMD8<Int64>.self)
        var k = (bits &>> 52) &- 1023
        k.replace(with: k &- 54, where: tiny)
        // m in [1, 2), then halved when above √2 (k goes up by one).
        bits = (bits & SIMD8(repeating: 0x000F_FFFF_FFFF_FFFF)) | SIMD8(repeating: 0x3FF0_0000_0000_0000)
        var m = unsafeBitCast(bits, to: Vector.self)
        let high = m .> Vector(repeating: 2.0.squareRoot())
        m.replace(with: m * 0.5, where: high)
        k.replace(with: k &+ 1, where: high)
        // k as a double: 1.5·2⁵² + k has k in its low bits.
        let kd = unsafeBitCast(k &+ Int64(bitPattern: shifter.bitPattern), to: Vector.self) - Vector(repeating: shifter)
        let f = m - 1
        let s = f / (f + 2)
        let z = s * s, w = z * z
        let t1 = w * (Vector(repeating: lg2) + w * (Vector(repeating: lg4) + w * Vector(repeating: lg6)))
        let t2 = z * (Vector(repeating: lg1) + w * (Vector(repeating: lg3) + w * (Vector(repeating: lg5) + w * Vector(repeating: lg7))))
        let r = t2 + t1
        let halfSquare = 0.5 * f * f
        var result = kd * ln2High - ((halfSquare - (s * (halfSquare + r) + kd * ln2Low)) - f)
        result.replace(with: -.infinity, where: x .== 0)
        result.replace(with: .infinity, where: x .== .infinity)
        result.replace(with: .nan, where: x .< 0 .| x .!= x)
        return result
    }

    /// Replaces each of `count` values x by eˣ.
    public static func exp(inPlace x: UnsafeMutablePointer<Double>, count: Int) {
        apply(inPlace: x, count: count, padding: 0, exp)
    }

    /// Replaces each of `count` values x by ln x.
    public static func log(inPlace x: UnsafeMutablePointer<Double>, count: Int) {
        apply(inPlace: x, count: count, padding: 1, log)
    }

    /// Replaces each of `count` values by `f` of it, eight at a time; the lanes past the end
    /// of a last partial vector hold `padding` (a value `f` takes without trouble).
    @inline(__always)
    private static func apply(inPlace x: UnsafeMutablePointer<Double>, count: Int, padding: Double,
                              _ f: (Vector) -> Vector) {
        var i = 0
        while i + 8 <= count {
            let raw = UnsafeMutableRawPointer(x + i)
            raw.storeBytes(of: f(raw.loadUnaligned(as: Vector.self)), as: Vector.self)
            i += 8
        }
        guard i < count else { return }
        var tail = Vector(repeating: padding)
        for j in i..<count { tail[j - i] = x[j] }
        let done = f(tail)
        for j in i..<count { x[j] = done[j - i] }
    }

    // MARK: Constants

    static let log2e = 1.4426950408889634
    /// ln 2 in two parts: the high part ends in 21 zero bits, so k·ln2High is exact.
    static let ln2High = 6.93147180369123816490e-01
    static let ln2Low = 1.90821492927058770002e-10
    static let twoTo54 = 18014398509481984.0
    /// 1.5·2⁵²: a double near it has whole numbers of magnitude below 2⁵¹ in its low bits.
    static let shifter = 6755399441055744.0
    // fdlibm's Lg1…Lg7.
    static let lg1 = 6.666666666666735130e-01, lg2 = 3.999999999940941908e-01, lg3 = 2.857142874366239149e-01
    static let lg4 = 2.222219843214978396e-01, lg5 = 1.818357216161805012e-01, lg6 = 1.531383769920937332e-01
    static let lg7 = 1.479819860511658591e-01

    /// 2ⁿ for whole numbers n in −1022…1023, built from the exponent bits.
    @inline(__always)
    static func powerOfTwo(_ n: SIMD8<Int64>) -> Vector {
        unsafeBitCast((n &+ 1023) &<< 52, to: Vector.self)
    }
}
