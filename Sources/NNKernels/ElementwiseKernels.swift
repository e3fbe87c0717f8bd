/// Elementwise loops over raw buffers: the activation passes and the softmax rows that the
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

    /// For each of `rows` rows of `columns` values x, writes eⱼ = exp(xⱼ − max x) into `out`
    /// (which may be `x` itself) and the row's maximum, Σ eⱼ and ln Σ eⱼ into `maxima`, `sums`
    /// and `logSums`: the overflow-free core of softmax and of log-sum-exp. The largest entry's
    /// term is exp(0) = 1 exactly. The exponentials and logarithms go eight at a time
    /// (`VectorMath`); the sums add each row's terms in column order.
    public static func shiftedExponentialRows(_ x: UnsafePointer<Double>, rows: Int, columns c: Int,
                                              into out: UnsafeMutablePointer<Double>,
                                              maxima: UnsafeMutablePointer<Double>, sums: UnsafeMutablePointer<Double>,
                                              logSums: UnsafeMutablePointer<Double>) {
        guard rows > 0, c > 0 else { return }
        for r in 0..<rows {
            let row = x + r * c, shifted = out + r * c
            var m = -Double.infinity
            for j in 0..<c { m = max(m, row[j]) }
            maxima[r] = m
            for j in 0..<c { shifted[j] = row[j] - m }
        }
        VectorMath.exp(inPlace: out, count: rows * c)
        for r in 0..<rows {
            let terms = out + r * c
            var s = 0.0
            for j in 0..<c { s += terms[j] }
            sums[r] = s
        }
        logSums.update(from: sums, count: rows)
        VectorMath.log(inPlace: logSums, count: rows)
    }

    /// How many of `rows` rows of `columns` scores have their first largest score in the
    /// column their target names (`classes[r]`, a whole number held in a double): a batch's
    /// hits, read from the logits. Eight rows go at a time, with selects rather than branches
    /// (on a batch of random rows, branches on the largest score and on a hit are mispredicted
    /// half the time). A NaN score is never the largest, as in `>` comparisons one at a time.
    public static func firstLargestHits(_ z: UnsafePointer<Double>, rows: Int, columns c: Int,
                                        classes: UnsafePointer<Double>) -> Int {
        typealias Vector = SIMD8<Double>
        guard c > 0 else { return 0 }
        var hits = Vector(), r = 0
        while r + 8 <= rows {
            var top = Vector(), best = Vector(), target = Vector()
            for i in 0..<8 { top[i] = z[(r + i) * c]; target[i] = classes[r + i] }
            for j in 1..<max(c, 1) {
                var value = Vector()
                for i in 0..<8 { value[i] = z[(r + i) * c + j] }
                let better = value .> top
                best.replace(with: Vector(repeating: Double(j)), where: better)
                top.replace(with: value, where: better)
            }
            hits.replace(with: hits + 1, where: best .== target)
            r += 8
        }
        var count = Int(hits.sum())
        while r < rows {
            let row = z + r * c
            var best = 0, top = row[0]
            for j in 1..<max(c, 1) where row[j] > top { best = j; top = row[j] }
            count += Double(best) == classes[r] ? 1 : 0
            r += 1
        }
        return count
    }
}
