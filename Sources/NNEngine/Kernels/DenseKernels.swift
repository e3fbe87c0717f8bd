/// A dense layer's loops over raw row-major buffers, shared by the tape's `affine` and `dense`
/// operations, `Tensor.columnSums` and the tape-free `DenseTrainingPass`.
enum DenseKernels {
    /// Writes z = x·Wᵀ + b for `rows` rows of x (`inputs` wide) into `z` (`outputs` wide),
    /// with W outputs × inputs: every row of z starts as b, then gemm adds x·Wᵀ. `z` may hold
    /// anything on entry.
    static func affine(x: UnsafePointer<Double>?, rows n: Int, inputs: Int,
                       weights: UnsafePointer<Double>?, bias: UnsafePointer<Double>?, outputs: Int,
                       into z: UnsafeMutablePointer<Double>?) {
        guard n > 0 && outputs > 0, let z, let bias else { return }
        for r in 0..<n {
            let row = z + r * outputs
            for j in 0..<outputs { row[j] = bias[j] }
        }
        guard inputs > 0, let x, let weights else { return }
        MatrixMultiply.gemm(transposeA: false, transposeB: true, m: n, n: outputs, k: inputs,
                            a: x, lda: inputs, b: weights, ldb: inputs, c: z, ldc: outputs, accumulate: true)
    }

    /// Writes the sum of each column of a `rows × columns` matrix into `sums` (the gradient of
    /// a broadcast bias). Rows are added four at a time, so the running sums are loaded and
    /// stored once per four rows.
    static func columnSums(_ m: UnsafePointer<Double>?, rows r: Int, columns c: Int,
                           into sums: UnsafeMutablePointer<Double>?) {
        guard c > 0, let sums else { return }
        sums.update(repeating: 0, count: c)
        guard r > 0, let m else { return }
        var i = 0
        while i + 4 <= r {
            let r0 = m + i * c, r1 = r0 + c, r2 = r1 + c, r3 = r2 + c
            for j in 0..<c { sums[j] += (r0[j] + r1[j]) + (r2[j] + r3[j]) }
            i += 4
        }
        while i < r {
            let row = m + i * c
            for j in 0..<c { sums[j] += row[j] }
            i += 1
        }
    }
}
