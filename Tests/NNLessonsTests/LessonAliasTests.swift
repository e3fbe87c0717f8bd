import Foundation
import NNLessons
import NNSession
import XCTest

/// Renamed lessons keep working under their old ids (`aliases:` in the header), and progress
/// saved under an old id, or for an exercise that moved to another lesson, carries over.
final class LessonAliasTests: XCTestCase {
    var folder: String!

    override func setUp() { folder = TestFolders.temporary("nnlab-aliases") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func testTheHeaderReadsAliases() throws {
        let text = "---\nid: new-name\ntitle: T\norder: 1\naliases: old-name, older\ntopics: t\nminutes: 1\n---\n\nText.\n"
        let result = LessonParser.parse(text, file: "new-name.md")
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(try XCTUnwrap(result.lesson).header.aliases, ["old-name", "older"])
        let bad = LessonParser.parse(text.replacingOccurrences(of: "old-name, older", with: "Old Name, new-name"), file: "new-name.md")
        XCTAssertEqual(bad.problems.map(\.description), [
            "new-name.md:5: alias 'Old Name' must be lower-case letters and digits joined by '-', like an id",
            "new-name.md:5: alias 'new-name' is the lesson's own id",
        ])
    }

    func testTheShippedCourseOpensRenamedLessonsByTheirOldIds() {
        let course = Course.load(folder: TestFolders.lessons)
        XCTAssertEqual(course.lesson(named: "training-dynamics")?.id, "gradient-descent")
        XCTAssertEqual(course.lesson(named: "gradient-descent")?.header.aliases, ["training-dynamics"])
        XCTAssertEqual(course.lesson(named: "6")?.id, "gradient-descent", "a number is the lesson's order")
        XCTAssertEqual(course.lesson(named: "12")?.id, "capacity-and-limits")
    }

    func testAnAliasThatIsAnotherLessonsIdIsAProblem() throws {
        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: (folder as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("one.md", "---\nid: one\ntitle: One\norder: 1\naliases: two\ntopics: t\nminutes: 1\n---\n\nText.\n")
        try write("two.md", "---\nid: two\ntitle: Two\norder: 3\ntopics: t\nminutes: 1\n---\n\nText.\n")
        try write("course.txt", "one\ntwo\n")
        XCTAssertEqual(Course.load(folder: folder).problems.map(\.description),
                       ["one.md: alias 'two' is also the id or an alias of two.md"],
                       "order 3 after 1 is fine: numbers may skip lessons not in the folder yet")
    }

    /// A store written by an nnlab that had `training-dynamics` (schedules and clipping
    /// included): loading the course moves the record to `gradient-descent` and the moved
    /// exercises' solutions and hints to `optimizers` and `initialization`.
    func testProgressUnderTheOldIdsCarriesOver() throws {
        let store = ProgressStore(dataFolder: folder)
        XCTAssertNil(store.update { course in
            for page in [0, 1, 2] { course[lesson: "training-dynamics"].markSeen(page: page, of: 6) }
            course[lesson: "training-dynamics"].markSolved("five-epochs")
            course[lesson: "training-dynamics"].markSolved("decay-to-settle")
            course[lesson: "training-dynamics"].markSolved("clip-to-survive")
            course[lesson: "training-dynamics"].revealHint("decay-to-settle", available: 3)
            course[lesson: "training-dynamics"].revealHint("decay-to-settle", available: 3)
            course[lesson: "optimizers"].markSeen(page: 1, of: 7)
            course[lesson: "regularization"].markSolved("stop-in-time")
        })
        let session = TestFolders.session(data: folder)
        let course = session.loadCourse()
        let progress = store.load().progress
        XCTAssertNil(progress.lessons["training-dynamics"], "the old record is gone")
        let gradientDescent = try XCTUnwrap(course.lesson(named: "gradient-descent"))
        XCTAssertEqual(progress[lesson: "gradient-descent"],
                       LessonProgress(pagesSeen: [0, 1, 2], pageCount: gradientDescent.pages.count, solved: ["five-epochs", "decay-to-settle", "clip-to-survive"],
                                      hints: ["decay-to-settle": 2], lastPage: 2))
        XCTAssertEqual(progress[lesson: "optimizers"].solved, ["decay-to-settle"])
        XCTAssertEqual(progress[lesson: "optimizers"].hints, ["decay-to-settle": 2])
        XCTAssertEqual(progress[lesson: "optimizers"].pagesSeen, [1], "its own record is kept")
        XCTAssertEqual(progress[lesson: "initialization"].solved, ["clip-to-survive"])
        XCTAssertEqual(progress[lesson: "regularization"].solved, ["stop-in-time"])
        XCTAssertEqual(progress.summary(of: gradientDescent), "pages 3/\(gradientDescent.pages.count) · exercises 1/2")
        XCTAssertEqual(progress.carriedOver(to: course.lessons), progress, "carrying over twice changes nothing")
        _ = session.loadCourse()
        XCTAssertEqual(store.load().progress, progress)
    }

    func testAFinishedOldLessonStaysFinished() throws {
        let course = Course.load(folder: TestFolders.lessons)
        var progress = CourseProgress()
        for page in 0..<6 { progress[lesson: "training-dynamics"].markSeen(page: page, of: 6) }
        progress.carryOver(to: course.lessons)
        let lesson = try XCTUnwrap(course.lesson(named: "gradient-descent"))
        XCTAssertEqual(progress[lesson: "gradient-descent"].pagesSeen, Array(0..<lesson.pages.count))
        XCTAssertEqual(progress[lesson: "gradient-descent"].lastPage, lesson.pages.count - 1, "the last page, clamped")
    }

    /// An exercise named under the lesson it has left points to the lesson that has it now;
    /// the renamed lesson answers to its old id.
    func testAMovedExerciseIsFoundInItsNewLesson() throws {
        let session = TestFolders.session(data: folder)
        XCTAssertThrowsError(try TestFolders.text(session, "lesson training-dynamics hint clip-to-survive")) { error in
            XCTAssertEqual((error as? CommandError)?.message,
                           "exercise 'clip-to-survive' is in lesson initialization: `lesson initialization hint clip-to-survive`")
        }
        XCTAssertTrue(try TestFolders.text(session, "lesson training-dynamics hint five-epochs").contains("Hint 1 of 2"))
        XCTAssertEqual(ProgressStore(dataFolder: folder).load().progress[lesson: "gradient-descent"].hints, ["five-epochs": 1])
    }

    /// `quiz OLD-ID` draws the renamed lesson's questions, as `quiz ID` does.
    func testAQuizOnAnOldLessonIdAsksTheRenamedLessonsQuestions() throws {
        let hub = TestFolders.session(data: folder, interactive: true)
        guard case let .view(.quiz(request)) = try hub.output(of: "quiz training-dynamics n=3").first else { return XCTFail("no quiz") }
        XCTAssertEqual(request, QuizRequest(topic: "gradient-descent", count: 3))
        XCTAssertTrue(QuizBank(course: hub.loadCourse()).questions(topic: "gradient-descent").contains { $0.id == "minibatch-noise-sqrt" })
    }
}
