import Foundation
import NNSession
import XCTest

/// `history save PATH`: a script that `nnlab run` replays to the same weights, bit for bit.
final class HistorySaveTests: XCTestCase {
    func makeSession(_ folder: String) -> Session {
        Session(environment: SessionEnvironment(dataFolder: folder, lessonsFolder: TestPaths.lessons, width: 80, colorMode: .none))
    }

    /// Replays a saved history line by line in a fresh session (as `nnlab run` does) and saves its model.
    func replay(_ path: String, folder: String, saveTo model: String) throws {
        let session = makeSession(folder)
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            _ = try session.output(of: String(line))
        }
        _ = try session.output(of: "save \(model)")
    }

    func testReplayGivesTheSameModelBitForBit() throws {
        let folder = try PythonRunner.folder()
        let session = makeSession(folder)
        for line in ["data moons n=120 noise=0.2 seed=3 test=0.25", "features x1 x2 x1*x2 sin(x1)",
                     "net 4-6:tanh-1:sigmoid seed=4", "train epochs=3 batch=8",
                     "net 4-5:relu-5:elu-1:sigmoid seed=5 init=he", "batchnorm on", "dropout 0.1",
                     "loss bce pos_weight=2", "opt momentum lr=0.05 momentum=0.8", "reg l2=0.001 l1=0.0001",
                     "sched step every=2 gamma=0.5", "clip norm=1", "set w1[0,0]=0.3", "show net",
                     "train epochs=4 batch=10", "step", "eval"] {
            _ = try session.output(of: line)
        }
        _ = try session.output(of: "save \(folder)/a.json; history save \(folder)/h.nnlab")
        let script = try String(contentsOfFile: "\(folder)/h.nnlab", encoding: .utf8)
        XCTAssertFalse(script.contains("train epochs=3"), "training of the replaced net is dropped:\n\(script)")
        XCTAssertTrue(script.contains("set batch=8"), "the batch size it set stays:\n\(script)")
        XCTAssertFalse(script.contains("show net") || script.contains("eval"), "commands that change nothing are left out")
        try replay("\(folder)/h.nnlab", folder: folder, saveTo: "\(folder)/b.json")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/a.json")),
                       try Data(contentsOf: URL(fileURLWithPath: "\(folder)/b.json")))
    }

    func testALoadedModelStartsTheNetworksPart() throws {
        let folder = try PythonRunner.folder()
        let first = makeSession(folder)
        _ = try first.output(of: "data xor n=40 seed=1; net 2-3-1; train epochs=2; save \(folder)/m.json")
        let session = makeSession(folder)
        _ = try session.output(of: "data xor n=40 seed=1; net 2-8-1; train epochs=5")
        _ = try session.output(of: "load \(folder)/m.json; opt sgd lr=0.5; train epochs=2")
        _ = try session.output(of: "save \(folder)/a.json; history save \(folder)/h.nnlab")
        let lines = try String(contentsOfFile: "\(folder)/h.nnlab", encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(lines, ["data xor n=40 seed=1", "net 2-8-1", "load \(folder)/m.json", "opt sgd lr=0.5", "train epochs=2"])
        try replay("\(folder)/h.nnlab", folder: folder, saveTo: "\(folder)/b.json")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/a.json")),
                       try Data(contentsOf: URL(fileURLWithPath: "\(folder)/b.json")))
    }

    func testRefusesWhatCannotBeReplayed() throws {
        let folder = try PythonRunner.folder()
        let session = makeSession(folder)
        XCTAssertThrowsError(try session.output(of: "history save \(folder)/h.nnlab")) { error in
            XCTAssertTrue("\(error)".contains("nothing to replay"), "\(error)")
        }
        _ = try session.output(of: "data xor n=40 seed=1; net 2-3-1")
        session.cancellationCheck = { true }
        _ = try session.output(of: "train epochs=50")
        session.cancellationCheck = nil
        XCTAssertThrowsError(try session.output(of: "history save \(folder)/h.nnlab")) { error in
            XCTAssertTrue("\(error)".contains("stopped part way"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/h.nnlab"))
        _ = try session.output(of: "net 2-3-1 seed=2")
        _ = try session.output(of: "history save \(folder)/h.nnlab")
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(folder)/h.nnlab"), "a new net replaces the stopped training")
    }
}

/// Lessons cannot export or save a history: the commands are not in the sandbox's list.
final class ExportSandboxTests: XCTestCase {
    func testLessonsCannotRunExportOrHistory() {
        XCTAssertFalse(LessonSandbox.allowedCommands.contains("export"))
        XCTAssertFalse(LessonSandbox.allowedCommands.contains("history"))
    }
}
