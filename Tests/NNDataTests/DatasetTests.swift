import NNData
import NNEngine
import XCTest

/// The conveniences of `Dataset`: counts, one-hot targets and the summary.
final class DatasetTests: XCTestCase {
    private func tiny() -> Dataset {
        Dataset(name: "tiny", task: .classification, featureNames: ["a", "b"], classNames: ["no", "yes", "maybe"],
                targetNames: ["answer"],
                trainInputs: Tensor(rows: [[1, 2], [3, 4], [5, 6]]), trainTargets: Tensor([0, 2, 2]),
                testInputs: Tensor(rows: [[-1, 0]]), testTargets: Tensor([1]), origin: "made by hand")
    }

    func testCountsAndAccess() {
        let d = tiny()
        XCTAssertEqual(d.featureCount, 2)
        XCTAssertEqual(d.classCount, 3)
        XCTAssertEqual(d.outputCount, 3)
        XCTAssertEqual(d.count, 4)
        XCTAssertEqual(d.count(.test), 1)
        XCTAssertEqual(d.classCounts(.train), [1, 0, 2])
        XCTAssertEqual(d.classCounts, [1, 1, 2])
        XCTAssertEqual(d.inputs(.test), Tensor(rows: [[-1, 0]]))
        XCTAssertEqual(d.oneHotTargets(.train), Tensor(rows: [[1, 0, 0], [0, 0, 1], [0, 0, 1]]))
        XCTAssertEqual(d.columnRanges(), [-1...5, 0...6])
    }

    func testSummaryLines() throws {
        XCTAssertEqual(tiny().summary, [
            "dataset   tiny (classification, 3 classes)",
            "origin    made by hand",
            "rows      4 (3 train, 1 test)",
            "features  2: a [-1, 5], b [0, 6]",
            "class 0   no: 1 (1 train, 0 test)",
            "class 1   yes: 1 (0 train, 1 test)",
            "class 2   maybe: 2 (2 train, 0 test)",
        ])
        let sine = try DatasetGenerator.make(.sine, n: 10, noise: 0)
        XCTAssertEqual(sine.summary.count, 5)
        XCTAssertEqual(sine.summary[0], "dataset   sine (regression, 1 output)")
        XCTAssertTrue(sine.summary[4].hasPrefix("target    y ["))
    }
}
