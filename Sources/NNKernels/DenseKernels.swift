/// A dense layer's loops over raw row-major buffers, shared by the tape's `affine` and `dense`
/// operations, `Tensor.columnSums` and the tape-free `DenseTrainingPass`.
public enum DenseKernels {
    /// Writes z = x·Wᵀ + b for `rows` rows of x (`inputs` wide) into `z` (`outputs` wide),
    /// with W outputs × inputs, or relu(z) when `relu` is set. gemm writes x·Wᵀ (`z` may hold
    /// anything on entry), then one pass adds b to every row, and clamps at 0 for relu.
    public static func affine(x: UnsafePointer<Double>?, rows n: Int, inputs: Int,
                       weights: UnsafePointer<Double>?, bias: UnsafePointer<Double>?, outputs: Int,
                       into z: UnsafeMutablePointer<Double>?, relu: Bool = false) {
        guard n > 0 && outputs > 0, let z, let bias else { return }
        if inputs > 0, let x, let weights {
            MatrixMultiply.gemm(transposeA: false, transposeB: true, m: n, n: outputs, k: inputs,
                                a: x, lda: inputs, b: weights, ldb: inputs, c: z, ldc: outputs, accumulate: false)
        } else {
            z.update(repeating: 0, count: n * outputs)
        }
        for r in 0..<n {
            let row = z + r * outputs
            if relu {
                for j in 0..<outputs { let v = row[j] + bias[j]; row[j] = v > 0 ? v : 0 }
            } else {
                for j in 0..<outputs { row[j] += bias[j] }
            }
        }
    }

    /// Writes the sum of each column of a `rows × columns` matrix into `sums` (the gradient of
    /// a broadcast bias). Rows are added four at a time, so the running sums are loaded and
    /// stored once per four rows.
    public static func columnSums(_ m: UnsafePointer<Double>?, rows r: Int, columns c: Int,
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
