import Foundation
import NNKernels
import XCTest

/// The row loops of `ElementwiseKernels` against one-row-at-a-time references.
final class ElementwiseKernelTests: XCTestCase {
    /// The first largest score's column of each row, one comparison at a time.
    static func firstLargest(_ z: [Double], rows: Int, columns: Int) -> [Int] {
        (0..<rows).map { r in
            var best = 0
            for j in 1..<columns where z[r * columns + j] > z[r * columns + best] { best = j }
            return best
        }
    }

    func testFirstLargestHitsCountsTheRowsWhoseTargetHasTheFirstLargestScore() {
        for (rows, columns) in [(0, 3), (1, 2), (7, 3), (8, 3), (256, 3), (33, 10), (19, 1), (40, 5)] {
            // Scores from a few values only, so ties are common; a NaN now and then.
            var z = WorkerPoolTests.values(rows * columns, seed: UInt64(rows * 31 + columns)).map { ($0 * 3).rounded() }
            for i in stride(from: 5, to: z.count, by: 17) { z[i] = .nan }
            let classes = WorkerPoolTests.values(rows, seed: 9).map { Double(Int(($0 + 1) / 2 * Double(columns)) % columns) }
            let expected = zip(Self.firstLargest(z, rows: rows, columns: columns), classes).filter { Double($0) == $1 }.count
            let hits = z.withUnsafeBufferPointer { zp in
                classes.withUnsafeBufferPointer { cp in
                    ElementwiseKernels.firstLargestHits(zp.baseAddress ?? UnsafePointer(bitPattern: 8)!, rows: rows, columns: columns,
                                                        classes: cp.baseAddress ?? UnsafePointer(bitPattern: 8)!)
                }
            }
            XCTAssertEqual(hits, expected, "\(rows)×\(columns)")
        }
    }

    func testShiftedExponentialRowsGiveEachRowsTermsMaximumAndSums() {
        let rows = 21, columns = 3
        let z = WorkerPoolTests.values(rows * columns, seed: 4).map { $0 * 30 }
        var out = [Double](repeating: .nan, count: z.count)
        var maxima = [Double](repeating: .nan, count: rows), sums = maxima, logSums = maxima
        ElementwiseKernels.shiftedExponentialRows(z, rows: rows, columns: columns, into: &out,
                                                  maxima: &maxima, sums: &sums, logSums: &logSums)
        for r in 0..<rows {
            let row = Array(z[(r * columns)..<((r + 1) * columns)])
            let m = row.max()!
            XCTAssertEqual(maxima[r], m)
            var s = 0.0
            for j in 0..<columns {
                let term = out[r * columns + j]
                XCTAssertEqual(term, Foundation.exp(row[j] - m), accuracy: Foundation.exp(row[j] - m).ulp)
                if row[j] == m { XCTAssertEqual(term, 1, "the largest term is exactly 1") }
                s += term
            }
            XCTAssertEqual(sums[r], s, "the terms added in column order")
            XCTAssertEqual(logSums[r], Foundation.log(s), accuracy: Foundation.log(s).ulp)
        }
    }
}
