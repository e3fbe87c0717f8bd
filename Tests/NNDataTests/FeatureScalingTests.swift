import NNData
import NNEngine
import XCTest

/// Standardization statistics and their use, against hand-worked numbers.
final class FeatureScalingTests: XCTestCase {
    func testFitsMeanAndPopulationDeviation() {
        // Column 1: 1, 2, 3, 4 → mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
        // Column 2: constant 10 → deviation 0.
        let inputs = Tensor(rows: [[1, 10], [2, 10], [3, 10], [4, 10]])
        let scaling = FeatureScaling(fitting: inputs)
        XCTAssertEqual(scaling.means, [2.5, 10])
        XCTAssertEqual(scaling.deviations[0], 1.25.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(scaling.deviations[1], 0)
        XCTAssertEqual(scaling.divisors[1], 1)
        let scaled = scaling.apply(to: inputs)
        let expected: [Double] = [-1.341_640_786_499_874, 0, -0.447_213_595_499_958, 0,
                                  0.447_213_595_499_958, 0, 1.341_640_786_499_874, 0]
        for (value, want) in zip(scaled.scalars, expected) { XCTAssertEqual(value, want, accuracy: 1e-12) }
        let back = scaling.invert(scaled)
        for (value, want) in zip(back.scalars, inputs.scalars) { XCTAssertEqual(value, want, accuracy: 1e-12) }
    }

    func testNoRowsLeaveValuesAlone() {
        let scaling = FeatureScaling(fitting: Tensor(shape: [0, 2], scalars: []))
        XCTAssertEqual(scaling, FeatureScaling(means: [0, 0], deviations: [0, 0]))
        XCTAssertEqual(scaling.apply(to: Tensor(rows: [[3, -4]])), Tensor(rows: [[3, -4]]))
    }
}
