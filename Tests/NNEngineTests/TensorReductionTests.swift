import NNEngine
import XCTest

/// The vector reductions behind the trainer's divergence check, gradient norms and bias
/// gradients.
final class TensorReductionTests: XCTestCase {
    /// Lengths that exercise the four-vector blocks, single vectors, the tail, and mixes.
    let lengths = [0, 1, 7, 8, 9, 16, 23, 31, 32, 33, 40, 71]

    func testSumOfSquaresMatchesAPlainSum() {
        for n in lengths {
            let t = Tensor((0..<n).map { Double($0) * 0.5 - 2 })
            let expected = t.scalars.reduce(0) { $0 + $1 * $1 }
            XCTAssertEqual(t.sumOfSquares, expected, accuracy: 1e-12, "n = \(n)")
            XCTAssertEqual(t.norm, expected.squareRoot(), accuracy: 1e-12, "n = \(n)")
        }
        // 3² + 4² = 25 written out.
        XCTAssertEqual(Tensor([3, 4]).norm, 5)
    }

    func testIsFiniteFindsANonFiniteElementAtAnyPosition() {
        for n in lengths where n > 0 {
            XCTAssertTrue(Tensor([Double](repeating: 1e300, count: n)).isFinite, "huge but finite, n = \(n)")
            for position in 0..<n {
                for bad in [Double.nan, .infinity, -.infinity] {
                    var values = [Double](repeating: 1, count: n)
                    values[position] = bad
                    XCTAssertFalse(Tensor(values).isFinite, "\(bad) at \(position) of \(n)")
                }
            }
        }
        XCTAssertTrue(Tensor([Double]()).isFinite)
    }

    func testColumnSumsAddEveryRowWhateverTheRowCount() {
        // Rows 1, 2, …: column j of row i holds i·10 + j, so a column of r rows sums to
        // 10·r(r−1)/2 + r·j.
        for rows in [1, 3, 4, 5, 8, 11] {
            let t = Tensor(rows: (0..<rows).map { i in (0..<3).map { j in Double(i * 10 + j) } })
            let expected = (0..<3).map { j in Double(10 * rows * (rows - 1) / 2 + rows * j) }
            XCTAssertEqual(t.columnSums().scalars, expected, "\(rows) rows")
            XCTAssertEqual(t.columnSums().shape, [3])
        }
        XCTAssertEqual(Tensor(rows: [[1, 2], [3, 4]]).columnSums(shape: [1, 2]).shape, [1, 2])
        XCTAssertEqual(Tensor(shape: [0, 2], scalars: []).columnSums().scalars, [0, 0])
    }
}
