import Foundation
import NNEngine
import NNSession
import XCTest

/// `export numpy` for networks built layer by layer: conv, max and average pooling, flatten,
/// layer norm, dense with skip=on and dropout print nnlab's outputs to 1e-12.
final class ExportLayersNumpyTests: XCTestCase {
    static let skipMessage = "python3 cannot import numpy: run `make deps` (it installs numpy) to run this test"

    /// Builds and trains a net on a CSV, exports it and returns the script's and nnlab's outputs.
    func compare(_ setup: [String], csv: String, folder: String) throws -> (script: [[Double]], nnlab: Tensor, text: String) {
        let session = ExportFixtures.session(folder)
        for line in setup { _ = try session.output(of: line) }
        let said = try session.printedText(of: "export numpy \(folder)/model.py")
        XCTAssertTrue(said.contains("exported \(session.state.trainer!.network.stack!.outline) to"), said)
        let result = try PythonRunner.run(["\(folder)/model.py", csv])
        XCTAssertEqual(result.status, 0, result.error)
        let text = try String(contentsOfFile: "\(folder)/model.py", encoding: .utf8)
        return (ExportFixtures.rows(result.output), try ExportFixtures.nnlabOutputs(session, csv: csv), text)
    }

    func testEveryImageLayerTypeOnTwoChannelImages() throws {
        try XCTSkipUnless(PythonRunner.hasNumpy, Self.skipMessage)
        let folder = try PythonRunner.folder()
        let csv = try ExportFixtures.imageCSV(in: folder, channels: 2, height: 7, width: 7, rows: 36, classes: 3, seed: 5)
        let (got, expected, text) = try compare([
            "data load \(csv) shape=2x7x7 test=0.25 seed=3",
            "net input 2x7x7 seed=4",
            "layer conv 4 size=3 pad=1 act=tanh",     // 4×7×7
            "layer layernorm",                        // over 4×7×7
            "layer maxpool size=2",                   // 4×3×3 (a leftover row and column dropped)
            "layer conv 3 size=2 stride=1 act=gelu",  // 3×2×2
            "layer avgpool size=2 stride=1",          // 3×1×1
            "layer flatten",
            "layer dense 6 act=elu",
            "layer dropout 0.3",
            "layer dense 6 act=swish skip=on",
            "layer layernorm",
            "layer dense 3 act=softmax",
            "opt adam lr=0.02", "train epochs=3 batch=8",
        ], csv: csv, folder: folder)
        XCTAssertEqual(expected.rows, 36)
        XCTAssertEqual(expected.columns, 3)
        XCTAssertLessThanOrEqual(ExportFixtures.worstDifference(got, expected), 1e-12)
        for piece in ["INPUT_SHAPE = (2, 7, 7)", "\"type\": \"conv2d\"", ".reshape(4, 2, 3, 3)", "\"type\": \"maxpool2d\"",
                      "\"type\": \"avgpool2d\"", "\"type\": \"flatten\"", "\"shape\": (4, 7, 7)", "\"skip\": True",
                      "\"type\": \"dropout\"", "\"shape\": (6,)"] {
            XCTAssertTrue(text.contains(piece), "missing \(piece)")
        }
    }

    func testStridedPaddedConvolutionAndLargerPools() throws {
        try XCTSkipUnless(PythonRunner.hasNumpy, Self.skipMessage)
        let folder = try PythonRunner.folder()
        let csv = try ExportFixtures.imageCSV(in: folder, channels: 1, height: 9, width: 9, rows: 20, classes: 2, seed: 8)
        let (got, expected, _) = try compare([
            "data load \(csv) shape=1x9x9 test=0 normalize=off",
            "net input 1x9x9 seed=6",
            "layer conv 3 size=3 stride=2 pad=2 act=softplus",  // 3×6×6
            "layer avgpool size=3 stride=2",                    // 3×2×2
            "layer conv 2 size=2 act=mish",                     // 2×1×1
            "layer dense 1 act=sigmoid",                        // flatten implied
            "loss bce", "opt momentum lr=0.05", "train epochs=2 batch=5",
        ], csv: csv, folder: folder)
        XCTAssertEqual(expected.rows, 20)
        XCTAssertLessThanOrEqual(ExportFixtures.worstDifference(got, expected), 1e-12)
        let (maxGot, maxExpected, _) = try compare([
            "data load \(csv) shape=1x9x9 test=0",
            "net input 1x9x9 seed=7",
            "layer maxpool size=3 stride=2",                    // 1×4×4
            "layer conv 2 size=2 stride=2 act=leaky_relu",      // 2×2×2
            "layer maxpool size=2 stride=1",                    // 2×1×1
            "layer dense 2 act=softmax",
            "opt sgd lr=0.1", "train epochs=2",
        ], csv: csv, folder: folder)
        XCTAssertLessThanOrEqual(ExportFixtures.worstDifference(maxGot, maxExpected), 1e-12)
    }

    func testFlatLayerByLayerNetOnIris() throws {
        try XCTSkipUnless(PythonRunner.hasNumpy, Self.skipMessage)
        let folder = try PythonRunner.folder()
        let csv = "\(TestPaths.datasets)/iris.csv"
        let (got, expected, text) = try compare([
            "data load \(csv) test=0.3 seed=2", "features x1 x2 x3 x4 x1*x2",
            "net input 5 seed=3", "layer dense 8 act=relu", "layer layernorm", "layer dense 8 act=tanh skip=on",
            "layer dropout 0.2", "layer dense 3 act=softmax", "opt rmsprop lr=0.01", "train epochs=4 batch=16",
        ], csv: csv, folder: folder)
        XCTAssertEqual(expected.rows, 150)
        XCTAssertLessThanOrEqual(ExportFixtures.worstDifference(got, expected), 1e-12)
        XCTAssertTrue(text.contains("INPUT_SHAPE = None"))
    }

    func testRecurrentLayersOnSequences() throws {
        try XCTSkipUnless(PythonRunner.hasNumpy, Self.skipMessage)
        let folder = try PythonRunner.folder()
        let csv = try ExportFixtures.sequenceCSV(in: folder, steps: 6, features: 2, rows: 30, regression: false, seed: 4)
        let (got, expected, text) = try compare([
            "data load \(csv) shape=6x2 test=0.2 seed=1", "net input 6x2 seed=5",
            "layer lstm 4 seq=all",                    // 6×4
            "layer dense 4 act=tanh skip=on",          // on every step: 6×4
            "layer layernorm",                         // over 6×4
            "layer rnn 3 act=elu seq=last",            // 3
            "layer dense 2 act=softmax",
            "opt adam lr=0.02", "train epochs=3 batch=8",
        ], csv: csv, folder: folder)
        XCTAssertEqual(expected.rows, 30)
        XCTAssertLessThanOrEqual(ExportFixtures.worstDifference(got, expected), 1e-12)
        for piece in ["INPUT_SHAPE = (6, 2)", "\"type\": \"lstm\"", "\"type\": \"rnn\"", "\"sequence\": \"all\"",
                      "\"sequence\": \"last\"", "\"shape\": (6, 4)"] {
            XCTAssertTrue(text.contains(piece), "missing \(piece)")
        }
        // A sequence output: every step's value, T·K numbers per row.
        let (steps, stepsExpected, _) = try compare([
            "data load \(csv) shape=6x2 test=0 seed=1", "net input 6x2 seed=6",
            "layer rnn 5 act=tanh seq=all", "layer rnn 3 act=relu seq=all", "layer dense 2 act=softmax",
        ], csv: csv, folder: folder)
        XCTAssertEqual(stepsExpected.columns, 12)
        XCTAssertLessThanOrEqual(ExportFixtures.worstDifference(steps, stepsExpected), 1e-12)
    }
}
