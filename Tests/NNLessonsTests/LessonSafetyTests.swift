#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NNData
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
        // Of the course folder (the lessons folder's parent, perhaps a home folder) only datasets/ is read.
        XCTAssertEqual(message("data load Package.swift", in: session),
                       "cannot find 'Package.swift' in lesson-files/ in the data folder or the lessons folder")
    }

    // MARK: Real paths (realpath) before every open

    /// Makes `count` symbolic links `prefix0 → prefix1 → … → target` in a folder, each link
    /// naming the next relatively (as `ln -s d1 d0` does).
    func chain(_ count: Int, in folder: String, prefix: String, to target: String) {
        var previous = target
        for i in stride(from: count - 1, through: 0, by: -1) {
            let name = "\(prefix)\(i)"
            XCTAssertEqual(symlink(previous, (folder as NSString).appendingPathComponent(name)), 0, name)
            previous = name
        }
    }

    /// A course folder whose lessons folder has `data/`; removed at teardown.
    func courseWithData() throws -> (lessons: String, data: String) {
        let course = TestFolders.temporary("nnlab-safety-course")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: course) }
        let lessons = (course as NSString).appendingPathComponent("lessons")
        let shipped = (lessons as NSString).appendingPathComponent("data")
        try FileManager.default.createDirectory(atPath: shipped, withIntermediateDirectories: true)
        return (lessons, shipped)
    }

    func testAChainOf22SymbolicLinksToAFolderOutsideIsRefusedForReading() throws {
        let (lessons, shipped) = try courseWithData()
        let secret = (outside as NSString).appendingPathComponent("passwd")
        try Data("root:SECRET-FIRST-LINE\n1,2\n".utf8).write(to: URL(fileURLWithPath: secret))
        // 22 links: Foundation's resolvingSymlinksInPath gave up after about 20 and the check
        // then accepted the unresolved path, and the CSV error printed the file's first line.
        chain(22, in: shipped, prefix: "d", to: outside)
        let session = TestFolders.session(data: data, lessons: lessons)
        let error = try XCTUnwrap(message("data load data/d0/passwd", in: session))
        XCTAssertEqual(error, "'data/d0/passwd' leads outside lesson-files/ in the data folder or the lessons folder (through a symbolic link); "
                       + "lessons read only files there")
        XCTAssertFalse(error.contains("SECRET"))
        XCTAssertNil(session.data)
        // A chain longer than the kernel follows, and a loop, cannot be resolved: refused too.
        chain(45, in: shipped, prefix: "long", to: outside)
        let long = try XCTUnwrap(message("data load data/long0/passwd", in: session))
        XCTAssertTrue(long.hasPrefix("'data/long0/passwd' cannot be resolved"), long)
        XCTAssertEqual(symlink("loop-b", (shipped as NSString).appendingPathComponent("loop-a")), 0)
        XCTAssertEqual(symlink("loop-a", (shipped as NSString).appendingPathComponent("loop-b")), 0)
        XCTAssertTrue(try XCTUnwrap(message("data load data/loop-a", in: session)).contains("cannot be resolved"))
    }

    func testAChainOf22SymbolicLinksIsRefusedForLoadingAndWriting() throws {
        let session = try preparedSession()
        let files = (data as NSString).appendingPathComponent("lesson-files")
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        let victim = (outside as NSString).appendingPathComponent("model.json")
        try Data("untouched".utf8).write(to: URL(fileURLWithPath: victim))
        chain(22, in: files, prefix: "f", to: outside)
        chain(22, in: files, prefix: "m", to: victim)
        XCTAssertTrue(try XCTUnwrap(message("save f0/new.json", in: session)).hasPrefix("'f0/new.json' leads outside"))
        XCTAssertTrue(try XCTUnwrap(message("save m0", in: session)).hasPrefix("'m0' leads outside"))
        XCTAssertTrue(try XCTUnwrap(message("grads save m0", in: session)).hasPrefix("'m0' leads outside"))
        XCTAssertTrue(try XCTUnwrap(message("load m0", in: session)).hasPrefix("'m0' leads outside"))
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "untouched")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), ["model.json"])
        // A dangling link cannot be resolved; writing through it would create a file outside.
        XCTAssertEqual(symlink((outside as NSString).appendingPathComponent("new.json"), (files as NSString).appendingPathComponent("dangling.json")), 0)
        XCTAssertTrue(try XCTUnwrap(message("save dangling.json", in: session)).hasPrefix("'dangling.json' cannot be resolved"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), ["model.json"])
    }

    func testAFolderThatOnlySharesAPrefixIsOutside() throws {
        let session = try preparedSession()
        let files = (data as NSString).appendingPathComponent("lesson-files")
        let sibling = (data as NSString).appendingPathComponent("lesson-files2")
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: sibling, withIntermediateDirectories: true)
        XCTAssertEqual(symlink(sibling, (files as NSString).appendingPathComponent("next")), 0)
        XCTAssertTrue(try XCTUnwrap(message("save next/m.json", in: session)).hasPrefix("'next/m.json' leads outside"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: sibling), [])
    }

    func testThePreparedCommandOpensTheRealPathThatWasChecked() throws {
        let session = try preparedSession()
        let sandbox = LessonSandbox(environment: session.environment)
        let save = try sandbox.prepare(try XCTUnwrap(CommandParser.parse("save sub/../m.json; save m.json").last))
        let root = try XCTUnwrap(UserPath(data).realPath())
        XCTAssertEqual(save.positionals[0].value.text, root.appending("lesson-files/m.json").string)
        // Inside lesson-files, a link to another file there is followed to that file.
        XCTAssertNil(message("save model.json", in: session))
        let files = (data as NSString).appendingPathComponent("lesson-files")
        XCTAssertEqual(symlink("model.json", (files as NSString).appendingPathComponent("alias.json")), 0)
        let load = try sandbox.prepare(try XCTUnwrap(CommandParser.parse("load alias.json").first))
        XCTAssertEqual(load.positionals[0].value.text, root.appending("lesson-files/model.json").string)
    }

    func testFolderPathsInLessonsAreRefusedWithAMessage() throws {
        let session = try preparedSession()
        try FileManager.default.createDirectory(atPath: (data as NSString).appendingPathComponent("lesson-files/d"),
                                                withIntermediateDirectories: true)
        XCTAssertEqual(message("save .", in: session), "'.' names a folder; give a file name like model.json")
        XCTAssertEqual(message("save ./", in: session), "'./' names a folder; give a file name like model.json")
        XCTAssertEqual(message("grads save .", in: session), "'.' names a folder; give a file name like model.json")
        XCTAssertEqual(message("save d", in: session), "'d' is a folder; give a file name like d/model.json")
        XCTAssertEqual(message("save nope/m.json", in: session),
                       "'nope/m.json': the folder 'nope' does not exist in lesson-files/ (or cannot be resolved)")
        XCTAssertEqual(message("load z", in: session), "cannot find 'z' in lesson-files/ in the data folder")
    }

    func testMessagesQuoteALongPathCut() throws {
        let session = try preparedSession()
        let long = String(repeating: "a", count: 5000) + ".json"
        let error = try XCTUnwrap(message("load \(long)", in: session))
        XCTAssertLessThan(error.count, 250, error)
        XCTAssertTrue(error.contains("aaaa…aaaa"), error)
    }

    func testALessonFilesFolderLinkedOutOfTheDataFolderIsRefused() throws {
        let session = try preparedSession()
        XCTAssertEqual(symlink(outside, (data as NSString).appendingPathComponent("lesson-files")), 0)
        let error = try XCTUnwrap(message("save model.json", in: session))
        XCTAssertTrue(error.hasSuffix("lesson-files leads outside the data folder (a symbolic link?); lessons keep their files in a lesson-files/ folder inside it: remove the link"), error)
        XCTAssertNotNil(message("load model.json", in: session))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), [])
    }
}
