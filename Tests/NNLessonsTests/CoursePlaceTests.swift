import Foundation
import NNLessons
import NNSession
import XCTest

/// Where `lesson` with no name resumes and where `next` goes, from the progress store.
final class CoursePlaceTests: XCTestCase {
    var lessons: String!
    var data: String!
    var course: Course!

    /// Two lessons of three pages; `alpha` has an exercise on its second page, `beta` none.
    override func setUpWithError() throws {
        lessons = TestFolders.temporary("nnlab-place-lessons")
        data = TestFolders.temporary("nnlab-place-data")
        func lesson(_ id: String, _ title: String, order: Int, exercise: Bool) -> String {
            var text = "---\nid: \(id)\ntitle: \(title)\norder: \(order)\ntopics: \(id)\nminutes: 5\n---\n\n# \(title)\n\nOne.\n\n## Two\n\nTwo.\n\n"
            if exercise {
                text += "```exercise\nid: \(id)-seed\ntitle: Seed it\ngoal: Set the seed to 3.\ncheck: seed == 3\nhint: `seed 3`.\nsolution:\n  seed 3\n```\n\n"
            }
            return text + "## Three\n\nThree.\n"
        }
        try lesson("alpha", "Alpha", order: 1, exercise: true).write(toFile: lessons + "/alpha.md", atomically: true, encoding: .utf8)
        try lesson("beta", "Beta", order: 2, exercise: false).write(toFile: lessons + "/beta.md", atomically: true, encoding: .utf8)
        try "alpha\nbeta\n".write(toFile: lessons + "/course.txt", atomically: true, encoding: .utf8)
        course = Course.load(folder: lessons)
        XCTAssertEqual(course.lessons.map(\.id), ["alpha", "beta"], "\(course.problems)")
        XCTAssertEqual(course.lessons.map(\.pages.count), [3, 3])
        XCTAssertEqual(course.lessons[0].page(ofExercise: "alpha-seed"), 1)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: lessons)
        try? FileManager.default.removeItem(atPath: data)
    }

    var store: ProgressStore { ProgressStore(dataFolder: data) }
    func resume() -> CoursePlace? { CoursePlace.resume(course: course, progress: store.load().progress) }
    func next() -> CoursePlace? { CoursePlace.next(course: course, progress: store.load().progress) }

    func testANewLearnerStartsAtTheFirstPageOfTheFirstLesson() throws {
        let place = try XCTUnwrap(resume())
        XCTAssertEqual([place.lesson.id, "\(place.page)"], ["alpha", "0"])
        XCTAssertEqual(place.reason, .start)
        XCTAssertEqual(next(), place)
        XCTAssertEqual(CoursePlaceWording.resume(place), "Starting the course: 1. Alpha, page 1 of 3.")
        XCTAssertEqual(CoursePlaceWording.welcome(resume: place, next: next()), "New here? Type `lesson` to start with 1. Alpha, page 1 of 3.")
        XCTAssertNil(CoursePlace.resume(course: Course.load(folder: data), progress: CourseProgress()), "no lessons, no place")
    }

    /// The lesson last changed wins over course order, at its recorded page — even when the
    /// change only opened a page seen before.
    func testResumeGoesToTheLessonAndPageWhereTheLearnerStopped() throws {
        store.update { $0[lesson: "beta"].markSeen(page: 0, of: 3); $0[lesson: "beta"].markSeen(page: 2, of: 3) }
        store.update { $0[lesson: "alpha"].markSeen(page: 0, of: 3); $0[lesson: "alpha"].markSeen(page: 1, of: 3) }
        XCTAssertEqual(store.load().progress.lastLesson, "alpha")
        var place = try XCTUnwrap(resume())
        XCTAssertEqual([place.lesson.id, "\(place.page)"], ["alpha", "1"])
        XCTAssertEqual(place.reason, .resume)
        XCTAssertEqual(CoursePlaceWording.resume(place), "Continuing with 1. Alpha, page 2 of 3.")
        // Back to beta's last page, seen already: nothing in its record changes, yet the
        // learner stopped there.
        store.update { $0[lesson: "beta"].markSeen(page: 2, of: 3) }
        place = try XCTUnwrap(resume())
        XCTAssertEqual([place.lesson.id, "\(place.page)"], ["beta", "2"])
        XCTAssertEqual(CoursePlaceWording.welcome(resume: place, next: next()),
                       "Type `lesson` to continue with 2. Beta, page 3 of 3; `next` goes to the first page or exercise not done yet.")
    }

    /// Without a recorded order (progress from the old JSON file), the last lesson in course
    /// order with any progress is where the learner stopped.
    func testWithoutAnOrderTheLastStartedLessonInCourseOrderIsResumed() throws {
        var progress = CourseProgress()
        progress.lessons["alpha"] = LessonProgress(pagesSeen: [0], pageCount: 3, lastPage: 0)
        progress.lessons["beta"] = LessonProgress(pagesSeen: [0, 1], pageCount: 3, lastPage: 1)
        let place = try XCTUnwrap(CoursePlace.resume(course: course, progress: progress))
        XCTAssertEqual([place.lesson.id, "\(place.page)"], ["beta", "1"])
    }

    /// Progress imported from the old `progress.json` has no order of use either: the import
    /// numbers no lesson as the latest, and course order decides.
    func testProgressImportedFromTheOldFileResumesByCourseOrder() throws {
        try #"{"format": "nnlab-progress", "version": 1, "lessons": {"beta": {"pagesSeen": [0, 1], "lastPage": 1}, "alpha": {"pagesSeen": [0, 2], "lastPage": 2}}}"#
            .write(toFile: data + "/progress.json", atomically: true, encoding: .utf8)
        XCTAssertNil(store.load().progress.lastLesson)
        let place = try XCTUnwrap(resume())
        XCTAssertEqual([place.lesson.id, "\(place.page)"], ["beta", "1"])
        store.update { $0[lesson: "alpha"].markSeen(page: 2, of: 3) }
        XCTAssertEqual(try XCTUnwrap(resume()).lesson.id, "alpha", "once a lesson is used, it is where the learner stopped")
    }

    /// `next` takes the first lesson in course order with something left, at the earlier of
    /// its first unseen page and its first unsolved exercise's page.
    func testNextGoesToTheFirstUnseenPageOrUnsolvedExercise() throws {
        store.update { $0[lesson: "alpha"].markSeen(page: 0, of: 3) }
        var place = try XCTUnwrap(next())
        XCTAssertEqual([place.lesson.id, "\(place.page)"], ["alpha", "1"])
        XCTAssertEqual(place.reason, .unsolvedExercise(id: "alpha-seed", title: "Seed it"), "the exercise is on page 2, the first unseen")
        XCTAssertEqual(CoursePlaceWording.next(place), "Next: the exercise “Seed it” in 1. Alpha, page 2 of 3.")
        store.update { course in for page in 0..<3 { course[lesson: "alpha"].markSeen(page: page, of: 3) } }
        place = try XCTUnwrap(next())
        XCTAssertEqual([place.lesson.id, "\(place.page)"], ["alpha", "1"], "every page seen, the exercise still open")
        store.update { $0[lesson: "alpha"].markSolved("alpha-seed") }
        place = try XCTUnwrap(next())
        XCTAssertEqual([place.lesson.id, "\(place.page)"], ["beta", "0"])
        XCTAssertEqual(place.reason, .start)
        XCTAssertEqual(CoursePlaceWording.next(place), "Next: 2. Beta, page 1 of 3 (a lesson not started yet).")
        // Alpha is done and the learner stopped on its last page: `lesson` goes on to beta.
        XCTAssertEqual(try XCTUnwrap(resume()).lesson.id, "beta")
        store.update { $0[lesson: "beta"].markSeen(page: 0, of: 3); $0[lesson: "beta"].markSeen(page: 2, of: 3) }
        place = try XCTUnwrap(next())
        XCTAssertEqual([place.lesson.id, "\(place.page)", "\(place.reason)"], ["beta", "1", "unseenPage"])
        store.update { $0[lesson: "beta"].markSeen(page: 1, of: 3) }
        XCTAssertNil(next(), "everything done")
        XCTAssertEqual(CoursePlaceWording.welcome(resume: resume(), next: nil), "Every lesson is done. `quiz` reviews what the course taught.")
        XCTAssertEqual(try XCTUnwrap(resume()).lesson.id, "beta", "with nothing left, `lesson` reopens where the learner stopped")
    }

    /// The commands: `lesson` alone opens the resume place and `next` the next item, each
    /// saying where; `next` records its page so the explorer opens there.
    func testTheCommandsSayWhereTheyGoAndOpenTheExplorerThere() throws {
        let session = TestFolders.session(data: data, lessons: lessons, interactive: true)
        var text = try TestFolders.text(session, "lesson")
        XCTAssertEqual(text, "Starting the course: 1. Alpha, page 1 of 3.\n[view lesson(\"alpha\")]\n")
        store.update { $0[lesson: "alpha"].markSeen(page: 0, of: 3); $0[lesson: "alpha"].markSeen(page: 2, of: 3) }
        text = try TestFolders.text(session, "next")
        XCTAssertEqual(text, "Next: the exercise “Seed it” in 1. Alpha, page 2 of 3.\n[view lesson(\"alpha\")]\n")
        XCTAssertEqual(store.load().progress[lesson: "alpha"].lastPage, 1, "the explorer opens at the exercise's page")
        XCTAssertThrowsError(try session.output(of: "next beta"))
        // Plain mode prints the lesson after the sentence.
        let plain = TestFolders.session(data: data, lessons: lessons)
        text = try TestFolders.text(plain, "lesson")
        XCTAssertTrue(text.hasPrefix("Continuing with 1. Alpha, page 2 of 3.\n"), text)
        XCTAssertTrue(text.contains("Seed it"), text)
        store.update { $0[lesson: "alpha"].markSolved("alpha-seed") }
        store.update { course in for page in 0..<3 { course[lesson: "beta"].markSeen(page: page, of: 3) } }
        XCTAssertTrue(try TestFolders.text(session, "next").hasPrefix("Every lesson is done"))
    }
}
