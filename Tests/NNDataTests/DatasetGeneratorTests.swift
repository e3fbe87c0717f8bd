import Foundation
import NNData
import NNEngine
import XCTest

/// Shapes, balance, determinism and the clean geometry of every built-in set.
final class DatasetGeneratorTests: XCTestCase {
    /// Every row of both splits as (inputs, target row).
    private func rows(_ d: Dataset) -> [([Double], [Double])] {
        var result: [([Double], [Double])] = []
        for split in DatasetSplit.allCases {
            let inputs = d.inputs(split).rowArrays
            let targets = d.targets(split)
            let width = d.task == .classification ? 1 : targets.columns
            for (i, row) in inputs.enumerated() {
                result.append((row, Array(targets.scalars[(i * width)..<((i + 1) * width)])))
            }
        }
        return result
    }

    func testEverySetHasTheRightShapesAndSplit() throws {
        for set in BuiltInDataset.allCases {
            let d = try DatasetGenerator.make(set)
            XCTAssertEqual(d.name, set.rawValue)
            XCTAssertEqual(d.task, set.task)
            XCTAssertEqual(d.count, 200, "\(set)")
            XCTAssertEqual(d.trainCount, 160, "\(set)")
            XCTAssertEqual(d.testCount, 40, "\(set)")
            let width = set == .sine ? 1 : 2
            XCTAssertEqual(d.featureNames, Array(["x1", "x2"].prefix(width)))
            XCTAssertEqual(d.trainInputs.shape, [160, width])
            XCTAssertEqual(d.testInputs.shape, [40, width])
            switch set.task {
            case .classification:
                XCTAssertEqual(d.trainTargets.shape, [160])
                XCTAssertEqual(d.testTargets.shape, [40])
                XCTAssertEqual(d.classNames, ["0", "1"])
                XCTAssertEqual(d.classCount, 2)
                XCTAssertEqual(d.outputCount, 2)
            case .regression:
                XCTAssertEqual(d.trainTargets.shape, [160, 1])
                XCTAssertEqual(d.testTargets.shape, [40, 1])
                XCTAssertEqual(d.classNames, [])
                XCTAssertEqual(d.outputCount, 1)
                XCTAssertEqual(d.targetNames, ["y"])
            }
            for (point, _) in rows(d) {
                XCTAssertTrue(point.allSatisfy { abs($0) <= 8 }, "\(set) point \(point) far outside [-6, 6]")
            }
        }
    }

    func testClassesAreBalancedInBothSplits() throws {
        for set in BuiltInDataset.allCases where set.task == .classification {
            let d = try DatasetGenerator.make(set, n: 400)
            let all = d.classCounts
            switch set {
            case .and: XCTAssertEqual(all, [300, 100], "\(set)")
            case .or: XCTAssertEqual(all, [100, 300], "\(set)")
            default: XCTAssertEqual(all, [200, 200], "\(set)")
            }
            // Stratified: every class holds out exactly 20 %.
            XCTAssertEqual(d.classCounts(.test), all.map { $0 / 5 }, "\(set)")
        }
        let spiral = try DatasetGenerator.make(.spiral, n: 300, classes: 3)
        XCTAssertEqual(spiral.classCounts, [100, 100, 100])
        XCTAssertEqual(spiral.classCounts(.test), [20, 20, 20])
        XCTAssertEqual(spiral.classNames, ["0", "1", "2"])
        let gauss = try DatasetGenerator.make(.gauss, n: 100, classes: 4, test: 0)
        XCTAssertEqual(gauss.classCounts(.train), [25, 25, 25, 25])
        XCTAssertEqual(gauss.testCount, 0)
    }

    func testTheSameSeedGivesTheSameDataAndOtherSeedsDiffer() throws {
        for set in BuiltInDataset.allCases {
            let a = try DatasetGenerator.make(set.rawValue, seed: 7)
            let b = try DatasetGenerator.make(set.rawValue, seed: 7)
            let c = try DatasetGenerator.make(set.rawValue, seed: 8)
            XCTAssertEqual(a, b, "\(set)")
            XCTAssertNotEqual(a.trainInputs, c.trainInputs, "\(set)")
        }
        XCTAssertEqual(try DatasetGenerator.make("xor"), try DatasetGenerator.make("xor", seed: 0))
    }

    func testChangingTheTestFractionKeepsThePoints() throws {
        let a = try DatasetGenerator.make(.moons, test: 0)
        let b = try DatasetGenerator.make(.moons, test: 0.5)
        XCTAssertEqual(b.trainCount, 100)
        XCTAssertEqual(b.testCount, 100)
        let pointsA = Set(a.trainInputs.rowArrays)
        let pointsB = Set(b.trainInputs.rowArrays + b.testInputs.rowArrays)
        XCTAssertEqual(pointsA, pointsB)
    }

    func testSplitSizesRound() throws {
        XCTAssertEqual(try DatasetGenerator.make(.xor, n: 10, test: 0.25).testCount, 3)  // 2.5 rounds up
        XCTAssertEqual(try DatasetGenerator.make(.sine, n: 7, test: 0.1).testCount, 1)
        XCTAssertEqual(try DatasetGenerator.make(.sine, n: 7, test: 0).trainCount, 7)
        XCTAssertEqual(try DatasetGenerator.make(.circle, n: 2, test: 0.5).trainCount, 1)
        let unstratified = try DatasetGenerator.make(.circle, n: 101, test: 0.3, stratified: false)
        XCTAssertEqual(unstratified.testCount, 30)
    }

    func testNoiseZeroGivesCleanLogicGates() throws {
        for set in [BuiltInDataset.and, .or, .xor] {
            let d = try DatasetGenerator.make(set, n: 200, noise: 0)
            for (p, t) in rows(d) {
                XCTAssertGreaterThanOrEqual(abs(p[0]), 0.5)
                XCTAssertGreaterThanOrEqual(abs(p[1]), 0.5)
                XCTAssertLessThanOrEqual(max(abs(p[0]), abs(p[1])), 6)
                let a = p[0] > 0, b = p[1] > 0
                let expected = set == .and ? a && b : set == .or ? a || b : a != b
                XCTAssertEqual(t[0], expected ? 1 : 0, "\(set) at \(p)")
            }
        }
        // Every quadrant gets a quarter of the points.
        let xor = try DatasetGenerator.make(.xor, n: 200, noise: 0, test: 0)
        var quadrants = [Int](repeating: 0, count: 4)
        for p in xor.trainInputs.rowArrays { quadrants[(p[0] > 0 ? 1 : 0) + (p[1] > 0 ? 2 : 0)] += 1 }
        XCTAssertEqual(quadrants, [50, 50, 50, 50])
    }

    func testNoiseZeroGivesCleanShapes() throws {
        for (p, t) in rows(try DatasetGenerator.make(.linear, noise: 0)) {
            let distance = (p[1] - 0.5 * p[0]) / 1.25.squareRoot()
            XCTAssertGreaterThanOrEqual(abs(distance), 0.5)
            XCTAssertEqual(t[0], distance > 0 ? 1 : 0)
        }
        for (p, t) in rows(try DatasetGenerator.make(.circle, noise: 0)) {
            let r = (p[0] * p[0] + p[1] * p[1]).squareRoot()
            if t[0] == 1 { XCTAssertLessThanOrEqual(r, 2.5) } else { XCTAssertTrue((3.5...5.5).contains(r), "r \(r)") }
        }
        for (p, t) in rows(try DatasetGenerator.make(.checker, noise: 0)) {
            let column = Int(((p[0] + 6) / 3).rounded(.down)), line = Int(((p[1] + 6) / 3).rounded(.down))
            XCTAssertEqual(t[0], Double((column + line) % 2), "\(p)")
        }
        let gauss = try DatasetGenerator.make(.gauss, noise: 0)
        for (p, t) in rows(gauss) {
            let c = 3 / 2.0.squareRoot()
            XCTAssertEqual(p[0], t[0] == 1 ? c : -c, accuracy: 1e-12)
            XCTAssertEqual(p[1], t[0] == 1 ? c : -c, accuracy: 1e-12)
        }
        for (p, t) in rows(try DatasetGenerator.make(.moons, noise: 0)) {
            // Undo the scaling to scikit-learn's coordinates: the upper moon is the unit circle
            // around (0, 0), the lower one around (1, 0.5).
            let u = p[0] / 3.5 + 0.5, v = p[1] / 3.5 + 0.25
            let center = t[0] == 0 ? (0.0, 0.0) : (1.0, 0.5)
            XCTAssertEqual(((u - center.0) * (u - center.0) + (v - center.1) * (v - center.1)).squareRoot(), 1, accuracy: 1e-9)
            XCTAssertEqual(t[0] == 0 ? v >= -1e-12 : v <= 0.5 + 1e-12, true)
        }
        for (p, t) in rows(try DatasetGenerator.make(.spiral, noise: 0, classes: 3)) {
            // Radius 5.5·s and angle 1.75·2π·s + k·2π/3 for the same s in [0, 1).
            let s = (p[0] * p[0] + p[1] * p[1]).squareRoot() / 5.5
            XCTAssertLessThan(s, 1)
            let angle = 1.75 * 2 * Double.pi * s + 2 * Double.pi * t[0] / 3
            XCTAssertEqual(p[0], 5.5 * s * sin(angle), accuracy: 1e-9)
            XCTAssertEqual(p[1], 5.5 * s * cos(angle), accuracy: 1e-9)
        }
        for (p, t) in rows(try DatasetGenerator.make(.sine, noise: 0)) {
            XCTAssertTrue((-6...6).contains(p[0]))
            XCTAssertEqual(t[0], sin(p[0]), accuracy: 1e-12)
        }
        for (p, t) in rows(try DatasetGenerator.make(.plane, noise: 0)) {
            XCTAssertEqual(t[0], 0.5 * p[0] - 0.25 * p[1] + 1, accuracy: 1e-12)
        }
    }

    func testNoiseMovesTheSamePointsFurther() throws {
        let clean = try DatasetGenerator.make(.sine, noise: 0)
        let noisy = try DatasetGenerator.make(.sine, noise: 0.5)
        XCTAssertEqual(clean.trainInputs, noisy.trainInputs)
        let residuals = zip(noisy.trainTargets.scalars, clean.trainTargets.scalars).map { $0 - $1 }
        let deviation = (residuals.map { $0 * $0 }.reduce(0, +) / Double(residuals.count)).squareRoot()
        XCTAssertEqual(deviation, 0.5, accuracy: 0.1)
    }

    func testOriginNamesTheParameters() throws {
        XCTAssertEqual(try DatasetGenerator.make("spiral", n: 300, classes: 3).origin,
                       "generated with n=300 noise=0.2 seed=0 classes=3 test=0.2")
        XCTAssertEqual(try DatasetGenerator.make("XOR").origin, "generated with n=200 noise=0.3 seed=0 test=0.2")
    }

    func testBadParametersExplainTheFix() {
        assertDataError(try DatasetGenerator.make("sprial"), contains: ["unknown dataset 'sprial'", "did you mean 'spiral'?", "data load"])
        assertDataError(try DatasetGenerator.make("banana"), contains: ["unknown dataset 'banana'.", "linear, and, or"])
        assertDataError(try DatasetGenerator.make("xor", n: 0), contains: ["n=0", "at least 1", "n=200"])
        assertDataError(try DatasetGenerator.make("xor", n: -5), contains: ["n=-5"])
        assertDataError(try DatasetGenerator.make("xor", n: 2_000_000), contains: ["at most 1000000"])
        assertDataError(try DatasetGenerator.make("xor", noise: -0.1), contains: ["noise=-0.1", "at least 0", "noise=0.3"])
        assertDataError(try DatasetGenerator.make("xor", noise: .nan), contains: ["noise=nan"])
        assertDataError(try DatasetGenerator.make("xor", noise: .infinity), contains: ["noise=inf"])
        assertDataError(try DatasetGenerator.make("xor", test: 1), contains: ["test=1", "below 1", "test=0.2"])
        assertDataError(try DatasetGenerator.make("xor", test: -0.1), contains: ["test=-0.1"])
        assertDataError(try DatasetGenerator.make("xor", test: .nan), contains: ["held-out fraction"])
        assertDataError(try DatasetGenerator.make("spiral", classes: 1), contains: ["classes=1", "at least 2"])
        assertDataError(try DatasetGenerator.make("spiral", classes: 11), contains: ["at most 10"])
        assertDataError(try DatasetGenerator.make("xor", classes: 3), contains: ["always has 2 classes", "gauss and spiral"])
        assertDataError(try DatasetGenerator.make("sine", classes: 2), contains: ["regression set", "no classes"])
        assertDataError(try DatasetGenerator.make("gauss", n: 3, classes: 4), contains: ["n=3", "classes=4"])
        // One point always stays for training.
        XCTAssertEqual(try DatasetGenerator.make("sine", n: 1, test: 0.9).trainCount, 1)
        XCTAssertNoThrow(try DatasetGenerator.make("xor", classes: 2))
    }

    func testBuiltInNamesAreDocumented() {
        for set in BuiltInDataset.allCases {
            XCTAssertFalse(set.summary.isEmpty)
            XCTAssertEqual(try DatasetGenerator.builtIn(named: set.rawValue.uppercased()), set)
        }
        XCTAssertEqual(BuiltInDataset.allCases.map(\.rawValue),
                       ["linear", "and", "or", "xor", "circle", "gauss", "moons", "spiral", "checker", "sine", "plane"])
    }
}
