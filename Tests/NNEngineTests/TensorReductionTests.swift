import NNEngine
import XCTest

/// The eight-lane reductions behind the trainer's divergence check and gradient norms.
final class TensorReductionTests: XCTestCase {
    /// Lengths that exercise the vector part, the tail, and both.
    let lengths = [0, 1, 7, 8, 9, 16, 23]

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
}
