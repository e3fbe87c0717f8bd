import Foundation
import NNLessons
import NNSession
import XCTest

/// The `numeric` and `bug` quiz kinds in lesson files: how they parse, and every problem the
/// checker reports with its file and line.
final class QuizKindParserTests: XCTestCase {
    static let lesson = """
    ---
    id: sample
    title: A sample lesson
    order: 1
    topics: optimizers, activations
    minutes: 5
    ---

    # A sample lesson

    ```quiz
    id: sample-adam
    topic: optimizers
    kind: numeric
    question: One step of Adam
    generator: adam-step
    ```

    ```quiz
    id: sample-bug
    topic: activations
    kind: bug
    question: What is wrong with this derivative?
    code:
      def sigmoid_derivative(z):
          return z * (1 - z)
    - [x] It expects σ(z), not z
    - [ ] Nothing
    answer: σ′(z) = σ(z)(1 − σ(z)).
    ```
    """

    func parse(_ text: String) -> LessonParser.Result { LessonParser.parse(text, file: "sample.md") }

    func problems(replacing old: String, with new: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        XCTAssertTrue(Self.lesson.contains(old), "the sample holds '\(old)'", file: file, line: line)
        return parse(Self.lesson.replacingOccurrences(of: old, with: new)).problems.map(\.description)
    }

    func testNumericAndBugQuestionsParse() throws {
        let result = parse(Self.lesson)
        XCTAssertEqual(result.problems, [])
        let questions = try XCTUnwrap(result.lesson).questions
        XCTAssertEqual(questions.map(\.kind), [.numeric, .bug])

        let numeric = questions[0]
        XCTAssertEqual(numeric.generator, "adam-step")
        XCTAssertEqual(numeric.question, "One step of Adam")
        XCTAssertEqual(numeric.answer, "", "a numeric question needs no answer: the generator's solution is shown")
        XCTAssertEqual(numeric.line, 11)
        let problem = try XCTUnwrap(numeric.numericProblem(seed: 42))
        XCTAssertEqual(problem, NumericGenerators.named("adam-step")!.make(seed: 42))

        let bug = questions[1]
        XCTAssertNil(bug.generator)
        XCTAssertNil(bug.numericProblem(seed: 42), "only numeric questions make problems")
        XCTAssertEqual(bug.code, "def sigmoid_derivative(z):\n    return z * (1 - z)")
        XCTAssertEqual(bug.correctOptions, [0])
        XCTAssertEqual(bug.options.map(\.text), ["It expects σ(z), not z", "Nothing"])

        let bank = QuizBank(questions: questions)
        XCTAssertEqual(bank.listing, ["sample-adam\toptimizers\tnumeric\tOne step of Adam",
                                      "sample-bug\tactivations\tbug\tWhat is wrong with this derivative?"])
    }

    func testANumericQuestionMayAddARemark() throws {
        let text = Self.lesson.replacingOccurrences(of: "generator: adam-step\n", with: "generator: adam-step\nanswer: Mind the bias correction.\n")
        let question = try XCTUnwrap(parse(text).lesson?.questions.first)
        XCTAssertEqual(question.answer, "Mind the bias correction.")
    }

    func testNumericErrors() {
        XCTAssertEqual(problems(replacing: "generator: adam-step", with: "generator: adam-stpe"),
                       ["sample.md:16: quiz question 'sample-adam': unknown generator 'adam-stpe' — did you mean 'adam-step'?"])
        let ids = NumericGenerators.ids.joined(separator: ", ")
        XCTAssertEqual(problems(replacing: "generator: adam-step", with: "generator: quantum"),
                       ["sample.md:16: quiz question 'sample-adam': unknown generator 'quantum'; the generators are \(ids)"])
        XCTAssertEqual(problems(replacing: "generator: adam-step\n", with: ""),
                       ["sample.md:11: quiz question 'sample-adam': a numeric question needs `generator: ID`, one of \(ids)"])
        XCTAssertEqual(problems(replacing: "generator: adam-step\n", with: "generator:\n"),
                       ["sample.md:16: quiz question 'sample-adam': a numeric question needs `generator: ID`, one of \(ids)"])
        XCTAssertEqual(problems(replacing: "generator: adam-step\n", with: "generator: adam-step\n- [x] 0.49\n"),
                       ["sample.md:17: quiz question 'sample-adam': a numeric question has no `- ` items; its numbers come from the generator"])
        XCTAssertEqual(problems(replacing: "generator: adam-step\n", with: "generator: adam-step\ncode: w -= lr * g\n"),
                       ["sample.md:17: quiz question 'sample-adam': a numeric question has no `code:`; the generator writes the whole question"])
        XCTAssertEqual(problems(replacing: "kind: numeric", with: "kind: numerc"),
                       ["sample.md:14: quiz question 'sample-adam': unknown kind 'numerc' — did you mean 'numeric'?"])
        XCTAssertEqual(problems(replacing: "generator: adam-step", with: "generatr: adam-step"),
                       ["sample.md:16: quiz: unknown key 'generatr' — did you mean 'generator'?"])
    }

    func testOtherKindsHaveNoGenerator() {
        XCTAssertEqual(problems(replacing: "kind: bug\n", with: "kind: bug\ngenerator: adam-step\n"),
                       ["sample.md:23: quiz question 'sample-bug': only numeric questions have a generator; write `kind: numeric` or remove this line"])
    }

    func testBugErrors() {
        XCTAssertEqual(problems(replacing: "code:\n  def sigmoid_derivative(z):\n      return z * (1 - z)\n", with: ""),
                       ["sample.md:19: quiz question 'sample-bug': a bug question needs `code:` with the code or formula that holds the bug"])
        XCTAssertEqual(problems(replacing: "- [ ] Nothing", with: "- [x] Nothing"),
                       ["sample.md:19: quiz question 'sample-bug': a bug question has exactly one right option marked [x], this one has 2"])
        XCTAssertEqual(problems(replacing: "- [ ] Nothing\n", with: ""),
                       ["sample.md:19: quiz question 'sample-bug': a bug question needs at least two `- [ ]` options"])
        XCTAssertEqual(problems(replacing: "answer: σ′(z) = σ(z)(1 − σ(z)).\n", with: ""),
                       ["sample.md:19: quiz question 'sample-bug': missing 'answer'"])
    }

    /// `lesson check` reports a mistyped generator with the file and line.
    func testTheCheckerReportsAnUnknownGenerator() throws {
        let folder = TestFolders.temporary()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = (folder as NSString).appendingPathComponent("sample.md")
        try Self.lesson.replacingOccurrences(of: "generator: adam-step", with: "generator: momentum")
            .write(toFile: path, atomically: true, encoding: .utf8)
        try "sample\n".write(toFile: (folder as NSString).appendingPathComponent("course.txt"), atomically: true, encoding: .utf8)
        XCTAssertEqual(LessonChecker.check(folder: folder).map(\.description),
                       ["sample.md:16: quiz question 'sample-adam': unknown generator 'momentum' — did you mean 'momentum-step'?"])
    }
}
