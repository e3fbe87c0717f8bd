import Foundation
import GRDB
import NNLessons
import XCTest

/// Lesson progress lives in the data folder's store beside the quiz history: every change is
/// one transaction, an old `progress.json` is imported once, a damaged one is kept aside and
/// reported once, and a folder that cannot be written is said once while nnlab goes on.
final class ProgressStoreTests: XCTestCase {
    var folder: String!

    override func setUp() { folder = TestFolders.temporary("nnlab-progress") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    var store: String { (folder as NSString).appendingPathComponent("reviews.sqlite") }
    var json: String { (folder as NSString).appendingPathComponent("progress.json") }

    func testRoundTrip() throws {
        let progress = ProgressStore(dataFolder: folder)
        XCTAssertEqual(progress.path, store, "progress and the quiz history share one file")
        XCTAssertEqual(progress.load().progress, CourseProgress(), "no store is no progress")
        XCTAssertNil(progress.load().warning)
        let warning = progress.update { course in
            course[lesson: "perceptron"].markSeen(page: 0, of: 4)
            course[lesson: "perceptron"].markSeen(page: 2, of: 4)
            course[lesson: "perceptron"].markSeen(page: 2, of: 4)
            course[lesson: "perceptron"].markSolved("perceptron-or")
            course[lesson: "perceptron"].markSolved("perceptron-or")
            course[lesson: "perceptron"].revealHint("xor-by-features", available: 2)
            course[lesson: "perceptron"].revealHint("xor-by-features", available: 2)
            course[lesson: "perceptron"].revealHint("xor-by-features", available: 2)
        }
        XCTAssertNil(warning)
        let loaded = ProgressStore(dataFolder: folder).load()
        XCTAssertNil(loaded.warning)
        XCTAssertTrue(loaded.canSave)
        XCTAssertEqual(loaded.progress[lesson: "perceptron"],
                       LessonProgress(pagesSeen: [0, 2], pageCount: 4, solved: ["perceptron-or"], hints: ["xor-by-features": 2], lastPage: 2))
        XCTAssertEqual(loaded.progress[lesson: "activations"], LessonProgress(), "an untouched lesson is empty")
        XCTAssertEqual(Array(loaded.progress.lessons.keys), ["perceptron"])
    }

    func testTheStoreIsOneSQLiteFileInWALModeHoldingBothTables() throws {
        ProgressStore(dataFolder: folder).update { $0[lesson: "perceptron"].markSolved("perceptron-or") }
        try ReviewStore(dataFolder: folder).record(card: "xor", topic: "perceptron", grade: .good, seconds: 1)
        let queue = try DatabaseQueue(path: store)
        defer { try? queue.close() }
        try queue.read { db in
            XCTAssertEqual(try String.fetchOne(db, sql: "PRAGMA journal_mode"), "wal")
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
                           ["v1: cards, reviews, interviews", "v2: lesson progress", "v3: lesson order of use"])
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT solved FROM lessons WHERE id = 'perceptron'"), [#"["perceptron-or"]"#])
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT count(*) FROM reviews"), 1)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix("reviews.sqlite") }
        XCTAssertEqual(names, [], "no other file")
    }

    func testConcurrentChangesLoseNothing() throws {
        // Eight threads, each with its own connection, each revealing 15 hints of one shared
        // exercise and marking its own page seen: a load–change–save without one transaction
        // around it loses some of them.
        let threads = 8, rounds = 15
        let folder: String = folder
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let progress = ProgressStore(dataFolder: folder)
            for round in 0..<rounds {
                let warning = progress.update { course in
                    course[lesson: "shared"].revealHint("counter", available: 10_000)
                    course[lesson: "thread-\(thread)"].markSeen(page: round, of: rounds)
                }
                XCTAssertNil(warning)
            }
        }
        let loaded = ProgressStore(dataFolder: folder).load().progress
        XCTAssertEqual(loaded[lesson: "shared"].hints["counter"], threads * rounds)
        for thread in 0..<threads { XCTAssertEqual(loaded[lesson: "thread-\(thread)"].pagesSeen, Array(0..<rounds)) }
    }

    func testAChangeIsSavedWholeOrNotAtAll() throws {
        let progress = ProgressStore(dataFolder: folder)
        progress.update { $0[lesson: "a"].markSolved("one") }
        do {
            let queue = try DatabaseQueue(path: store)
            try queue.write { db in
                try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON lessons WHEN NEW.id = 'b' BEGIN SELECT RAISE(ABORT, 'disk full'); END")
            }
            try queue.close()
        }
        let result = progress.change { course in
            course[lesson: "a"].markSolved("two")
            course[lesson: "b"].markSolved("three")
        }
        XCTAssertEqual(result.warning, "warning: could not save lesson progress in \(store): disk full")
        XCTAssertEqual(progress.load().progress[lesson: "a"].solved, ["one"], "the change to a was rolled back with b's")
        XCTAssertEqual(progress.load().progress[lesson: "b"], LessonProgress())
    }

    // MARK: - progress.json from older versions

    func testAnOldProgressFileIsImportedOnceAndRenamed() throws {
        try #"""
        {"format": "nnlab-progress", "version": 1, "lessons": {
          "perceptron": {"pagesSeen": [0, 1], "pageCount": 4, "solved": ["perceptron-or"], "hints": {"xor-by-features": 2}, "lastPage": 1},
          "activations": {"solved": ["relu"]}}}
        """#.write(toFile: json, atomically: true, encoding: .utf8)
        let progress = ProgressStore(dataFolder: folder)
        let loaded = progress.load()
        XCTAssertNil(loaded.warning)
        XCTAssertEqual(loaded.progress[lesson: "perceptron"],
                       LessonProgress(pagesSeen: [0, 1], pageCount: 4, solved: ["perceptron-or"], hints: ["xor-by-features": 2], lastPage: 1))
        XCTAssertEqual(loaded.progress[lesson: "activations"], LessonProgress(solved: ["relu"]), "missing fields read as empty")
        XCTAssertFalse(FileManager.default.fileExists(atPath: json))
        XCTAssertTrue(FileManager.default.fileExists(atPath: json + ".migrated"))

        // Later changes are not undone by the old file, which is not imported again.
        progress.update { $0[lesson: "perceptron"] = LessonProgress() }
        XCTAssertEqual(progress.load().progress[lesson: "perceptron"], LessonProgress())

        // A second progress.json (an older nnlab ran meanwhile) is merged and kept as .migrated-2.
        try #"{"format": "nnlab-progress", "version": 1, "lessons": {"activations": {"solved": ["tanh"], "hints": {"h": 1}}}}"#
            .write(toFile: json, atomically: true, encoding: .utf8)
        XCTAssertEqual(progress.load().progress[lesson: "activations"], LessonProgress(solved: ["relu", "tanh"], hints: ["h": 1]))
        XCTAssertTrue(FileManager.default.fileExists(atPath: json + ".migrated-2"))
    }

    func testTheQuizAlsoImportsAnOldProgressFile() throws {
        try #"{"format": "nnlab-progress", "version": 1, "lessons": {"perceptron": {"solved": ["perceptron-or"]}}}"#
            .write(toFile: json, atomically: true, encoding: .utf8)
        let reviews = try ReviewStore(dataFolder: folder)
        XCTAssertNil(reviews.warning)
        XCTAssertFalse(FileManager.default.fileExists(atPath: json))
        XCTAssertEqual(ProgressStore(dataFolder: folder).load().progress[lesson: "perceptron"].solved, ["perceptron-or"])
    }

    func testADamagedProgressFileIsKeptAsideAndReportedOnce() throws {
        let damaged = "{\"format\": \"nnlab-progress\", \"lessons\": {"
        try damaged.write(toFile: json, atomically: true, encoding: .utf8)
        try Data("an earlier one".utf8).write(to: URL(fileURLWithPath: json + ".damaged-1"))
        let progress = ProgressStore(dataFolder: folder)
        let loaded = progress.load()
        XCTAssertEqual(loaded.progress, CourseProgress())
        XCTAssertTrue(loaded.canSave)
        XCTAssertEqual(loaded.warning, "warning: the old progress file \(json) cannot be read (not valid JSON); it is kept as \(json).damaged-2 and was not imported")
        XCTAssertEqual(try String(contentsOfFile: json + ".damaged-2", encoding: .utf8), damaged, "kept byte for byte")
        XCTAssertEqual(try String(contentsOfFile: json + ".damaged-1", encoding: .utf8), "an earlier one", "not overwritten")
        XCTAssertNil(progress.load().warning, "reported once")
        XCTAssertNil(progress.update { $0[lesson: "perceptron"].markSolved("perceptron-or") })
        XCTAssertEqual(progress.load().progress[lesson: "perceptron"].solved, ["perceptron-or"], "new progress is saved")
    }

    func testAnotherFormatOrVersionIsNotImported() throws {
        let cases = [
            (#"{"format": "nnlab-model", "version": 1, "lessons": {}}"#, "format is 'nnlab-model', not 'nnlab-progress'"),
            (#"{"format": "nnlab-progress", "version": 2, "lessons": {}}"#, "version 2 is not 1 (a newer nnlab wrote it?)"),
            (#"{"format": "nnlab-progress", "version": 1}"#, "'lessons' is missing"),
        ]
        for (number, (text, reason)) in cases.enumerated() {
            try text.write(toFile: json, atomically: true, encoding: .utf8)
            XCTAssertEqual(ProgressStore(dataFolder: folder).load().warning,
                           "warning: the old progress file \(json) cannot be read (\(reason)); it is kept as \(json).damaged-\(number + 1) and was not imported")
        }
    }

    // MARK: - Folders

    func testSavingCreatesTheDataFolder() throws {
        let nested = (folder as NSString).appendingPathComponent("a/b")
        let progress = ProgressStore(dataFolder: nested)
        XCTAssertNil(progress.update { $0[lesson: "x"].markSeen(page: 1, of: 2) })
        XCTAssertEqual(progress.load().progress[lesson: "x"].pagesSeen, [1])
    }

    func testAnUncreatableFolderIsSaidOnceAndNnlabGoesOnWithoutSaving() throws {
        let file = (folder as NSString).appendingPathComponent("a-file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let inside = (file as NSString).appendingPathComponent("data")
        let progress = ProgressStore(dataFolder: inside)
        let first = progress.change { $0[lesson: "perceptron"].revealHint("xor", available: 3) }
        let warning = try XCTUnwrap(first.warning)
        XCTAssertTrue(warning.hasPrefix("warning: could not create the data folder \(inside) ("), warning)
        XCTAssertTrue(warning.hasSuffix("), so progress and quiz answers will not be saved; check the path, or choose a folder you can write to by setting NNLAB_HOME"), warning)
        XCTAssertFalse(first.canSave)
        XCTAssertEqual(first.progress[lesson: "perceptron"].hints, ["xor": 1], "the change holds in memory")
        XCTAssertNil(progress.update { $0[lesson: "perceptron"].markSolved("or") }, "said once")
        XCTAssertNil(progress.load().warning, "said once")
        XCTAssertThrowsError(try ReviewStore(dataFolder: inside)) { error in
            XCTAssertEqual((error as? StoreError)?.alreadyReported, true, "the quiz does not say it again")
        }
    }

    func testAReadOnlyFolderIsSaidOnceShowsWhatIsSavedAndSavesNothing() throws {
        try XCTSkipIf(getuid() == 0, "root can write anywhere")
        let readOnly = (folder as NSString).appendingPathComponent("read-only")
        let progress = ProgressStore(dataFolder: readOnly)
        progress.update { $0[lesson: "perceptron"].markSolved("perceptron-or") }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: readOnly)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: readOnly) }
        let loaded = progress.load()
        XCTAssertEqual(loaded.warning, "warning: the data folder \(readOnly) cannot be written, so progress and quiz answers will not be saved; change its permissions, or choose a folder you can write to by setting NNLAB_HOME")
        XCTAssertFalse(loaded.canSave)
        XCTAssertNil(progress.update { $0[lesson: "perceptron"].markSolved("two") }, "said once")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: readOnly)
        XCTAssertEqual(progress.load().progress[lesson: "perceptron"].solved, ["perceptron-or"], "nothing was saved meanwhile")
    }

    func testSummaries() throws {
        let lesson = try XCTUnwrap(Course.load(folder: TestFolders.lessons).lesson(named: "perceptron"))
        var course = CourseProgress()
        XCTAssertEqual(course.summary(of: lesson), "not started")
        course[lesson: "perceptron"].markSeen(page: 0, of: lesson.pages.count)
        XCTAssertEqual(course.summary(of: lesson), "pages 1/\(lesson.pages.count) · exercises 0/\(lesson.exercises.count)")
        for page in lesson.pages.indices { course[lesson: "perceptron"].markSeen(page: page, of: lesson.pages.count) }
        for exercise in lesson.exercises { course[lesson: "perceptron"].markSolved(exercise.id) }
        XCTAssertEqual(course.summary(of: lesson), "done")
    }

    func testAbsorbingJoinsRecordsAndIsIdempotent() {
        var record = LessonProgress(pagesSeen: [2], pageCount: 5, solved: ["b"], hints: ["x": 3], lastPage: 2)
        let old = LessonProgress(pagesSeen: [0, 2], pageCount: 4, solved: ["a", "b"], hints: ["x": 1, "y": 2], lastPage: 0)
        record.absorb(old)
        let expected = LessonProgress(pagesSeen: [0, 2], pageCount: 5, solved: ["b", "a"], hints: ["x": 3, "y": 2], lastPage: 2)
        XCTAssertEqual(record, expected)
        record.absorb(old)
        XCTAssertEqual(record, expected, "twice changes nothing")
        var empty = LessonProgress()
        empty.absorb(old)
        XCTAssertEqual(empty, old, "an empty record takes the other whole")
    }
}
