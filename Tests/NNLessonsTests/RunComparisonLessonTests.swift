import Foundation
import NNLessons
import NNSession
import XCTest

/// The optimizers and regularization lessons compare runs with `plot loss runs=last3`: the
/// caption they quote is the one printed, and the numbers their prose reads off the curves are
/// the runs' own records.
final class RunComparisonLessonTests: XCTestCase {
    var scratch: String!

    override func setUp() { scratch = TestFolders.temporary("nnlab-run-comparison") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    /// Runs a lesson's blocks in plain mode in a fresh session; returns its text, its flattened
    /// source and the session (holding the runs' records).
    func run(_ id: String) throws -> (text: String, source: String, session: Session) {
        let course = Course.load(folder: TestFolders.lessons)
        let lesson = try XCTUnwrap(course.lessons.first { $0.id == id })
        let session = TestFolders.session(data: scratch)
        let (text, success) = LessonRunner.plain(lesson: lesson, session: session, solve: false)
        XCTAssertTrue(success, "lesson \(id) runs")
        let raw = try String(contentsOfFile: (TestFolders.lessons as NSString).appendingPathComponent("\(id).md"), encoding: .utf8)
        let flat = raw.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return (text, flat, session)
    }

    func testTheOptimizerRaceIsComparedOnOneChart() throws {
        let (text, source, session) = try run("optimizers")
        let caption = "test loss of runs 1, 2, 3: opt sgd vs momentum vs adam, lr 0.1 vs 0.05 vs 0.02"
        XCTAssertTrue(text.contains("nnlab> plot loss runs=last3\n" + caption + "\n"), "the race's runs are the lesson's first three")
        XCTAssertTrue(source.contains("(`opt sgd vs momentum vs adam, lr 0.1 vs 0.05 vs 0.02`)"))
        let race = Array(session.runs.records.prefix(3))
        XCTAssertEqual(race.map { $0.value(of: "opt") }, ["sgd", "momentum", "adam"])
        let final = race.map { $0.finalTestLoss ?? .nan }
        // "Plain SGD's curve stays near 0.69 — ln 2": it never gets far below chance.
        XCTAssertEqual(final[0], log(2), accuracy: 0.01)
        XCTAssertGreaterThan(race[0].testLoss?.min() ?? 0, 0.6)
        XCTAssertTrue(source.contains("Plain SGD's curve stays near 0.69 — ln 2, what a 50/50 guess scores"))
        // "Momentum's falls to about 0.3 and Adam's lower still".
        XCTAssertEqual(final[1], 0.3, accuracy: 0.02)
        XCTAssertLessThan(final[2], final[1])
        XCTAssertTrue(source.contains("Momentum's falls to about 0.3 and Adam's lower still"))
    }

    func testThePenaltiesAreComparedOnOneChart() throws {
        let (text, source, session) = try run("regularization")
        let records = session.runs.records
        let start = try XCTUnwrap(records.indices.dropLast(2).first { i in
            records[i].value(of: "net") == "2-64-64-1" && records[i].value(of: "reg") == "off"
                && records[i + 1].value(of: "reg") == "l2=0.01" && records[i + 2].value(of: "reg") == "l1=0.01"
        })
        let runs = Array(records[start...].prefix(3))
        let numbers = runs.map { String($0.number) }.joined(separator: ", ")
        XCTAssertTrue(text.contains("nnlab> plot loss runs=last3\ntest loss of runs \(numbers): reg off vs l2=0.01 vs l1=0.01\n"))
        XCTAssertTrue(source.contains("(`reg off vs l2=0.01 vs l1=0.01`)"))
        let final = runs.map { $0.finalTestLoss ?? .nan }
        XCTAssertEqual(final[0], 2.9, accuracy: 0.06, "about 2.9")
        XCTAssertEqual(final[1], 0.5, accuracy: 0.05, "near 0.5")
        XCTAssertEqual(final[2], 0.3, accuracy: 0.05, "near 0.3")
        XCTAssertTrue(source.contains("Without a penalty the test loss climbs to about 2.9; with L2 it ends near 0.5, with L1 near 0.3."))
        XCTAssertEqual(runs[0].finalTestAccuracy ?? 0, 0.75, accuracy: 1e-9)
        XCTAssertEqual(runs[1].finalTestAccuracy ?? 0, 0.85, accuracy: 1e-9)
        XCTAssertTrue(source.contains("test accuracy improves by ten points, from 75% to 85%"))
    }
}
