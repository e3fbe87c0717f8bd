import Foundation
import NNEngine
import NNSession
import XCTest

/// `export pytorch PATH` run by PyTorch: its outputs equal nnlab's to 1e-10 for every layer type,
/// and `--train EPOCHS` continues exactly where nnlab stopped (weights, optimizer state and
/// schedule carried over). Skipped, saying why, where torch cannot be imported;
/// `make check-export` installs it privately and runs these tests.
final class ExportTorchTests: XCTestCase {
    /// One run of an exported script and the outputs nnlab gives for the same rows.
    struct Check {
        var name: String
        var arguments: [String]
        var expected: Tensor
        /// Whether the outputs must agree to 1e-10 (else they must differ by more than 1e-6).
        var same = true
    }

    /// The Python that has torch, or an XCTSkip saying how to get one.
    func torchPython() throws -> String {
        guard let python = PythonRunner.torchPython else { throw XCTSkip(PythonRunner.torchSkipMessage) }
        return python
    }

    /// Runs every check's script in one Python process and compares.
    func verify(_ checks: [Check], python: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let results = try PythonRunner.runScripts(checks.map(\.arguments), python: python)
        for (check, result) in zip(checks, results) {
            XCTAssertEqual(result.status, 0, "\(check.name): \(result.error)", file: file, line: line)
            let worst = ExportFixtures.worstDifference(ExportFixtures.rows(result.output), check.expected)
            // The measured figure, for `make check-export`'s summary.
            print("export check: \(check.name): largest difference to nnlab \(worst)")
            if check.same {
                XCTAssertLessThanOrEqual(worst, 1e-10, check.name, file: file, line: line)
            } else {
                XCTAssertGreaterThan(worst, 1e-6, check.name, file: file, line: line)
            }
        }
    }

    /// Runs the session's lines and exports the PyTorch script to `folder/NAME.py`.
    func exportScript(_ session: Session, _ setup: [String], folder: String, name: String = "model") throws -> String {
        for line in setup { _ = try session.output(of: line) }
        _ = try session.output(of: "export pytorch \(folder)/\(name).py")
        return "\(folder)/\(name).py"
    }

    /// Exports after `setup`, then trains `epochs` more in nnlab; the checks: the script's outputs
    /// equal nnlab's at export, and after `--train EPOCHS` on the CSV (whose rows are the
    /// training rows in order) nnlab's after its epochs.
    func continueTraining(_ name: String, _ setup: [String], csv: String, epochs: Int) throws -> [Check] {
        let folder = try PythonRunner.folder()
        let session = ExportFixtures.session(folder)
        let script = try exportScript(session, setup, folder: folder)
        let before = try ExportFixtures.nnlabOutputs(session, csv: csv)
        _ = try session.output(of: "train epochs=\(epochs)")
        let after = try ExportFixtures.nnlabOutputs(session, csv: csv)
        return [Check(name: "\(name), outputs", arguments: [script, csv], expected: before),
                Check(name: "\(name), \(epochs) more epochs", arguments: [script, csv, "--train", "\(epochs)", "--print-outputs"],
                      expected: after)]
    }

    func testEveryLayerTypeGivesNnlabsOutputs() throws {
        let python = try torchPython()
        let folder = try PythonRunner.folder()
        let csv = try ExportFixtures.imageCSV(in: folder, channels: 2, height: 7, width: 7, rows: 30, classes: 3, seed: 5)
        let session = ExportFixtures.session(folder)
        let script = try exportScript(session, [
            "data load \(csv) shape=2x7x7 test=0.2 seed=3", "net input 2x7x7 seed=4",
            "layer conv 4 size=3 pad=1 act=tanh", "layer layernorm", "layer maxpool size=2",
            "layer conv 3 size=2 stride=2 pad=1 act=softplus", "layer avgpool size=2 stride=1", "layer flatten",
            "layer dense 6 act=elu", "layer dropout 0.3", "layer dense 6 act=gelu skip=on", "layer layernorm",
            "layer dense 3 act=softmax", "opt adam lr=0.02", "train epochs=2 batch=8",
        ], folder: folder)
        let text = try String(contentsOfFile: script, encoding: .utf8)
        for piece in ["nn.Conv2d(", "nn.MaxPool2d(", "nn.AvgPool2d(", "nn.Flatten()", "nn.LayerNorm(", "nn.Dropout("] {
            XCTAssertTrue(text.contains(piece), "missing \(piece)")
        }
        try verify([Check(name: "every layer type", arguments: [script, csv],
                          expected: try ExportFixtures.nnlabOutputs(session, csv: csv))], python: python)
    }

    /// Full-batch training without dropout is deterministic, so PyTorch's gradients through every
    /// layer type must give nnlab's weights after more epochs.
    func testTrainingThroughEveryLayerTypeContinuesAsNnlab() throws {
        let python = try torchPython()
        let folder = try PythonRunner.folder()
        let csv = try ExportFixtures.imageCSV(in: folder, channels: 2, height: 7, width: 7, rows: 24, classes: 3, seed: 9)
        let iris = "\(TestPaths.datasets)/iris.csv"
        let images = try continueTraining("images", [
            "data load \(csv) shape=2x7x7 test=0 seed=1", "net input 2x7x7 seed=2",
            "layer conv 3 size=3 pad=1 act=tanh", "layer layernorm", "layer maxpool size=2",
            "layer conv 2 size=2 act=swish", "layer avgpool size=2", "layer dense 5 act=tanh",
            "layer dense 5 act=sigmoid skip=on", "layer dense 3 act=softmax",
            "opt adam lr=0.01", "reg l2=0.001", "train epochs=2",
        ], csv: csv, epochs: 2)
        let flat = try continueTraining("flat", [
            "data load \(iris) test=0 seed=1", "net input 4 seed=3", "layer dense 6 act=relu",
            "layer layernorm", "layer dense 6 act=mish skip=on", "layer dense 3 act=softmax", "loss mse",
            "opt momentum lr=0.05", "reg l1=0.001", "clip norm=0.5", "train epochs=2",
        ], csv: iris, epochs: 3)
        try verify(images + flat, python: python)
    }

    /// The optimizer's state crosses over: k more epochs of Adam in PyTorch equal k more in
    /// nnlab; the same script with the state dropped (OPTIMIZER_STEPS = 0) does not.
    func testAdamContinuesWhereNnlabStopped() throws {
        let python = try torchPython()
        let folder = try PythonRunner.folder()
        let csv = "\(TestPaths.datasets)/iris.csv"
        let session = ExportFixtures.session(folder)
        let script = try exportScript(session, ["data load \(csv) test=0 seed=1", "net 4-6:tanh-3:softmax seed=7",
                                                "opt adam lr=0.01", "train epochs=5"], folder: folder)
        let text = try String(contentsOfFile: script, encoding: .utf8)
        XCTAssertTrue(text.contains("OPTIMIZER_STEPS = 5\n"), "five full-batch steps were taken")
        _ = try session.output(of: "train epochs=3")
        let expected = try ExportFixtures.nnlabOutputs(session, csv: csv)
        let fresh = "\(folder)/fresh.py"
        try text.replacingOccurrences(of: "OPTIMIZER_STEPS = 5\n", with: "OPTIMIZER_STEPS = 0\n")
            .write(toFile: fresh, atomically: true, encoding: .utf8)
        try verify([
            Check(name: "adam, 3 more epochs", arguments: [script, csv, "--train", "3", "--print-outputs"], expected: expected),
            Check(name: "adam restarted from zero state", arguments: [fresh, csv, "--train", "3", "--print-outputs"],
                  expected: expected, same: false),
        ], python: python)
    }

    /// Every optimizer, loss option, schedule, clipping and batch norm of the dense form: the
    /// exported state after two epochs, then more epochs in both.
    func testDenseNetsContinueWithEveryOptimizerAndSchedule() throws {
        let python = try torchPython()
        let iris = "\(TestPaths.datasets)/iris.csv"
        let data = "data load \(iris) test=0 seed=1"
        let cases: [(String, String, Int)] = [
            ("sgd", "features x1 x2 x3 x4 x1*x2 sin(x3); net 6-8:gelu-6:mish-3:softmax seed=2; opt sgd lr=0.1; reg l2=0.001", 1),
            ("momentum", "net 4-7:tanh-5:softplus-3:softmax seed=3; opt momentum lr=0.05 momentum=0.8; loss ce smoothing=0.1", 2),
            ("nesterov", "net 4-6:elu-6:leaky_relu-3:softmax seed=4; opt nesterov lr=0.05; loss ce weights=[1, 2, 0.5]", 2),
            ("rmsprop", "net 4-6:swish-6:gelu_tanh-3:softmax seed=5; opt rmsprop lr=0.01 rho=0.8; clip norm=0.5", 2),
            ("adagrad", "net 4-6:sigmoid-3:softmax seed=6; opt adagrad lr=0.1; reg l1=0.001; clip value=0.05", 2),
            ("batchnorm", "net 4-6:relu-6:tanh-3:softmax seed=7; batchnorm on; opt adam lr=0.01", 2),
            ("adamw", "net 4-8:identity-3:softmax seed=8; opt adamw lr=0.01 decay=0.05; sched warmup epochs=5", 4),
            ("mse", "net 4-5:tanh-3:softmax seed=9; loss mse; opt adam lr=0.02; sched exp gamma=0.9", 3),
            ("step", "net 4-6:tanh-3:softmax seed=10; opt momentum lr=0.1; sched step every=3 gamma=0.5", 3),
            ("cosine", "net 4-6:relu-3:softmax seed=11; opt sgd lr=0.2; sched cosine period=4 min=0.01", 3),
        ]
        var checks: [Check] = []
        for (name, setup, epochs) in cases {
            checks += try continueTraining(name, ["\(data); \(setup); train epochs=2"], csv: iris, epochs: epochs)
        }
        try verify(checks, python: python)
    }

    /// `--train 3` without a CSV trains on the training split the script carries: its outputs
    /// for the training rows equal nnlab's after 3 more full-batch epochs; `--print-data` gives
    /// the split itself, carried (moons) or read from the CSV it names (a split too large to carry).
    func testTrainWithoutCSVContinuesOnTheCarriedSplit() throws {
        let python = try torchPython()
        let folder = try PythonRunner.folder()
        let session = ExportFixtures.session(folder)
        let script = try exportScript(session, ["data moons n=100 seed=2", "net 2-8-1 seed=3", "opt adam lr=0.02",
                                                "train epochs=4"], folder: folder)
        let data = try XCTUnwrap(session.data)
        _ = try session.output(of: "train epochs=3")
        let after = session.state.trainer!.network.predict(data.trainInputs)
        try verify([Check(name: "moons, --train 3 without a CSV", arguments: [script, "--train", "3", "--print-outputs"],
                          expected: after)], python: python)

        let bigFolder = try PythonRunner.folder()
        try ExportTrainingDataTests.writeLargeCSV(in: bigFolder)
        let big = ExportFixtures.session(bigFolder)
        let bigScript = try exportScript(big, ["data load \(bigFolder)/big.csv test=0.2 seed=4 val=0.1",
                                               "net 100-3:softmax seed=1"], folder: bigFolder)
        XCTAssertTrue(try String(contentsOfFile: bigScript, encoding: .utf8).contains("TRAIN_SOURCE = \"csv\""))
        let bigData = try XCTUnwrap(big.data)
        let results = try PythonRunner.runScripts([[script, "--print-data"], [bigScript, "--print-data"]], python: python)
        for ((result, data), name) in zip(zip(results, [data, bigData]), ["moons", "large CSV"]) {
            XCTAssertEqual(result.status, 0, "\(name): \(result.error)")
            let rows = ExportFixtures.rows(result.output), n = data.trainCount
            XCTAssertEqual(rows.count, 2 * n, name)
            guard rows.count == 2 * n else { continue }
            let worstInputs = ExportFixtures.worstDifference(Array(rows[..<n]), data.trainInputs)
            let worstTargets = ExportFixtures.worstDifference(Array(rows[n...]), data.trainTargets.reshaped([n, 1]))
            print("export check: \(name), carried training data: largest difference \(max(worstInputs, worstTargets))")
            XCTAssertLessThanOrEqual(worstInputs, 1e-15, name)
            XCTAssertEqual(worstTargets, 0, name)
        }
    }

    /// nn.LSTM and nn.RNN (bias_hh held at 0), an RNN with an activation nn.RNN lacks, dense
    /// layers on every step: the outputs, and training continued (W_ih, W_hh penalized).
    func testRecurrentLayersMatchAndContinueTraining() throws {
        let python = try torchPython()
        let folder = try PythonRunner.folder()
        let csv = try ExportFixtures.sequenceCSV(in: folder, steps: 5, features: 2, rows: 24, regression: true, seed: 3)
        let session = ExportFixtures.session(folder)
        let script = try exportScript(session, [
            "data load \(csv) shape=5x2 test=0 seed=1 task=regression", "net input 5x2 seed=2",
            "layer rnn 4 act=tanh seq=all", "layer rnn 3 act=softplus seq=all", "layer dense 2 act=identity",
        ], folder: folder, name: "steps")
        let text = try String(contentsOfFile: script, encoding: .utf8)
        for piece in ["nn.LSTM(", "nn.RNN(", "bias_hh_l0.requires_grad_(False)", "OUTPUT_SEQUENCE = (5, 2)"] {
            XCTAssertTrue(text.contains(piece), "missing \(piece)")
        }
        let steps = Check(name: "rnn, every step's outputs", arguments: [script, csv],
                          expected: try ExportFixtures.nnlabOutputs(session, csv: csv))
        let lstm = try continueTraining("lstm", [
            "data load \(csv) shape=5x2 test=0 seed=1 task=regression", "net input 5x2 seed=3",
            "layer lstm 4 seq=all", "layer dense 4 act=tanh skip=on", "layer layernorm", "layer rnn 3 act=relu seq=last",
            "layer dense 1 act=identity", "loss mse", "opt adam lr=0.01", "reg l2=0.001", "train epochs=2",
        ], csv: csv, epochs: 3)
        try verify([steps] + lstm, python: python)
    }
}
