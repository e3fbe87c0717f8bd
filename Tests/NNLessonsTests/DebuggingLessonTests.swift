import Foundation
import NNData
import NNEngine
import NNLessons
import NNSession
import XCTest

/// Every number the debugging lesson quotes, recomputed by running the lesson (and by plain
/// arithmetic for its formulas), and its exercises: none passes after the blocks above it run,
/// so a learner has to act.
final class DebuggingLessonTests: LessonTestCase {
    func lesson() throws -> Lesson {
        let course = Course.load(folder: TestFolders.lessons)
        return try XCTUnwrap(course.lessons.first { $0.id == "debugging" })
    }

    /// The lesson's source with paragraphs flattened onto one line.
    func flatSource() throws -> String {
        let source = try String(contentsOfFile: (TestFolders.lessons as NSString).appendingPathComponent("debugging.md"), encoding: .utf8)
        return source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// Runs the lesson's blocks that start before `line` in a fresh session.
    func session(runningBlocksBefore line: Int = .max) throws -> Session {
        let lesson = try lesson()
        let session = TestFolders.session(data: scratch)
        for block in lesson.commandBlocks where block.line < line {
            XCTAssertNil(LessonRunner.runBlock(block, in: lesson, session: session, echo: false, sink: { _ in }), "block at \(block.line)")
        }
        return session
    }

    /// The plain text of a command line's output.
    func text(_ session: Session, _ line: String) throws -> String { try TestFolders.text(session, line) }

    // MARK: The exercises need the learner

    func testNoExerciseIsSolvedByTheBlocksAboveIt() throws {
        try assertExercisesNeedTheLearner("debugging", count: 5)
    }

    func testTheLessonHasLiveBlocksAndEnoughQuestions() throws {
        let lesson = try lesson()
        XCTAssertTrue(lesson.commandBlocks.contains { $0.lines.contains { $0.text.contains("train") && $0.text.contains(" live") } })
        XCTAssertGreaterThanOrEqual(lesson.questions.count, 12)
        XCTAssertTrue(lesson.questions.contains { $0.generator == "initial-loss" })
    }

    // MARK: Numbers the prose quotes

    func testTheLossBeforeTraining() throws {
        let source = try flatSource()
        let session = TestFolders.session(data: scratch)
        _ = try text(session, "reg off; dropout off; batchnorm off; sched none; clip off; set batch=all")
        _ = try text(session, "data spiral classes=3 n=300 seed=1; net 2-32-32-3 out=softmax seed=1")
        XCTAssertTrue(try text(session, "eval").contains("train loss 1.166468"))
        XCTAssertEqual(try number(session, "train_loss"), 1.1665, accuracy: 5e-5)
        XCTAssertLessThan(try number(session, "train_loss") - log(3), 0.07)
        XCTAssertEqual(try number(session, "chance_loss"), 1.0986, accuracy: 5e-5)
        XCTAssertTrue(source.contains("a training loss of 1.1665: within 0.07 of ln 3"))
        XCTAssertTrue(source.contains("ln 3 ≈ 1.0986") && source.contains("ln 2 ≈ 0.6931"))
        XCTAssertEqual(log(2), 0.6931, accuracy: 5e-5)

        // Xavier's limit and deviation for the 32×32 layer, and the ratio to 3.5.
        let limit = (6.0 / 64).squareRoot(), deviation = limit / 3.0.squareRoot()
        XCTAssertEqual(limit, 0.31, accuracy: 0.005)
        XCTAssertEqual(deviation, 0.18, accuracy: 0.005)
        XCTAssertEqual(3.5 / deviation, 20, accuracy: 0.5)
        XCTAssertTrue(source.contains("±√(6/64) ≈ ±0.31, a deviation of 0.18, so these weights are about twenty times too wide"))

        _ = try text(session, "net 2-32-32-3 out=softmax init=normal(3.5) seed=1")
        let eval = try text(session, "eval")
        XCTAssertTrue(eval.contains("train loss 26.074961") && eval.contains("train acc  0.2792"), eval)
        XCTAssertGreaterThan(26.07 / log(3), 20)
        XCTAssertTrue(source.contains("The training loss is now 26.07, more than twenty times ln 3, and the accuracy (28 %)"))

        // The default ReLU net (He for the hidden layers, Xavier for the softmax) starts near 2 ln 3.
        _ = try text(session, "net 2-32-32-3 act=relu out=softmax seed=1")
        XCTAssertTrue(try text(session, "eval").contains("train loss 2.016864"))
        XCTAssertEqual(2.016864 / log(3), 1.84, accuracy: 0.01, "nearly twice")
        XCTAssertTrue(source.contains("The training loss before any step is 2.02, nearly twice ln 3."))
        XCTAssertEqual(session.fact("init"), .success(.text("he")))
        // The reference solution, Xavier throughout, starts within 0.2 of ln 3.
        _ = try text(session, "net 2-32-32-3 act=relu out=softmax init=xavier seed=1")
        XCTAssertEqual(try number(session, "initial_loss"), 1.224174, accuracy: 5e-7)
        XCTAssertLessThan(abs(try number(session, "initial_loss") - log(3)), 0.2)
    }

    func testOverfittingATinyBatch() throws {
        let source = try flatSource()
        let session = TestFolders.session(data: scratch)
        _ = try text(session, "reg off; dropout off; batchnorm off; sched none; clip off; set batch=all")
        let built = try text(session, "data moons n=10 test=0 seed=4; loss bce; net 2-16-16-1 act=relu seed=1")
        XCTAssertTrue(built.contains("337 parameters"))
        _ = try text(session, "opt adam lr=0.01; train epochs=300")
        XCTAssertEqual(try number(session, "train_loss"), 0.00046, accuracy: 5e-6)
        XCTAssertEqual(try number(session, "train_acc"), 1)
        XCTAssertTrue(source.contains("the training loss is 0.00046 and every point is right"))
        XCTAssertTrue(source.contains("a ReLU net with 337 parameters"))

        _ = try text(session, "net 2-16-16-1 act=relu init=zeros seed=1")
        XCTAssertEqual(try number(session, "dead_units"), 32, "every hidden ReLU has slope 0 at z = 0")
        _ = try text(session, "train epochs=300")
        XCTAssertEqual(try number(session, "train_loss"), log(2), accuracy: 5e-7)
        XCTAssertEqual(try number(session, "update_ratio"), 0, "no gradient reaches any weight")
        XCTAssertTrue(source.contains("The loss sits at 0.693147 — ln 2, to six decimals"))
    }

    func testTheRangeTestAndTheRatesItSuggests() throws {
        let source = try flatSource()
        let lesson = try lesson()
        let lrfindBlock = try XCTUnwrap(lesson.commandBlocks.first { $0.lines.contains { $0.text == "lrfind" } })
        let session = try self.session(runningBlocksBefore: lrfindBlock.line)
        for line in lrfindBlock.lines where line.text != "lrfind" { _ = try text(session, line.text) }
        let before = session.state
        let output = try text(session, "lrfind")
        XCTAssertEqual(session.state, before)
        XCTAssertTrue(output.contains("lowest smoothed loss 0.2371 at lr 2.33"), output)
        XCTAssertTrue(output.contains("diverged at lr 5.35"), output)
        XCTAssertTrue(output.contains("suggested lr 0.23:"), output)
        XCTAssertTrue(source.contains("Here the smoothed loss is lowest, 0.2371, at lr 2.33, and the test stops at lr 5.35"))
        XCTAssertTrue(source.contains("`lrfind` suggests 0.23."))
        XCTAssertGreaterThan(1.0829, 4 * 0.2371)

        // Fifty epochs at the suggestion.
        _ = try text(session, "opt sgd lr=0.23; train epochs=50")
        XCTAssertEqual(try number(session, "test_acc"), 1)
        XCTAssertTrue(source.contains("Fifty epochs at the suggested rate take this net to 100 % test accuracy"))

        // The lag of the moving average and what it is worth in decades of the default sweep.
        XCTAssertEqual(0.9 / (1 - 0.9), 9, accuracy: 1e-9)
        XCTAssertEqual(0.98 / (1 - 0.98), 49, accuracy: 1e-9)
        XCTAssertEqual(49 * 6.0 / 199, 1.5, accuracy: 0.05)
        XCTAssertTrue(source.contains("9 steps here against 49, and 49 steps are a decade and a half of this sweep"))
        // Momentum's steady-state velocity for a constant gradient: g/(1 − μ).
        XCTAssertEqual(1 / (1 - 0.9), 10, accuracy: 1e-9)
        // The quiz: 10^(6/199) per step, about 33 steps a decade.
        XCTAssertEqual(pow(10, 6.0 / 199), 1.072, accuracy: 5e-4)
        XCTAssertEqual(199.0 / 6, 33, accuracy: 0.5)
        XCTAssertTrue(source.contains("about 33 steps, a factor of 10^(6/199) ≈ 1.072 per step"))
    }

    func testTheTooHotAndTooColdSessions() throws {
        let source = try flatSource()
        let lesson = try lesson()
        let hot = try XCTUnwrap(lesson.exercises.first { $0.id == "debug-too-hot" })
        let session = try self.session(runningBlocksBefore: hot.line)
        XCTAssertEqual(try number(session, "test_acc"), 0.5)
        XCTAssertEqual(try number(session, "dead_units"), 15)
        XCTAssertEqual(try number(session, "update_ratio"), 0)
        XCTAssertTrue(source.contains("15 of its 32 hidden ReLUs are dead (`dead_units`, which the exercise's check shows), and one more update would not change the weights at all (`update_ratio` is 0)"))
        // From the dead weights the range test sees no fall and suggests nothing (the first hint).
        let deadTest = try text(session, "lrfind")
        XCTAssertTrue(deadTest.contains("no suggestion: the smoothed loss never fell below 90 % of its start"), deadTest)
        XCTAssertTrue(try flatSource().contains("so `lrfind` from these weights finds no rate to suggest"))
        // The rate the solution uses is the one lrfind suggests for momentum on a fresh net.
        _ = try text(session, "net 2-16-16-1 act=relu seed=1")
        XCTAssertTrue(try text(session, "lrfind").contains("suggested lr 0.11:"))
        XCTAssertTrue(hot.solution.contains { $0.text == "opt momentum lr=0.11" })

        let cold = try XCTUnwrap(lesson.exercises.first { $0.id == "debug-too-cold" })
        let slow = try self.session(runningBlocksBefore: cold.line)
        XCTAssertEqual(try number(slow, "test_acc"), 0.417, accuracy: 5e-4)
        let ratio = try number(slow, "update_ratio")
        XCTAssertEqual(ratio, 3.6e-5, accuracy: 0.05e-5)
        XCTAssertEqual(1e-3 / ratio, 28, accuracy: 1.5, "nearly thirty times less")
        XCTAssertEqual(try number(slow, "train_loss"), 2.25, accuracy: 0.005)
        XCTAssertGreaterThan(try number(slow, "initial_loss"), try number(slow, "train_loss"), "it started higher still")
        XCTAssertTrue(source.contains("After 50 epochs the test accuracy is 41.7 %, and one more update would change the weights by about 3.6·10⁻⁵ of their size"))
        XCTAssertTrue(source.contains("The loss, 2.25, is still far above ln 2 ≈ 0.693"))
        // The solution's rate, 0.23, lands inside the check's window.
        _ = try text(slow, "net 2-16-16-1 act=relu seed=1; opt sgd lr=0.23; train epochs=50")
        let fixed = try number(slow, "update_ratio")
        XCTAssertTrue((1e-4...1e-2).contains(fixed), "\(fixed)")
    }

    func testUnscaledDigits() throws {
        let source = try flatSource()
        let lesson = try lesson()
        let exercise = try XCTUnwrap(lesson.exercises.first { $0.id == "debug-unscaled" })
        let session = try self.session(runningBlocksBefore: exercise.line)
        XCTAssertEqual(session.fact("inputs_standardized"), .success(.bool(false)))
        XCTAssertEqual(try number(session, "dead_units"), 32)
        XCTAssertEqual(try number(session, "train_loss"), 2.3025, accuracy: 5e-5)
        XCTAssertEqual(log(10), 2.3026, accuracy: 5e-5)
        XCTAssertEqual(try number(session, "train_acc"), 0.10, accuracy: 0.005)
        XCTAssertTrue(source.contains("ends at 2.3025, next to ln 10 ≈ 2.3026, with 10 % accuracy"))
        // The epochs' own figures (the losses of their steps), from the fifth on.
        let history = try XCTUnwrap(session.trainer).history
        XCTAssertEqual(history.count, 20)
        for report in history.dropFirst(4) { XCTAssertEqual(report.trainLoss, 2.305, accuracy: 5e-4, "epoch \(report.epoch)") }
        XCTAssertTrue(source.contains("From the fifth epoch on the loss stays at 2.305"))
        // The rate is robustly too high for raw pixels: every seed of the net ends at chance,
        // not only the one the lesson shows (a rate at the edge would make the story a coin toss).
        for seed in 2...4 {
            let other = try self.session(runningBlocksBefore: exercise.line)
            _ = try text(other, "net 64-32-10 act=relu out=softmax seed=\(seed); train epochs=20")
            XCTAssertEqual(try number(other, "train_acc"), 0.10, accuracy: 0.02, "seed \(seed)")
            XCTAssertEqual(try number(other, "dead_units"), 32, "seed \(seed)")
        }
        XCTAssertTrue(source.contains("all 32 ReLUs are dead"))
        // Pixel intensities run from 0 to 16.
        let raw = try XCTUnwrap(session.data).trainInputs.scalars
        XCTAssertEqual(raw.min(), 0)
        XCTAssertEqual(raw.max(), 16)
        XCTAssertTrue(source.contains("pixel intensities from 0 to 16"))
    }

    func testGradientCheckAndQuizArithmetic() throws {
        let source = try flatSource()
        let lesson = try lesson()
        let block = try XCTUnwrap(lesson.commandBlocks.first { $0.lines.contains { $0.text == "gradcheck" } })
        let session = try self.session(runningBlocksBefore: block.line + 1)
        let output = try text(session, "gradcheck")
        XCTAssertTrue(output.contains("gradcheck: 105 parameters") && output.contains("largest relative error 1.472e-08"), output)
        XCTAssertTrue(source.contains("over all 105 parameters is 1.5·10⁻⁸"))
        // Quiz answers: ln 10, the double softmax floor for 3 classes, bce and mse at p = 0.5.
        XCTAssertEqual(log(10), 2.303, accuracy: 5e-4)
        XCTAssertEqual(-log(exp(1) / (exp(1) + 2)), 0.55, accuracy: 0.005)
        XCTAssertEqual(-log(0.5), log(2), accuracy: 1e-15)
        XCTAssertEqual(0.5 * 0.5, 0.25)
        XCTAssertTrue(source.contains("−ln(e/(e + 2)) ≈ 0.55 for 3 classes"))
    }

    /// Predictions that know nothing of balanced labels average at least ln k (Jensen): the
    /// mean of −ln qⱼ over the k classes is ≥ −ln(mean qⱼ) = ln k, equal only at q uniform.
    func testUninformedPredictionsCannotBeatLnK() throws {
        var generator = SeededGenerator(seed: 7)
        for k in [2, 3, 10] {
            for _ in 0..<200 {
                let raw = (0..<k).map { _ in exp(generator.normal(deviation: 3)) }
                let q = raw.map { $0 / raw.reduce(0, +) }
                let meanSurprise = q.map { -log($0) }.reduce(0, +) / Double(k)
                XCTAssertGreaterThanOrEqual(meanSurprise, log(Double(k)) - 1e-12)
            }
            XCTAssertEqual([Double](repeating: 1 / Double(k), count: k).map { -log($0) }.reduce(0, +) / Double(k), log(Double(k)), accuracy: 1e-12)
        }
        XCTAssertTrue(try flatSource().contains("the mean of −ln qⱼ over the k classes is ≥ ln k"))
    }
}
