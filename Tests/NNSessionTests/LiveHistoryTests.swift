import Foundation
import NNSession
import XCTest

/// Training in the live dashboard joins the history as `train` lines that `history save`
/// writes and a replay runs to the same weights, bit for bit: whole epochs, stretches that
/// start or stop inside an epoch, changes on the fly, steps by hand, early stops.
final class LiveHistoryTests: SessionTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        session = Session(environment: SessionEnvironment(dataFolder: folder.path, lessonsFolder: folder.path, interactive: true))
    }

    /// Runs `train live …` as the REPL does and opens the dashboard it asks for.
    func openDashboard(_ line: String) throws -> TrainingDashboard {
        var request: ViewRequest?
        try session.execute(line) { block in if case .view(let r) = block { request = r } }
        guard case .dashboard(let epochs, let batch, let patience, let pace)? = request else {
            XCTFail("\(line) opened no dashboard")
            throw CommandError("no dashboard")
        }
        return try TrainingDashboard(session: session, epochs: epochs, batch: batch, patience: patience,
                                     pace: pace ?? .unlimited, width: 80, height: 24)
    }

    /// Trains exactly `batches` batches in the view: pauses it, then steps by hand (`s`).
    func trainBatches(_ view: TrainingDashboard, _ batches: Int) {
        if view.phase == .running { _ = view.update(.key(.character(" "))) }
        for _ in 0..<batches { _ = view.update(.key(.character("s"))) }
    }

    func isDone(_ view: TrainingDashboard) -> Bool {
        if case .finished = view.phase { return true }
        return false
    }

    func historyLines() throws -> [String] {
        try session.printedText(of: "history").split(separator: "\n").map(String.init)
    }

    /// Saves the history, replays it in a fresh plain session, and compares the two trainers.
    func assertReplayMatches(file: StaticString = #filePath, line: UInt = #line) throws {
        let path = folder.appendingPathComponent("h.nnlab").path
        run("history save \(path)")
        let replay = Session(environment: SessionEnvironment(dataFolder: folder.path, lessonsFolder: folder.path))
        for command in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") where !command.hasPrefix("#") {
            _ = try replay.output(of: String(command))
        }
        XCTAssertEqual(replay.trainer?.network, session.trainer?.network, "the same weights", file: file, line: line)
        XCTAssertEqual(replay.trainer, session.trainer, "the same optimizer state, counters and history", file: file, line: line)
    }

    func testAWholeLiveRunIsItsTrainLine() throws {
        run("data spiral n=150 seed=2; net 2-12-2 seed=3; opt adam lr=0.02")
        let view = try openDashboard("train epochs=3 batch=16 live")
        var slices = 0
        while !isDone(view) && slices < 100_000 { _ = view.work(budget: 0.001); slices += 1 }
        XCTAssertTrue(isDone(view), "\(view.phase)")
        XCTAssertEqual(Array(try historyLines().suffix(2)), ["set batch=16", "train epochs=3 batch=16"])
        try assertReplayMatches()
    }

    func testChangesOnTheFlyPausesAndStepsReplayExactly() throws {
        run("data moons n=100 seed=1 test=0.2; net 2-8-2 seed=4; dropout 0.1; opt adam lr=0.01")
        let view = try openDashboard("train epochs=4 batch=10 live")
        trainBatches(view, 3)  // part way through epoch 1 (8 batches of 10)
        _ = view.update(.key(.character("+")))  // lr doubled mid-epoch
        trainBatches(view, 7)
        _ = view.runCommand("set batch=25")
        trainBatches(view, 5)
        trainBatches(view, 2)
        _ = view.runCommand("reg l2=0.001")
        trainBatches(view, 2)
        let closing = view.closingOutput()
        XCTAssertNotNil(session.trainer?.epochInFlight, "closed part way through an epoch")
        guard case .text(let summary)? = closing.first else { return XCTFail("no closing summary") }
        XCTAssertTrue(summary.contains("is part way ("), summary)
        XCTAssertTrue(summary.split(separator: "\n").allSatisfy { $0.count <= 80 }, summary)
        let lines = try historyLines()
        XCTAssertTrue(lines.contains("train batches=3 batch=10"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains("train batches=7 batch=10"), lines.joined(separator: "\n"))
        try assertReplayMatches()

        // Plain training afterwards goes on with the epoch left part way, in both.
        run("train epochs=2")
        try assertReplayMatches()
    }

    func testAnEarlyStopReplaysAsTheRunWithPatience() throws {
        run("data moons n=120 seed=5 test=0.2 val=0.25; net 2-16-2 seed=1; opt adam lr=0.3")
        let view = try openDashboard("train epochs=200 batch=9 patience=2 live")
        var batches = 0
        while !isDone(view) && batches < 20_000 { trainBatches(view, 1); batches += 1 }
        guard case .finished(let reason) = view.phase, reason.contains("early stop") else {
            return XCTFail("expected an early stop, got \(view.phase)")
        }
        XCTAssertEqual(try historyLines().last, "train epochs=200 patience=2 batch=9")
        try assertReplayMatches()
    }

    func testAnEarlyStopAfterAChangeOnTheFlyCannotBeSaved() throws {
        run("data moons n=120 seed=5 test=0.2 val=0.25; net 2-16-2 seed=1; opt adam lr=0.3")
        let view = try openDashboard("train epochs=200 batch=9 patience=2 live")
        trainBatches(view, 12)
        _ = view.update(.key(.character("-")))
        var batches = 0
        while !isDone(view) && batches < 20_000 { trainBatches(view, 1); batches += 1 }
        XCTAssertTrue(failure("history save \(folder.path)/h.nnlab").contains("stopped early after a change on the fly"))
        run("net 2-16-2 seed=1")
        run("history save \(folder.path)/h.nnlab")
    }

    func testBatchesOption() throws {
        run("data xor n=40 seed=1 test=0; net 2-4-1 seed=2")
        let text = run("train batches=6 batch=8")
        XCTAssertTrue(text.contains("epoch 2 is part way (1 of 5 batches); the next train goes on with it"), text)
        XCTAssertEqual(session.trainer?.epochsDone, 1)
        XCTAssertEqual(session.trainer?.stepsDone, 6)
        // Four more batches end epoch 2 where the epoch-long run would.
        run("train batches=4")
        XCTAssertNil(session.trainer?.epochInFlight)
        let whole = Session(environment: SessionEnvironment(dataFolder: folder.path, lessonsFolder: folder.path))
        _ = try whole.output(of: "data xor n=40 seed=1 test=0; net 2-4-1 seed=2; train epochs=2 batch=8")
        XCTAssertEqual(whole.trainer, session.trainer)
        XCTAssertTrue(failure("train batches=3 epochs=2").contains("does not go with"))
        XCTAssertTrue(failure("train batches=0").contains("batches"))
        // New data leaves no epoch drawn over the old rows.
        run("train batches=2")
        XCTAssertNotNil(session.trainer?.epochInFlight)
        run("data xor n=60 seed=2 test=0")
        XCTAssertNil(session.trainer?.epochInFlight)
        run("train batches=2")
    }
}
