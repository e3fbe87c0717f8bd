import Foundation
import NNLessons
import XCTest

/// Progress is kept in the data folder, and a damaged file is kept aside, never lost.
final class ProgressStoreTests: XCTestCase {
    var folder: String!

    override func setUp() { folder = TestFolders.temporary("nnlab-progress") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    var path: String { (folder as NSString).appendingPathComponent("progress.json") }

    func testRoundTrip() throws {
        let store = ProgressStore(dataFolder: folder)
        XCTAssertEqual(store.load().progress, CourseProgress(), "no file is no progress")
        XCTAssertNil(store.load().warning)
        let warning = store.update { course in
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
        let loaded = store.load()
        XCTAssertNil(loaded.warning)
        XCTAssertEqual(loaded.progress[lesson: "perceptron"],
                       LessonProgress(pagesSeen: [0, 2], pageCount: 4, solved: ["perceptron-or"], hints: ["xor-by-features": 2], lastPage: 2))
        XCTAssertEqual(loaded.progress[lesson: "activations"], LessonProgress(), "an untouched lesson is empty")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("\"format\" : \"nnlab-progress\""), text)
        XCTAssertTrue(text.contains("\"version\" : 1"), text)
    }

    func testMissingFieldsReadAsEmpty() throws {
        try #"{"format": "nnlab-progress", "version": 1, "lessons": {"perceptron": {"solved": ["perceptron-or"]}}}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = ProgressStore(dataFolder: folder).load()
        XCTAssertNil(loaded.warning)
        XCTAssertEqual(loaded.progress[lesson: "perceptron"], LessonProgress(solved: ["perceptron-or"]))
    }

    func testADamagedFileIsKeptAsideAndReported() throws {
        try "{\"format\": \"nnlab-progress\", \"lessons\": {".write(toFile: path, atomically: true, encoding: .utf8)
        let store = ProgressStore(dataFolder: folder)
        let loaded = store.load()
        XCTAssertEqual(loaded.progress, CourseProgress())
        XCTAssertTrue(loaded.canSave)
        let backup = path + ".bak"
        XCTAssertEqual(loaded.warning, "warning: the progress file \(path) was damaged (not valid JSON); it is kept as \(backup) and progress starts afresh")
        XCTAssertEqual(try String(contentsOfFile: backup, encoding: .utf8), "{\"format\": \"nnlab-progress\", \"lessons\": {", "kept byte for byte")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))

        // A second damaged file does not overwrite the first backup.
        try "not json at all".write(toFile: path, atomically: true, encoding: .utf8)
        let warning = store.update { $0[lesson: "perceptron"].markSolved("perceptron-or") }
        XCTAssertEqual(warning, "warning: the progress file \(path) was damaged (not valid JSON); it is kept as \(backup).2 and progress starts afresh")
        XCTAssertEqual(try String(contentsOfFile: backup + ".2", encoding: .utf8), "not json at all")
        XCTAssertEqual(try String(contentsOfFile: backup, encoding: .utf8), "{\"format\": \"nnlab-progress\", \"lessons\": {")
        XCTAssertEqual(store.load().progress[lesson: "perceptron"].solved, ["perceptron-or"], "the new progress is saved")
    }

    func testAnotherFormatOrVersionIsKeptAside() throws {
        try #"{"format": "nnlab-model", "version": 1, "lessons": {}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let first = ProgressStore(dataFolder: folder).load()
        XCTAssertEqual(first.warning, "warning: the progress file \(path) was damaged (format is 'nnlab-model', not 'nnlab-progress'); it is kept as \(path).bak and progress starts afresh")
        try #"{"format": "nnlab-progress", "version": 2, "lessons": {}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let second = ProgressStore(dataFolder: folder).load()
        XCTAssertEqual(second.warning, "warning: the progress file \(path) was damaged (version 2 is not 1 (a newer nnlab wrote it?)); it is kept as \(path).bak.2 and progress starts afresh")
        try #"{"format": "nnlab-progress", "version": 1}"#.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(ProgressStore(dataFolder: folder).load().warning,
                       "warning: the progress file \(path) was damaged ('lessons' is missing); it is kept as \(path).bak.3 and progress starts afresh")
    }

    func testSavingCreatesTheDataFolder() throws {
        let nested = (folder as NSString).appendingPathComponent("a/b")
        let store = ProgressStore(dataFolder: nested)
        XCTAssertNil(store.update { $0[lesson: "x"].markSeen(page: 1, of: 2) })
        XCTAssertEqual(store.load().progress[lesson: "x"].pagesSeen, [1])
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
}
