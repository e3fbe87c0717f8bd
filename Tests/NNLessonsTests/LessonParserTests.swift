import NNLessons
import XCTest

/// The lesson file format: every field, and every error with its line.
final class LessonParserTests: XCTestCase {
    static let valid = """
    ---
    id: sample
    title: A sample lesson
    order: 3
    topics: perceptron, activations
    minutes: 12
    ---

    # A sample lesson

    Intro prose with a formula: σ(z) = 1/(1 + e⁻ᶻ).

    ```nnlab
    data and n=100
    # a comment
    net 2-1:step
    ```

    ## Second page

    More prose.

    ```text
    not run: just shown
    ```

    ```exercise
    id: sample-or
    title: Solve or
    goal: Train a perceptron on `or`
      until it is perfect.
    check: data == or and
      test_acc >= 99%
    hint: Use `net 2-1:step`.
    hint: Train for
      20 epochs.
    solution:
      data or n=100
      net 2-1:step; train epochs=20
    ```

    ## Quiz page

    ```quiz
    id: sample-choice
    topic: perceptron
    kind: choice
    question: Which is linearly separable?
    - [x] and
    - [ ] xor
    answer: `and` is; `xor` is not.
    ```

    ```quiz
    id: sample-multi
    topic: activations
    kind: multi
    question: Which are bounded?
    - [x] sigmoid
    - [X] tanh
    - [ ] relu
    answer: sigmoid and tanh.
    ```

    ```quiz
    id: sample-short
    topic: activations
    kind: short
    question: Why use ReLU?
    code:
      def relu(x):
          return max(0, x)
    answer: Its slope is 1 for positive inputs.

      A second paragraph.
    ```

    ```quiz
    id: sample-order
    topic: perceptron
    kind: order
    question: Order the steps.
    - compute z
    - apply the step
    - update on mistakes
    answer: In that order.
    ```
    """

    func testParsesEveryField() throws {
        let result = LessonParser.parse(Self.valid, file: "sample.md")
        XCTAssertEqual(result.problems, [])
        let lesson = try XCTUnwrap(result.lesson)
        XCTAssertEqual(lesson.header, LessonHeader(id: "sample", title: "A sample lesson", order: 3,
                                                   topics: ["perceptron", "activations"], minutes: 12))
        XCTAssertEqual(lesson.pages.map(\.title), ["A sample lesson", "Second page", "Quiz page"])
        XCTAssertEqual(lesson.pages.map(\.line), [8, 19, 42])

        let block = try XCTUnwrap(lesson.commandBlocks.first)
        XCTAssertEqual(block.line, 13)
        XCTAssertEqual(block.lines.map(\.line), [14, 15, 16])
        XCTAssertEqual(block.commandLines.map(\.text), ["data and n=100", "net 2-1:step"])

        guard case .prose(let intro) = lesson.pages[0].items[0] else { return XCTFail("expected prose first") }
        XCTAssertEqual(intro.line, 9)
        XCTAssertTrue(intro.markdown.hasPrefix("# A sample lesson"))
        guard case .prose(let second) = lesson.pages[1].items[0] else { return XCTFail("expected prose") }
        XCTAssertTrue(second.markdown.contains("```text\nnot run: just shown\n```"), "other code blocks stay in the prose")

        let exercise = try XCTUnwrap(lesson.exercise(id: "sample-or"))
        XCTAssertEqual(exercise.title, "Solve or")
        XCTAssertEqual(exercise.goal, "Train a perceptron on `or`\nuntil it is perfect.")
        XCTAssertEqual(exercise.check.source, "data == or and test_acc >= 99%")
        XCTAssertEqual(exercise.check.facts, ["data", "test_acc"])
        XCTAssertEqual(exercise.hints, ["Use `net 2-1:step`.", "Train for\n20 epochs."])
        XCTAssertEqual(exercise.solution, [BlockLine(text: "data or n=100", line: 38), BlockLine(text: "net 2-1:step; train epochs=20", line: 39)])
        XCTAssertEqual(exercise.line, 27)
        XCTAssertEqual(lesson.page(ofExercise: "sample-or"), 1)

        let questions = lesson.questions
        XCTAssertEqual(questions.map(\.id), ["sample-choice", "sample-multi", "sample-short", "sample-order"])
        XCTAssertEqual(questions.map(\.kind), [.choice, .multi, .short, .order])
        XCTAssertEqual(questions.map(\.lesson), ["sample", "sample", "sample", "sample"])
        XCTAssertEqual(questions[0].options, [.init(text: "and", isCorrect: true), .init(text: "xor", isCorrect: false)])
        XCTAssertEqual(questions[0].correctOptions, [0])
        XCTAssertEqual(questions[1].correctOptions, [0, 1])
        XCTAssertEqual(questions[1].topic, "activations")
        XCTAssertEqual(questions[2].code, "def relu(x):\n    return max(0, x)")
        XCTAssertEqual(questions[2].answer, "Its slope is 1 for positive inputs.\n\nA second paragraph.")
        XCTAssertEqual(questions[3].items, ["compute z", "apply the step", "update on mistakes"])
        XCTAssertEqual(questions[0].line, 44)
    }

    /// The problems of a file with one mistake spliced in.
    func problems(_ text: String, file: String = "sample.md") -> [String] {
        LessonParser.parse(text, file: file).problems.map(\.description)
    }

    func replacing(_ old: String, with new: String) -> String {
        XCTAssertTrue(Self.valid.contains(old), "the sample has \(old)")
        return Self.valid.replacingOccurrences(of: old, with: new)
    }

    func testHeaderErrors() {
        XCTAssertEqual(problems("# no header\n"), ["sample.md:1: a lesson starts with a header between `---` lines (id, title, order, topics, minutes)"])
        XCTAssertEqual(problems("---\nid: sample\n"), ["sample.md:1: the header's closing `---` line is missing"])
        XCTAssertEqual(problems(replacing("minutes: 12\n", with: "")), ["sample.md:1: the header has no 'minutes'"])
        XCTAssertEqual(problems(replacing("title: A sample lesson", with: "titel: A sample lesson")),
                       ["sample.md:3: unknown header key 'titel' — did you mean 'title'?", "sample.md:1: the header has no 'title'"])
        XCTAssertEqual(problems(replacing("order: 3", with: "order: first")), ["sample.md:4: order must be a whole number from 1, got 'first'"])
        XCTAssertEqual(problems(replacing("minutes: 12", with: "minutes: 0")), ["sample.md:6: minutes must be a whole number from 1, got '0'"])
        XCTAssertEqual(problems(replacing("id: sample\n", with: "id: Sample_1\n")),
                       ["sample.md:2: id 'Sample_1' must be lower-case letters and digits joined by '-', like 'perceptron' or 'loss-functions'",
                        "sample.md:2: id 'Sample_1' differs from the file name 'sample.md'; name the file Sample_1.md"])
        XCTAssertEqual(problems(Self.valid, file: "other.md"), ["other.md:2: id 'sample' differs from the file name 'other.md'; name the file sample.md"])
        XCTAssertEqual(problems(replacing("topics: perceptron, activations", with: "topics: perceptron, Activations")),
                       ["sample.md:5: topic 'Activations' must be lower-case letters and digits joined by '-'"])
        XCTAssertEqual(problems(replacing("minutes: 12\n", with: "minutes: 12\nid: again\n")), ["sample.md:7: header key 'id' is given twice"])
    }

    func testUnclosedFence() {
        let text = "---\nid: sample\ntitle: T\norder: 1\ntopics: a\nminutes: 1\n---\n\n```nnlab\ndata and\n"
        XCTAssertEqual(problems(text), ["sample.md:9: this ``` block is never closed"])
    }

    func testExerciseErrors() {
        XCTAssertEqual(problems(replacing("check: data == or and\n  test_acc >= 99%", with: "check: data == or and tset_acc >= 0.9")),
                       ["sample.md:32: exercise check: unknown fact 'tset_acc' — did you mean 'test_acc'? (column 16 of `data == or and tset_acc >= 0.9`)"])
        XCTAssertEqual(problems(replacing("check: data == or and\n  test_acc >= 99%\n", with: "")),
                       ["sample.md:27: exercise 'sample-or': missing 'check' (what the engine verifies, like `test_acc >= 0.9`)"])
        XCTAssertEqual(problems(replacing("hint: Use `net 2-1:step`.\nhint: Train for\n  20 epochs.\n", with: "")),
                       ["sample.md:27: exercise 'sample-or': give at least one 'hint'"])
        XCTAssertEqual(problems(replacing("solution:\n  data or n=100\n  net 2-1:step; train epochs=20\n", with: "")),
                       ["sample.md:27: exercise 'sample-or': missing 'solution' (the commands that pass the check, indented below `solution:`)"])
        XCTAssertEqual(problems(replacing("title: Solve or", with: "titel: Solve or")),
                       ["sample.md:29: exercise: unknown key 'titel' — did you mean 'title'?"])
        XCTAssertEqual(problems(replacing("title: Solve or", with: "goal: again")),
                       ["sample.md:30: exercise: 'goal' is given twice"])
        XCTAssertEqual(problems(replacing("id: sample-or\n", with: "")), ["sample.md:27: exercise: missing 'id'"])
        XCTAssertEqual(problems(replacing("title: Solve or", with: "just some words")),
                       ["sample.md:29: exercise: expected `key: value`, `- item` or an indented continuation line, found 'just some words'"])
        XCTAssertEqual(problems(replacing("title: Solve or", with: "- an item")),
                       ["sample.md:29: exercise: `- ` items belong in quiz questions; write hints as `hint: …` lines"])
    }

    func testQuizErrors() {
        XCTAssertEqual(problems(replacing("topic: perceptron\nkind: choice", with: "topic: perceptrons\nkind: choice")),
                       ["sample.md:46: quiz question 'sample-choice': topic 'perceptrons' is not one of the lesson's topics (perceptron, activations) — did you mean 'perceptron'?"])
        XCTAssertEqual(problems(replacing("kind: choice", with: "kind: choise")),
                       ["sample.md:47: quiz question 'sample-choice': unknown kind 'choise' — did you mean 'choice'?"])
        XCTAssertEqual(problems(replacing("- [x] and\n- [ ] xor", with: "- [x] and\n- [x] xor")),
                       ["sample.md:44: quiz question 'sample-choice': a choice question has exactly one right option marked [x], this one has 2 (use kind: multi for several)"])
        XCTAssertEqual(problems(replacing("- [x] and\n- [ ] xor", with: "- [x] and")),
                       ["sample.md:44: quiz question 'sample-choice': a choice question needs at least two `- [ ]` options"])
        XCTAssertEqual(problems(replacing("- [x] and\n- [ ] xor", with: "- [x] and\n- xor")),
                       ["sample.md:50: quiz question 'sample-choice': write options as `- [x] right answer` or `- [ ] wrong answer`"])
        XCTAssertEqual(problems(replacing("- [x] sigmoid\n- [X] tanh", with: "- [ ] sigmoid\n- [ ] tanh")),
                       ["sample.md:54: quiz question 'sample-multi': mark at least one option right with [x]"])
        XCTAssertEqual(problems(replacing("answer: `and` is; `xor` is not.\n", with: "")),
                       ["sample.md:44: quiz question 'sample-choice': missing 'answer'"])
        XCTAssertEqual(problems(replacing("question: Why use ReLU?", with: "question: Why use ReLU?\n- an item")),
                       ["sample.md:70: quiz question 'sample-short': a short-answer question has no `- ` items; put the model answer under `answer:`"])
        XCTAssertEqual(problems(replacing("- compute z\n- apply the step\n", with: "")),
                       ["sample.md:78: quiz question 'sample-order': an order question needs at least three `- ` items, written in the right order"])
        XCTAssertEqual(problems(replacing("- compute z", with: "- [x] compute z")),
                       ["sample.md:83: quiz question 'sample-order': ordering items are plain `- item` lines, written in the right order"])
        XCTAssertEqual(problems(replacing("id: sample-order\n", with: "id: sample-order\nanswr: x\n")),
                       ["sample.md:80: quiz: unknown key 'answr' — did you mean 'answer'?"])
        XCTAssertEqual(problems(replacing("id: sample-multi", with: "id: Sample Multi")),
                       ["sample.md:55: quiz question 'Sample Multi': id must be lower-case letters and digits joined by '-'"])
        XCTAssertEqual(problems(replacing("```quiz\nid: sample-order", with: "```quiz\n  stray\nid: sample-order")),
                       ["sample.md:79: quiz: an indented line continues a field, but no `key:` line comes before it"])
    }

    /// A lesson saved with a byte-order mark parses like one without.
    func testALeadingByteOrderMarkIsSkipped() {
        XCTAssertEqual(problems("\u{FEFF}" + Self.valid), [])
        XCTAssertEqual(LessonParser.parse("\u{FEFF}" + Self.valid, file: "sample.md").lesson?.header.id, "sample")
    }

    /// Problems quote cut excerpts with control characters escaped, whatever the file holds.
    func testProblemsQuoteShortEscapedExcerpts() {
        let huge = String(repeating: "k", count: 300_000)
        let hugeKey = problems(replacing("minutes: 12\n", with: "minutes: 12\n\(huge): 1\n"))
        XCTAssertEqual(hugeKey.count, 1)
        XCTAssertTrue(hugeKey[0].hasPrefix("sample.md:7: unknown header key 'kkkk"), String(hugeKey[0].prefix(100)))
        XCTAssertLessThan(hugeKey[0].count, 200)
        let escape = problems(replacing("order: 3", with: "order: \u{1B}]0;owned\u{07}"))
        XCTAssertEqual(escape, ["sample.md:4: order must be a whole number from 1, got '\\x1b]0;owned\\x07'"])
        // A deep check is reported with the file and line, not a crash; the rest parses.
        let deep = replacing("check: data == or and", with: "check: " + String(repeating: "not ", count: 30_000) + "data == or and")
        let result = LessonParser.parse(deep, file: "sample.md")
        XCTAssertEqual(result.problems.count, 1, "\(result.problems)")
        let problem = result.problems.first?.description ?? ""
        XCTAssertTrue(problem.contains("exercise check: the check nests more than \(Check.maximumDepth) levels deep"), problem)
        XCTAssertLessThan(problem.count, 300, problem)
    }
}
