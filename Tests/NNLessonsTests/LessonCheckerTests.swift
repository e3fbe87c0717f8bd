import Foundation
import NNLessons
import NNSession
import XCTest

/// `lesson check`: what it runs, and the course-level problems it finds.
final class LessonCheckerTests: XCTestCase {
    var folder: String!

    override func setUp() { folder = TestFolders.temporary("nnlab-checker") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func write(_ name: String, _ text: String) {
        try? text.write(toFile: (folder as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func header(_ id: String, order: Int) -> String {
        "---\nid: \(id)\ntitle: \(id)\norder: \(order)\ntopics: t\nminutes: 1\n---\n"
    }

    func testSolutionsRunInAFreshSessionAndMustPassTheirChecks() {
        write("one.md", header("one", order: 1) + """

        ```nnlab
        data xor n=40
        train epochs=1
        ```

        ```exercise
        id: too-hard
        goal: impossible
        check: data == xor and epochs >= 5
        hint: train longer
        solution:
          data xor n=40
          net 2-2-1
          train epochs=1
        ```

        ```exercise
        id: checks-nothing
        goal: nothing
        check: has_net or not has_net
        hint: none
        solution:
          data and n=40
        ```

        ```exercise
        id: broken-line
        goal: any
        check: epochs >= 1
        hint: none
        solution:
          data xor n=40
          train epochs=1
        ```

        ```nnlab fails
        data xor n=40
        net 2-2-1
        ```
        """)
        write("course.txt", "one\n")
        XCTAssertEqual(LessonChecker.check(folder: folder).map(\.description), [
            "one.md:11: running the lesson from the top: there is no network yet; build one first, e.g. `net 2-8-1`",
            "one.md:14: exercise 'too-hard': the reference solution does not pass its own check in a fresh session: ✗ epochs ≥ 5 (epochs is 1)",
            "one.md:25: exercise 'checks-nothing': the check already passes in a fresh session, so it checks nothing",
            "one.md:41: exercise 'broken-line': the reference solution fails: there is no network yet; build one first, e.g. `net 2-8-1`",
            "one.md:46: running the lesson from the top: the block is marked `fails`, but its last command ran without an error",
        ])
    }

    func testCourseProblems() {
        write("one.md", header("one", order: 1) + "\nText.\n")
        write("two.md", header("two", order: 3) + """

        ```quiz
        id: shared
        topic: t
        kind: short
        question: q
        answer: a
        ```
        """)
        write("three.md", header("three", order: 3) + """

        ```quiz
        id: shared
        topic: t
        kind: short
        question: q
        answer: a
        ```
        """)
        write("course.txt", "# order\none\ntwo\nfour\none\n")
        XCTAssertEqual(LessonChecker.check(folder: folder).map(\.description), [
            "course.txt:4: no lesson file four.md",
            "course.txt:5: 'one' is listed twice",
            "three.md: the lesson is not listed in course.txt; add its id 'three' there",
            "three.md:9: id 'shared' is already used at two.md:9",
            "two.md:4: order is 3, but course.txt lists this lesson as number 2",
        ])
        let two = (folder as NSString).appendingPathComponent("two.md"), three = (folder as NSString).appendingPathComponent("three.md")
        XCTAssertEqual(LessonChecker.check(files: [two, three], lessonsFolder: folder).map(\.description),
                       ["\(three):9: id 'shared' is already used at \(two):9"], "given files: no course.txt checks, but duplicates")
    }

    func testAMissingOrderFileIsAProblem() {
        write("one.md", header("one", order: 1))
        XCTAssertEqual(LessonChecker.check(folder: folder).map(\.description),
                       ["course.txt: missing: list the lesson ids in course order, one per line"])
        XCTAssertEqual(Course.load(folder: folder).lessons.map(\.id), ["one"], "lessons still load, by their order")
    }

    func testLessonNamesResolve() throws {
        let course = Course.load(folder: TestFolders.lessons)
        XCTAssertEqual(course.lesson(named: "perceptron")?.id, "perceptron")
        XCTAssertEqual(course.lesson(named: "perceptron.md")?.id, "perceptron")
        XCTAssertEqual(course.lesson(named: "4")?.id, "loss-functions")
        XCTAssertEqual(course.lesson(named: "opt")?.id, "optimizers", "a unique start of an id")
        XCTAssertNil(course.lesson(named: "11"))
        XCTAssertEqual(course.suggestion(for: "optimisers"), "optimizers")
    }
}
