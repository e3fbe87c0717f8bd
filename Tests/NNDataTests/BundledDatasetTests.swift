import Foundation
import NNData
import NNEngine
import XCTest

/// The CSV files shipped in `datasets/` load with the shapes their README promises.
final class BundledDatasetTests: XCTestCase {
    func testIris() throws {
        let path = (datasetsFolder() as NSString).appendingPathComponent("iris.csv")
        let d = try CSVLoader.load(path: path, test: 0, normalize: false)
        XCTAssertEqual(d.name, "iris")
        XCTAssertEqual(d.task, .classification)
        XCTAssertEqual(d.trainInputs.shape, [150, 4])
        XCTAssertEqual(d.featureNames, ["sepal_length", "sepal_width", "petal_length", "petal_width"])
        XCTAssertEqual(d.targetNames, ["species"])
        XCTAssertEqual(d.classNames, ["setosa", "versicolor", "virginica"])
        XCTAssertEqual(d.classCounts, [50, 50, 50])
        XCTAssertEqual(d.trainInputs.rowArrays[0], [5.1, 3.5, 1.4, 0.2])
        let split = try CSVLoader.load(path: path)
        XCTAssertEqual(split.trainCount, 120)
        XCTAssertEqual(split.classCounts(.test), [10, 10, 10])
    }

    func testDigits() throws {
        let path = (datasetsFolder() as NSString).appendingPathComponent("digits.csv")
        let d = try CSVLoader.load(path: path, test: 0, normalize: false)
        XCTAssertEqual(d.trainInputs.shape, [1797, 64])
        XCTAssertEqual(d.featureNames.first, "p0")
        XCTAssertEqual(d.featureNames.last, "p63")
        XCTAssertEqual(d.targetNames, ["digit"])
        XCTAssertEqual(d.classNames, (0...9).map(String.init))
        XCTAssertEqual(d.classCounts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        XCTAssertTrue(d.trainInputs.scalars.allSatisfy { (0...16).contains($0) })
        let normalized = try CSVLoader.load(path: path)
        XCTAssertFalse(normalized.trainInputs.scalars.contains { $0.isNaN })  // constant pixel columns
    }
}
