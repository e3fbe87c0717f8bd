import NNKernels

/// The softmax terms of each row of a logit matrix: eⱼ = exp(zⱼ − max z), with each row's
/// maximum, Σ eⱼ and ln Σ eⱼ — what softmax, cross-entropy and its smoothed and weighted forms
/// are made of (`ElementwiseKernels.shiftedExponentialRows` computes them).
struct SoftmaxRows {
    /// max z, Σ e and ln Σ e of each row, in three runs of `rows` values.
    private let statistics: [Double]
    let rows: Int

    /// The terms eⱼ of every entry, rows first (callers turn them into the gradient or the
    /// probabilities in place), and each row's maximum and sums.
    static func of(_ z: Tensor) -> (terms: [Double], rows: SoftmaxRows) {
        let rows = z.rows, c = z.columns
        var statistics = [Double](repeating: 0, count: 3 * rows)
        let terms = [Double](unsafeUninitializedCapacity: z.count) { out, initialized in
            z.scalars.withUnsafeBufferPointer { zp in
                statistics.withUnsafeMutableBufferPointer { s in
                    if let x = zp.baseAddress, let out = out.baseAddress, let s = s.baseAddress {
                        ElementwiseKernels.shiftedExponentialRows(x, rows: rows, columns: c, into: out,
                                                                  maxima: s, sums: s + rows, logSums: s + 2 * rows)
                    }
                }
            }
            initialized = z.count
        }
        return (terms, SoftmaxRows(statistics: statistics, rows: rows))
    }

    /// Row r's largest logit.
    func maximum(_ r: Int) -> Double { statistics[r] }
    /// Row r's Σ eⱼ.
    func sum(_ r: Int) -> Double { statistics[rows + r] }
    /// Row r's ln Σ eⱼ.
    func logSum(_ r: Int) -> Double { statistics[2 * rows + r] }
}
