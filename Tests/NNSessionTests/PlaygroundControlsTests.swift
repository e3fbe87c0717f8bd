import Foundation
import NNRender
import NNSession
import XCTest

/// The dashboard's playground controls: keys move and change them, each change runs its
/// command (so `history` shows it), settings apply on the fly and data or architecture
/// changes restart training from the seed.
final class PlaygroundControlsTests: XCTestCase {
    func makeSession(_ setup: String) throws -> Session {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory(),
                                                              width: 80, colorMode: .none))
        _ = try session.output(of: setup)
        return session
    }

    func screen(_ view: TrainingDashboard, width: Int = 80, height: Int = 24) -> [String] {
        var buffer = Buffer(width: width, height: height)
        view.render(into: &buffer)
        return BufferPrinter(colorMode: .none).plainLines(buffer)
    }

    func historyLines(_ session: Session) throws -> [String] {
        guard case .text(let text) = try session.output(of: "history").first else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    /// Selects the row of a control by pressing ↓ from the top.
    func select(_ row: PlaygroundControls.Row, in view: TrainingDashboard) throws {
        let rows = try XCTUnwrap(view.controls).rows
        let target = try XCTUnwrap(rows.firstIndex(of: row))
        while view.controls!.selected != target { _ = view.update(.key(.down)) }
    }

    func testReadsTheSessionAndSaysEachChangeAsACommand() throws {
        let session = try makeSession("data spiral noise=0.2 seed=1; net 2-8-8-1 act=tanh; opt adam lr=0.03; set batch=16")
        var controls = PlaygroundControls(session: session)
        XCTAssertEqual(controls.dataset, .spiral)
        XCTAssertEqual(controls.noise, 0.2)
        XCTAssertEqual(controls.testSplit, 0.2)
        XCTAssertEqual(controls.features, [], "the raw inputs")
        XCTAssertEqual(controls.hiddenWidths, [8, 8])
        XCTAssertEqual(controls.activation, .tanh)
        XCTAssertEqual(controls.learningRate, 0.03)
        XCTAssertEqual(controls.batch, 16)
        XCTAssertEqual(controls.penalty, .none)
        XCTAssertEqual(controls.rows, [.dataset, .noise, .testSplit, .features, .hiddenLayers, .width(0), .width(1),
                                       .activation, .learningRate, .batch, .regularization])
        controls.selected = controls.rows.firstIndex(of: .learningRate)!
        XCTAssertEqual(controls.change(by: 1)?.commands, ["opt adam lr=0.1"])
        XCTAssertEqual(controls.change(by: -1)?.commands, ["opt adam lr=0.03"])
        controls.selected = controls.rows.firstIndex(of: .regularization)!
        let reg = try XCTUnwrap(controls.change(by: 1))
        XCTAssertEqual(reg.commands, ["reg l1=0.001"])
        XCTAssertEqual(reg.effect, .onTheFly)
        XCTAssertEqual(controls.rows.last, .strength, "a penalty shows its strength")
        XCTAssertEqual(controls.change(by: 1)?.commands, ["reg l1=0 l2=0.001"], "l1 to l2 zeroes l1")
        controls.selected = controls.rows.firstIndex(of: .strength)!
        XCTAssertEqual(controls.change(by: 1)?.commands, ["reg l2=0.003"])
        controls.selected = controls.rows.firstIndex(of: .width(1))!
        let width = try XCTUnwrap(controls.change(by: 1))
        XCTAssertEqual(width.commands, ["net 2-8-10-1 act=tanh"])
        XCTAssertEqual(width.effect, .restart)
        controls.selected = controls.rows.firstIndex(of: .noise)!
        XCTAssertEqual(controls.change(by: 1)?.commands, ["data spiral noise=0.3 seed=1 test=0.2", "net 2-8-10-1 act=tanh"])
        controls.selected = controls.rows.firstIndex(of: .features)!
        XCTAssertEqual(controls.change(by: 1)?.commands, ["features x1 x2 x1*x2", "net 3-8-10-1 act=tanh"])
        controls.selected = 0
        XCTAssertEqual(controls.change(by: 1)?.commands,
                       ["data linear noise=0.3 seed=1 test=0.2", "features x1 x2 x1*x2", "net 3-8-10-1 act=tanh"],
                       "new data drops the feature map: the features come again")
        controls.selected = controls.rows.firstIndex(of: .batch)!
        XCTAssertEqual(controls.change(by: 1)?.commands, ["set batch=32"])
        controls.selected = controls.rows.firstIndex(of: .hiddenLayers)!
        XCTAssertEqual(controls.change(by: -1)?.commands, ["net 3-8-1 act=tanh"])
        XCTAssertEqual(controls.change(by: -1)?.commands, ["net 3-1 act=tanh"])
        XCTAssertNil(controls.change(by: -1), "no fewer than 0 hidden layers")
    }

    func testMovingWrapsAround() throws {
        let session = try makeSession("data xor; net 2-4-1")
        var controls = PlaygroundControls(session: session)
        controls.move(by: -1)
        XCTAssertEqual(controls.selectedRow, .regularization)
        controls.move(by: 1)
        XCTAssertEqual(controls.selectedRow, .dataset)
    }

    func testKeysInTheDashboardApplyOnTheFlyAndRestartFromTheSeed() throws {
        let session = try makeSession("data xor n=200 seed=1; net 2-4-1 act=tanh; opt adam lr=0.01")
        let view = try TrainingDashboard(session: session, epochs: 1_000_000, batch: nil, patience: nil, width: 80, height: 24)
        XCTAssertEqual(view.update(.key(.character("c"))), .none)
        XCTAssertTrue(view.showsControls)
        XCTAssertEqual(view.controls?.selectedRow, .learningRate, "the strip opens on the learning rate")
        var text = screen(view)
        XCTAssertTrue(text.contains { $0.contains("controls") && $0.contains("choose") }, text.joined(separator: "\n"))
        XCTAssertTrue(text.contains { $0.contains("learning rate") && $0.contains("‹ 0.01 ›") }, text.joined(separator: "\n"))
        XCTAssertFalse(text.contains { $0.contains("gradients and health") }, "the strip replaces the right panels")
        XCTAssertTrue(text.allSatisfy { DisplayWidth.of($0) <= 80 })
        XCTAssertTrue(text.last!.contains("↑/↓ choose"), text.last!)

        // On the fly: training goes on with the new learning rate.
        _ = view.work(budget: 0.05)
        let steps = view.trainer.stepsDone
        XCTAssertGreaterThan(steps, 0)
        _ = view.update(.key(.right))
        XCTAssertEqual(view.trainer.optimizer.settings.learningRate, 0.03, accuracy: 1e-15)
        XCTAssertEqual(view.trainer.stepsDone, steps, "the weights stay")
        XCTAssertEqual(view.phase, .running)
        XCTAssertEqual(view.lastCommands, ["opt adam lr=0.03"])
        try select(.batch, in: view)
        _ = view.update(.key(.left))
        XCTAssertEqual(session.batchSize, 128)
        XCTAssertEqual(view.liveBatchSize, 128, "the running training takes the new batch size")
        try select(.regularization, in: view)
        _ = view.update(.key(.character("+")))
        _ = view.update(.key(.character("+")))
        XCTAssertEqual(session.regularization.l2, 0.001)
        XCTAssertEqual(view.trainer.stepsDone, steps)

        // A new architecture restarts from the seed, and training goes on.
        _ = view.work(budget: 0.02)
        try select(.width(0), in: view)
        _ = view.update(.key(.right))
        XCTAssertEqual(view.trainer.network.widths, [2, 5, 1])
        XCTAssertEqual(view.trainer.stepsDone, 0)
        XCTAssertEqual(view.phase, .running)
        let fresh = try makeSession("data xor n=200 seed=1; net 2-5-1 act=tanh")
        XCTAssertEqual(view.trainer.network.layers.map(\.weights), fresh.trainer!.network.layers.map(\.weights),
                       "the same weights as `net` from the seed")
        try select(.activation, in: view)
        _ = view.update(.key(.right))
        XCTAssertEqual(session.state.netRecipe?.spec.activations.first, .sigmoid)
        text = screen(view)
        XCTAssertTrue(text.contains { $0.contains("net 2-5-1 act=sigmoid") }, "the strip shows what ran")

        // New data restarts too.
        _ = view.work(budget: 0.02)
        try select(.noise, in: view)
        _ = view.update(.key(.right))
        XCTAssertEqual(session.rawData?.origin.contains("noise=0.4"), true, session.rawData!.origin)
        XCTAssertEqual(view.trainer.stepsDone, 0)

        let history = try historyLines(session)
        XCTAssertEqual(Array(history.suffix(8)), [
            "opt adam lr=0.03", "set batch=128", "reg l1=0.001", "reg l1=0 l2=0.001",
            "net 2-5-1 act=tanh", "net 2-5-1 act=sigmoid", "data xor noise=0.4 seed=1 test=0.2", "net 2-5-1 act=sigmoid",
        ].suffix(8))
        XCTAssertEqual(view.update(.key(.character("c"))), .none)
        XCTAssertFalse(view.showsControls)
        XCTAssertTrue(screen(view).contains { $0.contains("gradients and health") })
    }

    /// `history save` after playing replays to the same state.
    func testHistorySaveReplaysTheControlsChanges() throws {
        let session = try makeSession("data circle n=120 seed=2; net 2-4-1 act=tanh")
        let view = try TrainingDashboard(session: session, epochs: 100, batch: nil, patience: nil, width: 80, height: 24)
        _ = view.update(.key(.character(" ")))
        _ = view.update(.key(.character("c")))
        try select(.features, in: view)
        _ = view.update(.key(.right))
        try select(.hiddenLayers, in: view)
        _ = view.update(.key(.right))
        try select(.learningRate, in: view)
        _ = view.update(.key(.left))
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("pg-\(UUID().uuidString).nnlab")
        defer { try? FileManager.default.removeItem(at: script) }
        _ = try session.output(of: "history save \(script.path)")
        let replay = try makeSession("seed 0")
        for line in try String(contentsOf: script, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            _ = try replay.output(of: String(line))
        }
        XCTAssertEqual(replay.featureMap?.names, ["x1", "x2", "x1*x2"])
        XCTAssertEqual(replay.trainer?.network.widths, [3, 4, 4, 1])
        XCTAssertEqual(replay.optimizerSettings.learningRate, 0.003)
        XCTAssertEqual(replay.trainer?.network.layers.map(\.weights), session.trainer?.network.layers.map(\.weights))
        XCTAssertEqual(replay.data, session.data)
    }

    /// Data that is no built-in set: noise and split say what they are for; the net keeps its inputs.
    func testLoadedDataKeepsItsInputs() throws {
        let session = try makeSession("data load \(TestPaths.datasets)/iris.csv; net 4-8-3")
        let view = try TrainingDashboard(session: session, epochs: 100, batch: nil, patience: nil, width: 80, height: 24)
        _ = view.update(.key(.character("c")))
        try select(.noise, in: view)
        _ = view.update(.key(.right))
        XCTAssertTrue(view.message?.contains("built-in sets") == true, view.message ?? "")
        XCTAssertEqual(view.controls?.value(of: .features), "raw inputs (4)")
        try select(.hiddenLayers, in: view)
        _ = view.update(.key(.right))
        XCTAssertEqual(view.trainer.network.widths, [4, 8, 8, 3], "the net keeps the data's 4 inputs")
        XCTAssertEqual(view.lastCommands, ["net 4-8-8-3 act=tanh"])
    }

    /// On a net built layer by layer the strip offers only what applies on the fly: the data,
    /// feature and width controls would replace the conv net with a dense one.
    func testALayerByLayerNetGetsTheOnTheFlyControlsOnly() throws {
        let session = try makeSession("data load \(TestPaths.datasets)/digits.csv shape=1x8x8; net input 1x8x8; layer conv 2 size=3; layer maxpool; layer dense 10 act=softmax")
        let view = try TrainingDashboard(session: session, epochs: 100, batch: nil, patience: nil, width: 80, height: 24)
        _ = view.update(.key(.character("c")))
        XCTAssertEqual(view.controls?.rows, [.learningRate, .batch, .regularization])
        try select(.learningRate, in: view)
        _ = view.update(.key(.right))
        XCTAssertEqual(view.lastCommands.count, 1)
        XCTAssertTrue(view.lastCommands[0].hasPrefix("opt "), view.lastCommands[0])
        XCTAssertNotNil(view.trainer.network.stack, "the conv net stays")
    }
}
