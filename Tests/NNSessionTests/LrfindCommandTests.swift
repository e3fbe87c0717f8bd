import Foundation
import NNData
import NNEngine
import NNLessons
import NNSession
import XCTest

/// `lrfind` prints a table, a plot and a suggestion and leaves the session exactly as it was;
/// the debugging facts (`initial_loss`, `chance_loss`, `update_ratio`, `inputs_standardized`,
/// `input_scale`) against independent computations.
final class LrfindCommandTests: XCTestCase {
    func makeSession(_ setup: String) throws -> Session {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: TestPaths.lessons,
                                                              width: 80, colorMode: .none))
        _ = try session.output(of: setup)
        return session
    }

    func text(_ session: Session, _ line: String) throws -> String {
        try session.printedText(of: line)
    }

    func number(_ session: Session, _ fact: String) throws -> Double {
        guard case .success(.number(let x)) = session.fact(fact) else { throw XCTSkip("no number for \(fact): \(session.fact(fact))") }
        return x
    }

    func testLrfindLeavesTheSessionExactlyAsItWas() throws {
        let session = try makeSession("data moons n=200 seed=2; loss bce; net 2-8-1 act=relu seed=1; opt adam lr=0.01; set batch=16; train epochs=3")
        let before = session.state
        let output = try text(session, "lrfind steps=120")
        XCTAssertTrue(session.state.sameValues(as: before), "weights, optimizer state, history, generator unchanged")
        XCTAssertEqual(session.state.version, before.version, "nothing changed, so the version stays")
        XCTAssertEqual(session.state, before)
        // Training afterwards continues exactly as it would have without the test.
        let other = try makeSession("data moons n=200 seed=2; loss bce; net 2-8-1 act=relu seed=1; opt adam lr=0.01; set batch=16; train epochs=3")
        _ = try session.output(of: "train epochs=2")
        _ = try other.output(of: "train epochs=2")
        XCTAssertEqual(session.trainer, other.trainer)
        XCTAssertTrue(output.contains("lrfind: adam, 120 steps on batches of 16"), output)
        // batch= is for this test only.
        let before2 = session.state
        XCTAssertTrue(try text(session, "lrfind batch=8 steps=30").contains("30 steps on batches of 8"))
        XCTAssertEqual(session.state, before2)
        XCTAssertEqual(session.batchSize, 16)
    }

    func testOutputHasADozenRowsAPlotAndTheEnginesSuggestion() throws {
        let session = try makeSession("data moons n=300 seed=2; loss bce; net 2-16-16-1 act=relu seed=1; opt sgd lr=3; set batch=32")
        let output = try text(session, "lrfind")
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in lines { XCTAssertLessThanOrEqual(line.count, 80, line) }
        let header = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("      lr") })
        // The table fits the lesson explorer's 36-column panel.
        for line in lines[header...].prefix(while: { !$0.hasPrefix("loss") }) { XCTAssertLessThanOrEqual(line.count, 36, line) }
        let rows = lines[(header + 2)...].prefix { !$0.hasPrefix("loss") }
        XCTAssertGreaterThanOrEqual(rows.count, 12)
        XCTAssertLessThanOrEqual(rows.count, 13)
        XCTAssertTrue(output.contains("** smoothed loss"), "the plot's legend")
        XCTAssertTrue(output.contains("1e-5") && output.contains("0.001"), "a log lr axis")

        // The suggestion printed is the engine's.
        let trainer = try XCTUnwrap(session.trainer), data = try XCTUnwrap(session.data)
        let test = try LearningRateRangeTest.run(trainer, data: data.trainingData, from: 1e-5, to: 10, steps: 200, batchSize: 32)
        let suggestion = try XCTUnwrap(test.suggestion)
        let printed = String(format: "%.2g", suggestion)
        XCTAssertTrue(output.contains("suggested lr \(printed): a tenth of the lr at the lowest smoothed loss"), output)
        XCTAssertTrue(output.contains("`opt sgd lr=\(printed)`"), output)
        XCTAssertEqual(suggestion, 0.23, accuracy: 0.01, "the lesson quotes 0.23")
        XCTAssertEqual(test.ending, .diverged)
    }

    func testBadOptionsAreRefusedAndChangeNothing() throws {
        let session = try makeSession("data moons n=100 seed=2; net 2-4-1 seed=1")
        let before = session.state
        let cases: [(String, String)] = [
            ("lrfind from=0", "from must be above 0"),
            ("lrfind from=1 to=0.1", "must be above from"),
            ("lrfind steps=2", "steps"),
            ("lrfind smooth=1", "smooth must be from 0"),
            ("lrfind fast", "does not take 'fast'"),
        ]
        for (line, message) in cases {
            XCTAssertThrowsError(try session.output(of: line), line) { error in
                XCTAssertTrue((error as? CommandError)?.message.contains(message) == true, "\(line): \(error)")
            }
            XCTAssertEqual(session.state, before)
        }
        let empty = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: TestPaths.lessons))
        XCTAssertThrowsError(try empty.output(of: "lrfind")) { error in
            XCTAssertTrue("\(error)".contains("no network"), "\(error)")
        }
        let perceptron = try makeSession("data and n=50; net 2-1:step")
        XCTAssertThrowsError(try perceptron.output(of: "lrfind")) { error in
            XCTAssertTrue("\(error)".contains("perceptron rule"), "\(error)")
        }
    }

    // MARK: Facts

    func testChanceAndInitialLoss() throws {
        let session = try makeSession("data spiral classes=3 n=300 seed=1; net 2-32-32-3 out=softmax seed=1")
        XCTAssertEqual(try number(session, "chance_loss"), log(3), accuracy: 1e-12)
        let start = try number(session, "initial_loss")
        XCTAssertEqual(start, try number(session, "train_loss"), accuracy: 1e-12, "before any update it is the training loss")
        _ = try session.output(of: "train epochs=20")
        XCTAssertEqual(try number(session, "initial_loss"), start, accuracy: 1e-12, "training does not change where the net started")
        XCTAssertNotEqual(try number(session, "train_loss"), start)
        _ = try session.output(of: "data moons n=100 seed=1; net 2-8-1 seed=1")
        XCTAssertEqual(try number(session, "chance_loss"), log(2), accuracy: 1e-12, "bce: ln 2")
        _ = try session.output(of: "data sine n=50; net 1-8-1 out=identity")
        if case .success = session.fact("chance_loss") { XCTFail("no chance loss for regression") }
    }

    /// ‖ΔW‖/‖W‖ of one full-batch sgd step, worked out from the engine's gradients: ΔW = −lr·g.
    func testUpdateRatioIsTheLargestLayerRatioOfTheNextStep() throws {
        let session = try makeSession("data moons n=100 seed=1; loss bce; net 2-8-1 seed=1; opt sgd lr=0.5")
        let trainer = try XCTUnwrap(session.trainer), data = try XCTUnwrap(session.data)
        var g = SeededGenerator(seed: 0)
        let result = try trainer.network.gradients(inputs: data.trainInputs, targets: data.trainTargets,
                                                   objective: trainer.objective, generator: &g)
        let weights = trainer.network.layers.map(\.weights)
        let gradientOfWeights = [result.gradients[0], result.gradients[2]]
        let ratios = zip(weights, gradientOfWeights).map { w, gw in 0.5 * gw.norm / w.norm }
        let before = session.state
        XCTAssertEqual(try number(session, "update_ratio"), ratios.max()!, accuracy: 1e-12)
        XCTAssertEqual(session.state, before, "measuring the ratio changes nothing")
        _ = try session.output(of: "opt sgd lr=0.005")
        XCTAssertEqual(try number(session, "update_ratio"), ratios.max()! / 100, accuracy: 1e-12, "sgd's step scales with lr")
    }

    func testStandardizedInputs() throws {
        let iris = "data load \(TestPaths.datasets)/iris.csv"
        let on = try makeSession(iris + " test=0.2 seed=1")
        XCTAssertEqual(on.fact("inputs_standardized"), .success(.bool(true)))
        XCTAssertEqual(try number(on, "input_scale"), 1, accuracy: 1e-9)
        let off = try makeSession(iris + " normalize=off test=0.2 seed=1")
        XCTAssertEqual(off.fact("inputs_standardized"), .success(.bool(false)))
        // The largest deviation of the raw iris features on the training split, recomputed.
        let data = try XCTUnwrap(off.data)
        let x = data.trainInputs
        var largest = 0.0
        for c in 0..<x.columns {
            let column = (0..<x.rows).map { x[$0, c] }
            let mean = column.reduce(0, +) / Double(column.count)
            largest = max(largest, (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)).squareRoot())
        }
        XCTAssertEqual(try number(off, "input_scale"), largest, accuracy: 1e-12)
        // Digits: constant pixels (deviation 0) stay 0 and do not count against standardized.
        let digits = try makeSession("data load \(TestPaths.datasets)/digits.csv test=0.2 seed=1")
        XCTAssertEqual(digits.fact("inputs_standardized"), .success(.bool(true)))
    }
}
