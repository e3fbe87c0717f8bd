import NNKernels

/// Elementwise arithmetic and matrix products on tensors, written over raw buffers so the
/// training loop spends its time on numbers, not on bounds checks and closures.
extension Tensor {
    /// Adds another tensor of the same shape in place.
    public mutating func add(_ other: Tensor) {
        precondition(other.count == count, "cannot add shape \(other.shape) to \(shape)")
        scalars.withUnsafeMutableBufferPointer { d in
            other.scalars.withUnsafeBufferPointer { s in
                for i in 0..<d.count { d[i] += s[i] }
            }
        }
    }

    /// Adds `factor` times another tensor of the same shape in place.
    public mutating func add(_ other: Tensor, scaledBy factor: Double) {
        precondition(other.count == count, "cannot add shape \(other.shape) to \(shape)")
        scalars.withUnsafeMutableBufferPointer { d in
            other.scalars.withUnsafeBufferPointer { s in
                for i in 0..<d.count { d[i] += factor * s[i] }
            }
        }
    }

    /// Every element multiplied by a number.
    public func scaled(by factor: Double) -> Tensor {
        var out = self
        out.scalars.withUnsafeMutableBufferPointer { d in
            for i in 0..<d.count { d[i] *= factor }
        }
        return out
    }

    /// The elementwise combination of two tensors of the same shape.
    @inlinable
    public func zipMap(_ other: Tensor, _ f: (Double, Double) -> Double) -> Tensor {
        precondition(other.count == count, "shapes \(shape) and \(other.shape) differ")
        let n = count
        let out = [Double](unsafeUninitializedCapacity: n) { o, initialized in
            scalars.withUnsafeBufferPointer { a in
                other.scalars.withUnsafeBufferPointer { b in
                    for i in 0..<n { o[i] = f(a[i], b[i]) }
                }
            }
            initialized = n
        }
        return Tensor(shape: shape, scalars: out)
    }

    /// The sum of each column of a matrix (the gradient of a broadcast bias).
    ///
    /// `shape`, when given, is an existing shape of `columns` elements for the result to share
    /// (it spares allocating one: the bias gradient takes the bias's shape).
    public func columnSums(shape resultShape: [Int]? = nil) -> Tensor {
        let r = rows, c = columns
        precondition(resultShape.map { $0.reduce(1, *) == c } ?? true, "columnSums: shape \(resultShape!) does not hold \(c) elements")
        let out = [Double](unsafeUninitializedCapacity: c) { o, initialized in
            scalars.withUnsafeBufferPointer { DenseKernels.columnSums($0.baseAddress, rows: r, columns: c, into: o.baseAddress) }
            initialized = c
        }
        return Tensor(shape: resultShape ?? [c], scalars: out)
    }

    /// The matrix product op(self)·op(other), where op transposes when asked.
    ///
    /// `shape`, when given, is an existing array equal to `[m, n]` for the result to share (it
    /// spares allocating one: a gradient takes the shape of the value it belongs to).
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false,
                       shape resultShape: [Int]? = nil) -> Tensor {
        precondition(rank == 2 && other.rank == 2, "matmul needs matrices, got \(shape) and \(other.shape)")
        let m = transposeSelf ? shape[1] : shape[0]
        let k = transposeSelf ? shape[0] : shape[1]
        let k2 = transposeOther ? other.shape[1] : other.shape[0]
        let n = transposeOther ? other.shape[0] : other.shape[1]
        precondition(k == k2, "matmul inner sizes differ: \(shape) and \(other.shape)")
        guard m > 0 && n > 0 && k > 0 else { return Tensor.zeros([m, n]) }
        // gemm writes every element of C without reading it, so C starts uninitialized.
        let out = [Double](unsafeUninitializedCapacity: m * n) { c, initialized in
            scalars.withUnsafeBufferPointer { a in
                other.scalars.withUnsafeBufferPointer { b in
                    MatrixMultiply.gemm(transposeA: transposeSelf, transposeB: transposeOther,
                                        m: m, n: n, k: k,
                                        a: a.baseAddress!, lda: shape[1],
                                        b: b.baseAddress!, ldb: other.shape[1],
                                        c: c.baseAddress!, ldc: n, accumulate: false)
                }
            }
            initialized = m * n
        }
        precondition(resultShape.map { $0.count == 2 && $0[0] == m && $0[1] == n } ?? true, "matmul: shape \(resultShape!) is not [\(m), \(n)]")
        return Tensor(shape: resultShape ?? [m, n], scalars: out)
    }

    /// Whether every element is finite.
    ///
    /// x·0 is 0 for every finite x and NaN for ±∞ and NaN, so the sum of x·0 over all elements
    /// is NaN exactly when one of them is not finite: a branch-free loop in eight lanes.
    public var isFinite: Bool {
        Tensor.laneSum(scalars) { $0 * 0 }.isFinite
    }

    /// The sum of the absolute values of all elements, in order (the L1 penalty's core).
    public var sumOfAbsolutes: Double { scalars.reduce(0) { $0 + abs($1) } }

    /// The sum of the squares of all elements, summed in eight lanes.
    public var sumOfSquares: Double {
        Tensor.laneSum(scalars) { $0 * $0 }
    }

    /// Σ f(x) over the elements, in four vectors of eight partial sums added up at the end
    /// (four independent chains of additions, so the loop is not bound by their latency).
    @inline(__always)
    static func laneSum(_ scalars: [Double], _ f: (SIMD8<Double>) -> SIMD8<Double>) -> Double {
        typealias V = SIMD8<Double>
        return scalars.withUnsafeBufferPointer { p in
            let n = p.count
            var s0 = V(), s1 = V(), s2 = V(), s3 = V()
            var i = 0
            if let base = p.baseAddress {
                let raw = UnsafeRawPointer(base)
                while i + 32 <= n {
                    s0 += f(raw.loadUnaligned(fromByteOffset: i * 8, as: V.self))
                    s1 += f(raw.loadUnaligned(fromByteOffset: i * 8 + 64, as: V.self))
                    s2 += f(raw.loadUnaligned(fromByteOffset: i * 8 + 128, as: V.self))
                    s3 += f(raw.loadUnaligned(fromByteOffset: i * 8 + 192, as: V.self))
                    i += 32
                }
                while i + 8 <= n {
                    s0 += f(raw.loadUnaligned(fromByteOffset: i * 8, as: V.self))
                    i += 8
                }
            }
            var tail = V()
            for j in 0..<(n - i) { tail[j] = p[i + j] }
            s1 += f(tail)
            return ((s0 + s1) + (s2 + s3)).sum()
        }
    }
}
