import Foundation
import NNRender
import NNSession
import XCTest

/// The training dashboard's logic: messages in, state and screen out, no terminal.
final class TrainingDashboardTests: XCTestCase {
    func makeSession(_ setup: String) throws -> Session {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory(),
                                                              width: 100, colorMode: .none))
        _ = try session.output(of: setup)
        return session
    }

    func screen(_ view: TrainingDashboard, width: Int = 100, height: Int = 30) -> String {
        var buffer = Buffer(width: width, height: height)
        view.render(into: &buffer)
        return BufferPrinter(colorMode: .none).plainLines(buffer).joined(separator: "\n")
    }

    func testTrainsPausesStepsAndCloses() throws {
        let session = try makeSession("data spiral n=300 classes=3 seed=1; net 2-16-16-3 act=relu; opt adam lr=0.01")
        let view = try TrainingDashboard(session: session, epochs: 2000, batch: 32, patience: nil, width: 100, height: 30)
        XCTAssertTrue(screen(view).contains("nnlab · training · spiral"))
        XCTAssertTrue(screen(view).contains("RUNNING"))
        XCTAssertTrue(view.work(budget: 0.05))
        XCTAssertGreaterThan(view.trainer.stepsDone, 0)
        XCTAssertEqual(view.update(.key(.character(" "))), .none)
        XCTAssertEqual(view.phase, .paused)
        XCTAssertFalse(view.work(budget: 0.05), "paused: no training")
        let steps = view.trainer.stepsDone
        _ = view.update(.key(.character("s")))
        XCTAssertEqual(view.trainer.stepsDone, steps + 1)
        let text = screen(view)
        XCTAssertTrue(text.contains("PAUSED"), text)
        XCTAssertTrue(text.contains("decision boundary"), text)
        XCTAssertTrue(text.contains("gradients and health"), text)
        XCTAssertEqual(session.trainer?.stepsDone, steps + 1, "the session sees the trained net")
        _ = view.update(.key(.character("+")))
        XCTAssertEqual(view.trainer.optimizer.settings.learningRate, 0.02, accuracy: 1e-15)
        XCTAssertEqual(view.update(.key(.character(":"))), .openPrompt)
        XCTAssertEqual(view.runCommand("opt sgd lr=0.1"), "opt sgd lr=0.1")
        XCTAssertEqual(view.trainer.optimizer.settings.kind, .sgd)
        XCTAssertTrue(view.runCommand("trian").hasPrefix("error: unknown command 'trian'"))
        XCTAssertEqual(view.update(.key(.character("q"))), .close)
        let closing = view.closingOutput()
        guard case .text(let summary) = closing.first else { return XCTFail("no summary") }
        XCTAssertTrue(summary.hasPrefix("dashboard: stopped by you"), summary)
    }

    /// After the planned epochs, `s` keeps training by hand, one step at a time.
    func testStepsByHandAfterTheLastEpoch() throws {
        let session = try makeSession("data xor n=64 seed=1; net 2-4-1; opt adam lr=0.01")
        let view = try TrainingDashboard(session: session, epochs: 2, batch: 32, patience: nil, width: 100, height: 30)
        while view.work(budget: 0.05) {}
        guard case .finished = view.phase else { return XCTFail("training did not finish: \(view.phase)") }
        let steps = view.trainer.stepsDone
        _ = view.update(.key(.character("s")))
        XCTAssertEqual(view.trainer.stepsDone, steps + 1)
        XCTAssertEqual(view.phase, .paused)
        _ = view.update(.key(.character("s")))
        XCTAssertEqual(view.trainer.stepsDone, steps + 2)
        XCTAssertFalse(view.work(budget: 0.05), "paused after a step by hand")
    }

    /// The numbers line ends in whole words at any width and always keeps epoch, step, lr and
    /// accuracy: the speed shortens, then goes, then the losses (the loss chart shows them).
    func testStatsLineFitsNarrowTerminals() throws {
        let session = try makeSession("data spiral n=300 classes=3 test=0.2 seed=1; net 2-16-16-3 act=relu; opt adam lr=0.01")
        let view = try TrainingDashboard(session: session, epochs: 5, batch: 32, patience: nil, width: 100, height: 30)
        while view.work(budget: 0.05) {}
        func statsLine(width: Int) -> String {
            _ = view.update(.resize(width: width, height: 30))
            return screen(view, width: width).split(separator: "\n", omittingEmptySubsequences: false)[1]
                .trimmingCharacters(in: .whitespaces)
        }
        let wide = statsLine(width: 140)
        XCTAssertTrue(wide.hasSuffix("samples/s"), wide)
        XCTAssertTrue(wide.contains("step "), wide)
        for width in [60, 70, 80, 90] {
            let narrow = statsLine(width: width)
            for field in ["epoch 5/5", "step ", "lr 0.01", "acc ", "test acc "] {
                XCTAssertTrue(narrow.contains(field), "\(width) columns lost '\(field)': \(narrow)")
            }
            XCTAssertFalse(narrow.contains("samples/"), narrow)
            XCTAssertLessThanOrEqual(narrow.count, width - 2, narrow)
            let last = narrow.split(separator: " ").last.map(String.init) ?? ""
            XCTAssertTrue(last.hasSuffix("%") || last.hasSuffix("/s") || Double(last) != nil, "ends in a whole field: \(narrow)")
        }
    }

    /// The health table's update ratios are whole numbers at every width (at 80 columns they
    /// were cut to "8.6" of 8.6e-05): narrow panels take short labels, then drop the activation.
    func testHealthTableNeverCutsANumber() throws {
        let session = try makeSession("data spiral n=300 classes=3 seed=1; net 2-16-16-3 act=leaky_relu; opt adam lr=0.01")
        let view = try TrainingDashboard(session: session, epochs: 3, batch: 32, patience: nil, width: 100, height: 30)
        while view.work(budget: 0.05) {}
        for width in [60, 80, 100, 160] {
            _ = view.update(.resize(width: width, height: 30))
            let text = screen(view, width: width)
            let ratios = text.split(separator: "\n").filter { $0.range(of: #"\d\.\de-\d\d *│$"#, options: .regularExpression) != nil }
            XCTAssertEqual(ratios.count, 3, "\(width) columns: every layer's ratio whole\n\(text)")
            XCTAssertTrue(text.contains("‖ΔW‖/‖W‖"), text)
        }
    }

    func testResizeBelowTheMinimumShowsOneLineAndRecovers() throws {
        let session = try makeSession("data xor n=100 seed=1; net 2-4-1")
        let view = try TrainingDashboard(session: session, epochs: 10, batch: nil, patience: nil, width: 100, height: 30)
        _ = view.update(.resize(width: 50, height: 15))
        XCTAssertEqual(screen(view, width: 50, height: 15).trimmingCharacters(in: .whitespacesAndNewlines),
                       "terminal too small (needs 60×20)")
        _ = view.update(.resize(width: 80, height: 24))
        XCTAssertTrue(screen(view, width: 80, height: 24).contains("nnlab · training"))
    }

    func testFinishesAfterItsEpochs() throws {
        let session = try makeSession("data xor n=100 seed=1; net 2-4-1")
        let view = try TrainingDashboard(session: session, epochs: 5, batch: nil, patience: nil, width: 100, height: 30)
        while view.isBusy { _ = view.work(budget: 0.05) }
        XCTAssertEqual(view.phase, .finished("5 epochs done"))
        XCTAssertEqual(view.trainer.epochsDone, 5)
        XCTAssertTrue(screen(view).contains("DONE"))
    }

    func testDivergenceShowsItsMessageInTheView() throws {
        let session = try makeSession("data plane n=100 noise=0 seed=1; net 2-16-16-1 act=relu out=identity; loss mse; opt sgd lr=100")
        let view = try TrainingDashboard(session: session, epochs: 100, batch: 10, patience: nil, width: 100, height: 30)
        while view.isBusy { _ = view.work(budget: 0.05) }
        guard case .failed(let reason) = view.phase else { return XCTFail("\(view.phase)") }
        XCTAssertTrue(reason.contains("training diverged"))
        XCTAssertTrue(reason.hasSuffix("The weights are those of the last finite step."), reason)
        XCTAssertTrue(session.trainer!.network.parameters.allSatisfy(\.isFinite), "the live view keeps the last finite step")
        let text = screen(view)
        XCTAssertTrue(text.contains("DIVERGED"), text)
        XCTAssertTrue(text.contains("training diverged at epoch"), text)
    }

    func testHelpOverlayAndToggles() throws {
        let session = try makeSession("data moons n=100 seed=1; net 2-8-1")
        let view = try TrainingDashboard(session: session, epochs: 10, batch: nil, patience: nil, width: 100, height: 30)
        _ = view.update(.key(.character("?")))
        XCTAssertTrue(screen(view).contains("double or halve the learning rate"))
        _ = view.update(.key(.character("x")))
        XCTAssertFalse(view.showsHelp)
        _ = view.update(.key(.character("t")))
        XCTAssertFalse(view.showsTestPoints)
        _ = view.update(.key(.character("d")))
        XCTAssertTrue(view.discretize)
    }

    func testTheCallThatFinishesTrainingAsksForARedraw() throws {
        let session = try makeSession("data xor n=64 seed=1; net 2-4-1 act=tanh")
        let view = try TrainingDashboard(session: session, epochs: 2, batch: 8, patience: nil, width: 100, height: 30)
        var calls = 0
        while view.phase == .running && calls < 10_000 {
            let changed = view.work(budget: 0)
            calls += 1
            XCTAssertTrue(changed, "every call while running trains a batch or ends training, so the screen changes")
        }
        XCTAssertEqual(view.phase, .finished("2 epochs done"))
        XCTAssertTrue(screen(view).contains("DONE"), screen(view))
        XCTAssertGreaterThan(view.samplesPerSecond, 0)
        XCTAssertFalse(view.work(budget: 0), "nothing left to do")
    }
}

/// The learner's controls: a pace to watch by, playing a run again, and messages that give the
/// key bar back.
final class DashboardPlaybackTests: XCTestCase {
    func makeSession(_ setup: String) throws -> Session {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory(),
                                                              width: 100, colorMode: .none))
        _ = try session.output(of: setup)
        return session
    }

    func screen(_ view: TrainingDashboard) -> String {
        var buffer = Buffer(width: 100, height: 30)
        view.render(into: &buffer)
        return BufferPrinter(colorMode: .none).plainLines(buffer).joined(separator: "\n")
    }

    func testPaceSpreadsStepsOverTime() throws {
        let session = try makeSession("data xor n=64 seed=1; net 2-4-1")
        let view = try TrainingDashboard(session: session, epochs: 100, batch: 16, patience: nil, pace: .stepsPerSecond(8),
                                         width: 100, height: 30)
        XCTAssertTrue(screen(view).contains("8 steps/s · RUNNING"), screen(view))
        _ = view.work(budget: 0.05)
        XCTAssertEqual(session.trainer?.stepsDone, 1, "the first step comes at once")
        XCTAssertFalse(view.isBusy, "the next is due in 1/8 s: nothing to do now")
        XCTAssertFalse(view.work(budget: 0.05))
        Thread.sleep(forTimeInterval: 0.3)
        _ = view.work(budget: 0.05)
        let steps = session.trainer!.stepsDone
        XCTAssertTrue((2...5).contains(steps), "about 8 steps a second: \(steps) after 0.3 s")
    }

    func testKeysHalveAndDoubleThePaceUpToNoLimit() throws {
        let session = try makeSession("data xor n=64 seed=1; net 2-4-1")
        let view = try TrainingDashboard(session: session, epochs: 5, batch: 16, patience: nil, pace: .stepsPerSecond(2),
                                         width: 100, height: 30)
        _ = view.update(.key(.character("<")))
        XCTAssertEqual(view.pace, .stepsPerSecond(1))
        _ = view.update(.key(.character("[")))
        XCTAssertEqual(view.pace, .stepsPerSecond(1), "1 step/s is the slowest")
        XCTAssertEqual(view.message, "speed: 1 step/s")
        for _ in 0..<12 { _ = view.update(.key(.character(">"))) }
        XCTAssertEqual(view.pace, .stepsPerSecond(TrainingPace.fastest))
        _ = view.update(.key(.character("]")))
        XCTAssertEqual(view.pace, .unlimited)
        XCTAssertTrue(screen(view).contains("max speed"), screen(view))
        while view.work(budget: 0.05) {}
        XCTAssertEqual(view.phase, .finished("5 epochs done"))
    }

    func testSpeedOptionAndLessonDefault() throws {
        XCTAssertEqual(TrainingPace(option: "max"), .unlimited)
        XCTAssertEqual(TrainingPace(option: "16"), .stepsPerSecond(16))
        XCTAssertNil(TrainingPace(option: "0"))
        XCTAssertNil(TrainingPace(option: "fast"))
        XCTAssertEqual(TrainingPace.spreading(steps: 300, over: 8), .stepsPerSecond(32))
        XCTAssertEqual(TrainingPace.spreading(steps: 3, over: 8), .stepsPerSecond(1))
        let session = try makeSession("data xor n=64 seed=1; net 2-4-1")
        XCTAssertThrowsError(try session.output(of: "train live speed=fast")) { error in
            XCTAssertTrue((error as! CommandError).message.contains("speed takes optimizer steps per second"))
        }
    }

    /// After DONE, `r` goes back to the weights the net was built with (its own seed, not the
    /// session's), showing epoch 0 and not DONE; space plays the run again to the same end.
    func testResetAndPlayAgain() throws {
        let session = try makeSession("seed 0; data xor n=64 seed=1; net 2-4-1 seed=7")
        let built = session.trainer!.network
        let view = try TrainingDashboard(session: session, epochs: 3, batch: 16, patience: nil, width: 100, height: 30)
        while view.work(budget: 0.05) {}
        XCTAssertEqual(view.phase, .finished("3 epochs done"))
        let trained = session.trainer!.network
        _ = view.update(.key(.character("r")))
        XCTAssertEqual(session.trainer!.network, built, "the built weights, from seed 7")
        XCTAssertEqual(view.phase, .paused)
        XCTAssertTrue(screen(view).contains("epoch 0/3"), screen(view))
        _ = view.update(.key(.character(" ")))
        while view.work(budget: 0.05) {}
        XCTAssertEqual(view.phase, .finished("3 epochs done"))
        XCTAssertEqual(session.trainer!.network, trained, "the same run again")
        // Space on DONE plays it again at once.
        _ = view.update(.key(.character(" ")))
        XCTAssertEqual(view.phase, .running)
        while view.work(budget: 0.05) {}
        XCTAssertEqual(session.trainer!.network, trained)
    }

    func testMessagesGiveTheKeyBarBack() throws {
        let session = try makeSession("data xor n=64 seed=1; net 2-4-1; opt sgd lr=0.1")
        let view = try TrainingDashboard(session: session, epochs: 3, batch: 16, patience: nil, width: 100, height: 30)
        _ = view.update(.key(.character(" ")))
        _ = view.update(.key(.character("+")))
        XCTAssertTrue(screen(view).contains("opt sgd lr=0.2"), screen(view))
        _ = view.update(.key(.character("t")))
        XCTAssertEqual(view.message, "test points hidden")
        XCTAssertEqual(TrainingDashboard.messageSeconds, 3)
        view.messageLifetime = 0.01
        Thread.sleep(forTimeInterval: 0.02)
        XCTAssertTrue(view.work(budget: 0), "the expired message asks for a redraw")
        XCTAssertNil(view.message)
        XCTAssertTrue(screen(view).contains("space pause  s step  </> speed"), screen(view))
    }

    func testKeysThatDoNothingHereAreNotListed() throws {
        let session = try makeSession("data load \(TestPaths.datasets)/iris.csv; net 4-8-3")
        let view = try TrainingDashboard(session: session, epochs: 3, batch: 16, patience: nil, width: 100, height: 30)
        XCTAssertFalse(view.keyBar.contains("t test"))
        XCTAssertFalse(view.keyBar.contains("d discretize"))
        _ = view.update(.key(.character("t")))
        XCTAssertEqual(view.message, "this view draws no points: the data has 4 features")
    }
}

/// `?` explains the numbers on screen, not only the keys, and fits at 80×24.
final class DashboardHelpTests: XCTestCase {
    func testHelpExplainsTheHealthNumbers() throws {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory(),
                                                              width: 80, colorMode: .none))
        _ = try session.output(of: "data xor n=64 seed=1; net 2-4-1")
        let view = try TrainingDashboard(session: session, epochs: 3, batch: 16, patience: nil, width: 80, height: 24)
        _ = view.update(.key(.character("?")))
        var buffer = Buffer(width: 80, height: 24)
        view.render(into: &buffer)
        let text = BufferPrinter(colorMode: .none).plainLines(buffer).joined(separator: "\n")
        for phrase in ["dead      units that output 0", "tanh past ±0.99", "1e-3 is healthy", "q       stop and return"] {
            XCTAssertTrue(text.contains(phrase), "\(phrase) missing at 80×24:\n\(text)")
        }
    }
}
