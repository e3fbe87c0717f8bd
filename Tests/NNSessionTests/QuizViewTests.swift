import Foundation
import NNLessons
import NNRender
import NNSession
import XCTest

/// The quiz view's logic: keys in, the round's state and the screen out, no terminal.
final class QuizViewTests: XCTestCase {
    func screen(_ view: QuizView, width: Int = 80, height: Int = 24) -> String {
        var buffer = Buffer(width: width, height: height)
        view.render(into: &buffer)
        return BufferPrinter(colorMode: .none).plainLines(buffer).joined(separator: "\n")
    }

    func type(_ text: String, into view: QuizView) {
        for character in text { _ = view.update(.key(.character(character))) }
    }

    func testAnswerRevealNextAndReport() throws {
        let (session, _, _) = try QuizTestCourse.session()
        let round = session.startQuiz(QuizRequest(topic: "perceptron", count: 2, seed: 5))
        let view = QuizView(session: session, round: round, width: 80, height: 24)
        var text = screen(view)
        XCTAssertTrue(text.contains("nnlab · quiz · question 1 of 2"), text)
        XCTAssertTrue(text.contains("Which gate can one perceptron learn?"), text)
        XCTAssertTrue(text.contains("answer › one letter, a to c"), text)
        XCTAssertTrue(text.contains("perceptron · choice · new"), text)

        // A letter that is not an option: told what to type, nothing recorded.
        type("z", into: view)
        _ = view.update(.key(.enter))
        XCTAssertTrue(screen(view).contains("answer with one letter, a to c"), screen(view))
        XCTAssertTrue(round.results.isEmpty)
        _ = view.update(.key(.backspace))
        type(round.current!.expected, into: view)
        XCTAssertTrue(screen(view).contains("answer › \(round.current!.expected)"), screen(view))
        _ = view.update(.key(.enter))
        text = screen(view)
        XCTAssertTrue(text.contains("✓ right"), text)
        XCTAssertTrue(text.contains("linearly separable"), "the explanation shows: \(text)")
        XCTAssertTrue(text.contains("Enter next question"), text)
        XCTAssertEqual(view.update(.key(.enter)), .none)
        XCTAssertTrue(screen(view).contains("question 2 of 2"), screen(view))

        _ = view.update(.key(.enter))   // empty: I don't know
        text = screen(view)
        XCTAssertTrue(text.contains("✗ no answer: the answer is"), text)
        _ = view.update(.key(.enter))
        text = screen(view)
        XCTAssertTrue(text.contains("quiz: 1 of 2 right (50%)"), text)
        XCTAssertTrue(text.contains("Which are linearly separable?  (q-multi)"), text)
        XCTAssertEqual(view.update(.key(.enter)), .close)
        guard case let .text(closing) = view.closingOutput().first else { return XCTFail() }
        XCTAssertTrue(closing.hasPrefix("quiz: 1 of 2 right"), closing)
    }

    func testShortAnswerTakesAGradeKey() throws {
        let (session, data, _) = try QuizTestCourse.session()
        let round = session.startQuiz(QuizRequest(topic: "optimizers", count: 2, seed: 5))
        let view = QuizView(session: session, round: round, width: 80, height: 24)
        type(round.current!.expected, into: view)
        _ = view.update(.key(.enter))
        _ = view.update(.key(.character("n")))
        XCTAssertEqual(round.current?.question.id, "q-short")
        type("it cancels the zig-zag", into: view)
        _ = view.update(.key(.enter))
        let text = screen(view)
        XCTAssertTrue(text.contains("grade yourself:  1 again   2 hard   3 good   4 easy"), text)
        XCTAssertTrue(text.contains("averages the gradients"), "the model answer shows: \(text)")
        XCTAssertTrue(text.contains("your answer: it cancels the zig-zag"), text)
        _ = view.update(.key(.enter))
        XCTAssertTrue(round.awaitsGrade, "Enter is not a grade")
        _ = view.update(.key(.character("4")))
        XCTAssertEqual(round.stage, .finished)
        view.carryOutTasks()
        XCTAssertEqual(try ReviewStore(dataFolder: data).log(card: "q-short").first?.grade, .easy)
    }

    func testGradesLeaveTheViewAsTasksAndAFailedSaveIsShown() throws {
        let (session, data, _) = try QuizTestCourse.session()
        let round = session.startQuiz(QuizRequest(topic: "perceptron", count: 2, seed: 5))
        let view = QuizView(session: session, round: round, width: 80, height: 24)
        let card = round.current!
        type(card.expected, into: view)
        _ = view.update(.key(.enter))
        XCTAssertEqual(round.results.count, 1)
        XCTAssertTrue(try ReviewStore(dataFolder: data).log(card: card.question.id).isEmpty, "update saves nothing")
        guard case let .recordGrade(_, entry)? = round.pendingTasks.first, round.pendingTasks.count == 1 else {
            return XCTFail("one grade to save: \(round.pendingTasks)")
        }
        XCTAssertEqual(entry.card, card.question.id)
        XCTAssertEqual(entry.grade, .good)
        XCTAssertEqual(entry.correct, true)
        XCTAssertEqual(entry.answer, card.expected)
        XCTAssertEqual(entry.mode, .practice)
        XCTAssertEqual(view.carryOutTasks(), [.reviewRecorded(problem: nil)])
        XCTAssertTrue(round.pendingTasks.isEmpty)
        let log = try ReviewStore(dataFolder: data).log(card: card.question.id)
        XCTAssertEqual(log.count, 1)
        XCTAssertEqual(log.first?.grade, .good)
        XCTAssertEqual(log.first?.answer, card.expected)
        XCTAssertEqual(log.first?.correct, true)
        // A grade the store refused comes back as a warning the view shows and the report keeps.
        _ = view.update(.taskFinished(.reviewRecorded(problem: "the grade of q-choice was not saved: the disk is full")))
        XCTAssertTrue(screen(view).contains("warning: the grade of q-choice was not saved"), screen(view))
        XCTAssertTrue(QuizReport(round: round).lines.contains("warning: the grade of q-choice was not saved: the disk is full"))
    }

    func testInterviewClockAndTimeUp() throws {
        let (session, _, _) = try QuizTestCourse.session()
        let clock = TestClock()
        let round = session.startQuiz(QuizRequest(count: 3, interview: true, minutes: 2, seed: 1), clock: { clock.now })
        let view = QuizView(session: session, round: round, width: 80, height: 24)
        XCTAssertTrue(screen(view).contains("mock interview"), screen(view))
        XCTAssertTrue(screen(view).contains("⏱ 2:00 left"), screen(view))
        XCTAssertTrue(view.work(budget: 0.01), "the clock's first second draws")
        XCTAssertFalse(view.work(budget: 0.01), "the same second does not")
        clock.advance(61.5)
        XCTAssertTrue(view.work(budget: 0.01))
        XCTAssertTrue(screen(view).contains("⏱ 0:59 left"), screen(view))
        clock.advance(60)
        _ = view.update(.tick)
        XCTAssertEqual(round.stage, .finished)
        let text = screen(view)
        XCTAssertTrue(text.contains("time is up"), text)
        XCTAssertTrue(text.contains("mock interview: no questions answered"), text)
    }

    func testEscapeStopsAndTinyTerminalSaysSo() throws {
        let (session, _, _) = try QuizTestCourse.session()
        let round = session.startQuiz(QuizRequest(topic: "perceptron", count: 3, seed: 5))
        let view = QuizView(session: session, round: round, width: 50, height: 15)
        XCTAssertEqual(screen(view, width: 50, height: 15).trimmingCharacters(in: .whitespacesAndNewlines), "terminal too small (needs 60×20)")
        _ = view.update(.resize(width: 100, height: 30))
        XCTAssertTrue(screen(view, width: 100, height: 30).contains("Which gate"))
        XCTAssertEqual(view.update(.key(.escape)), .close)
        XCTAssertEqual(round.stage, .finished)
    }
}
