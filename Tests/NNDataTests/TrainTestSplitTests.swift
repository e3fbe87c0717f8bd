import NNData
import XCTest

/// Sizes, determinism and stratification of train/test splits.
final class TrainTestSplitTests: XCTestCase {
    func testSizesAndDeterminism() {
        let a = TrainTestSplit(count: 10, testFraction: 0.3, seed: 5)
        XCTAssertEqual(a.testIndices.count, 3)
        XCTAssertEqual(a.trainIndices.count, 7)
        XCTAssertEqual(Set(a.trainIndices + a.testIndices), Set(0..<10))
        XCTAssertEqual(a.trainIndices, a.trainIndices.sorted())
        XCTAssertEqual(a, TrainTestSplit(count: 10, testFraction: 0.3, seed: 5))
        let others = (6..<12).map { TrainTestSplit(count: 10, testFraction: 0.3, seed: $0).testIndices }
        XCTAssertTrue(others.contains { $0 != a.testIndices })
        XCTAssertEqual(TrainTestSplit(count: 10, testFraction: 0, seed: 1).trainIndices, Array(0..<10))
        XCTAssertEqual(TrainTestSplit(count: 0, testFraction: 0.5, seed: 1).trainIndices, [])
        XCTAssertEqual(TrainTestSplit(count: 3, testFraction: 0.99, seed: 1).trainIndices.count, 1)
        XCTAssertEqual(TrainTestSplit.testCount(count: 200, testFraction: 0.2), 40)
    }

    func testStratifiedSplitsGiveEveryClassItsShare() {
        // Classes of 5, 3 and 2 rows, 30 % held out: shares 1.5, 0.9, 0.6 → floors 1, 0, 0;
        // the two rows left (round(3) − 1) go to the largest remainders, classes 1 and 2.
        let labels = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2]
        let split = TrainTestSplit(count: 10, testFraction: 0.3, seed: 2, labels: labels)
        XCTAssertEqual(split.testIndices.map { labels[$0] }.sorted(), [0, 1, 2])
        for seed in 0..<20 {
            let s = TrainTestSplit(count: 10, testFraction: 0.3, seed: seed, labels: labels)
            XCTAssertEqual(s.testIndices.map { labels[$0] }.sorted(), [0, 1, 2])
        }
    }
}
