import Foundation
import NNData
import NNEngine
import NNSession
import XCTest

/// `export numpy PATH`: the script python3 runs on a CSV prints what nnlab's forward pass gives
/// for the same raw rows, to 1e-12, for every activation, batch norm and dropout.
final class ExportNumpyTests: XCTestCase {
    func makeSession(_ folder: String) -> Session {
        Session(environment: SessionEnvironment(dataFolder: folder, lessonsFolder: TestPaths.lessons, width: 80, colorMode: .none))
    }

    /// Runs the exported script on a CSV and reads its rows of numbers.
    func scriptOutputs(_ script: String, _ csv: String) throws -> [[Double]] {
        let result = try PythonRunner.run([script, csv])
        XCTAssertEqual(result.status, 0, result.error)
        return result.output.split(separator: "\n").map { line in line.split(separator: ",").map { Double($0)! } }
    }

    /// nnlab's outputs for the raw rows of a CSV: the session's scaling, feature map, network.
    func nnlabOutputs(_ session: Session, csv: String) throws -> Tensor {
        let raw = try CSVLoader.load(path: csv, label: session.rawData?.targetNames.first, test: 0, normalize: false)
        var inputs = raw.trainInputs
        if let scaling = session.rawData?.featureScaling { inputs = scaling.apply(to: inputs) }
        if let map = session.featureMap { inputs = try map.apply(to: inputs) }
        return session.state.trainer!.network.predict(inputs)
    }

    func assertClose(_ got: [[Double]], _ expected: Tensor, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, expected.rows, "one printed row per CSV row", file: file, line: line)
        var worst = 0.0
        for r in 0..<min(got.count, expected.rows) {
            XCTAssertEqual(got[r].count, expected.columns, file: file, line: line)
            for c in 0..<min(got[r].count, expected.columns) {
                let e = expected.scalars[r * expected.columns + c]
                worst = max(worst, abs(got[r][c] - e) / max(1, abs(e)))
            }
        }
        XCTAssertLessThanOrEqual(worst, 1e-12, "largest difference to nnlab's forward pass", file: file, line: line)
    }

    func testEveryActivationBatchNormClassicDropoutAndFeatureMapOnIris() throws {
        try XCTSkipUnless(PythonRunner.hasNumpy, "python3 cannot import numpy: run `make deps` (it installs numpy) to run this test")
        let folder = try PythonRunner.folder()
        let session = makeSession(folder)
        let hidden = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "gelu_tanh",
                      "swish", "mish", "softplus"].map { "5:\($0)" }.joined(separator: "-")
        _ = try session.output(of: "data load \(TestPaths.datasets)/iris.csv test=0.3 seed=2")
        _ = try session.output(of: "features x1 x2 x3^2 x1*x4 sin(x2) cos(x3)")
        _ = try session.output(of: "net 6-\(hidden)-3:softmax seed=7; batchnorm on; dropout 0.2 scaling=classic")
        _ = try session.output(of: "opt adam lr=0.01; train epochs=4 batch=16")
        XCTAssertNotEqual(session.state.trainer!.network.layers[0].batchNorm!.runningMean.scalars, [0, 0, 0, 0, 0],
                          "training moved the running statistics the script must use")
        _ = try session.output(of: "export numpy \(folder)/model.py")
        let got = try scriptOutputs("\(folder)/model.py", "\(TestPaths.datasets)/iris.csv")
        let expected = try nnlabOutputs(session, csv: "\(TestPaths.datasets)/iris.csv")
        XCTAssertEqual(expected.rows, 150)
        assertClose(got, expected)
    }

    func testRowsOfTheLoadedDataInFileOrderMatchTheTrainingInputs() throws {
        try XCTSkipUnless(PythonRunner.hasNumpy, "python3 cannot import numpy: run `make deps` (it installs numpy) to run this test")
        let folder = try PythonRunner.folder()
        var csv = "a,target,b,c\n"
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<40 {
            let x = (0..<3).map { _ in generator.nextUnit() * 8 - 3 }
            csv += "\(x[0]),\(x[0] * x[1] - x[2]),\(x[1]),\(x[2])\n"
        }
        try csv.write(toFile: "\(folder)/reg.csv", atomically: true, encoding: .utf8)
        let session = makeSession(folder)
        _ = try session.output(of: "data load \(folder)/reg.csv label=target task=regression test=0")
        _ = try session.output(of: "net 3-7:elu-6:softplus-1 seed=3; dropout 0.5; opt rmsprop lr=0.01; train epochs=5 batch=8")
        _ = try session.output(of: "export numpy \(folder)/reg.py")
        let got = try scriptOutputs("\(folder)/reg.py", "\(folder)/reg.csv")
        // With test=0 the training rows are the file's rows in order: nnlab's own inputs.
        assertClose(got, session.state.trainer!.network.predict(session.data!.trainInputs))
    }

    /// Also covers `step` (which trains only as a lone perceptron, so this net is untrained).
    func testAModelLoadedWithoutDataReadsTheCSVColumnsAsItsInputs() throws {
        try XCTSkipUnless(PythonRunner.hasNumpy, "python3 cannot import numpy: run `make deps` (it installs numpy) to run this test")
        let folder = try PythonRunner.folder()
        let first = makeSession(folder)
        _ = try first.output(of: "data circle n=60 seed=1; net 2-4:swish-3:step-2:softmax seed=2; save \(folder)/m.json")
        let session = makeSession(folder)
        _ = try session.output(of: "load \(folder)/m.json")
        _ = try session.output(of: "export numpy \(folder)/m.py")
        try "u,v\n0.5,-1\n1e-3,2.25\n-3,0\n".write(toFile: "\(folder)/in.csv", atomically: true, encoding: .utf8)
        let got = try scriptOutputs("\(folder)/m.py", "\(folder)/in.csv")
        assertClose(got, session.state.trainer!.network.predict(Tensor(shape: [3, 2], scalars: [0.5, -1, 1e-3, 2.25, -3, 0])))
    }

    func testTheScriptHoldsWeightsThatReadBackExactly() throws {
        let folder = try PythonRunner.folder()
        let session = makeSession(folder)
        _ = try session.output(of: "data xor n=50 seed=1; net 2-3:tanh-1:sigmoid seed=9; set w1[0,0]=0.1; set b2[0]=1e-17")
        _ = try session.output(of: "export numpy \(folder)/x.py")
        let text = try String(contentsOfFile: "\(folder)/x.py", encoding: .utf8)
        let w = session.state.trainer!.network.layers[0].weights.scalars
        for x in w { XCTAssertTrue(text.contains("\(x)"), "weight \(x) is written with round-trip digits") }
        XCTAssertTrue(text.contains("\"bias\": np.array([1e-17], dtype=np.float64)"), text)
        XCTAssertTrue(text.contains("RAW_COLUMNS = [\"x1\", \"x2\"]"))
    }

    func testBadExportWordsAreClearErrorsAndChangeNothing() throws {
        let folder = try PythonRunner.folder()
        let session = makeSession(folder)
        XCTAssertThrowsError(try session.output(of: "export numpy \(folder)/a.py")) { error in
            XCTAssertTrue("\(error)".contains("net"), "\(error)")
        }
        _ = try session.output(of: "data xor n=20; net 2-2-1")
        XCTAssertThrowsError(try session.output(of: "export nump \(folder)/a.py")) { error in
            XCTAssertTrue("\(error)".contains("numpy"), "\(error)")
        }
        XCTAssertThrowsError(try session.output(of: "export numpy \(folder)/missing/a.py")) { error in
            XCTAssertTrue("\(error)".contains("does not exist"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/a.py"))
    }
}
