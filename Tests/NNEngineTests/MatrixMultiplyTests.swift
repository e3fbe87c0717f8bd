import Dispatch
import XCTest
import NNEngine
import NNKernels

/// Checks `MatrixMultiply.gemm` against a naive triple loop.
final class MatrixMultiplyTests: XCTestCase {
    // MARK: Fixtures

    /// One multiplication to check: shapes, transposes, leading dimensions, mode.
    struct Case: CustomStringConvertible {
        var transposeA = false, transposeB = false
        var m: Int, n: Int, k: Int
        /// Extra elements at the end of each stored row of A, B and C.
        var padA = 0, padB = 0, padC = 0
        var accumulate = false

        var lda: Int { (transposeA ? m : k) + padA }
        var ldb: Int { (transposeB ? k : n) + padB }
        var ldc: Int { n + padC }
        var aCount: Int { (transposeA ? k : m) * lda }
        var bCount: Int { (transposeB ? n : k) * ldb }
        var cCount: Int { m * ldc }

        var description: String {
            "m \(m) n \(n) k \(k) tA \(transposeA) tB \(transposeB) "
                + "lda \(lda) ldb \(ldb) ldc \(ldc) accumulate \(accumulate)"
        }
    }

    /// C as the naive triple loop computes it (every element of `c`, padding included).
    static func reference(_ t: Case, _ a: [Double], _ b: [Double], _ c: [Double]) -> [Double] {
        var result = c
        for i in 0..<t.m {
            for j in 0..<t.n {
                var sum = 0.0
                for p in 0..<t.k {
                    let x = t.transposeA ? a[p * t.lda + i] : a[i * t.lda + p]
                    let y = t.transposeB ? b[j * t.ldb + p] : b[p * t.ldb + j]
                    sum += x * y
                }
                result[i * t.ldc + j] = t.accumulate ? result[i * t.ldc + j] + sum : sum
            }
        }
        return result
    }

    /// Runs `gemm` on `a` and `b` (which must have the case's sizes) into a copy of `c`.
    static func multiply(_ t: Case, _ a: [Double], _ b: [Double], _ c: [Double]) -> [Double] {
        var result = c
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                result.withUnsafeMutableBufferPointer { c in
                    // Empty arrays have no base address; gemm must not touch them anyway.
                    let dummy = UnsafeMutablePointer<Double>.allocate(capacity: 1)
                    defer { dummy.deallocate() }
                    MatrixMultiply.gemm(transposeA: t.transposeA, transposeB: t.transposeB,
                                        m: t.m, n: t.n, k: t.k,
                                        a: a.baseAddress ?? UnsafePointer(dummy), lda: t.lda,
                                        b: b.baseAddress ?? UnsafePointer(dummy), ldb: t.ldb,
                                        c: c.baseAddress ?? dummy, ldc: t.ldc,
                                        accumulate: t.accumulate)
                }
            }
        }
        return result
    }

    /// Checks one case on random matrices, with C pre-filled so that writes outside its m×n
    /// area (into the padding) are caught.
    func check(_ t: Case, using generator: inout SeededGenerator,
               file: StaticString = #filePath, line: UInt = #line) {
        let a = (0..<t.aCount).map { _ in Double.random(in: -1...1, using: &generator) }
        let b = (0..<t.bCount).map { _ in Double.random(in: -1...1, using: &generator) }
        let c = (0..<t.cCount).map { _ in Double.random(in: -1...1, using: &generator) }
        let want = Self.reference(t, a, b, c)
        let got = Self.multiply(t, a, b, c)
        // Summation order differs from the loop's; each product is at most 1 in size.
        let tolerance = 1e-14 * Double(max(t.k, 1)) + 1e-15
        var worst = 0.0
        for index in want.indices { worst = max(worst, abs(want[index] - got[index])) }
        XCTAssertLessThanOrEqual(worst, tolerance, "\(t)", file: file, line: line)
    }

    // MARK: Tests

    func testAllTransposesAndEdgeSizes() {
        var generator = SeededGenerator(seed: 1)
        let extents = [0, 1, 2, 3, 7, 8, 9, 16, 17, 33, 65]
        for m in extents {
            for n in extents {
                for k in [0, 1, 2, 3, 7, 33, 65] where m * n * k <= 40_000 {
                    for transposeA in [false, true] {
                        for transposeB in [false, true] {
                            for accumulate in [false, true] {
                                check(Case(transposeA: transposeA, transposeB: transposeB,
                                           m: m, n: n, k: k, accumulate: accumulate),
                                      using: &generator)
                            }
                        }
                    }
                }
            }
        }
    }

    func testLooseLeadingDimensions() {
        var generator = SeededGenerator(seed: 2)
        for (m, n, k) in [(1, 1, 1), (7, 9, 5), (33, 17, 65), (16, 65, 3), (9, 2, 40), (3, 33, 33)] {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    for (padA, padB, padC) in [(1, 2, 3), (5, 0, 1), (0, 7, 0), (13, 11, 9)] {
                        for accumulate in [false, true] {
                            check(Case(transposeA: transposeA, transposeB: transposeB,
                                       m: m, n: n, k: k, padA: padA, padB: padB, padC: padC,
                                       accumulate: accumulate),
                                  using: &generator)
                        }
                    }
                }
            }
        }
    }

    /// Deep products are cut into depth slices, later ones adding to the earlier ones.
    func testDepthLongerThanOneSlice() {
        var generator = SeededGenerator(seed: 3)
        for (m, n, k) in [(9, 17, 129), (17, 33, 300), (8, 16, 257), (2, 40, 520), (40, 3, 600)] {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    for accumulate in [false, true] {
                        check(Case(transposeA: transposeA, transposeB: transposeB,
                                   m: m, n: n, k: k, padA: 1, accumulate: accumulate),
                              using: &generator)
                    }
                }
            }
        }
    }

    /// Outputs with a handful of columns or rows (output layers), which take other paths.
    func testThinOutputs() {
        var generator = SeededGenerator(seed: 4)
        for thin in [1, 2, 3, 4, 5, 10, 16, 17] {
            for (long, k) in [(32, 64), (70, 3), (45, 130)] {
                for transposeA in [false, true] {
                    for transposeB in [false, true] {
                        check(Case(transposeA: transposeA, transposeB: transposeB,
                                   m: long, n: thin, k: k), using: &generator)
                        check(Case(transposeA: transposeA, transposeB: transposeB,
                                   m: thin, n: long, k: k, accumulate: true), using: &generator)
                    }
                }
            }
        }
    }

    /// The shapes of nnlab's dense layers at batch 32: forward `X·Wᵀ`, `Δᵀ·X`, `Δ·W`.
    func testDenseLayerShapes() {
        var generator = SeededGenerator(seed: 5)
        let batch = 32
        for (inputs, outputs) in [(2, 64), (64, 64), (64, 3), (64, 128), (128, 10)] {
            check(Case(transposeB: true, m: batch, n: outputs, k: inputs), using: &generator)
            check(Case(transposeA: true, m: outputs, n: inputs, k: batch, accumulate: true),
                  using: &generator)
            check(Case(m: batch, n: inputs, k: outputs), using: &generator)
        }
    }

    /// Tall products pack B's panels; rows of A 4 KiB apart are copied first.
    func testLargeAndAliasedShapes() {
        var generator = SeededGenerator(seed: 6)
        for transposeA in [false, true] {
            for transposeB in [false, true] {
                check(Case(transposeA: transposeA, transposeB: transposeB, m: 130, n: 40, k: 70),
                      using: &generator)
                check(Case(transposeA: transposeA, transposeB: transposeB, m: 257, n: 20, k: 9,
                           padC: 4, accumulate: true),
                      using: &generator)
                // Leading dimensions of 512 doubles (4 KiB).
                check(Case(transposeA: transposeA, transposeB: transposeB, m: 72, n: 24, k: 40,
                           padA: 512 - (transposeA ? 72 : 40), padB: 512 - (transposeB ? 40 : 24),
                           padC: 512 - 24),
                      using: &generator)
            }
        }
    }

    func testOverwriteIgnoresWhatCHeld() {
        let a: [Double] = [1, 2, 3, 4], b: [Double] = [5, 6, 7, 8]
        let c = [Double](repeating: .nan, count: 4)
        let product = Self.multiply(Case(m: 2, n: 2, k: 2), a, b, c)
        XCTAssertEqual(product, [19, 22, 43, 50])
    }

    func testAccumulateAddsToC() {
        let a: [Double] = [1, 2, 3, 4], b: [Double] = [5, 6, 7, 8]
        let product = Self.multiply(Case(m: 2, n: 2, k: 2, accumulate: true), a, b, [1, 1, 1, 1])
        XCTAssertEqual(product, [20, 23, 44, 51])
    }

    func testEmptyDepthZeroesOrKeepsC() {
        let c: [Double] = [1, 2, 3, 4, 5, 6]
        XCTAssertEqual(Self.multiply(Case(m: 2, n: 2, k: 0, padC: 1), [], [], c), [0, 0, 3, 0, 0, 6])
        XCTAssertEqual(Self.multiply(Case(m: 2, n: 2, k: 0, padC: 1, accumulate: true), [], [], c), c)
    }

    /// Each thread packs into its own scratch buffer, so concurrent calls do not interfere.
    func testConcurrentCalls() {
        let t = Case(transposeB: true, m: 40, n: 35, k: 50)
        var generator = SeededGenerator(seed: 7)
        let a = (0..<t.aCount).map { _ in Double.random(in: -1...1, using: &generator) }
        let b = (0..<t.bCount).map { _ in Double.random(in: -1...1, using: &generator) }
        let zero = [Double](repeating: 0, count: t.cCount)
        let want = Self.reference(t, a, b, zero)
        // One slot per thread for its largest error; threads write disjoint slots.
        struct Slots: @unchecked Sendable { let errors: UnsafeMutableBufferPointer<Double> }
        let slots = Slots(errors: .allocate(capacity: 8))
        defer { slots.errors.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            var worst = 0.0
            for _ in 0..<20 {
                let got = Self.multiply(t, a, b, zero)
                for index in want.indices { worst = max(worst, abs(got[index] - want[index])) }
            }
            slots.errors[thread] = worst
        }
        for thread in 0..<8 { XCTAssertLessThanOrEqual(slots.errors[thread], 1e-12) }
    }
}
