import Foundation
import NNLessons
import NNSession
import XCTest

/// Commands from lessons cannot write outside the data folder, and only listed commands run.
final class LessonSafetyTests: XCTestCase {
    var data: String!
    var outside: String!

    override func setUp() {
        data = TestFolders.temporary("nnlab-safety-data")
        outside = TestFolders.temporary("nnlab-safety-outside")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: data)
        try? FileManager.default.removeItem(atPath: outside)
    }

    func lesson(_ body: String) -> Lesson {
        let text = "---\nid: unsafe\ntitle: Unsafe\norder: 1\ntopics: safety\nminutes: 1\n---\n\n" + body
        let result = LessonParser.parse(text, file: "unsafe.md")
        XCTAssertEqual(result.problems, [])
        return result.lesson!
    }

    func message(_ line: String, in session: Session) -> String? {
        do {
            try LessonRunner.runLine(line, session: session) { _ in }
            return nil
        } catch {
            return error.message
        }
    }

    func preparedSession() throws -> Session {
        let session = TestFolders.session(data: data)
        try LessonRunner.runLine("data xor n=40; net 2-2-1", session: session) { _ in }
        return session
    }

    func testTheCheckerRejectsPathsOutsideTheDataFolder() {
        let lesson = lesson("""
        ```nnlab
        data xor n=40
        net 2-2-1
        save /etc/x
        grads save ../../g.json
        load ~/model.json
        data load /etc/passwd
        save model.json
        ```
        """)
        let problems = LessonChecker.problems(in: lesson, lessonsFolder: TestFolders.lessons)
        XCTAssertEqual(problems.map(\.description), [
            "unsafe.md:12: save: lessons keep files in the data folder: write a relative path like `model.json`, not '/etc/x'",
            "unsafe.md:13: grads: lessons keep files in the data folder: '../../g.json' climbs out with '..'",
            "unsafe.md:14: load: lessons keep files in the data folder: write a relative path like `model.json`, not '~/model.json'",
            "unsafe.md:15: data: lessons keep files in the data folder: write a relative path like `model.json`, not '/etc/passwd'",
        ])
    }

    func testRunningRefusesPathsOutsideTheDataFolder() throws {
        let session = try preparedSession()
        let target = (outside as NSString).appendingPathComponent("x.json")
        XCTAssertEqual(message("save \(target)", in: session),
                       "lessons keep files in the data folder: write a relative path like `model.json`, not '\(target)'")
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
        XCTAssertEqual(message("save /etc/x", in: session),
                       "lessons keep files in the data folder: write a relative path like `model.json`, not '/etc/x'")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/etc/x"))
        XCTAssertEqual(message("grads save ../g.json", in: session), "lessons keep files in the data folder: '../g.json' climbs out with '..'")
        XCTAssertEqual(message("save \"sub/../../g.json\"", in: session), "lessons keep files in the data folder: 'sub/../../g.json' climbs out with '..'")
    }

    func testRelativePathsGoIntoTheLessonFilesFolder() throws {
        let session = try preparedSession()
        XCTAssertNil(message("save model.json", in: session))
        let saved = (data as NSString).appendingPathComponent("lesson-files/model.json")
        XCTAssertTrue(FileManager.default.fileExists(atPath: saved))
        XCTAssertNil(message("grads save g.json", in: session))
        XCTAssertTrue(FileManager.default.fileExists(atPath: (data as NSString).appendingPathComponent("lesson-files/g.json")))
        XCTAssertNil(message("load model.json", in: session), "load reads from the same folder")
        // The data folder's own files (progress, history) are out of reach of `save`.
        XCTAssertNil(message("save progress.json", in: session))
        XCTAssertFalse(FileManager.default.fileExists(atPath: (data as NSString).appendingPathComponent("progress.json")))
    }

    func testSymbolicLinksCannotLeadOutside() throws {
        let session = try preparedSession()
        let files = (data as NSString).appendingPathComponent("lesson-files")
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: (files as NSString).appendingPathComponent("escape"), withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: (files as NSString).appendingPathComponent("evil.json"),
                                                   withDestinationPath: (outside as NSString).appendingPathComponent("evil.json"))
        let error = try XCTUnwrap(message("save escape/m.json", in: session))
        XCTAssertTrue(error.hasPrefix("'escape/m.json' leads outside"), error)
        XCTAssertNotNil(message("save evil.json", in: session))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), [])
    }

    func testOnlyListedCommandsRun() throws {
        let session = try preparedSession()
        XCTAssertNil(LessonSandbox.refusal(for: "trace"), "lessons open the pass explorer")
        XCTAssertEqual(message("quiz", in: session), "a lesson cannot start the quiz (its questions are asked by `quiz` in the hub)")
        XCTAssertEqual(message("quit", in: session), "a lesson cannot quit nnlab")
        XCTAssertFalse(session.wantsToQuit)
        XCTAssertEqual(message("lesson perceptron --plain", in: session), "a lesson cannot open lessons")
        XCTAssertEqual(message("eval; quit", in: session), "a lesson cannot quit nnlab")
        // Every command of the language is either allowed, not yet available, or refused by name.
        for name in CommandCatalog.names {
            if let refusal = LessonSandbox.refusal(for: name) {
                XCTAssertFalse(LessonSandbox.allowedCommands.contains(name), refusal)
            }
        }
        XCTAssertEqual(LessonSandbox.refusal(for: "shell"), "'shell' is not allowed in lessons", "unknown names are refused, not allowed")
    }

    func testTheCheckerReportsUnavailableAndUnknownCommands() {
        let lesson = lesson("""
        ```nnlab
        data xor n=40
        quiz
        trian epochs=5
        train epoch=5
        ```

        ```exercise
        id: unsafe-exercise
        goal: anything
        check: epochs >= 1
        hint: none
        solution:
          data xor n=40
          progress
          quit
        ```
        """)
        let problems = LessonChecker.problems(in: lesson, lessonsFolder: TestFolders.lessons)
        XCTAssertEqual(problems.map(\.description), [
            "unsafe.md:11: a lesson cannot start the quiz (its questions are asked by `quiz` in the hub)",
            "unsafe.md:12: unknown command 'trian' — did you mean 'train'?",
            "unsafe.md:13: unknown option 'epoch' for 'train' — did you mean 'epochs'?",
            "unsafe.md:23: exercise 'unsafe-exercise' solution: a lesson cannot show progress (type `progress` in the hub)",
            "unsafe.md:24: exercise 'unsafe-exercise' solution: a lesson cannot quit nnlab",
        ])
    }

    func testDataLoadReadsOnlyFromTheCourse() throws {
        let session = TestFolders.session(data: data)
        XCTAssertNil(message("data load datasets/iris.csv", in: session), "the course's datasets folder")
        XCTAssertEqual(session.data?.name, "iris")
        XCTAssertNil(message("data load data/rare-events.csv", in: session), "data shipped in the lessons folder")
        XCTAssertEqual(session.data?.name, "rare-events")
        XCTAssertEqual(message("data load ../datasets/iris.csv", in: session), "lessons keep files in the data folder: '../datasets/iris.csv' climbs out with '..'")
    }
}
