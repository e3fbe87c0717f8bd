/// The optimizers' update rules over raw buffers: one loop per rule, which the compiler turns
/// into vector instructions (with `-fno-math-errno`, Package.swift, the square root needs no
/// errno path).
///
/// Each rule updates `count` weights `w` from their gradients `g` in place, and its moments
/// (`m`: velocity or first moment; `v`: second moment, s or G) with them. Moments are rounded to
/// zero once subnormal (see `flushed`).
public enum OptimizerKernels {
    /// A moment (velocity, m, v or s) rounded to zero once it is subnormal (below 2.2e-308).
    ///
    /// The moments of a parameter whose gradient has stopped (a dead ReLU's weights) decay
    /// geometrically: m by β₁ each step, so it turns subnormal after some 7,000 steps, and
    /// arithmetic on subnormals is about a hundred times slower on x86. Rounding them to zero
    /// keeps long runs at full speed (training spent 38% of its time in Adam's update before,
    /// 20% after) and changes nothing a run can see: a numerator m moves by less than 2.3e-308,
    /// and a denominator √v + ε by less than 1.5e-154 (beside ε, 1e-8 by default).
    @inline(__always)
    public static func flushed(_ x: Double) -> Double {
        abs(x) < Double.leastNormalMagnitude ? 0 : x
    }

    /// w ← w − η·g.
    public static func sgd(count n: Int, lr: Double, w: UnsafeMutablePointer<Double>, g: UnsafePointer<Double>) {
        for j in 0..<n { w[j] -= lr * g[j] }
    }

    /// m ← μ·m + g; w ← w − η·m (or w − η·(g + μ·m) with Nesterov's look-ahead).
    public static func momentum(count n: Int, lr: Double, mu: Double, nesterov: Bool,
                                w: UnsafeMutablePointer<Double>, g: UnsafePointer<Double>, m: UnsafeMutablePointer<Double>) {
        if nesterov {
            for j in 0..<n { m[j] = flushed(mu * m[j] + g[j]); w[j] -= lr * (g[j] + mu * m[j]) }
        } else {
            for j in 0..<n { m[j] = flushed(mu * m[j] + g[j]); w[j] -= lr * m[j] }
        }
    }

    /// s ← ρ·s + (1 − ρ)·g²; w ← w − η·g/(√s + ε).
    public static func rmsprop(count n: Int, lr: Double, rho: Double, eps: Double,
                               w: UnsafeMutablePointer<Double>, g: UnsafePointer<Double>, v: UnsafeMutablePointer<Double>) {
        for j in 0..<n {
            v[j] = flushed(rho * v[j] + (1 - rho) * g[j] * g[j])
            w[j] -= lr * g[j] / (v[j].squareRoot() + eps)
        }
    }

    /// G ← G + g²; w ← w − η·g/(√G + ε).
    public static func adagrad(count n: Int, lr: Double, eps: Double,
                               w: UnsafeMutablePointer<Double>, g: UnsafePointer<Double>, v: UnsafeMutablePointer<Double>) {
        for j in 0..<n {
            v[j] += g[j] * g[j]
            w[j] -= lr * g[j] / (v[j].squareRoot() + eps)
        }
    }

    /// Adam (decoupled weight decay `decay` for AdamW, 0 for Adam): m ← β₁m + (1 − β₁)g,
    /// v ← β₂v + (1 − β₂)g², w ← w − η·(m̂/(√v̂ + ε) + decay·w), with m̂ = m/`correction1` and
    /// v̂ = v/`correction2`.
    public static func adam(count n: Int, lr: Double, beta1 b1: Double, beta2 b2: Double, eps: Double, decay: Double,
                            correction1: Double, correction2: Double,
                            w: UnsafeMutablePointer<Double>, g: UnsafePointer<Double>,
                            m: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>) {
        let inverse1 = 1 / correction1, inverse2 = 1 / correction2
        for j in 0..<n {
            let gj = g[j]
            let mj = flushed(b1 * m[j] + (1 - b1) * gj)
            let vj = flushed(b2 * v[j] + (1 - b2) * gj * gj)
            m[j] = mj
            v[j] = vj
            w[j] -= lr * (mj * inverse1 / ((vj * inverse2).squareRoot() + eps) + decay * w[j])
        }
    }
}
