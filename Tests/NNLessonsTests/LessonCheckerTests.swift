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
            "one.md:34: exercise broken-line already passes after the blocks and the exercises above it ran — it must need the learner",
            "one.md:41: exercise 'broken-line': the reference solution fails: there is no network yet; build one first, e.g. `net 2-8-1`",
            "one.md:46: running the lesson from the top: the block is marked `fails`, but its last command ran without an error",
        ])
    }

    /// Issue 16 point 7: an exercise its page's blocks already solve is reported; one that
    /// needs the learner (here: a hidden layer the demo does not build) is not.
    func testAnExerciseTheBlocksAlreadySolveIsReported() {
        write("one.md", header("one", order: 1) + """

        ```nnlab
        data and n=40 seed=1
        loss mse
        net 2-1:step seed=1
        train epochs=10
        ```

        ```exercise
        id: solved-by-the-demo
        goal: Train a perceptron on `and`.
        check: data == and and hidden_layers == 0 and epochs >= 1
        hint: `net 2-1:step`
        solution:
          data and n=40 seed=1
          net 2-1:step seed=1
          train epochs=10
        ```

        ```exercise
        id: needs-the-learner
        goal: Train a net with a hidden layer on `and`.
        check: data == and and hidden_layers >= 1 and epochs >= 1
        hint: `net 2-2-1`
        solution:
          data and n=40 seed=1
          net 2-2-1 seed=1
          train epochs=1
        ```
        """)
        write("course.txt", "one\n")
        XCTAssertEqual(LessonChecker.check(folder: folder).map(\.description), [
            "one.md:16: exercise solved-by-the-demo already passes after the page's blocks run — it must need the learner",
        ])
    }

    /// A setting an earlier exercise leaves behind must not decide a later one: a solution that
    /// passes in a fresh session but not on the learner's path (blocks and earlier solutions
    /// run first) is reported; resetting the setting in the solution fixes it.
    func testASettingLeftByAnEarlierExerciseIsReported() {
        func lesson(reset: String) -> String {
            header("one", order: 1) + """

            ```exercise
            id: with-penalty
            goal: Train on `and` with an L2 penalty.
            check: data == and and l2 > 0 and epochs >= 1
            hint: `reg l2=0.1`
            solution:
              data and n=40 seed=1
              reg l2=0.1
              net 2-2-1 seed=1
              train epochs=1
            ```

            ```exercise
            id: without-penalty
            goal: Train on `or` without any penalty (`reg off`).
            check: data == or and l2 == 0 and epochs >= 1
            hint: `reg off`
            solution:
              data or n=40 seed=1\(reset)
              net 2-2-1 seed=1
              train epochs=1
            ```
            """
        }
        write("one.md", lesson(reset: ""))
        write("course.txt", "one\n")
        XCTAssertEqual(LessonChecker.check(folder: folder).map(\.description), [
            "one.md:21: exercise 'without-penalty': the reference solution passes in a fresh session but not after the blocks and "
                + "the exercises above it ran; something they leave behind decides it (reset it in the solution and say so in the "
                + "goal, or pin it in the check): ✗ l2 = 0 (l2 is 0.1)",
        ])
        write("one.md", lesson(reset: "\n      reg off"))
        XCTAssertEqual(LessonChecker.check(folder: folder).map(\.description), [])
    }

    /// A block must also run on the learner's path: after an exercise whose solution switched
    /// to `loss ce`, a block that trains a one-output net without setting its loss fails.
    func testABlockThatFailsAfterTheExercisesIsReported() {
        func lesson(blockStart: String) -> String {
            header("one", order: 1) + """

            ```exercise
            id: three-outputs
            goal: Train a softmax net with `loss ce`.
            check: loss == ce and epochs >= 1
            hint: `loss ce`
            solution:
              data xor n=40 seed=1
              loss ce
              net 2-2-2:softmax seed=1
              train epochs=1
            ```

            ```nnlab
            \(blockStart)data xor n=40 seed=1
            net 2-2-1 seed=1
            train epochs=1
            ```
            """
        }
        write("one.md", lesson(blockStart: ""))
        write("course.txt", "one\n")
        let problems = LessonChecker.check(folder: folder).map(\.description)
        XCTAssertEqual(problems.count, 1, "\(problems)")
        XCTAssertTrue(problems[0].hasPrefix("one.md:24: after the exercises above it (their reference solutions) ran: loss ce needs one output per class"),
                      "\(problems)")
        write("one.md", lesson(blockStart: "loss bce\n"))
        XCTAssertEqual(LessonChecker.check(folder: folder).map(\.description), [])
    }

    /// An exercise that an earlier exercise's solution already solves asks nothing either.
    func testAnExerciseAnEarlierExerciseAlreadySolvesIsReported() {
        write("one.md", header("one", order: 1) + """

        ```exercise
        id: first
        goal: Train a net with a hidden layer on `and`.
        check: data == and and hidden_layers >= 1 and epochs >= 1
        hint: `net 2-2-1`
        solution:
          data and n=40 seed=1
          net 2-2-1 seed=1
          train epochs=2
        ```

        ```exercise
        id: second
        goal: Train on `and` for at least two epochs.
        check: data == and and epochs >= 2
        hint: `train epochs=2`
        solution:
          data and n=40 seed=1
          net 2-2-1 seed=1
          train epochs=2
        ```
        """)
        write("course.txt", "one\n")
        XCTAssertEqual(LessonChecker.check(folder: folder).map(\.description), [
            "one.md:20: exercise second already passes after the blocks and the exercises above it ran — it must need the learner",
        ])
    }

    func testCourseProblems() {
        write("one.md", header("one", order: 1) + "\nText.\n")
        write("two.md", header("two", order: 1) + """

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
            "two.md:4: order is 1, but course.txt lists this lesson as number 2",
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
        XCTAssertNil(course.lesson(named: "99"))
        XCTAssertEqual(course.suggestion(for: "optimisers"), "optimizers")
    }
}
