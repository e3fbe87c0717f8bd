import Foundation
import NNLessons
import NNRender
import NNSession
import XCTest

/// "Check yourself" questions answered in the explorer: selected with Tab, options chosen with
/// their numbers, a number typed, Enter to answer; graded with the quiz's own marker, shown with
/// the answer, and recorded in the review store as the hub's `quiz` records them.
final class LessonExplorerQuestionTests: XCTestCase {
    private static let lesson = """
        ---
        id: asked
        title: Questions in place
        order: 1
        topics: basics
        minutes: 5
        ---

        # Questions in place

        The first page.

        ## Check yourself

        ```quiz
        id: pick-one
        topic: basics
        kind: choice
        question: Which one is a loss?
        - [x] mse
        - [ ] relu
        - [ ] adam
        answer: mse is the mean squared error.
        ```

        ```quiz
        id: pick-all
        topic: basics
        kind: multi
        question: Which are optimizers?
        - [x] adam
        - [ ] mse
        - [x] sgd
        answer: adam and sgd update weights; mse is a loss.
        ```

        ```quiz
        id: in-order
        topic: basics
        kind: order
        question: Put a training step in order.
        - forward pass
        - loss
        - backward pass
        answer: Forward, loss, backward.
        ```

        ```quiz
        id: count-them
        topic: basics
        kind: numeric
        question: Parameters of a dense net
        generator: param-count
        ```

        ```quiz
        id: say-why
        topic: basics
        kind: short
        question: Why does a network need a nonlinearity?
        answer: Without one, layers compose to a single linear map.
        ```

        """

    private func harness(width: Int = 80, height: Int = 24) throws -> ExplorerHarness {
        let harness = try ExplorerHarness(lesson: "asked", files: [("asked", Self.lesson)], width: width, height: height)
        harness.press(.character("n"))
        return harness
    }

    /// The number shown for each right option, in the order the card shows them.
    private func rightNumbers(_ state: LessonPageText.QuestionState) -> [Int] {
        state.card.displayOrder.indices.filter { state.card.question.options[state.card.displayOrder[$0]].isCorrect }.map { $0 + 1 }
    }

    private func log(_ harness: ExplorerHarness, _ card: String) throws -> [ReviewLogEntry] {
        try ReviewStore(dataFolder: harness.data).log(card: card)
    }

    func testAChoiceQuestionIsAnsweredWithItsNumberAndRecordedLikeTheQuiz() throws {
        let harness = try harness()
        let view = harness.view!
        XCTAssertEqual(view.selectableItems.count, 5, "the questions are selectable items")
        try harness.selectQuestion("pick-one")
        XCTAssertEqual(view.selectedQuestion?.id, "pick-one")
        var screen = harness.screen()
        XCTAssertTrue(screen.contains("▶ Which one is a loss?"), screen)
        XCTAssertTrue(screen.contains("1–3 choose one · Enter answers"), screen)
        XCTAssertTrue(harness.rows().last?.contains("1–3 choose") ?? false)
        let state = try XCTUnwrap(view.questionState("pick-one"))
        let right = try XCTUnwrap(rightNumbers(state).first)
        let wrong = right % 3 + 1
        // Enter without a choice asks for one; a number out of range is refused.
        harness.press(.enter)
        XCTAssertEqual(view.message, "choose with 1 to 3 first")
        harness.type("7")
        XCTAssertEqual(view.message, "this question has options 1 to 3")
        harness.type("\(wrong)")
        XCTAssertEqual(view.questionState("pick-one")?.chosen, [wrong - 1])
        XCTAssertTrue(harness.screen().contains("\(wrong) ● "), harness.screen())
        harness.type("\(right)")
        XCTAssertEqual(view.questionState("pick-one")?.chosen, [right - 1], "a choice question keeps one")
        // Enter answers: the recording is the quiz's own task, carried out by the loop.
        _ = view.update(.key(.enter))
        guard case .recordGradeInFolder(let folder, let entry)? = view.pendingTasks.last else {
            return XCTFail("no grade task: \(view.pendingTasks)")
        }
        XCTAssertEqual(folder, harness.data)
        XCTAssertEqual(entry.card, "pick-one")
        XCTAssertEqual(entry.grade, .good)
        XCTAssertEqual(entry.correct, true)
        XCTAssertEqual(entry.mode, .practice)
        view.carryOutTasks()
        XCTAssertEqual(view.message, "✓ right: saved for review")
        screen = harness.screen()
        XCTAssertTrue(screen.contains("✓ right"), screen)
        XCTAssertTrue(screen.contains("mse is the mean squared error."), screen)
        XCTAssertTrue(screen.contains("saved for review · r asks it again"), screen)
        let saved = try log(harness, "pick-one")
        XCTAssertEqual(saved.map(\.grade), [.good])
        XCTAssertEqual(saved.first?.correct, true)
        XCTAssertEqual(try ReviewStore(dataFolder: harness.data).state(of: "pick-one")?.cardID, "pick-one", "scheduled for review")
        // Answered, a digit changes nothing; r asks again (a new order), and a wrong answer
        // shows the right number.
        harness.type("1")
        XCTAssertEqual(view.message, "answered; r asks it again")
        harness.type("r")
        XCTAssertNil(view.questionState("pick-one")?.feedback)
        let again = try XCTUnwrap(view.questionState("pick-one"))
        let rightAgain = try XCTUnwrap(rightNumbers(again).first)
        harness.type("\(rightAgain % 3 + 1)")
        harness.press(.enter)
        XCTAssertEqual(view.message, "✗ not quite: the answer is \(rightAgain)")
        XCTAssertTrue(harness.screen().contains("✗ not quite: the answer is \(rightAgain)"), harness.screen())
        XCTAssertEqual(try log(harness, "pick-one").map(\.grade), [.good, .again])
        XCTAssertEqual(try log(harness, "pick-one").last?.correct, false)
    }

    func testMultiOrderNumericAndShortQuestions() throws {
        let harness = try harness(width: 100, height: 30)
        let view = harness.view!
        // Multi: each number toggles; all the right ones, and only those, are right.
        try harness.selectQuestion("pick-all")
        let multi = try XCTUnwrap(view.questionState("pick-all"))
        let rights = rightNumbers(multi)
        XCTAssertEqual(rights.count, 2)
        let other = try XCTUnwrap((1...3).first { !rights.contains($0) })
        harness.type("\(other)\(other)")
        XCTAssertEqual(view.questionState("pick-all")?.chosen, [], "pressed twice, untick")
        harness.type(rights.map(String.init).joined())
        harness.press(.enter)
        XCTAssertEqual(view.questionState("pick-all")?.feedback?.verdict, .right)

        // Order: the items' numbers in the right order; Backspace takes the last back.
        try harness.selectQuestion("in-order")
        let order = try XCTUnwrap(view.questionState("in-order"))
        let sequence = order.card.question.items.indices.compactMap { order.card.displayOrder.firstIndex(of: $0) }.map { $0 + 1 }
        harness.type("\(sequence[0])\(sequence[2])")
        XCTAssertTrue(harness.screen().contains("2nd"), harness.screen())
        harness.press(.backspace)
        harness.press(.enter)
        XCTAssertEqual(view.message, "press all 3 numbers in the right order first")
        harness.type("\(sequence[1])\(sequence[2])")
        harness.press(.enter)
        XCTAssertEqual(view.questionState("in-order")?.feedback?.verdict, .right, view.message ?? "")

        // Numeric: the generator's question, a number typed; a wrong one shows the engine's answer.
        try harness.selectQuestion("count-them")
        let numeric = try XCTUnwrap(view.questionState("count-them"))
        let problem = try XCTUnwrap(numeric.card.problem)
        XCTAssertTrue(harness.screen().contains("your answer ›"), harness.screen())
        let wrongValue = problem.answer + 1000
        harness.type(String(Int(wrongValue)))
        harness.press(.backspace)
        XCTAssertEqual(view.questionState("count-them")?.entry, String(String(Int(wrongValue)).dropLast()))
        harness.type(String(String(Int(wrongValue)).suffix(1)))
        harness.press(.enter)
        XCTAssertEqual(view.questionState("count-them")?.feedback?.verdict, .wrong)
        XCTAssertTrue(harness.screen().contains("your answer: \(Int(wrongValue))"), harness.screen())
        XCTAssertTrue(harness.screen().contains("✗ not quite: the answer is \(numeric.card.expected)"), harness.screen())
        harness.type("r")
        let redrawn = try XCTUnwrap(view.questionState("count-them")?.card.problem)
        harness.type(String(Int(redrawn.answer)))
        harness.press(.enter)
        XCTAssertEqual(view.questionState("count-them")?.feedback?.verdict, .right, view.message ?? "")

        // Short: Enter shows the model answer, 1–4 grade it, as the quiz's self-grade.
        try harness.selectQuestion("say-why")
        XCTAssertTrue(harness.screen().contains("Enter shows the model answer"))
        harness.press(.enter)
        XCTAssertTrue(view.questionState("say-why")?.awaitsGrade ?? false)
        let screen = harness.screen()
        XCTAssertTrue(screen.contains("Without one, layers compose to a single"), screen)
        XCTAssertTrue(screen.contains("grade yourself: 1") && screen.contains("again · 2") && screen.contains("4\u{00A0}easy"), screen)
        XCTAssertTrue(try log(harness, "say-why").isEmpty, "nothing recorded before the grade")
        harness.type("3")
        XCTAssertEqual(view.message, "graded good: saved for review")
        XCTAssertTrue(harness.screen().contains("you graded it good;"), harness.screen())
        let graded = try log(harness, "say-why")
        XCTAssertEqual(graded.map(\.grade), [.good])
        XCTAssertNil(graded.first?.correct, "self-graded, as the quiz records it")
        XCTAssertEqual(try log(harness, "pick-all").map(\.correct), [true])
        XCTAssertEqual(try log(harness, "in-order").map(\.correct), [true])
        XCTAssertEqual(try log(harness, "count-them").map(\.correct), [false, true])
    }

    /// Explorer keys still work beside a selected question: n turns the page, h and c find no
    /// exercise, and the question keeps its answer when the page is shown again.
    func testOtherKeysStillWorkAndAnswersStayWhileTheLessonIsOpen() throws {
        let harness = try harness()
        let view = harness.view!
        try harness.selectQuestion("pick-one")
        let state = try XCTUnwrap(view.questionState("pick-one"))
        harness.type("\(try XCTUnwrap(rightNumbers(state).first))")
        harness.press(.enter)
        harness.press(.character("p"))
        XCTAssertEqual(view.pageIndex, 0)
        harness.press(.character("n"))
        XCTAssertEqual(view.questionState("pick-one")?.feedback?.verdict, .right)
        XCTAssertTrue(harness.screen().contains("✓ right"))
    }
}
