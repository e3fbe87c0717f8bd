import Foundation
import NNSession
import XCTest

/// A test case with a fresh session on its own scratch folder (80 columns, no color), and the
/// two ways the session tests drive it: `run` a line that must work, read a line's `failure`.
class SessionTestCase: XCTestCase {
    /// The scratch folder, the session's data folder; removed after each test.
    var folder: URL!
    /// The session under test.
    var session: Session!

    /// Where the session finds lessons: the scratch folder unless a test case needs the course.
    var lessonsFolder: String { folder.path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-\(type(of: self))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        session = Session(environment: SessionEnvironment(dataFolder: folder.path, lessonsFolder: lessonsFolder))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// Runs a line that must work and returns what it prints; a failure fails the test.
    @discardableResult
    func run(_ line: String, file: StaticString = #filePath, lineNumber: UInt = #line) -> String {
        do {
            return try session.printedText(of: line)
        } catch {
            XCTFail("\(line): \(error)", file: file, line: lineNumber)
            return ""
        }
    }

    /// The message of the error a line throws, or "no error"; a line that fails must leave the
    /// session's state as it was.
    func failure(_ line: String, file: StaticString = #filePath, lineNumber: UInt = #line) -> String {
        let before = session.state
        defer { XCTAssertTrue(session.state.sameValues(as: before), "\(line) changed the state", file: file, line: lineNumber) }
        return session.failureMessage(of: line)
    }
}
