import Foundation
import NNLessons
import NNSession
import XCTest

/// The course in `lessons/`: clean for the checker, every lesson runs with its solutions, and
/// it has the shape the course promises.
final class ShippedCourseTests: XCTestCase {
    var scratch: String!

    override func setUp() { scratch = TestFolders.temporary() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    func course() -> Course { Course.load(folder: TestFolders.lessons) }

    func testTheCheckerFindsNoProblems() {
        let problems = LessonChecker.check(folder: TestFolders.lessons)
        XCTAssertEqual(problems.map(\.description), [])
    }

    func testEveryLessonRunsWithItsSolutions() {
        let course = course()
        XCTAssertEqual(course.lessons.count, 15)
        for lesson in course.lessons {
            let session = TestFolders.session(data: scratch)
            let started = Date()
            let (text, success) = LessonRunner.plain(lesson: lesson, session: session, solve: true)
            let seconds = Date().timeIntervalSince(started)
            XCTAssertTrue(success, "lesson \(lesson.id) --plain --solve failed:\n\(text)")
            XCTAssertTrue(text.contains("every block ran and \(lesson.exercises.count) of \(lesson.exercises.count) reference solutions passed"),
                          "\(lesson.id): \(text.suffix(400))")
            XCTAssertFalse(text.contains("\u{1B}["), "\(lesson.id): plain text has no escape codes")
            XCTAssertLessThan(seconds, 10, "lesson \(lesson.id) should run in a few seconds in a release build")
        }
    }

    func testPlainByNameRecordsPagesAndRejectsUnknownNames() {
        let session = TestFolders.session(data: scratch)
        let (text, success) = LessonRunner.plain(named: "1", session: session, solve: false)
        XCTAssertTrue(success, text)
        XCTAssertTrue(text.hasPrefix("Lesson 1 · perceptron"))
        let record = ProgressStore(dataFolder: scratch).load().progress[lesson: "perceptron"]
        XCTAssertEqual(record.pagesSeen, Array(0..<course().lessons[0].pages.count))
        XCTAssertTrue(record.solved.isEmpty, "printing a lesson solves nothing")

        let (message, found) = LessonRunner.plain(named: "perceptorn", session: session, solve: false)
        XCTAssertFalse(found)
        XCTAssertEqual(message, "no lesson 'perceptorn' — did you mean 'perceptron'?\n")
    }

    func testTheCourseHasItsPromisedShape() {
        let course = course()
        // Issue 17's order; lessons written on other branches join as they are merged.
        let order = ["perceptron", "activations", "backpropagation", "loss-functions", "information-theory", "gradient-descent",
                     "optimizers", "initialization", "regularization", "evaluation", "debugging", "capacity-and-limits",
                     "normalization-and-residuals", "convolutional-networks", "recurrent-networks"]
        let present = order.filter { id in FileManager.default.fileExists(atPath: (TestFolders.lessons as NSString).appendingPathComponent(id + ".md")) }
        XCTAssertEqual(course.lessons.map(\.id), present)
        XCTAssertEqual(course.lessons.map(\.header.order), present.map { order.firstIndex(of: $0)! + 1 })
        for lesson in course.lessons {
            XCTAssertTrue(lesson.commandBlocks.contains { $0.commandLines.contains { $0.text.contains(" live") } },
                          "\(lesson.id) has a live demo")
            XCTAssertGreaterThanOrEqual(lesson.exercises.count, 2, lesson.id)
            XCTAssertGreaterThanOrEqual(lesson.questions.count, 5, lesson.id)
            XCTAssertGreaterThanOrEqual(lesson.pages.count, 3, lesson.id)
            for exercise in lesson.exercises {
                XCTAssertGreaterThanOrEqual(exercise.hints.count, 1, exercise.id)
            }
        }
        let bank = QuizBank(course: course)
        XCTAssertGreaterThanOrEqual(bank.questions.count, 80)
        XCTAssertEqual(Set(bank.questions.map(\.id)).count, bank.questions.count, "question ids are unique")
        for kind in QuizQuestion.Kind.allCases {
            XCTAssertTrue(bank.questions.contains { $0.kind == kind }, "the bank has \(kind) questions")
        }
        XCTAssertTrue(bank.questions.contains { $0.code != nil }, "the bank has spot-the-bug questions")
        for question in bank.questions where question.code != nil && question.kind != .short {
            XCTAssertEqual(question.kind, .bug, "\(question.id): a question with code and options is a spot-the-bug question")
        }
    }

    /// Every interview question of the seed material has a short-answer question with a model answer.
    func testEveryInterviewQuestionIsCovered() throws {
        let bank = QuizBank(course: course())
        let interview = [
            "vanishing-gradients": "vanishing gradients",
            "exploding-gradients": "exploding gradients",
            "relu-vs-sigmoid": "ReLU vs sigmoid",
            "batch-norm-explained": "batch normalization",
            "sgd-momentum-adam": "SGD vs momentum vs Adam",
            "dropout-explained": "dropout",
            "why-initialization": "initialization",
            "l1-vs-l2": "L1 vs L2",
            "universal-approximation": "universal approximation",
            "perceptron-vs-network": "perceptron vs network",
            "backprop-explained": "backpropagation",
            "network-from-scratch": "implementing a network from scratch",
            "batch-vs-minibatch-vs-sgd": "batch vs mini-batch vs stochastic",
            "prevent-overfitting": "overfitting",
            "architecture-choice": "architecture choice",
            "activation-tradeoffs": "activation trade-offs",
            "efficient-training": "efficient training",
            "imbalanced-data": "imbalanced data",
            "wrong-tool": "when a network is the wrong tool",
        ]
        for (id, subject) in interview {
            let question = try XCTUnwrap(bank.question(id: id), "a question on \(subject)")
            XCTAssertEqual(question.kind, .short, id)
            XCTAssertGreaterThan(question.answer.count, 300, "\(id): a model answer in full, not a hint")
        }
    }

    func testQuizListingIsOneLinePerQuestion() {
        let bank = QuizBank(course: course())
        let lines = bank.listing
        XCTAssertEqual(lines.count, bank.questions.count)
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            XCTAssertEqual(fields.count, 4, line)
            XCTAssertFalse(line.contains("\n"))
        }
        XCTAssertTrue(lines.contains("step-no-gradient\tperceptron\tchoice\tWhy can't gradient descent train a network whose hidden units use the step function?"))
        XCTAssertEqual(bank.questions(topic: "softmax").map(\.id),
                       ["softmax-derivative-bug", "softmax-ce-gradient", "softmax-stability", "compute-softmax-probability"])
        XCTAssertEqual(bank.questions(topic: "backpropagation").count, 11, "a lesson id names all its questions")
        XCTAssertTrue(lines.contains("compute-adam-step\toptimizers\tnumeric\tOne step of Adam"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("gelu-derivative-bug\tactivations\tbug\t") })
    }
}
