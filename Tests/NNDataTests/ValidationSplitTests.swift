import NNData
import NNEngine
import XCTest

/// `val=`: a seeded, stratified share of the non-test rows held out for validation.
final class ValidationSplitTests: XCTestCase {
    func rowSet(_ t: Tensor) -> Set<[Double]> { Set(t.rowArrays) }

    func testValidationComesFromTheTrainingRowsAndLeavesTestAlone() throws {
        let plain = try DatasetGenerator.make("moons", n: 200, seed: 3, test: 0.2)
        let split = try DatasetGenerator.make("moons", n: 200, seed: 3, test: 0.2, validation: 0.25)
        // 160 non-test rows: round(160 × 0.25) = 40 for validation, stratified 20 + 20.
        XCTAssertEqual(split.testCount, 40)
        XCTAssertEqual(split.validationCount, 40)
        XCTAssertEqual(split.trainCount, 120)
        XCTAssertEqual(split.count, 200)
        XCTAssertEqual(split.classCounts(.validation), [20, 20])
        XCTAssertEqual(split.testInputs, plain.testInputs)
        XCTAssertEqual(split.testTargets, plain.testTargets)
        XCTAssertEqual(rowSet(split.trainInputs).union(rowSet(split.validationInputs)), rowSet(plain.trainInputs))
        XCTAssertTrue(rowSet(split.trainInputs).isDisjoint(with: rowSet(split.validationInputs)))
        XCTAssertTrue(split.summary.contains { $0.contains("200 (120 train, 40 val, 40 test)") })
        XCTAssertTrue(split.origin.contains("val=0.25"))
    }

    func testTheSameSeedGivesTheSameSplitAndAnotherSeedAnother() throws {
        let a = try DatasetGenerator.make("circle", n: 100, seed: 5, validation: 0.2)
        let b = try DatasetGenerator.make("circle", n: 100, seed: 5, validation: 0.2)
        let c = try DatasetGenerator.make("circle", n: 100, seed: 6, validation: 0.2)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a.validationInputs, c.validationInputs)
    }

    func testNoValidationKeepsTheDatasetAsBefore() throws {
        let d = try DatasetGenerator.make("xor", n: 50, seed: 1)
        XCTAssertEqual(d.validationCount, 0)
        XCTAssertEqual(d.holdingOutValidation(fraction: 0, seed: 1), d)
        XCTAssertEqual(d.trainingData.validationCount, 0)
    }

    func testBadFractionsAreRefused() {
        XCTAssertThrowsError(try DatasetGenerator.make("xor", validation: 1))
        XCTAssertThrowsError(try DatasetGenerator.make("xor", validation: -0.1))
        XCTAssertThrowsError(try CSVLoader.load(text: "a,b\n1,0\n2,1\n", name: "t", validation: 1.5))
    }

    /// A CSV's validation rows are scaled with the training rows' statistics, which exclude them.
    func testCSVValidationRowsAreScaledWithTrainingStatistics() throws {
        var text = "x,y\n"
        for i in 0..<40 { text += "\(i),\(i % 2)\n" }
        let d = try CSVLoader.load(text: text, name: "t", test: 0.25, seed: 2, validation: 0.2)
        XCTAssertEqual(d.testCount, 10)
        XCTAssertEqual(d.validationCount, 6)
        XCTAssertEqual(d.trainCount, 24)
        // The training rows are standardized: mean 0.
        let mean = d.trainInputs.scalars.reduce(0, +) / Double(d.trainCount)
        XCTAssertEqual(mean, 0, accuracy: 1e-12)
        // The feature map carries the validation rows through.
        let mapped = try FeatureMap(parsing: ["x1", "x1^2"]).apply(to: d)
        XCTAssertEqual(mapped.validationCount, 6)
        XCTAssertEqual(mapped.validationInputs.columns, 2)
    }
}
