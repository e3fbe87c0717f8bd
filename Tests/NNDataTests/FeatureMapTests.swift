import Foundation
import NNData
import NNEngine
import XCTest

/// Parsing feature terms and computing them, checked against hand-worked numbers.
final class FeatureMapTests: XCTestCase {
    func testParsesTheCommandsWords() throws {
        let map = try FeatureMap(parsing: ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"])
        XCTAssertEqual(map.terms, [.input(0), .input(1), .power(0, exponent: 2), .power(1, exponent: 2),
                                   .product(0, 1), .sine(0), .sine(1)])
        XCTAssertEqual(map.description, "x1 x2 x1^2 x2^2 x1*x2 sin(x1) sin(x2)")
        XCTAssertEqual(map.requiredInputCount, 2)
        XCTAssertEqual(try FeatureMap(parsing: "x1, X2  cos( x3 ) x4^3 x5*x10").names,
                       ["x1", "x2", "cos(x3)", "x4^3", "x5*x10"])
        XCTAssertEqual(try FeatureMap(parsing: ["sin(", "x1", ")", "x2"]).names, ["sin(x1)", "x2"])
        XCTAssertEqual(try FeatureTerm(parsing: "x2*x1"), .product(0, 1))
        XCTAssertEqual(try FeatureTerm(parsing: "x3*x3"), .power(2, exponent: 2))
        XCTAssertEqual(try FeatureTerm(parsing: "x3^1"), .input(2))
        XCTAssertTrue(try FeatureMap(parsing: "x1 x2").isIdentity(inputCount: 2))
        XCTAssertEqual(FeatureMap.identity(inputCount: 3).description, "x1 x2 x3")
    }

    func testComputesByHand() throws {
        let map = try FeatureMap(parsing: "x1 x2 x1^2 x2^2 x1*x2 sin(x1) sin(x2) cos(x1) x1^3")
        let out = try map.apply(to: Tensor(rows: [[2, -1], [0, 0.5]]))
        XCTAssertEqual(out.shape, [2, 9])
        let expected: [Double] = [
            2, -1, 4, 1, -2, 0.909_297_426_825_681_7, -0.841_470_984_807_896_5, -0.416_146_836_547_142_4, 8,
            0, 0.5, 0, 0.25, 0, 0, 0.479_425_538_604_203, 1, 0,
        ]
        for (value, want) in zip(out.scalars, expected) { XCTAssertEqual(value, want, accuracy: 1e-15) }
    }

    func testAppliesToBothSplitsAndIsReapplicable() throws {
        let raw = try DatasetGenerator.make(.circle, n: 50)
        let map = try FeatureMap(parsing: "x1^2 x2^2")
        let mapped = try map.apply(to: raw)
        XCTAssertEqual(mapped.featureNames, ["x1^2", "x2^2"])
        XCTAssertEqual(mapped.trainInputs.shape, [40, 2])
        XCTAssertEqual(mapped.testInputs.shape, [10, 2])
        XCTAssertEqual(mapped.trainTargets, raw.trainTargets)
        XCTAssertEqual(mapped.testTargets, raw.testTargets)
        XCTAssertEqual(mapped.classNames, raw.classNames)
        XCTAssertEqual(mapped.trainInputs.scalars, raw.trainInputs.scalars.map { $0 * $0 })
        XCTAssertEqual(mapped.testInputs.scalars, raw.testInputs.scalars.map { $0 * $0 })
        XCTAssertTrue(mapped.origin.hasSuffix(", features x1^2 x2^2"))
        // A new map starts again from the raw data, which the first one did not change.
        let again = try FeatureMap(parsing: "x2").apply(to: raw)
        XCTAssertEqual(again.trainInputs.scalars, raw.trainInputs.rowArrays.map { $0[1] })
        XCTAssertEqual(raw, try DatasetGenerator.make(.circle, n: 50))
    }

    func testUnknownTermsExplainTheSyntax() {
        assertDataError(try FeatureMap(parsing: "x1 sn(x1)"),
                        contains: ["unknown feature 'sn(x1)' — did you mean 'sin(x1)'?", "x1^2, x1*x2"])
        assertDataError(try FeatureMap(parsing: "sinx2"), contains: ["did you mean 'sin(x2)'?"])
        assertDataError(try FeatureMap(parsing: "banana"), contains: ["unknown feature 'banana'.", "Terms look like"])
        assertDataError(try FeatureMap(parsing: "x0"), contains: ["count from x1", "no x0"])
        assertDataError(try FeatureMap(parsing: "x1^0"), contains: ["unknown feature 'x1^0'"])
        assertDataError(try FeatureMap(parsing: "x1^10"), contains: ["unknown feature 'x1^10'"])
        assertDataError(try FeatureMap(parsing: "x1*x2*x3"), contains: ["unknown feature"])
        assertDataError(try FeatureMap(parsing: [String]()), contains: ["at least one term"])
        assertDataError(try FeatureMap(parsing: "x1 x2 x2*x1 x1*x2"), contains: ["x1*x2 is listed twice (as 'x1*x2')"])
    }

    func testTermsBeyondTheDataExplainTheInputs() throws {
        let sine = try DatasetGenerator.make(.sine)
        assertDataError(try FeatureMap(parsing: "x1 x2").apply(to: sine),
                        contains: ["x2 needs input x2", "the data has 1 input (x1); use x1 only."])
        let iris = try CSVLoader.load(text: "a,b,label\n1,2,x\n3,4,y\n", name: "t", test: 0)
        assertDataError(try FeatureMap(parsing: "sin(x3)").apply(to: iris),
                        contains: ["sin(x3) needs input x3", "2 inputs (x1 = a, x2 = b); use inputs x1 to x2."])
        assertDataError(try FeatureMap(parsing: "x3").apply(to: Tensor(rows: [[1, 2]])),
                        contains: ["(x1 … x2)"])
    }
}
