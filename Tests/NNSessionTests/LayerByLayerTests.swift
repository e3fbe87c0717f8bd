import Foundation
import NNData
import NNEngine
import NNRender
import NNSession
import XCTest

/// `net input`, `layer`, `show net`, training, model files and image data for networks built
/// layer by layer, through the session as a learner types them.
final class LayerByLayerTests: SessionTestCase {
    var digits: String { TestPaths.datasets + "/digits.csv" }

    func buildDigitsNet() {
        run("net input 1x8x8")
        run("layer conv 8 size=3 pad=1 act=relu")
        run("layer maxpool")
        run("layer conv 16 size=3 pad=1 act=relu")
        run("layer maxpool")
        run("layer dense 32 act=relu")
        run("layer dense 10 act=softmax")
    }

    /// The summary: every layer with its output shape and parameter count, the total, in 80
    /// columns.
    func testShowNetSummarizesTheDigitsNet() {
        buildDigitsNet()
        let text = run("show net")
        for expected in ["1×8×8", "conv 8 3×3 pad 1 relu", "8×8×8", "maxpool 2×2", "8×4×4", "16×2×2", "flatten",
                         "dense 32 relu", "2,080", "1,168", "330", "total", "3,658"] {
            XCTAssertTrue(text.contains(expected), "\(expected) in\n\(text)")
        }
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
        // The dense summary keeps its columns and gains the output width.
        run("net 2-8-1")
        let dense = run("show net")
        XCTAssertTrue(dense.contains("output") && dense.contains("‖W‖") && dense.contains("8 × 2"), dense)
    }

    func testShapeErrorsLeaveTheSessionUnchanged() {
        run("net input 1x4x4")
        run("layer maxpool")
        let before = session.state
        XCTAssertEqual(failure("layer conv 4"), "conv 3×3 with pad 0 needs an input of at least 3×3; this layer gets 2×2")
        XCTAssertTrue(session.state.sameValues(as: before))
        XCTAssertTrue(failure("layer maxpool pad=1").contains("layer maxpool has no option pad="))
        XCTAssertTrue(failure("layer dense 0").contains("from 1 to"))
        XCTAssertTrue(failure("layer pool").contains("maxpool"))
        XCTAssertTrue(session.state.sameValues(as: before))
        run("net 2-4-1")
        XCTAssertTrue(failure("layer dense 3").contains("net input 2"))
        XCTAssertTrue(failure("net input 1x8x").contains("CxHxW"))
    }

    func testImageDataTrainsEvaluatesAndRoundTrips() throws {
        let loaded = run("data load \(digits) shape=1x8x8")
        XCTAssertTrue(loaded.contains("64 features (each row 1×8×8)"), loaded)
        XCTAssertTrue(failure("data load \(digits) shape=1x8x7").contains("shape=1×8×7 holds 56 numbers"))
        buildDigitsNet()
        run("opt adam lr=0.01")
        let trained = run("train epochs=2 batch=32")
        XCTAssertTrue(trained.contains("epoch 2"), trained)
        run("step")
        let eval = run("eval")
        XCTAssertTrue(eval.contains("test acc"), eval)
        let path = folder.appendingPathComponent("conv.json").path
        run("save \(path)")
        let saved = session.state.trainer!.network
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("\"input_shape\": [1, 8, 8]"))
        run("net 64-10")
        run("load \(path)")
        XCTAssertEqual(session.state.trainer!.network, saved)
        XCTAssertEqual(run("eval"), eval)
        // The views read the conv layers as well as the dense ones.
        XCTAssertTrue(run("forward").contains("layer 1: conv 8 3×3 pad 1 relu → 8×8×8"))
        XCTAssertTrue(run("plot hist weights").hasPrefix("weights of all layers\nn="))
    }

    /// `reset` draws the layers again from the seed: the same weights as building the net anew,
    /// and training state cleared.
    func testResetRebuildsTheStackFromItsSeed() {
        run("seed 5")
        buildDigitsNet()
        let built = session.state.trainer!.network
        run("data load \(digits) shape=1x8x8")
        run("step")
        XCTAssertNotEqual(session.state.trainer!.network, built)
        let text = run("reset")
        XCTAssertTrue(text.contains("reset: new weights for 1×8×8 conv-maxpool-conv-maxpool-flatten-dense-dense from seed 5"), text)
        XCTAssertEqual(session.state.trainer!.network, built)
        XCTAssertEqual(session.state.trainer!.stepsDone, 0)
        run("reset seed=6")
        XCTAssertNotEqual(session.state.trainer!.network, built)
    }

    /// gradcheck covers every parameter of a smooth stack and agrees to 1e-6.
    func testGradcheckOnASmoothStack() {
        run("data load \(digits) shape=1x8x8")
        run("net input 1x8x8 init=normal seed=3")
        run("layer conv 2 size=3 stride=2 act=tanh")
        run("layer avgpool")
        run("layer layernorm")
        run("layer dense 8 act=tanh")
        run("layer dense 8 act=tanh skip=on")
        run("layer dense 10 act=softmax")
        let text = run("gradcheck")
        XCTAssertTrue(text.contains("— ok"), text)
        // conv 2·1·9 + 2, layernorm 2 + 2, dense 2·8 + 8, 8·8 + 8, 8·10 + 10.
        XCTAssertEqual(session.state.trainer!.network.parameterCount, 20 + 4 + 24 + 72 + 90)
        XCTAssertTrue(text.contains("gradcheck: 210 parameters"), text)
    }

    /// A layer-by-layer net whose output does not fit the classes is told how to end its layers,
    /// and its dashboard shows the gradient bars with the layers' health under them.
    func testOutputMismatchAndTheDashboardsHealthPanel() throws {
        run("data spiral")
        run("net input 2")
        run("layer dense 16 act=tanh")
        run("layer dense 16 act=tanh skip=on")
        run("layer dense 3 act=softmax")
        XCTAssertTrue(failure("train epochs=1").contains("(or the layers in `layer dense 2 act=softmax`)"), failure("train epochs=1"))
        session = Session(environment: SessionEnvironment(dataFolder: folder.path, lessonsFolder: folder.path))
        for line in ["data spiral", "net input 2", "layer dense 16 act=tanh", "layer dense 16 act=tanh skip=on", "layer dense 2 act=softmax"] { run(line) }
        let view = try TrainingDashboard(session: session, epochs: 5, batch: nil, patience: nil, width: 80, height: 24)
        _ = view.work(budget: 0.2)
        var buffer = Buffer(width: 80, height: 24)
        view.render(into: &buffer)
        let screen = BufferPrinter(colorMode: .none).plainLines(buffer).joined(separator: "\n")
        XCTAssertTrue(screen.contains("‖∂L/∂W1‖") && screen.contains("‖∂L/∂W3‖"), screen)
        // Under the bars, each dense layer's health, numbered as `show net` numbers it.
        XCTAssertTrue(screen.contains("sat."), screen)
        for row in ["1  tanh", "2  tanh", "3  softmax"] { XCTAssertTrue(screen.contains(row), "\(row)\n\(screen)") }
        // The title gives up whole parts to the state at its right end, never half a word.
        let title = screen.split(separator: "\n")[0]
        XCTAssertTrue(title.hasPrefix(" nnlab · training · spiral · 2 dense-dense-dense · ce"), String(title))
        XCTAssertFalse(title.contains("·  "), String(title))
    }

    /// Before its first layer a `net input` is not a network yet: commands that need one say to
    /// add layers, not to build a net.
    func testCommandsBeforeTheFirstLayerSayToAddLayers() {
        XCTAssertTrue(failure("forward").contains("there is no network yet"))
        run("net input 5x1")
        for line in ["forward", "plot filters", "set w1[0,0]=1", "train"] {
            XCTAssertTrue(failure(line).contains("net input 5×1 has no layers yet; add them with `layer`"), failure(line))
        }
    }
}
