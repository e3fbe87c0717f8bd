import Foundation
import NNEngine
import NNSession
import XCTest

/// A target set by hand (`set y=`) is checked against the loss and the net when it is set and
/// again when a pass reads it: forward, backward, update, gradcheck and trace never reach a
/// loss with a target it cannot read (gradcheck reads the training split, checked in the
/// engine), and a refused command changes nothing.
final class InspectedTargetTests: XCTestCase {
    var folder: URL!
    var session: Session!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-targets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        session = Session(environment: SessionEnvironment(dataFolder: folder.path, lessonsFolder: folder.path))
        _ = try session.output(of: "data spiral classes=3 n=60; net 2-8-3 out=softmax; loss ce")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func failure(_ line: String) -> String {
        session.failureMessage(of: line)
    }

    func testSetRefusesAClassTheNetDoesNotHave() {
        for bad in ["7", "3", "-1", "1.5", "1e999", "100000000", "1e19", "nan", "inf"] {
            let message = failure("set y=\(bad)")
            XCTAssertNotEqual(message, "no error", "set y=\(bad)")
            XCTAssertNil(session.inspection.target, "set y=\(bad) must not keep the target")
            XCTAssertTrue(message.contains("y"), message)
        }
        XCTAssertEqual(failure("set y=7"), "y=7 does not fit: cross-entropy reads a class index, a whole number from 0 to 2 for a net with 3 outputs")
        XCTAssertEqual(failure("set y=2"), "no error")
        XCTAssertEqual(session.inspection.target, 2)
    }

    func testAPassNeverReadsATargetThatStoppedFitting() throws {
        // A new loss keeps the target set by hand: y=5 fits mse but not hinge's ±1 labels.
        _ = try session.output(of: "data xor n=40; net 2-4-1 out=identity; loss mse; set y=5; loss hinge")
        let trainerBefore = session.trainer
        for command in ["forward", "backward", "update", "trace"] {
            let message = failure(command)
            XCTAssertTrue(message.contains("the target y=5 set by hand does not fit: the hinge loss reads a label of −1 or 1"), "\(command): \(message)")
            XCTAssertTrue(message.contains("set sample=0"), message)
        }
        XCTAssertEqual(session.trainer?.network, trainerBefore?.network, "a refused update changes nothing")
        _ = try session.output(of: "set sample=0")
        XCTAssertEqual(failure("forward"), "no error")
    }

    func testBinaryAndRegressionTargets() throws {
        _ = try session.output(of: "data xor n=40; net 2-4-1 out=sigmoid; loss bce")
        XCTAssertTrue(failure("set y=2").contains("binary cross-entropy reads a label of 0 or 1"))
        XCTAssertEqual(failure("set y=1"), "no error")
        _ = try session.output(of: "data sine n=40; net 1-4-1; loss mse; set sample=0")
        XCTAssertEqual(failure("set y=123.5"), "no error")
        XCTAssertTrue(failure("set y=1e999").contains("y must be a number from"), failure("set y=1e999"))
    }
}
