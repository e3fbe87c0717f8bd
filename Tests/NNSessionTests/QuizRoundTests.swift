import Foundation
import NNEngine
import NNLessons
import NNSession
import XCTest

/// The quiz round: reading answers of every kind, grades into the review store, the deck's
/// order, the mock interview's clock and the report.
final class QuizRoundTests: XCTestCase {
    func card(_ id: String, seed: UInt64 = 7) throws -> QuizCard {
        let (session, _, _) = try QuizTestCourse.session()
        let question = try XCTUnwrap(QuizBank(course: session.loadCourse()).question(id: id))
        var random = SeededGenerator(seed: seed)
        return QuizCard(question: question, isNew: true, random: &random)
    }

    func verdict(_ answer: String, _ card: QuizCard) -> QuizFeedback.Verdict? {
        if case let .judged(feedback) = QuizMarker.mark(answer, for: card) { return feedback.verdict }
        return nil
    }

    func testChoiceIsMarkedByTheLetterOfThisAsking() throws {
        let card = try card("q-choice")
        // The options are shuffled: find where `and` (option 0, the right one) landed.
        let position = try XCTUnwrap(card.displayOrder.firstIndex(of: 0))
        let right = QuizCard.letter(position)
        XCTAssertEqual(card.expected, right)
        XCTAssertEqual(verdict(right, card), .right)
        XCTAssertEqual(verdict(right.uppercased(), card), .right)
        XCTAssertEqual(verdict("\(position + 1)", card), .right, "a number names the option too")
        let wrong = QuizCard.letter((position + 1) % 3)
        XCTAssertEqual(verdict(wrong, card), .wrong)
        XCTAssertEqual(verdict("", card), .wrong, "an empty answer is 'I don't know'")
        guard case let .unreadable(message) = QuizMarker.mark("z", for: card) else { return XCTFail("z is not an option") }
        XCTAssertTrue(message.contains("a to c"), message)
        guard case .unreadable = QuizMarker.mark("a b", for: card) else { return XCTFail("two letters for a single choice") }
        XCTAssertTrue(card.plainText(width: 60).contains("a) "), card.plainText(width: 60))
    }

    func testMultiNeedsExactlyTheRightSet() throws {
        let card = try card("q-multi")
        let letters = [0, 1].map { QuizCard.letter(card.displayOrder.firstIndex(of: $0)!) }
        let xor = QuizCard.letter(card.displayOrder.firstIndex(of: 2)!)
        XCTAssertEqual(verdict(letters.joined(separator: " "), card), .right)
        XCTAssertEqual(verdict(letters.reversed().joined(separator: ","), card), .right)
        XCTAssertEqual(verdict(letters.joined(), card), .right)
        XCTAssertEqual(verdict(letters[0], card), .wrong, "half the set is wrong")
        XCTAssertEqual(verdict((letters + [xor]).joined(separator: " "), card), .wrong)
        guard case .unreadable = QuizMarker.mark("a a", for: card) else { return XCTFail("a letter twice") }
    }

    func testOrderShowsItemsShuffledAndChecksTheSequence() throws {
        let card = try card("q-order")
        XCTAssertNotEqual(card.displayOrder, [0, 1, 2, 3], "never shown already in order")
        let answer = (0..<4).map { QuizCard.letter(card.displayOrder.firstIndex(of: $0)!) }
        XCTAssertEqual(card.expected, answer.joined(separator: " "))
        XCTAssertEqual(verdict(answer.joined(separator: " "), card), .right)
        XCTAssertEqual(verdict(answer.reversed().joined(separator: " "), card), .wrong)
        guard case .unreadable = QuizMarker.mark(answer.prefix(3).joined(separator: " "), for: card) else {
            return XCTFail("three of four letters")
        }
    }

    func testNumericAcceptsTheEnginesAnswerAndNamesAMistake() throws {
        let card = try card("q-numeric")
        let problem = try XCTUnwrap(card.problem, "the generator made a problem")
        XCTAssertEqual(card.questionMarkdown, problem.prompt)
        XCTAssertEqual(verdict(String(format: "%.4f", problem.answer), card), .right)
        XCTAssertEqual(verdict(String(problem.answer + 1), card), .wrong)
        guard case .unreadable = QuizMarker.mark("about a half", for: card) else { return XCTFail("words are not a number") }
        let mistake = try XCTUnwrap(problem.mistakes.first { !problem.accepts($0.value) })
        guard case let .judged(feedback) = QuizMarker.mark(String(mistake.value), for: card) else { return XCTFail() }
        XCTAssertEqual(feedback.verdict, .wrong)
        XCTAssertEqual(feedback.diagnosis?.hasPrefix(mistake.name), true, "diagnosis: \(feedback.diagnosis ?? "none")")
        XCTAssertEqual(feedback.explanation, problem.solution, "the worked solution is shown")
    }

    func testRoundRecordsGradesAndTheNextRoundServesWhatIsDue() throws {
        let (session, data, _) = try QuizTestCourse.session()
        let clock = TestClock()
        let round = session.startQuiz(QuizRequest(topic: "perceptron", count: 10, seed: 3), clock: { clock.now })
        XCTAssertEqual(round.cards.map(\.question.id), ["q-choice", "q-multi", "q-numeric"], "new cards in course order")
        XCTAssertEqual(round.deckSummary, "3 new")
        XCTAssertTrue(round.warnings.isEmpty, "\(round.warnings)")
        // Right, then wrong, then right.
        XCTAssertNil(round.submit(round.current!.expected))
        XCTAssertEqual(round.results.last?.grade, .good)
        round.advance()
        XCTAssertEqual(round.submit("q"), "answer with every right letter, e.g. a c (select all that apply)", "unreadable: asked again")
        XCTAssertEqual(round.stage, .asking)
        XCTAssertNil(round.submit(""))
        XCTAssertEqual(round.results.last?.grade, .again)
        round.advance()
        clock.advance(12)
        XCTAssertNil(round.submit(round.current!.expected))
        XCTAssertEqual(round.results.last?.seconds ?? 0, 12, accuracy: 1e-9)
        round.advance()
        XCTAssertEqual(round.stage, .finished)
        XCTAssertEqual(QuizReport(round: round).lines.first, "quiz: 2 of 3 right (67%) in 12 s")
        XCTAssertTrue(QuizReport(round: round).lines.contains("  Which are linearly separable?  (q-multi)"), "\(QuizReport(round: round).lines)")

        XCTAssertEqual(round.pendingTasks.count, 3, "one grade to save per answer")
        XCTAssertTrue(try ReviewStore(dataFolder: data).allStates().isEmpty, "the round itself saves nothing")
        round.saveGrades()
        let store = try ReviewStore(dataFolder: data)
        XCTAssertEqual(store.log(card: "q-multi").count, 1)
        XCTAssertEqual(store.state(of: "q-choice")?.intervalDays, 1, "SM-2: a first good answer comes back in a day")
        // Ten minutes later only the missed card is due; the others wait.
        clock.advance(600)
        let next = session.startQuiz(QuizRequest(topic: "perceptron", count: 1, seed: 4), clock: { clock.now })
        XCTAssertEqual(next.cards.map(\.question.id), ["q-multi"])
        XCTAssertEqual(next.deckSummary, "1 due")
    }

    func testShortAnswersWaitForTheLearnersGrade() throws {
        let (session, data, _) = try QuizTestCourse.session()
        let round = session.startQuiz(QuizRequest(topic: "optimizers", count: 2, seed: 1))
        XCTAssertEqual(round.current?.question.id, "q-order")
        XCTAssertNil(round.submit(round.current!.expected))
        round.advance()
        XCTAssertEqual(round.current?.question.id, "q-short")
        XCTAssertNil(round.submit("it smooths the steps"))
        XCTAssertTrue(round.awaitsGrade)
        round.advance()
        XCTAssertEqual(round.stage.isAnswered, true, "no advancing before the grade")
        round.grade(.hard)
        XCTAssertFalse(round.awaitsGrade)
        XCTAssertEqual(round.results.last?.grade, .hard)
        XCTAssertEqual(round.results.last?.answer, "it smooths the steps")
        round.saveGrades()
        XCTAssertEqual(try ReviewStore(dataFolder: data).log(card: "q-short").first?.grade, .hard)
    }

    func testInterviewEndsWhenTheTimeIsUpAndIsSaved() throws {
        let (session, data, _) = try QuizTestCourse.session()
        let clock = TestClock()
        let round = session.startQuiz(QuizRequest(count: 4, interview: true, minutes: 1, seed: 9), clock: { clock.now })
        XCTAssertEqual(round.cards.count, 4)
        XCTAssertEqual(Set(round.cards.map(\.question.topic)), ["perceptron", "optimizers"], "topics are mixed")
        XCTAssertEqual(round.secondsLeft ?? 0, 60, accuracy: 1e-9)
        clock.advance(20)
        let first = round.current!
        _ = round.submit(first.question.kind == .short ? "" : first.expected)
        if round.awaitsGrade { round.grade(.good) }
        round.advance()
        clock.advance(45)
        XCTAssertTrue(round.isTimeUp)
        XCTAssertNil(round.submit("a"))
        XCTAssertEqual(round.stage, .finished)
        let report = QuizReport(round: round).lines
        XCTAssertEqual(report.first, "mock interview: 1 of 1 right (100%), 3 not reached in 1 min 5 s")
        round.saveGrades()
        let saved = try ReviewStore(dataFolder: data).interviews()
        XCTAssertEqual(saved.count, 1)
        XCTAssertEqual(saved.first?.questions, 4)
        XCTAssertEqual(saved.first?.score, 1)
    }

    func testQuizCommandOpensTheViewOnATerminalAndExplainsElsewhere() throws {
        let plain = try QuizTestCourse.session().session
        XCTAssertThrowsError(try plain.output(of: "quiz")) { error in
            XCTAssertTrue((error as! CommandError).message.contains("nnlab quiz --plain"), "\(error)")
        }
        let hub = try QuizTestCourse.session(interactive: true).session
        guard case let .view(.quiz(request)) = try hub.output(of: "quiz optimizers n=3").first else { return XCTFail("no view") }
        XCTAssertEqual(request, QuizRequest(topic: "optimizers", count: 3))
        guard case let .view(.quiz(interview)) = try hub.output(of: "quiz interview minutes=5").first else { return XCTFail() }
        XCTAssertTrue(interview.interview)
        XCTAssertEqual(interview.minutes, 5)
        XCTAssertThrowsError(try hub.output(of: "quiz optimisers")) { error in
            XCTAssertTrue((error as! CommandError).message.contains("optimizers"), "did you mean: \(error)")
        }
        XCTAssertThrowsError(try hub.output(of: "quiz n=0"))
    }

    func testProgressShowsLessonsAndTopicMastery() throws {
        let (session, _, _) = try QuizTestCourse.session()
        let round = session.startQuiz(QuizRequest(topic: "perceptron", count: 1, seed: 2))
        _ = round.submit(round.current!.expected)
        round.saveGrades()
        let printer = OutputPrinter(width: 80, colorMode: .none)
        let text = try session.output(of: "progress").map { printer.text($0) }.joined()
        XCTAssertTrue(text.contains("basics"), text)
        XCTAssertTrue(text.contains("quiz mastery by topic"), text)
        let perceptron = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("perceptron") })
        XCTAssertEqual(perceptron.split(separator: " ").map(String.init).prefix(4), ["perceptron", "3", "1", "0"], text)
        XCTAssertTrue(text.contains("100.0%"), text)
    }
}

extension QuizRound {
    /// Carries out the round's tasks, as the plain runner and the view's loop do.
    func saveGrades() {
        for task in takeTasks() { taskFinished(task.carryOut()) }
    }
}

extension QuizRound.Stage {
    var isAnswered: Bool { if case .answered = self { return true } else { return false } }
}
