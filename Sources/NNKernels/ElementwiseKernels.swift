#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Elementwise loops over raw buffers: the activation passes and the softmax row that the
/// tape's rules, losses and the tape-free training pass share.
///
/// The functions themselves (their values and derivatives) live with `Activation` in the
/// engine; these loops only apply them, so relu — the case that dominates training time —
/// has its own branch-free loops, and every other function comes in as a closure.
public enum ElementwiseKernels {
    /// Replaces each of `count` values x by max(x, 0).
    public static func relu(inPlace x: UnsafeMutablePointer<Double>, count: Int) {
        // A plain select the compiler turns into vector code.
        for i in 0..<count { x[i] = x[i] > 0 ? x[i] : 0 }
    }

    /// Keeps each of `count` gradients where the matching point is positive and writes 0
    /// elsewhere (not g·0, which would turn an infinite gradient into NaN).
    public static func reluSlope(_ g: UnsafeMutablePointer<Double>, count: Int, at points: UnsafePointer<Double>) {
        for i in 0..<count { g[i] = points[i] > 0 ? g[i] : 0 }
    }

    /// Replaces each of `count` values x by f(x).
    @inlinable
    public static func map(inPlace x: UnsafeMutablePointer<Double>, count: Int, _ f: (Double) -> Double) {
        for i in 0..<count { x[i] = f(x[i]) }
    }

    /// Multiplies each of `count` gradients by f at the matching point.
    @inlinable
    public static func scale(_ g: UnsafeMutablePointer<Double>, count: Int, at points: UnsafePointer<Double>,
                             by f: (Double) -> Double) {
        for i in 0..<count { g[i] *= f(points[i]) }
    }

    /// Writes eⱼ = exp(xⱼ − max x) for a row of `count` values into `out` (which may be the row
    /// itself) and returns the row's maximum and Σ eⱼ: the overflow-free core of softmax and of
    /// log-sum-exp. The largest entry's term is exp(0) = 1 exactly, so it costs no call.
    @inline(__always)
    public static func shiftedExponentials(_ row: UnsafePointer<Double>, count c: Int,
                                           into out: UnsafeMutablePointer<Double>) -> (maximum: Double, sum: Double) {
        var m = -Double.infinity
        for j in 0..<c { m = max(m, row[j]) }
        var s = 0.0
        for j in 0..<c {
            let shifted = row[j] - m
            let e = shifted == 0 ? 1 : exp(shifted)
            out[j] = e
            s += e
        }
        return (m, s)
    }
}
