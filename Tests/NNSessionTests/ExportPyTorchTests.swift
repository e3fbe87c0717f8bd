import Foundation
import NNSession
import XCTest

/// `export pytorch PATH`: the script parses as Python and carries nnlab's exact settings.
/// (Its numbers are compared with PyTorch's by `make check-export`, which installs torch.)
final class ExportPyTorchTests: XCTestCase {
    func export(_ setup: String) throws -> String {
        let folder = try PythonRunner.folder()
        let session = Session(environment: SessionEnvironment(dataFolder: folder, lessonsFolder: TestPaths.lessons,
                                                              width: 80, colorMode: .none))
        _ = try session.output(of: setup)
        _ = try session.output(of: "export pytorch \(folder)/model.py")
        let compiled = try PythonRunner.run(["-m", "py_compile", "\(folder)/model.py"])
        XCTAssertEqual(compiled.status, 0, "the script parses as Python: \(compiled.error)")
        return try String(contentsOfFile: "\(folder)/model.py", encoding: .utf8)
    }

    func testSettingsAreWrittenOut() throws {
        let text = try export("data load \(TestPaths.datasets)/iris.csv seed=1; features x1 x2 x3 x4 x1*x2; "
            + "net 5-8:gelu-3:softmax; batchnorm on; dropout 0.1; loss ce weights=[1, 2, 0.5] ; "
            + "opt rmsprop lr=0.02 rho=0.8 eps=1e-6; reg l2=0.001; sched cosine period=20 min=0.001; clip norm=2; set batch=16")
        for piece in ["LOSS = \"ce\"", "CLASS_WEIGHTS = [1.0, 2.0, 0.5]", "OPTIMIZER = \"rmsprop\"", "LR = 0.02", "RHO = 0.8",
                      "EPS = 1e-06", "L2 = 0.001", "SCHEDULE = \"cosine\"", "PERIOD = 20", "MIN_LR = 0.001",
                      "CLIP = \"norm\"", "CLIP_LIMIT = 2.0", "BATCH = 16", "torch.optim.RMSprop(parameters, lr=LR, alpha=RHO, eps=EPS)",
                      "nn.BatchNorm1d(", "DROPOUT_P = 0.1", "FEATURES = [", "MEANS = np.array(", "class Net(nn.Module)",
                      "RAW_COLUMNS = [\"sepal_length\", \"sepal_width\", \"petal_length\", \"petal_width\"]",
                      "LABEL_COLUMNS = [\"species\"]"] {
            XCTAssertTrue(text.contains(piece), "missing \(piece)")
        }
    }

    func testAdamwBceAndSmoothing() throws {
        let bce = try export("data xor n=40 seed=2; net 2-4:relu-1:sigmoid; loss bce pos_weight=3; opt adamw lr=0.005 decay=0.05")
        for piece in ["LOSS = \"bce\"", "POS_WEIGHT = 3.0", "OPTIMIZER = \"adamw\"", "DECAY = 0.05", "BATCH = None", "CLIP = None"] {
            XCTAssertTrue(bce.contains(piece), "missing \(piece)")
        }
        let smooth = try export("data spiral n=60 classes=3 seed=2; net 2-6-3:softmax; loss ce smoothing=0.1; opt nesterov momentum=0.8")
        for piece in ["LABEL_SMOOTHING = 0.1", "OPTIMIZER = \"nesterov\"", "MOMENTUM = 0.8"] {
            XCTAssertTrue(smooth.contains(piece), "missing \(piece)")
        }
    }
}
