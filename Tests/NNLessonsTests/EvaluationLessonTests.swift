import Foundation
import NNLessons
import NNSession
import XCTest

/// The evaluation lesson: every number its prose quotes is what the engine prints when the
/// lesson runs, its exercises are not solved by its own blocks, and its formulas hold.
final class EvaluationLessonTests: XCTestCase {
    var scratch: String!

    override func setUp() { scratch = TestFolders.temporary("nnlab-evaluation-lesson") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    func lesson() throws -> Lesson {
        try XCTUnwrap(Course.load(folder: TestFolders.lessons).lessons.first { $0.id == "evaluation" })
    }

    /// The lesson's source with paragraphs flattened to single spaces.
    func prose() throws -> String {
        let source = try String(contentsOfFile: (TestFolders.lessons as NSString).appendingPathComponent("evaluation.md"), encoding: .utf8)
        return source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// The output of every run of a command line in a plain run of the lesson, in order.
    func outputs(of line: String, in text: String) -> [String] {
        text.components(separatedBy: "nnlab> ").dropFirst().compactMap { chunk in
            chunk.hasPrefix(line + "\n") ? String(chunk.dropFirst(line.count + 1)) : nil
        }
    }

    /// The number after `label` on its line of an output (`val loss   0.506875`).
    func value(_ label: String, in output: String) -> Double? {
        for line in output.split(separator: "\n") where line.hasPrefix(label) {
            return Double(line.dropFirst(label.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
    }

    /// The cells of the metrics row of a split (`test   1   1.0000  0.8333  0.9091  6`).
    func metrics(_ split: String, in output: String) -> [String]? {
        output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            .first { $0.first == split && $0.count == 6 }
    }

    func testEveryQuotedNumberIsWhatTheEnginePrints() throws {
        let (text, success) = LessonRunner.plain(lesson: try lesson(), session: TestFolders.session(data: scratch), solve: false)
        XCTAssertTrue(success, text)
        let prose = try prose()
        func says(_ phrase: String, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertTrue(prose.contains(phrase), "the lesson says '\(phrase)'", file: file, line: line)
        }

        // The three splits.
        let data = try XCTUnwrap(outputs(of: "data moons n=200 noise=0.8 test=0.25 val=0.3 seed=1", in: text).first)
        XCTAssertTrue(data.hasPrefix("data moons: 105 train, 45 val, 50 test"), data)
        says("`test=0.25` holds out 50; `val=0.3` takes 30% of the other 150, 45 rows, and leaves 105 to train on")

        let evals = outputs(of: "eval", in: text)
        XCTAssertEqual(evals.count, 6)
        // The overfitting run: training loss 0.005, validation loss 0.507 at the end.
        XCTAssertEqual(try XCTUnwrap(value("train loss", in: evals[0])), 0.005, accuracy: 0.0005)
        XCTAssertEqual(try XCTUnwrap(value("val loss", in: evals[0])), 0.507, accuracy: 0.0005)
        says("The training loss falls to 0.005 while the validation loss ends at 0.507")

        // Early stopping on validation.
        let stopped = try XCTUnwrap(outputs(of: "train epochs=300 patience=20 live", in: text).first)
        XCTAssertTrue(stopped.contains("early stop: the val loss was lowest at epoch 13; its weights are back") && stopped.contains("done: 33 epochs"), stopped)
        XCTAssertEqual(try XCTUnwrap(value("val loss", in: evals[1])), 0.2248, accuracy: 0.00005)
        XCTAssertEqual(try XCTUnwrap(value("test loss", in: evals[1])), 0.2654, accuracy: 0.00005)
        XCTAssertEqual(try XCTUnwrap(value("test acc", in: evals[1])), 0.88, accuracy: 1e-9)
        says("Training stops after 33 epochs with the weights of epoch 13, where the validation loss was lowest (0.2248)")
        says("reports a loss of 0.2654 and an accuracy of 88%")

        // The useless model: 95% accurate, none of the 6 test events found.
        XCTAssertEqual(try XCTUnwrap(value("test acc", in: evals[2])), 0.95, accuracy: 1e-9)
        XCTAssertEqual(metrics("test", in: evals[2]), ["test", "1", "0.0000", "0.0000", "0.0000", "6"])
        let confusions = outputs(of: "plot confusion", in: text)
        XCTAssertEqual(confusions.count, 3)
        XCTAssertTrue(confusions[0].contains("confusion · test split · 120 samples"), confusions[0])
        XCTAssertTrue(confusions[0].contains("\n1              6  0  0.0000\n"), confusions[0])
        says("the test split holds 120 rows, 6 of them events")
        says("This model is 95% accurate and finds none of the 6 events: row 1 is `6 0`")

        // The trained net.
        XCTAssertEqual(try XCTUnwrap(value("test acc", in: evals[3])), 0.9917, accuracy: 1e-9)
        XCTAssertEqual(metrics("test", in: evals[3]), ["test", "1", "1.0000", "0.8333", "0.9091", "6"])
        XCTAssertEqual(metrics("val", in: evals[3]), ["val", "1", "1.0000", "0.7500", "0.8571", "4"])
        let recall: Double = 5.0 / 6
        let f1: Double = 2 * recall / (1 + recall)
        XCTAssertEqual(f1, 0.9091, accuracy: 0.00005)
        says("Test accuracy 99.2%, precision 1.0000, recall 0.8333: 5 of the 6 events found, no false alarm, F1 = 2·1·0.8333/(1 + 0.8333) = 0.9091")
        says("finds 3 of its 4 events (recall 0.7500)")

        // pos_weight ≈ 19 = negatives/positives of the training split (186/10).
        XCTAssertEqual(metrics("test", in: evals[4]), ["test", "1", "0.8571", "1.0000", "0.9231", "6"])
        XCTAssertEqual(metrics("val", in: evals[4]), ["val", "1", "0.6000", "0.7500", "0.6667", "4"])
        XCTAssertEqual(try XCTUnwrap(value("val loss", in: evals[4])), 0.5271, accuracy: 0.00005)
        XCTAssertEqual(186.0 / 10, 19, accuracy: 0.5)
        says("here 186/10 ≈ 19")
        says("Now all 6 test events are found (recall 1.0000) at the price of one false alarm (precision 0.8571)")
        says("(the validation loss reads 0.5271 here)")
        says("finds the same 3 of 4 events with two false alarms (precision 0.6000)")

        // The threshold at 0.2 on validation.
        XCTAssertEqual(metrics("val", in: evals[5]), ["val", "1", "0.7500", "0.7500", "0.7500", "4"])
        XCTAssertTrue(evals[5].contains("threshold 0.2: class 1 when the sigmoid output ≥ 0.2"), evals[5])
        says("finds the same 3 of 4 events as 0.5 but adds a false alarm (precision 0.7500 instead of 1.0000)")
        // …while the test row, which must not decide, is perfect at 0.2.
        XCTAssertEqual(metrics("test", in: evals[5]), ["test", "1", "1.0000", "1.0000", "1.0000", "6"])
        says("The test row looks perfect at 0.2 (precision and recall 1.0000)")
    }

    /// The first run's lowest test loss, which the lesson warns against reporting.
    func testTheBestTestLossOfTheOverfittingRun() throws {
        let session = TestFolders.session(data: scratch)
        for line in ["data moons n=200 noise=0.8 test=0.25 val=0.3 seed=1", "loss bce", "net 2-64-64-1 act=relu seed=1",
                     "opt adam lr=0.01", "train epochs=300"] {
            try LessonRunner.runLine(line, session: session) { _ in }
        }
        guard case .success(.number(let best)) = session.fact("best_test_loss") else { return XCTFail("no best_test_loss") }
        XCTAssertEqual(best, 0.1129, accuracy: 0.00005)
        XCTAssertTrue(try prose().contains("In the first run the test loss reached 0.1129 at its best epoch"))
    }

    /// The pos_weight the lesson suggests: negatives/positives of the training split, 186/10.
    func testTheTrainingSplitsClassCounts() throws {
        let session = TestFolders.session(data: scratch)
        try LessonRunner.runLine("data load data/rare-events.csv seed=1 test=0.3 val=0.3", session: session) { _ in }
        let targets = try XCTUnwrap(session.data).trainTargets.scalars
        XCTAssertEqual(targets.filter { $0 == 1 }.count, 10)
        XCTAssertEqual(targets.filter { $0 == 0 }.count, 186)
        XCTAssertTrue(try prose().contains("negatives/positives in the training split, here 186/10 ≈ 19"))
    }

    /// No exercise is solved by the lesson's own blocks: after every block, every check fails.
    func testExercisesNeedTheLearner() throws {
        let lesson = try lesson()
        XCTAssertGreaterThanOrEqual(lesson.exercises.count, 2)
        let session = TestFolders.session(data: scratch)
        for exercise in lesson.exercises { XCTAssertFalse(session.check(exercise).passed, exercise.id) }
        for block in lesson.commandBlocks {
            XCTAssertNil(LessonRunner.runBlock(block, in: lesson, session: session, echo: false, sink: { _ in }))
            for exercise in lesson.exercises {
                XCTAssertFalse(session.check(exercise).passed, "\(exercise.id) passes after the block at line \(block.line)")
            }
        }
    }

    func testTheLessonHasWhatTheBriefAsks() throws {
        let lesson = try lesson()
        XCTAssertEqual(lesson.header.order, 10)
        XCTAssertGreaterThanOrEqual(lesson.questions.count, 12)
        XCTAssertEqual(Set(lesson.questions.compactMap(\.generator)), ["precision-recall-f1", "weighted-ce"])
        XCTAssertTrue(lesson.commandBlocks.contains { $0.commandLines.contains { $0.text.contains(" live") } })
    }
}
