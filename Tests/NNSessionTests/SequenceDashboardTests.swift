import Foundation
import NNData
import NNEngine
import NNRender
import NNSession
import XCTest

/// The training dashboard on a recurrent net at 80×24: the net's predictions against the true
/// values for `sine`, and ‖∂L/∂hₜ‖ against t (measured on the first 64 training rows) for
/// regression and classification, redrawn as training changes the weights.
final class SequenceDashboardTests: XCTestCase {
    func makeSession(_ data: String = "data seq sine n=200 steps=20", steps: Int = 20) throws -> Session {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory(),
                                                              width: 80, colorMode: .none))
        let head = data.contains("parity") ? "layer dense 1 act=sigmoid" : "layer dense 1 act=identity"
        _ = try session.output(of: "\(data); seed 3; net input \(steps)x1; layer rnn 8; \(head)")
        return session
    }

    func lines(_ view: TrainingDashboard) -> [String] {
        var buffer = Buffer(width: 80, height: 24)
        view.render(into: &buffer)
        return BufferPrinter(colorMode: .none).plainLines(buffer)
    }

    /// The row and column of the panel whose title starts with `title` (its top border).
    func panelTop(_ lines: [String], _ title: String) -> (x: Int, y: Int)? {
        for (y, line) in lines.enumerated() {
            if let range = line.range(of: "┌ " + title) { return (line.distance(from: line.startIndex, to: range.lowerBound), y) }
        }
        return nil
    }

    /// ‖∂L/∂hₜ‖ of the first recurrent layer on the first 64 training rows, as the engine computes it.
    func engineNorms(_ session: Session) throws -> [Double] {
        let trainer = try XCTUnwrap(session.state.trainer)
        let stack = try XCTUnwrap(trainer.network.stack)
        let data = try XCTUnwrap(session.state.data)
        let rows = Array(0..<min(data.trainCount, 64))
        return try XCTUnwrap(stack.hiddenGradientNorms(inputs: data.trainInputs.gatherRows(rows),
                                                       targets: data.trainTargets.gatherRows(rows), objective: trainer.objective))
    }

    /// The gradient panel's first line shows the engine's ‖∂L/∂h₁‖ and ‖∂L/∂h_T‖.
    func checkNorms(_ view: TrainingDashboard, _ session: Session, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = lines(view)
        let top = try XCTUnwrap(panelTop(text, "‖∂L/∂hₜ‖ · 64 rows · log"), text.joined(separator: "\n"), file: file, line: line)
        let norms = try engineNorms(session)
        XCTAssertEqual(norms.count, 20, file: file, line: line)
        XCTAssertEqual(view.stepGradientNorms, norms, file: file, line: line)
        let expected = "t=1 \(String(format: "%.2e", norms[0]))  t=20 \(String(format: "%.2e", norms[19]))"
        XCTAssertTrue(text[top.y + 1].contains(expected), "\(text[top.y + 1]) lacks \(expected)", file: file, line: line)
    }

    func testSineShowsPredictionsAndGradientNormsThatFollowTraining() throws {
        let session = try makeSession()
        let view = try TrainingDashboard(session: session, epochs: 40, batch: 32, patience: nil, width: 80, height: 24)
        let start = lines(view)
        XCTAssertTrue(start.allSatisfy { DisplayWidth.of($0) <= 80 })
        let left = try XCTUnwrap(panelTop(start, "test: true · net, by true value"), start.joined(separator: "\n"))
        XCTAssertEqual(left.x, 0)
        XCTAssertNotNil(panelTop(start, "loss"))
        XCTAssertFalse(start.joined().contains("gradients and health"), "‖∂L/∂hₜ‖ takes the health panel's place")
        XCTAssertTrue(start.joined().contains("o true"), start.joined(separator: "\n"))
        XCTAssertTrue(start.joined().contains("* net"), start.joined(separator: "\n"))
        try checkNorms(view, session)
        // The predictions: the first 40 test rows, sorted by their true next value.
        let data = try XCTUnwrap(session.state.data)
        let (truth, predicted) = try XCTUnwrap(view.predictionSeries())
        XCTAssertEqual(truth, Array(data.testTargets.scalars.prefix(40)).sorted())
        let output = session.state.trainer!.network.predict(data.testInputs.gatherRows(Array(0..<40)))
        XCTAssertEqual(Set(predicted), Set(output.scalars))
        // Training changes the norms; the panel shows the new ones.
        let before = try engineNorms(session)
        _ = view.update(.key(.character(" ")))
        for _ in 0..<5 { _ = view.update(.key(.character("s"))) }
        XCTAssertNotEqual(try engineNorms(session), before)
        try checkNorms(view, session)
        _ = view.update(.key(.character(" ")))
        while view.work(budget: 0.05) {}
        let done = lines(view)
        XCTAssertTrue(done[0].contains("DONE"), done[0])
        try checkNorms(view, session)
        // Trained, the net's predictions follow the true values.
        let (t, p) = try XCTUnwrap(view.predictionSeries())
        let error = zip(t, p).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(t.count)
        XCTAssertLessThan(error, 0.05)
        // `f` does not project sequences; `n` shows the network diagram instead of the predictions.
        _ = view.update(.key(.character("f")))
        XCTAssertTrue(lines(view)[23].contains("sequence net: predictions against true values"), lines(view)[23])
        XCTAssertNil(view.projection)
        _ = view.update(.key(.character("n")))
        XCTAssertNotNil(panelTop(lines(view), "network"))
        // Closing leaves the norms as training left them in the scrollback.
        let norms = try engineNorms(session)
        let closing = view.closingOutput().map { OutputPrinter(width: 80, colorMode: .none).text($0) }.joined(separator: "\n")
        XCTAssertTrue(closing.contains("‖∂L/∂hₜ‖ on the first 64 training rows after training: t=1 \(String(format: "%.2e", norms[0]))"),
                      closing)
        XCTAssertTrue(closing.contains("t=20 \(String(format: "%.2e", norms[19])) (`plot gradtime` draws them all)"), closing)
    }

    /// One measure of ‖∂L/∂hₜ‖ on a long LSTM stays well inside a frame (33 ms at 30 frames/s).
    func testGradientMeasureIsCheapEnoughForLiveDrawing() throws {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory(),
                                                              width: 80, colorMode: .none))
        _ = try session.output(of: "data seq adding n=500 steps=50; seed 3; net input 50x2; layer lstm 32; layer dense 1 act=identity")
        let view = try TrainingDashboard(session: session, epochs: 2, batch: 32, patience: nil, width: 80, height: 24)
        let clock = ContinuousClock()
        var best = Duration.seconds(1)
        for _ in 0..<3 {
            let start = clock.now
            XCTAssertEqual(view.stepGradientNorms?.count, 50)
            best = min(best, clock.now - start)
        }
        print("one ‖∂L/∂hₜ‖ measure, lstm 32, T=50, 64 rows: \(best)")
        XCTAssertLessThan(best, .milliseconds(100))
    }

    func testParityShowsGradientNormsLossAndHealth() throws {
        let session = try makeSession("data seq parity n=200 steps=20")
        let view = try TrainingDashboard(session: session, epochs: 2, batch: 32, patience: nil, width: 80, height: 24)
        let start = lines(view)
        XCTAssertTrue(start.allSatisfy { DisplayWidth.of($0) <= 80 })
        XCTAssertEqual(try XCTUnwrap(panelTop(start, "‖∂L/∂hₜ‖ · 64 rows · log"), start.joined(separator: "\n")).x, 0)
        XCTAssertNotNil(panelTop(start, "loss"))
        XCTAssertNotNil(panelTop(start, "gradients and health"))
        XCTAssertFalse(start[23].contains("f features"), start[23])
        try checkNorms(view, session)
        while view.work(budget: 0.05) {}
        try checkNorms(view, session)
    }

    /// A net without a recurrent layer keeps the model's fit and the health panel.
    func testDenseNetOnSequencesKeepsTheUsualPanels() throws {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory(),
                                                              width: 80, colorMode: .none))
        _ = try session.output(of: "data seq sine n=200 steps=20; seed 3; net input 20x1; layer flatten; layer dense 1 act=identity")
        let view = try TrainingDashboard(session: session, epochs: 2, batch: 32, patience: nil, width: 80, height: 24)
        let start = lines(view)
        XCTAssertNil(view.stepGradientNorms)
        XCTAssertNil(panelTop(start, "‖∂L/∂hₜ‖"))
        XCTAssertNotNil(panelTop(start, "gradients and health"), start.joined(separator: "\n"))
    }
}
