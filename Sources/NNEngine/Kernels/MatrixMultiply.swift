public enum MatrixMultiply {
    public static func gemm(transposeA: Bool, transposeB: Bool,
                            m: Int, n: Int, k: Int,
                            a: UnsafePointer<Double>, lda: Int,
                            b: UnsafePointer<Double>, ldb: Int,
                            c: UnsafeMutablePointer<Double>, ldc: Int,
                            accumulate: Bool) {
        for i in 0..<m {
            if !accumulate { for j in 0..<n { c[i * ldc + j] = 0 } }
            for p in 0..<k {
                let av = transposeA ? a[p * lda + i] : a[i * lda + p]
                if transposeB { for j in 0..<n { c[i * ldc + j] += av * b[j * ldb + p] } }
                else { for j in 0..<n { c[i * ldc + j] += av * b[p * ldb + j] } }
            }
        }
    }
}
