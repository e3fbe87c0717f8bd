import Foundation
import NNEngine
import NNKernels
import XCTest

/// The worker pool, and matrix products shared out over it: the same bits whatever the number
/// of threads.
final class WorkerPoolTests: XCTestCase {
    /// Values from a fixed linear congruential sequence in [−1, 1), so every run sees the same.
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
    }

    /// C = op(A)·op(B) (+ C0 when accumulating) computed with `pool`.
    static func product(_ pool: WorkerPool, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                        accumulate: Bool) -> [Double] {
        let a = values(m * k, seed: 1), b = values(k * n, seed: 2)
        var c = values(m * n, seed: 3)
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    MatrixMultiply.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                        a: ap.baseAddress!, lda: transposeA ? m : k,
                                        b: bp.baseAddress!, ldb: transposeB ? k : n,
                                        c: cp.baseAddress!, ldc: n, accumulate: accumulate, pool: pool)
                }
            }
        }
        return c
    }

    func testEveryBlockRunsOnceAndTheJobWaitsForAll() {
        let pool = WorkerPool(threads: 2)
        for blocks in [0, 1, 2, 3, 7, 64] {
            let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(blocks, 1))
            counts.initialize(repeating: 0)
            defer { counts.deallocate() }
            pool.run(blocks: blocks) { i in
                var x = 0.0
                for j in 0..<20_000 { x += Double(j % 7) }   // long enough for the worker to join
                counts[i] += x > 0 ? 1 : 1
            }
            XCTAssertEqual(Array(counts.prefix(blocks)), Array(repeating: 1, count: blocks), "\(blocks) blocks")
        }
    }

    func testAJobStartedInsideABlockRunsOnItsCaller() {
        let pool = WorkerPool(threads: 2)
        let sums = UnsafeMutableBufferPointer<Int>.allocate(capacity: 4)
        sums.initialize(repeating: 0)
        defer { sums.deallocate() }
        pool.run(blocks: 4) { i in
            var inner = 0
            pool.run(blocks: 3) { j in inner += j + 1 }   // the pool is busy: runs here, in order
            sums[i] = inner
        }
        XCTAssertEqual(Array(sums), [6, 6, 6, 6])
    }

    func testLargeProductsAreTheSameToTheBitWithOneOrTwoThreads() {
        let one = WorkerPool(threads: 1), two = WorkerPool(threads: 2), three = WorkerPool(threads: 3)
        // (c)'s products at batch 256, ragged shapes, thin outputs (inner-product kernel), a C of
        // few rows (split by columns), and accumulation.
        let shapes: [(tA: Bool, tB: Bool, m: Int, n: Int, k: Int, acc: Bool)] = [
            (false, true, 256, 256, 256, false), (true, false, 256, 256, 256, false),
            (false, false, 256, 256, 256, false), (false, true, 203, 77, 300, true),
            (true, true, 260, 130, 129, false), (false, true, 6000, 3, 256, false),
            (true, false, 3, 1500, 1000, false), (false, false, 9, 1000, 500, true),
        ]
        for s in shapes {
            XCTAssertGreaterThanOrEqual(s.m * s.n * s.k, MatrixMultiply.parallelThreshold)
            let serial = Self.product(one, transposeA: s.tA, transposeB: s.tB, m: s.m, n: s.n, k: s.k, accumulate: s.acc)
            for pool in [two, three] {
                let shared = Self.product(pool, transposeA: s.tA, transposeB: s.tB, m: s.m, n: s.n, k: s.k, accumulate: s.acc)
                XCTAssertEqual(serial.map(\.bitPattern), shared.map(\.bitPattern), "\(s), \(pool.threads) threads")
            }
        }
        XCTAssertEqual(one.sharedJobs, 0)
        XCTAssertEqual(two.sharedJobs, shapes.count)
    }

    func testSmallProductsStayOnOneThread() {
        let two = WorkerPool(threads: 2)
        // A step of workload (a): 2-64-64-3 at batch 32.
        _ = Self.product(two, transposeA: false, transposeB: true, m: 32, n: 64, k: 64, accumulate: false)
        _ = Self.product(two, transposeA: true, transposeB: false, m: 64, n: 64, k: 32, accumulate: false)
        XCTAssertEqual(two.sharedJobs, 0)
    }

    func testTheSharedProductIsRight() {
        // Against a plain triple loop (to rounding), so sharing out cannot lose or repeat a block.
        let (m, n, k) = (200, 170, 130)
        XCTAssertGreaterThanOrEqual(m * n * k, MatrixMultiply.parallelThreshold)
        let c = Self.product(WorkerPool(threads: 2), transposeA: false, transposeB: false, m: m, n: n, k: k, accumulate: true)
        let a = Self.values(m * k, seed: 1), b = Self.values(k * n, seed: 2), c0 = Self.values(m * n, seed: 3)
        for i in 0..<m {
            for j in 0..<n {
                var sum = c0[i * n + j]
                for p in 0..<k { sum += a[i * k + p] * b[p * n + j] }
                XCTAssertEqual(c[i * n + j], sum, accuracy: 1e-11)
            }
        }
    }

    /// A large layer's Adam update is shared over the pool (when it has two threads): its
    /// weights and moments are those of the one-thread loop to the bit, over several steps.
    func testSharedOptimizerUpdatesAreTheOneThreadLoopsToTheBit() {
        let count = 300 * 300
        for kind in [OptimizerSettings.Kind.adam, .adamw, .rmsprop, .momentum] {
            var optimizer = Optimizer(settings: OptimizerSettings(kind: kind, learningRate: 0.01))
            var parameters = [Tensor(shape: [300, 300], scalars: Self.values(count, seed: 4))]
            var w = parameters[0].scalars, m = [Double](repeating: 0, count: count), v = m
            for step in 1...3 {
                let g = Self.values(count, seed: UInt64(10 + step))
                optimizer.step(&parameters, gradients: [Tensor(shape: [300, 300], scalars: g)])
                let s = optimizer.settings, t = Double(step)
                let c1 = 1 - Foundation.pow(s.beta1, t), c2 = 1 - Foundation.pow(s.beta2, t)
                switch kind {
                case .adam, .adamw:
                    OptimizerKernels.adam(count: count, lr: 0.01, beta1: s.beta1, beta2: s.beta2, eps: s.epsilon,
                                          decay: kind == .adamw ? s.decay : 0, correction1: c1, correction2: c2,
                                          w: &w, g: g, m: &m, v: &v)
                case .rmsprop:
                    OptimizerKernels.rmsprop(count: count, lr: 0.01, rho: s.rho, eps: s.epsilon, w: &w, g: g, v: &v)
                default:
                    OptimizerKernels.momentum(count: count, lr: 0.01, mu: s.momentum, nesterov: false, w: &w, g: g, m: &m)
                }
                XCTAssertEqual(parameters[0].scalars, w, "\(kind) step \(step)")
            }
        }
    }
}
