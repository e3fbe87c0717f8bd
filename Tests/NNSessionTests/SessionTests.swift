import Foundation
import NNData
import NNEngine
import NNSession
import XCTest

/// The session's commands end to end, without a terminal: output text, state, and errors that
/// leave the state as it was.
final class SessionTests: XCTestCase {
    var folder: URL!
    var session: Session!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        session = Session(environment: SessionEnvironment(dataFolder: folder.path, lessonsFolder: folder.path))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// The text a line prints.
    @discardableResult
    func run(_ line: String, file: StaticString = #filePath, lineNumber: UInt = #line) -> String {
        do {
            return try session.printedText(of: line)
        } catch {
            XCTFail("\(line): \(error)", file: file, line: lineNumber)
            return ""
        }
    }

    /// The error a line throws.
    func failure(_ line: String) -> String {
        session.failureMessage(of: line)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func testXorFromDataToEval() {
        XCTAssertTrue(run("data xor n=200 noise=0 seed=1 test=0.25").hasPrefix("data xor: 150 train, 50 test, 2 features, 2 classes"))
        XCTAssertTrue(run("net 2-4-1 act=tanh seed=1").contains("17 parameters"))
        run("opt adam lr=0.05")
        let trained = run("train epochs=200 batch=16")
        // Epochs are padded to the digits of the last one, so the columns line up.
        XCTAssertTrue(trained.hasPrefix("epoch  20  loss 0."), trained)
        XCTAssertTrue(trained.contains("\nepoch 200  loss 0."), trained)
        let last = trained.split(separator: "\n").last!
        XCTAssertTrue(last.hasPrefix("done: 200 epochs, "), String(last))
        XCTAssertTrue(last.contains(" s  loss 0.") && last.contains(" acc 100.0%  test 0."), String(last))
        for line in trained.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
        let eval = run("eval")
        let lines = eval.split(separator: "\n").map(String.init)
        // The four fixed lines, then the test split's precision, recall and F1 of class 1.
        XCTAssertEqual(lines.count, 7, eval)
        XCTAssertTrue(lines[0].hasPrefix("train loss "))
        XCTAssertEqual(lines[1], "train acc  1.0000")
        XCTAssertTrue(lines[2].hasPrefix("test loss "))
        XCTAssertEqual(lines[3], "test acc   1.0000")
        XCTAssertEqual(lines[4], "split  class  precision  recall      f1  support")
        XCTAssertEqual(lines[6], "test   1         1.0000  1.0000  1.0000       25")
    }

    func testSaveLoadRoundTripAndGradientFile() throws {
        run("data circle n=100 seed=2; net 2-5-1 seed=3; train epochs=5")
        let before = session.trainer!.network
        XCTAssertTrue(run("save \(path("m.json"))").hasPrefix("saved 2-5:tanh-1:sigmoid"))
        run("net 2-3-1 seed=9")
        XCTAssertTrue(run("load \(path("m.json"))").hasPrefix("loaded 2-5:tanh-1:sigmoid"))
        XCTAssertEqual(session.trainer!.network, before)
        run("reg l2=0.01")
        XCTAssertTrue(run("grads save \(path("g.json"))").hasPrefix("saved the gradient of loss"))
        let text = try String(contentsOfFile: path("g.json"), encoding: .utf8)
        XCTAssertTrue(text.contains("\"format\": \"nnlab-grads\""))
        // The file's gradient is the whole training split's, penalties included.
        let data = session.data!
        var g = SeededGenerator(seed: 0)
        let expected = try before.gradients(inputs: data.trainInputs, targets: data.trainTargets,
                                        objective: Objective(loss: .bce, regularization: Regularization(l2: 0.01)), generator: &g)
        let object = try XCTUnwrap(JSONReader.parse(Array(text.utf8)).object)
        XCTAssertEqual(object["loss"]?.number, expected.loss)
        XCTAssertEqual(object["layers"]?.array?[1].object?["bias"]?.array?.first?.number, expected.gradients[3].scalars[0])
    }

    func testBadInputLeavesTheStateAsItWas() throws {
        run("data moons n=100 seed=4; net 2-6-1 seed=5")
        let network = session.trainer!.network
        let dataset = session.data!
        try "{\"format\": \"nnlab-model\", \"version\": 7}".write(toFile: path("bad.json"), atomically: true, encoding: .utf8)
        XCTAssertTrue(failure("load \(path("bad.json"))").contains("field 'version': is 7"))
        XCTAssertTrue(failure("load \(path("nope.json"))").contains("no such file"))
        XCTAssertTrue(failure("data load \(path("nope.csv"))").contains("nope.csv"))
        XCTAssertTrue(failure("data spiral n=0").contains("n must be from 1"))
        XCTAssertTrue(failure("data spirl").contains("did you mean 'spiral'"))
        XCTAssertTrue(failure("net 2-x-1").contains("'x'"))
        XCTAssertTrue(failure("opt adam lr=-1").contains("lr must be a positive number"))
        XCTAssertTrue(failure("dropout 1").contains("[0, 1)"))
        XCTAssertTrue(failure("train batch=0").contains("batch must be at least 1"))
        XCTAssertTrue(failure("set w1[9,9]=1").contains("w1 is 6 × 2"))
        XCTAssertEqual(session.trainer!.network, network)
        XCTAssertEqual(session.data, dataset)
    }

    func testShapeMismatchesAreClear() {
        run("data spiral n=90 classes=3 seed=1")
        run("net 2-8-1")
        XCTAssertTrue(failure("train epochs=1").contains("loss bce is for two classes, but the data has 3"), failure("train epochs=1"))
        run("net 3-8-3")
        XCTAssertTrue(failure("train epochs=1").contains("the net takes 3 inputs but the data has 2 features"))
        run("net 2-8-3; loss bce")
        XCTAssertTrue(failure("eval").contains("loss bce needs a sigmoid output layer, but the net ends in softmax"))
        run("loss hinge")
        XCTAssertTrue(failure("eval").contains("loss hinge needs an identity output layer"), failure("eval"))
        run("loss ce")
        XCTAssertTrue(run("eval").hasPrefix("train loss"))
    }

    func testDivergenceNamesEpochAndBatchAndSuggestsARemedy() {
        run("data plane n=100 noise=0 seed=1; net 2-16-16-1 act=relu out=identity; loss mse; opt sgd lr=100")
        let message = failure("train epochs=50 batch=10")
        XCTAssertTrue(message.contains("training diverged at epoch"), message)
        XCTAssertTrue(message.contains("batch"), message)
        XCTAssertTrue(message.contains("clip norm=1"), message)
        XCTAssertTrue(message.contains("(opt ... lr=10)"), "a tenth of lr=100, as typed: \(message)")
        XCTAssertTrue(message.hasSuffix("The net is as it was before this train command."), message)
        XCTAssertTrue(session.trainer!.network.parameters.allSatisfy(\.isFinite))
        XCTAssertEqual(session.trainer?.epochsDone, 0, "the failed train changed nothing")
    }

    func testStepEvalResetAndSeed() {
        run("data and n=40 seed=1 test=0; net 2-1:step; loss mse; opt sgd lr=0.1")
        XCTAssertTrue(run("step").hasPrefix("step 1: loss on the batch of 40"))
        XCTAssertTrue(run("eval").contains("test loss  n/a (no test split)"))
        let trained = run("train epochs=40")
        XCTAssertTrue(trained.contains("acc 100.0%"), trained)
        XCTAssertTrue(run("seed 7").hasPrefix("seed 7"))
        XCTAssertTrue(run("reset").hasPrefix("reset: new weights for 2-1:step from seed 7"))
        XCTAssertEqual(session.trainer!.stepsDone, 0)
    }

    func testForwardBackwardUpdateAndGradcheck() {
        run("data xor n=20 seed=1; net 2-2-1 seed=1")
        let forward = run("forward sample=0")
        XCTAssertTrue(forward.contains("layer 1: z¹ = W¹·x + b¹, a¹ = tanh(z¹)"), forward)
        XCTAssertTrue(forward.contains("predicted class"), forward)
        let backward = run("backward")
        XCTAssertTrue(backward.contains("δ² = ∂L/∂z² = a² − y"), backward)
        XCTAssertTrue(backward.contains("δ¹ = (W²)ᵀδ² ⊙ σ′(z¹)"), backward)
        let update = run("update")
        XCTAssertTrue(update.contains("m̂"), update)
        let check = run("gradcheck")
        XCTAssertTrue(check.contains("largest relative error"), check)
        XCTAssertTrue(check.contains("— ok"), check)
    }

    func testSetAndShow() {
        run("data xor n=20 seed=1; net 2-2-1 seed=1")
        run("set w1[0,1]=0.5 b2[0]=-0.25")
        XCTAssertEqual(session.trainer!.network.layers[0].weights[0, 1], 0.5)
        XCTAssertEqual(session.trainer!.network.layers[1].bias.scalars[0], -0.25)
        XCTAssertTrue(run("show w1").contains("0.5000"))
        XCTAssertTrue(run("show net").contains("2 × 2"))
        run("set x=[1, -1] y=1")
        XCTAssertTrue(run("forward").contains("x set by hand"))
        XCTAssertTrue(failure("set x=[1]").contains("x has 1 values but the net takes 2"))
        XCTAssertTrue(failure("show w9").contains("nothing called 'w9'"))
    }

    func testSettingsCommands() {
        XCTAssertEqual(run("opt momentum lr=0.05 momentum=0.8"), "opt momentum lr=0.05 momentum=0.8\n")
        XCTAssertEqual(run("reg l1=0.001"), "reg l1=0.001 l2=0 (on weights only, never biases)\n")
        XCTAssertEqual(run("sched step every=5 gamma=0.5"), "sched step every=5 gamma=0.5\n")
        XCTAssertEqual(run("clip norm=2"), "clip norm=2.0\n")
        XCTAssertEqual(run("clip off"), "clip off\n")
        XCTAssertTrue(run("dropout 0.5").contains("×2"))
        XCTAssertTrue(run("dropout 0.5 scaling=classic").contains("×0.5 at inference"))
        XCTAssertEqual(run("batchnorm off"), "batchnorm off\n")
        XCTAssertTrue(failure("sched sawtooth").contains("unknown schedule"))
        XCTAssertTrue(failure("clip norm=1 value=1").contains("choose one"))
    }

    func testCSVDataAndFeatures() throws {
        try "a,b,label\n1,2,cat\n3,4,dog\n5,6,cat\n7,8,dog\n".write(toFile: path("d.csv"), atomically: true, encoding: .utf8)
        XCTAssertTrue(run("data load \(path("d.csv")) test=0").contains("2 classes (cat, dog)"))
        XCTAssertTrue(run("features x1 x2 x1*x2").hasPrefix("features: x1 x2 x1*x2 (3 inputs)"))
        XCTAssertEqual(session.data!.featureCount, 3)
        XCTAssertTrue(run("features off").contains("raw inputs"))
        try "a,b\n1,2\n3\n".write(toFile: path("ragged.csv"), atomically: true, encoding: .utf8)
        XCTAssertTrue(failure("data load \(path("ragged.csv"))").contains("line 3"))
    }

    func testHelp() {
        let all = run("help")
        for name in CommandCatalog.names { XCTAssertTrue(all.contains("  \(name)"), name) }
        let train = run("help train")
        XCTAssertTrue(train.contains("usage:"))
        XCTAssertTrue(train.contains("example:\n  train epochs=200 batch=32"))
        XCTAssertTrue(failure("help trian").contains("did you mean 'train'"))
    }

    func testNothingYetGivesAHint() {
        XCTAssertTrue(failure("train").contains("there is no network yet"))
        run("net 2-2-1")
        XCTAssertTrue(failure("eval").contains("there is no data yet"))
    }

    func testQuitStopsTheLine() {
        _ = try? session.output(of: "quit; seed 5")
        XCTAssertTrue(session.wantsToQuit)
        XCTAssertEqual(session.seed, 0)
    }
}

/// `expr`: the scalar graph printed with values and gradients.
final class ExprCommandTests: XCTestCase {
    func testSingleNeuron() throws {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory()))
        let printer = OutputPrinter(width: 100, colorMode: .none)
        let text = try session.output(of: "expr sigmoid(w1*x1 + w2*x2 + b) w1=0.5 x1=1 w2=-1 x2=2 b=0.1").map { printer.text($0) }.joined()
        XCTAssertTrue(text.contains("sigmoid = 0.197816   ∂ 1"), text)
        XCTAssertTrue(text.contains("└─ + = -1.4"), text)
        XCTAssertTrue(text.contains("∂out/∂w1 = 0.158685"), text)
        XCTAssertThrowsError(try session.output(of: "expr w*x w=1")) { error in
            XCTAssertTrue((error as! CommandError).message.contains("add x="))
        }
    }
}
