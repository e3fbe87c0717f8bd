import Foundation
import NNData
import NNEngine
import NNSession
import XCTest

/// `data seq`, `layer rnn|lstm`, training with clipping, divergence, `plot gradtime`, the
/// `gradtime_*` facts and sequences from CSV, through the session as a learner types them.
final class RecurrentSessionTests: SessionTestCase {
    func number(_ fact: String) throws -> Double {
        guard case .success(.number(let x)) = session.fact(fact) else { XCTFail("no fact \(fact): \(session.fact(fact))"); return .nan }
        return x
    }

    /// The three sets: sizes, shapes, tasks, and targets recomputed from the inputs.
    func testSequenceSets() throws {
        let sine = try SequenceGenerator.make(.sine, n: 50, steps: 12, seed: 3)
        XCTAssertEqual(sine.sampleShape, [12, 1])
        XCTAssertEqual(sine.trainCount + sine.testCount, 50)
        XCTAssertEqual(sine.task, .regression)
        // The inputs follow sin(φ + 0.3·t) up to noise 0.05: the target continues the wave.
        for r in 0..<sine.trainCount {
            let x = (0..<12).map { sine.trainInputs[r, $0] }
            XCTAssertLessThan(abs(x[11] - sine.trainTargets[r, 0]), 0.3 + 0.3)
        }
        let adding = try SequenceGenerator.make(.adding, n: 40, steps: 10, seed: 1, test: 0)
        XCTAssertEqual(adding.sampleShape, [10, 2])
        for r in 0..<40 {
            var sum = 0.0, markers = 0
            for t in 0..<10 where adding.trainInputs[r, 2 * t + 1] == 1 {
                sum += adding.trainInputs[r, 2 * t]
                markers += 1
            }
            XCTAssertEqual(markers, 2)
            XCTAssertEqual(adding.trainTargets[r, 0], sum, accuracy: 1e-15)
        }
        let parity = try SequenceGenerator.make(.parity, n: 64, steps: 5, seed: 2, test: 0)
        XCTAssertEqual(parity.task, .classification)
        for r in 0..<64 {
            let ones = (0..<5).reduce(0.0) { $0 + parity.trainInputs[r, $1] }
            XCTAssertEqual(parity.trainTargets.scalars[r], Double(Int(ones) % 2))
        }
        XCTAssertEqual(try SequenceGenerator.make(.parity, n: 64, steps: 5, seed: 2), try SequenceGenerator.make(.parity, n: 64, steps: 5, seed: 2))
    }

    /// An LSTM learns the sine with clipping on; the net prints its shapes; errors leave the
    /// session unchanged.
    func testLSTMTrainsOnSineWithClipping() throws {
        XCTAssertTrue(run("data seq sine n=300 steps=10 seed=1").contains("(each row 10×1), regression"))
        run("net input 10x1")
        XCTAssertTrue(run("layer lstm 8").contains("layer 1: lstm 8 seq=last → 8, 320 parameters"))
        run("layer dense 1 act=identity")
        let before = session.failureMessage(of: "layer lstm 4")
        XCTAssertEqual(before, "lstm reads a sequence, but layer 3 gets a vector of 1 feature; give the recurrent layer before it seq=all, or start the net with net input TxN, like 20x1")
        XCTAssertEqual(try number("params"), 329)
        run("opt adam lr=0.02")
        run("clip norm=0.5")
        let first = try number("train_loss")
        run("train epochs=15 batch=32")
        XCTAssertLessThan(try number("train_loss"), first / 5)
        XCTAssertTrue(session.failureMessage(of: "layer rnn 4 seq=both").contains("seq"))
    }

    /// A huge learning rate makes an RNN diverge: training stops with the usual message.
    func testDivergenceStopsTraining() throws {
        run("data seq adding n=200 steps=10")
        run("net input 10x2")
        run("layer rnn 16 act=relu")
        run("layer dense 1 act=identity")
        run("opt sgd lr=1e6")
        let message = session.failureMessage(of: "train epochs=40")
        XCTAssertTrue(message.hasPrefix("training diverged at epoch"), message)
        XCTAssertTrue(message.contains("clip norm=1"), message)
        XCTAssertEqual(session.trainer?.epochsDone, 0)
        // With the norm clipped and a sane rate the same net trains.
        run("clip norm=1")
        run("opt sgd lr=0.05")
        let before = try number("train_loss")
        run("train epochs=10")
        XCTAssertLessThan(try number("train_loss"), before)
    }

    /// plot gradtime and the facts read the same norms; with small recurrent weights the first
    /// step's gradient is far below the last one's.
    func testGradTimePlotAndFacts() throws {
        run("data seq adding n=200 steps=30")
        run("net input 30x2")
        run("layer rnn 8")
        run("layer dense 1 act=identity")
        let text = run("plot gradtime")
        XCTAssertTrue(text.contains("‖∂L/∂hₜ‖ of layer 1 (rnn 8 tanh seq=last) on the training split, log scale"), text)
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let first = try number("gradtime_first"), last = try number("gradtime_last")
        XCTAssertEqual(try number("gradtime_ratio"), first / last)
        let stack = session.trainer!.network.stack!
        let norms = try stack.hiddenGradientNorms(inputs: session.data!.trainInputs, targets: session.data!.trainTargets,
                                                  objective: session.trainer!.objective)!
        XCTAssertEqual(norms.first, first)
        XCTAssertEqual(norms.last, last)
        XCTAssertLessThan(first / last, 0.01)
        // The line above the chart quotes the same numbers, to 4 significant digits.
        func quoted(_ x: Double) -> String { x >= 1e-4 ? String(format: "%.4g", x) : String(format: "%.2e", x) }
        XCTAssertTrue(text.contains("t = 1: \(quoted(first))   t = 30: \(quoted(last))"), text)
        run("net 60-4-1")
        XCTAssertTrue(session.failureMessage(of: "plot gradtime").contains("no recurrent layer"))
        guard case .failure = session.fact("gradtime_ratio") else { return XCTFail("a dense net has no gradtime") }
    }

    /// data load shape=TxN reads each row step after step; an rnn trains on it.
    func testSequencesFromCSV() throws {
        let path = folder.appendingPathComponent("seq.csv").path
        var text = "a1,b1,a2,b2,a3,b3,y\n"
        for i in 0..<30 { text += "\(i % 3),1,\(i % 5),0,\(i % 2),1,\(i % 3 + i % 5 + i % 2)\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertTrue(run("data load \(path) shape=3x2 task=regression normalize=off").contains("(each row 3×2)"))
        XCTAssertEqual(session.data?.sampleShape, [3, 2])
        run("net input 3x2")
        run("layer rnn 4 seq=all")
        XCTAssertTrue(run("layer dense 2").contains("→ 3×2"))
        run("layer flatten")
        run("layer dense 1 act=identity")
        run("train epochs=2")
        XCTAssertTrue(session.failureMessage(of: "data load \(path) shape=4x2").contains("holds 8 numbers"))
    }
}
