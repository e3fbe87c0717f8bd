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
    /// a broadcast bias).
    ///
    /// The rows are summed in chunks of `MatrixMultiply.depthBlock` (128), each from zero, and
    /// each chunk's sums are added to those of the chunks before it — the order in which
    /// `MatrixMultiply` sums a product's depth. A batch cut at a chunk boundary then gives the
    /// same bits in two parts (the later part's sums plus the earlier part's) as whole, which
    /// lets `DenseTrainingPass` share a large batch between two threads. Within a chunk, rows
    /// are added four at a time, so the running sums are loaded and stored once per four rows.
    public static func columnSums(_ m: UnsafePointer<Double>?, rows r: Int, columns c: Int,
                           into sums: UnsafeMutablePointer<Double>?) {
        guard c > 0, let sums else { return }
        sums.update(repeating: 0, count: c)
        guard r > 0, let m else { return }
        let chunk = MatrixMultiply.depthBlock
        chunkSums(m, rows: min(chunk, r), columns: c, into: sums)
        guard r > chunk else { return }
        let partial = UnsafeMutablePointer<Double>.allocate(capacity: c)
        defer { partial.deallocate() }
        for first in stride(from: chunk, to: r, by: chunk) {
            partial.update(repeating: 0, count: c)
            chunkSums(m + first * c, rows: min(chunk, r - first), columns: c, into: partial)
            for j in 0..<c { sums[j] = partial[j] + sums[j] }
        }
    }

    /// Adds the columns of `r` rows to `sums` (running from what it holds), four rows at a time.
    private static func chunkSums(_ m: UnsafePointer<Double>, rows r: Int, columns c: Int,
                                  into sums: UnsafeMutablePointer<Double>) {
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
