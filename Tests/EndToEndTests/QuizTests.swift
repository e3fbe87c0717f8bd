import Foundation
import XCTest

/// The quiz from outside: `nnlab quiz --list`, `nnlab quiz --plain` fed answers on standard
/// input, a corrupt review database kept aside, and the full-screen quiz in tmux.
final class QuizTests: XCTestCase {
    /// A course of one lesson with a choice, a numeric and a short question; returns the
    /// lessons folder and a fresh data folder.
    func makeCourse() throws -> (lessons: URL, home: URL) {
        let root = try makeTemporaryFolder("nnlab-quiz-e2e")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        let lessons = root.appendingPathComponent("lessons")
        let home = root.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        let lesson = """
            ---
            id: basics
            title: Basics
            order: 1
            topics: perceptron, activations
            minutes: 5
            ---

            # Basics

            ```quiz
            id: gate-choice
            topic: perceptron
            kind: choice
            question: Which gate can a single perceptron learn?
            - [x] and
            - [ ] xor
            - [ ] xnor
            answer: Only `and` is linearly separable.
            ```

            ```quiz
            id: neuron-number
            topic: activations
            kind: numeric
            generator: neuron-sigmoid
            question: A sigmoid neuron's output.
            ```

            ```quiz
            id: why-relu
            topic: activations
            kind: short
            question: Why do hidden layers use ReLU?
            answer: Its slope is 1 for positive inputs, so gradients do not shrink layer by layer.
            ```

            """
        try Data(lesson.utf8).write(to: lessons.appendingPathComponent("basics.md"))
        try Data("basics\n".utf8).write(to: lessons.appendingPathComponent("course.txt"))
        return (lessons, home)
    }

    func quiz(_ words: [String], answers: String, lessons: URL, home: URL) throws -> NNLabBinary.Result {
        try NNLabBinary.run(["quiz", "--plain"] + words, input: answers,
                            environment: ["NNLAB_LESSONS": lessons.path, "NNLAB_HOME": home.path])
    }

    /// The text after "the answer is " on the line that has it.
    func revealedAnswer(_ output: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let found = output.split(separator: "\n").first { $0.contains("the answer is ") }
        let text = try XCTUnwrap(found, "no answer revealed in:\n\(output)", file: file, line: line)
        return String(text.components(separatedBy: "the answer is ").last!)
    }

    func testListPrintsOneTabSeparatedLinePerQuestion() throws {
        let (lessons, home) = try makeCourse()
        let result = try NNLabBinary.run(["quiz", "--list"], environment: ["NNLAB_LESSONS": lessons.path, "NNLAB_HOME": home.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            gate-choice\tperceptron\tchoice\tWhich gate can a single perceptron learn?
            neuron-number\tactivations\tnumeric\tA sigmoid neuron's output.
            why-relu\tactivations\tshort\tWhy do hidden layers use ReLU?

            """)
    }

    func testPlainQuizReadsAnswersAndTheScheduleRemembersThem() throws {
        let (lessons, home) = try makeCourse()
        // First sitting: "I don't know" to the choice and the number, which reveals both answers.
        let first = try quiz(["n=2", "seed=11"], answers: "\n\n", lessons: lessons, home: home)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertFalse(first.stdoutBytes.contains(0x1B), "no escape bytes in plain mode")
        XCTAssertTrue(first.stdout.contains("quiz: 2 new"), first.stdout)
        XCTAssertTrue(first.stdout.contains("── question 1 of 2 · perceptron · choice"), first.stdout)
        XCTAssertTrue(first.stdout.contains("✗ no answer: the answer is"), first.stdout)
        XCTAssertTrue(first.stdout.contains("quiz: 0 of 2 right (0%)"), first.stdout)
        XCTAssertTrue(first.stdout.contains("to review:\n"), first.stdout)
        XCTAssertTrue(first.stdout.contains("  (gate-choice)\n") && first.stdout.contains("  (neuron-number)\n"),
                      "each question by its words, then its id: \(first.stdout)")

        // The same seed asks the same values in a fresh data folder: the revealed answers are right.
        let parts = first.stdout.components(separatedBy: "── question 2 of 2")
        let letter = try revealedAnswer(parts[0])
        let number = try revealedAnswer(parts[1])
        let fresh = home.appendingPathComponent("second")
        let second = try quiz(["n=3", "seed=11"], answers: "x\n\(letter)\n\(number)\nrelu keeps gradients\ngood\n",
                              lessons: lessons, home: fresh)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("answer with one letter, a to c"), "x is not an option:\n\(second.stdout)")
        XCTAssertTrue(second.stdout.contains("model answer:\nIts slope is 1"), second.stdout)
        XCTAssertTrue(second.stdout.contains("quiz: 3 of 3 right (100%)"), second.stdout)

        // Everything answered is scheduled for later, so the next sitting has only early cards.
        let third = try quiz(["n=1"], answers: "", lessons: lessons, home: fresh)
        XCTAssertTrue(third.stdout.contains("1 ahead of schedule"), third.stdout)
        let progress = try NNLabBinary.run(["run", "-"], input: "progress\n",
                                           environment: ["NNLAB_LESSONS": lessons.path, "NNLAB_HOME": fresh.path])
        XCTAssertTrue(progress.stdout.contains("quiz mastery by topic"), progress.stdout)
        XCTAssertTrue(progress.stdout.contains("100.0%"), progress.stdout)
    }

    func testCorruptReviewDatabaseIsKeptAsideAndAFreshOneStarts() throws {
        let (lessons, home) = try makeCourse()
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let database = home.appendingPathComponent("reviews.sqlite")
        try Data(repeating: 0x42, count: 4096).write(to: database)
        let result = try quiz(["n=1", "seed=1"], answers: "\n", lessons: lessons, home: home)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("warning: ") && result.stdout.contains("reviews.sqlite"), result.stdout)
        let kept = try FileManager.default.contentsOfDirectory(atPath: home.path).filter { $0.hasPrefix("reviews.sqlite.") }
        XCTAssertFalse(kept.isEmpty, "the unreadable file is kept: \(kept)")
        XCTAssertTrue(result.stdout.contains("quiz: 0 of 1 right"), result.stdout)
    }

    /// A question with terminal escapes in its lesson file is printed with them escaped, and so
    /// is an answer with escapes written back.
    func testEscapesInQuestionsAndAnswersArePrintedEscaped() throws {
        let (lessons, home) = try makeCourse()
        let file = lessons.appendingPathComponent("basics.md")
        let text = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "Which gate can", with: "Which \u{1B}]0;owned\u{07}\u{1B}[2Jgate can")
        try Data(text.utf8).write(to: file)
        let result = try quiz(["n=3", "seed=11"], answers: "\u{1B}[2J\n\u{1B}[2J\n\u{1B}[2J\ngood\n", lessons: lessons, home: home)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdoutBytes.contains(0x1B), result.stdout)
        XCTAssertFalse(result.stdoutBytes.contains(0x07), result.stdout)
        XCTAssertTrue(result.stdout.contains("\\x1b]0;owned\\x07\\x1b[2Jgate"), result.stdout)
    }

    func testBadWordsAreErrorsWithAHint() throws {
        let (lessons, home) = try makeCourse()
        let result = try quiz(["perceptrn"], answers: "", lessons: lessons, home: home)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("perceptron"), "did you mean: \(result.stderr)")
    }

    /// The hub at 80×24 in tmux over the sample course, at its prompt.
    func startHub() throws -> TmuxPane {
        let (lessons, home) = try makeCourse()
        let pane = try TmuxPane(binary: try NNLabBinary.require(),
                                environment: ["NNLAB_HOME": home.path, "NNLAB_LESSONS": lessons.path,
                                              "TERM": "xterm-256color", "LANG": "C.UTF-8"],
                                width: 80, height: 24)
        try pane.waitForPrompt()
        return pane
    }

    func testQuizViewInTmux() throws {
        let pane = try startHub()
        try pane.type("quiz perceptron n=1 seed=2")
        try pane.press("Enter")
        // The whole card: the title row is drawn before the answer row at the bottom.
        var screen = try pane.waitFor("the quiz card") { $0.contains("question 1 of 1") && $0.contains("answer ›") }
        XCTAssertTrue(screen.contains("Which gate can a single perceptron learn?"), screen)
        XCTAssertTrue(screen.contains("answer › one letter, a to c"), screen)
        // The right letter is the one in front of "and".
        let line = try XCTUnwrap(screen.split(separator: "\n").first { $0.contains(") and") })
        let letter = String(line.split(separator: ")").first!.last!)
        try pane.type(letter)
        try pane.press("Enter")
        screen = try pane.waitFor("the verdict") { $0.contains("✓ right") }
        XCTAssertTrue(screen.contains("linearly separable"), screen)
        try pane.press("Enter")
        screen = try pane.waitFor("the report") { $0.contains("quiz: 1 of 1 right (100%)") }
        try pane.press("Enter")
        try pane.waitForPrompt()
        screen = try pane.screen()
        XCTAssertTrue(screen.contains("quiz: 1 of 1 right (100%)"), "the report stays in the scrollback:\n\(screen)")
        try pane.quitAndAssertSaneTerminal()
    }

    func testInterviewClockCountsDownWithoutKeys() throws {
        let pane = try startHub()
        try pane.type("quiz interview n=2 minutes=1 seed=3")
        try pane.press("Enter")
        let first = try pane.waitFor("the interview clock") { $0.contains("⏱ 1:00 left") || $0.contains("⏱ 0:59 left") }
        XCTAssertTrue(first.contains("mock interview · question 1 of 2"), first)
        // No key is pressed: the view redraws the clock on its own.
        _ = try pane.waitFor("the clock to move on", timeout: 6) { $0.contains("⏱ 0:57 left") || $0.contains("⏱ 0:56 left") }
        try pane.press("Escape")
        let report = try pane.waitFor("the report in the scrollback") { $0.contains("mock interview: no questions answered") }
        XCTAssertTrue(report.contains("mock interview"), report)
    }
}
