import Foundation
import NNEngine
import NNRender
import NNSession
import XCTest

/// The session's state has one owner and every command is all or nothing: a command that
/// fails leaves `SessionState` exactly as it was (its version too), and one that succeeds and
/// changes something moves the version on. Views change state only through commands.
final class SessionStateTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func makeSession(_ setup: String = "data xor n=40 seed=1; net 2-4-1; set batch=8; reg l2=0.01; train epochs=3") throws -> Session {
        let session = Session(environment: SessionEnvironment(dataFolder: folder.path, lessonsFolder: folder.path, width: 100, colorMode: .none))
        _ = try session.output(of: setup)
        return session
    }

    /// One failing line for every command that changes or reads state; several fail late, after
    /// the command has already changed part of what it sets.
    static let failingLines = [
        "data nosuchset", "data xor n=0", "data load missing-file.csv", "features x1 nosuchfeature",
        "net 2-0-1", "net 2-4-1 act=nosuch", "loss nosuchloss", "dropout 1.5", "batchnorm maybe",
        "opt adam lr=-1", "opt sgd momentum=2", "reg l2=-1", "sched step every=0", "clip norm=0",
        "train batch=16 patience=0", "train epochs=0", "train batch=16 epochs=-3", "train bogus",
        "step extra", "eval extra", "reset extra", "forward sample=99999", "backward extra", "update extra",
        "gradcheck eps=2", "grads load x", "save", "load missing-model.json", "show nothing",
        "set w1[0,0]=0.5 w9[0,0]=1", "set x=[1,2] y=7", "set batch=16 sample=-1", "seed abc",
        "help nosuchcommand", "plot nosuchplot", "trace extra", "expr (x", "x+1",
    ]

    func testEveryFailingCommandLeavesTheStateAsItWas() throws {
        let session = try makeSession()
        for line in Self.failingLines {
            let before = session.state
            XCTAssertThrowsError(try session.output(of: line), "'\(line)' should fail")
            XCTAssertEqual(session.state, before, "'\(line)' changed the state although it failed")
        }
    }

    func testTrainWithABadPatienceKeepsTheBatchSize() throws {
        let session = try makeSession()
        XCTAssertEqual(session.batchSize, 8)
        XCTAssertThrowsError(try session.output(of: "train batch=16 patience=0"))
        XCTAssertEqual(session.batchSize, 8)
    }

    func testALineStopsAtItsFirstFailureAndKeepsWhatRanBefore() throws {
        let session = try makeSession()
        XCTAssertThrowsError(try session.output(of: "seed 5; opt sgd lr=-1; seed 6"))
        XCTAssertEqual(session.seed, 5, "the command before the failing one stands")
    }

    func testTheVersionMovesOnlyWhenAChangeIsKept() throws {
        let session = try makeSession()
        let start = session.state.version
        _ = try session.output(of: "show net")
        XCTAssertEqual(session.state.version, start, "showing changes nothing")
        _ = try session.output(of: "opt sgd lr=0.5")
        XCTAssertEqual(session.state.version, start + 1)
        _ = try session.output(of: "step")
        XCTAssertEqual(session.state.version, start + 2)
        _ = try? session.output(of: "opt sgd lr=-1")
        XCTAssertEqual(session.state.version, start + 2)
    }

    func testDashboardKeysRunCommands() throws {
        let session = try makeSession("data xor n=64 seed=1; net 2-4-1; opt sgd lr=0.1")
        let view = try TrainingDashboard(session: session, epochs: 5, batch: 16, patience: nil, width: 100, height: 30)
        _ = view.update(.key(.character("+")))
        XCTAssertEqual(session.optimizerSettings.learningRate, 0.2, accuracy: 1e-15, "+ runs `opt lr=…` on the session")
        XCTAssertEqual(session.trainer?.optimizer.settings.learningRate ?? 0, 0.2, accuracy: 1e-15)
        let version = session.state.version
        while view.work(budget: 0.05) {}
        XCTAssertEqual(view.trainer, session.trainer, "the view trains the session's own trainer")
        XCTAssertEqual(session.state.version, version + session.trainer!.stepsDone, "each step the view takes is a kept change")
        XCTAssertEqual(session.trainer?.epochsDone, 5)
    }

    /// `r` after a net trained before the view opened: the run starts again from epoch 0 of the
    /// fresh weights; early stopping never brings back weights from before the reset.
    func testResetRestartsTheRun() throws {
        let session = try makeSession("data xor n=80 seed=1 test=0.25 val=0.25; net 2-6-1; opt adam lr=0.05; train epochs=20")
        let view = try TrainingDashboard(session: session, epochs: 30, batch: 16, patience: 3, width: 100, height: 30)
        for _ in 0..<3 { _ = view.work(budget: 0.01) }
        _ = view.update(.key(.character("r")))
        XCTAssertEqual(session.trainer?.epochsDone, 0)
        let fresh = session.trainer!.network
        let screenText = screen(view)
        XCTAssertTrue(screenText.contains("epoch 0/30"), screenText)
        XCTAssertFalse(screenText.contains("epoch -"), screenText)
        _ = view.update(.key(.character(" ")))
        while view.work(budget: 0.05) {}
        if case .finished(let why) = view.phase, why.hasPrefix("early stop") {
            // The restored weights come from this run, trained from the fresh start.
            XCTAssertNotEqual(session.trainer!.network, fresh)
        }
        XCTAssertLessThanOrEqual(session.trainer!.epochsDone, 30)
    }

    /// A `:` command takes effect in the view: new data gives a new run on that data.
    func testPromptDataCommandTakesEffect() throws {
        let session = try makeSession("data xor n=64 seed=1; net 2-4-1")
        let view = try TrainingDashboard(session: session, epochs: 3, batch: 16, patience: nil, width: 100, height: 30)
        _ = view.work(budget: 0.01)
        let reply = view.runCommand("data circle n=200 seed=2")
        XCTAssertFalse(reply.hasPrefix("error"), reply)
        XCTAssertEqual(session.data?.name, "circle")
        XCTAssertTrue(screen(view).contains("circle"), screen(view))
        _ = view.update(.key(.character(" ")))
        while view.work(budget: 0.05) {}
        XCTAssertEqual(view.phase, .finished("3 epochs done"))
        // A line that leaves nothing to train is undone.
        let before = session.state
        let refused = view.runCommand("data load missing.csv")
        XCTAssertTrue(refused.hasPrefix("error"), refused)
        XCTAssertTrue(session.state.sameValues(as: before))
    }

    func testTraceEditsRunSet() throws {
        let session = try makeSession("data xor n=20 seed=1; net 2-2-1 act=sigmoid; opt sgd lr=0.1")
        let view = try TraceView(session: session, sample: 0, width: 100, height: 30)
        for _ in 0..<3 { _ = view.update(.key(.right)) }
        guard case let .weight(l, r, c)? = view.step.target else { return XCTFail("no weight at step 3: \(String(describing: view.step.target))") }
        let version = session.state.version
        _ = view.update(.key(.character("e")))
        while !(view.editText ?? "").isEmpty { _ = view.update(.key(.backspace)) }
        for ch in "0.125" { _ = view.update(.key(.character(ch))) }
        _ = view.update(.key(.enter))
        XCTAssertEqual(session.trainer!.network.layers[l].weights[r, c], 0.125)
        XCTAssertEqual(session.state.version, version + 1, "the edit ran `set`: one kept change")
        XCTAssertTrue(view.message?.contains("(as `set w1[\(r),\(c)]=0.125`)") ?? false, view.message ?? "")
    }

    func screen(_ view: TrainingDashboard) -> String {
        var buffer = Buffer(width: 100, height: 30)
        view.render(into: &buffer)
        return BufferPrinter(colorMode: .none).plainLines(buffer).joined(separator: "\n")
    }
}
