import Foundation
import NNLessons
import NNRender

/// Runs lesson content in a session: single lines and blocks through the sandbox, exercise
/// solutions with their checks, and whole lessons printed as plain text.
///
/// This is what `lesson NAME --plain` / `--solve` print, what `lesson check` runs, and what
/// the lesson explorer calls to run a block or a solution.
public enum LessonRunner {
    /// The prompt shown in front of a lesson's commands in printed output.
    public static let prompt = "nnlab> "

    /// What running a lesson found.
    public struct Report: Sendable {
        /// The lesson's id.
        public var lesson: String
        /// Failing command lines and solutions that did not pass their checks.
        public var failures: [LessonProblem]
        /// The exercises whose reference solutions passed (with `solve`).
        public var solved: [String]

        /// Whether everything ran and every solution passed.
        public var success: Bool { failures.isEmpty }
    }

    /// The outcome of running a reference solution.
    public struct SolutionResult: Sendable {
        /// The first failing line, if one failed.
        public var failure: LessonProblem?
        /// The check's outcome after the solution ran (nil when a line failed).
        public var outcome: CheckOutcome?

        /// Whether every line ran and the check passed.
        public var passed: Bool { failure == nil && outcome?.passed == true }
    }

    // MARK: Lines and blocks

    /// Runs one command line from a lesson: parsed, each command passed through the sandbox
    /// (refused or given a safe path) and run. Throws the first error; later commands on the
    /// line do not run.
    public static func runLine(_ line: String, session: Session, sink: Session.Sink) throws(CommandError) {
        let sandbox = LessonSandbox(environment: session.environment)
        for command in try CommandParser.parse(line) {
            try session.run(try sandbox.prepare(command), sink: sink)
        }
    }

    /// The seconds one block (or one reference solution) may run when lessons are checked
    /// (`lesson check`, `lesson NAME --solve`): `$NNLAB_BLOCK_SECONDS` when it holds a positive
    /// number, else 60.
    public static var checkTimeLimit: Double {
        if let text = ProcessInfo.processInfo.environment["NNLAB_BLOCK_SECONDS"], let seconds = Double(text),
           seconds.isFinite, seconds > 0 {
            return seconds
        }
        return 60
    }

    /// Runs a block's lines in order, echoing each as `nnlab> line` before its output when
    /// `echo` is on; stops at the first failing line and returns it as a problem. With a
    /// `timeLimit` (seconds), training stops when the block has run that long and the line
    /// running then is returned as a problem.
    @discardableResult
    public static func runBlock(_ block: CommandBlock, in lesson: Lesson, session: Session, echo: Bool = true,
                                timeLimit: Double? = nil, sink: Session.Sink) -> LessonProblem? {
        runLines(block.lines, file: lesson.file, session: session, echo: echo, mustFail: block.failingLine,
                 timeLimit: timeLimit, sink: sink)
    }

    /// Runs an exercise's reference solution in the session, then its check; `timeLimit` as
    /// for `runBlock`.
    public static func runSolution(_ exercise: Exercise, in lesson: Lesson, session: Session, echo: Bool = true,
                                   timeLimit: Double? = nil, sink: Session.Sink) -> SolutionResult {
        if let failure = runLines(exercise.solution, file: lesson.file, session: session, echo: echo,
                                  timeLimit: timeLimit, sink: sink) {
            return SolutionResult(failure: LessonProblem(file: failure.file, line: failure.line,
                                                         message: "exercise '\(exercise.id)': the reference solution fails: \(failure.message)"),
                                  outcome: nil)
        }
        return SolutionResult(failure: nil, outcome: session.check(exercise))
    }

    static func runLines(_ lines: [BlockLine], file: String, session: Session, echo: Bool, mustFail: BlockLine? = nil,
                         timeLimit: Double? = nil, sink: Session.Sink) -> LessonProblem? {
        // The budget stops training through the session's cancellation hook (as Ctrl-C does).
        let previousCheck = session.cancellationCheck
        defer { session.cancellationCheck = previousCheck }
        // Clamped to [0, a day] (NaN as 0) so that any budget converts to milliseconds without trapping.
        let deadline = timeLimit.map { limit in
            ContinuousClock.now + .milliseconds(Int(((limit.isNaN ? 0 : min(max(limit, 0), 86_400)) * 1000).rounded(.up)))
        }
        func overTime() -> Bool { deadline.map { ContinuousClock.now >= $0 } ?? false }
        if deadline != nil {
            session.cancellationCheck = { overTime() || (previousCheck?() ?? false) }
        }
        for line in lines {
            let trimmed = line.text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            if echo { sink(.text(prompt + line.text)) }
            if trimmed.hasPrefix("#") { continue }
            do {
                try runLine(line.text, session: session, sink: sink)
            } catch {
                if line == mustFail {
                    sink(.text("error: \(error.message)"))
                    return nil
                }
                sink(.text("error: \(error.message) (\(file) line \(line.line))"))
                return LessonProblem(file: file, line: line.line, message: error.message)
            }
            if overTime(), let timeLimit {
                let message = "the block ran longer than the \(Numbers.format(timeLimit)) s a block may take when lessons are checked "
                    + "(it was stopped at this line); use fewer epochs or a smaller data set"
                sink(.text("error: \(message) (\(file) line \(line.line))"))
                return LessonProblem(file: file, line: line.line, message: message)
            }
            if line == mustFail {
                return LessonProblem(file: file, line: line.line,
                                     message: "the block is marked `fails`, but its last command ran without an error")
            }
        }
        return nil
    }

    // MARK: Whole lessons

    /// Prints a lesson into `sink` as the learner reads it in plain form: prose rendered at the
    /// session's width, each block with its output, each exercise's goal and check; with
    /// `solve`, each exercise's reference solution runs and its check must pass. Blocks run in
    /// `session` (full-screen views are not requested: `train … live` just trains). With a
    /// `progress` store, every page is recorded as seen.
    /// `fileProblems` (what parsing found in the lesson's file) are printed first and count
    /// as failures.
    /// With `solve`, every block and solution has `checkTimeLimit` seconds (or `timeLimit`).
    public static func run(_ lesson: Lesson, session: Session, solve: Bool, progress: ProgressStore? = nil,
                           fileProblems: [LessonProblem] = [], timeLimit: Double? = nil, sink: Session.Sink) -> Report {
        let budget = timeLimit ?? (solve ? checkTimeLimit : nil)
        let wasInteractive = session.environment.interactive
        session.environment.interactive = false
        defer { session.environment.interactive = wasInteractive }
        var report = Report(lesson: lesson.id, failures: fileProblems, solved: [])
        for problem in fileProblems { sink(.text("problem: \(problem)")) }
        let width = session.environment.width
        let colorMode = session.environment.colorMode
        var first = true
        func gap() {
            if !first { sink(.text("")) }
            first = false
        }
        gap()
        sink(.text("Lesson \(lesson.header.order) · \(lesson.id) · about \(lesson.header.minutes) minutes · topics: \(lesson.header.topics.joined(separator: ", "))"))
        for page in lesson.pages {
            for item in page.items {
                switch item {
                case .prose(let prose):
                    gap()
                    sink(proseBlock(prose.markdown, width: width, colorMode: colorMode))
                case .commands(let block):
                    gap()
                    if let failure = runBlock(block, in: lesson, session: session, timeLimit: budget, sink: sink) {
                        report.failures.append(failure)
                    }
                case .exercise(let exercise):
                    gap()
                    sink(proseBlock(exerciseMarkdown(exercise, lesson: lesson, width: width), width: width, colorMode: colorMode))
                    if solve {
                        sink(.text("Reference solution:"))
                        let result = runSolution(exercise, in: lesson, session: session, timeLimit: budget, sink: sink)
                        if let failure = result.failure {
                            report.failures.append(failure)
                        } else if let outcome = result.outcome {
                            sink(.text(outcomeText(outcome)))
                            if outcome.passed {
                                report.solved.append(exercise.id)
                            } else {
                                report.failures.append(LessonProblem(file: lesson.file, line: exercise.line,
                                    message: "exercise '\(exercise.id)': the reference solution does not pass its check: " +
                                        outcome.conditions.filter { $0.status != .met }.map(\.line).joined(separator: "; ")))
                            }
                        }
                    }
                case .question:
                    break
                }
            }
        }
        let questions = lesson.questions
        if !questions.isEmpty {
            gap()
            let topics = Array(Set(questions.map(\.topic))).sorted()
            sink(.text("Quiz: this lesson has \(questions.count) questions (topics: \(topics.joined(separator: ", ")))."))
        }
        if let progress {
            let count = lesson.pages.count
            if let warning = progress.update({ course in
                for page in 0..<count { course[lesson: lesson.id].markSeen(page: page, of: count) }
            }) {
                sink(.text(warning))
            }
        }
        if solve || !report.failures.isEmpty {
            gap()
            if report.failures.isEmpty {
                sink(.text("lesson \(lesson.id): every block ran and \(report.solved.count) of \(lesson.exercises.count) reference solutions passed their checks"))
            } else {
                sink(.text("lesson \(lesson.id): \(report.failures.count) problem\(report.failures.count == 1 ? "" : "s"):"))
                for failure in report.failures { sink(.text("  \(failure)")) }
            }
        }
        return report
    }

    /// A lesson printed as plain text (no escape codes), and whether every block ran and, with
    /// `solve`, every reference solution passed its check.
    public static func plain(lesson: Lesson, session: Session, solve: Bool, progress: ProgressStore? = nil,
                             fileProblems: [LessonProblem] = []) -> (text: String, success: Bool) {
        let printer = OutputPrinter(width: session.environment.width, colorMode: .none)
        var text = ""
        let colorMode = session.environment.colorMode
        session.environment.colorMode = .none
        defer { session.environment.colorMode = colorMode }
        let report = run(lesson, session: session, solve: solve, progress: progress, fileProblems: fileProblems) { block in
            text += printer.text(block)
        }
        return (text, report.success)
    }

    /// The lesson a learner names (id, file name or number) from the session's lessons folder,
    /// printed as plain text; the problems parsing found in its file count as failures. An
    /// unknown name gives a message naming the nearest lesson, and no success.
    /// This is `nnlab lesson NAME --plain` (and `--solve`).
    public static func plain(named name: String, session: Session, solve: Bool, recordProgress: Bool = true) -> (text: String, success: Bool) {
        let course = session.loadCourse()
        guard let lesson = course.lesson(named: name) else {
            return (Session.unknownLessonMessage(name, course: course) + "\n", false)
        }
        return plain(lesson: lesson, session: session, solve: solve, progress: recordProgress ? session.progressStore : nil,
                     fileProblems: course.problems(in: lesson))
    }

    // MARK: Text

    /// The Markdown an exercise shows in plain form: title, goal, check and how to get hints.
    /// The check is laid out for `width` (see `doneWhenMarkdown`).
    public static func exerciseMarkdown(_ exercise: Exercise, lesson: Lesson, width: Int = 80) -> String {
        var parts = ["### Exercise: \(exercise.title)", exercise.goal, doneWhenMarkdown(exercise.check.source, width: width)]
        let hints = exercise.hints.count
        parts.append("\(hints) hint\(hints == 1 ? "" : "s"): `lesson \(lesson.id) hint \(exercise.id)` shows the next. " +
                     "When you are done: `lesson \(lesson.id) check \(exercise.id)`.")
        return parts.joined(separator: "\n\n")
    }

    /// The `Done when:` paragraph: `doneWhenLines` as Markdown, each line's conditions in one
    /// code span and each line a hard break.
    static func doneWhenMarkdown(_ source: String, width: Int) -> String {
        doneWhenLines(source, width: width).enumerated().map { index, line in
            index == 0 ? "Done when: `\(line.dropFirst(doneWhenPrefix.count))`" : "`\(line)`"
        }.joined(separator: "\\\n")
    }

    /// What the check's lines start with.
    static let doneWhenPrefix = "Done when: "

    /// An exercise's check as `Done when:` lines: its conditions (the parts joined by a
    /// top-level `and`) packed into lines of at most `width` columns, so a line breaks only
    /// between two conditions and never inside one (`widest >=` stays with `64`); a
    /// continuation line starts with `and`. Only a condition wider than a line is wider.
    public static func doneWhenLines(_ source: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = String(doneWhenPrefix.dropLast())
        for (index, condition) in topLevelConditions(source).enumerated() {
            let piece = index == 0 ? condition : "and \(condition)"
            if index > 0, current.count + 1 + piece.count > width {
                lines.append(current)
                current = piece
            } else {
                current += " " + piece
            }
        }
        lines.append(current)
        return lines
    }

    /// A check's source split at each `and` outside parentheses, whitespace collapsed:
    /// `a >= 1 and (b or c) and d` gives `a >= 1`, `(b or c)`, `d`.
    public static func topLevelConditions(_ source: String) -> [String] {
        let words = source.split(whereSeparator: \.isWhitespace).map(String.init)
        var conditions: [[String]] = [[]]
        var depth = 0
        for word in words {
            if depth == 0, word.lowercased() == "and", !conditions[conditions.count - 1].isEmpty {
                conditions.append([])
                continue
            }
            depth += word.filter { $0 == "(" }.count - word.filter { $0 == ")" }.count
            conditions[conditions.count - 1].append(word)
        }
        return conditions.filter { !$0.isEmpty }.map { $0.joined(separator: " ") }
    }

    /// `check: passed` (or `not yet`) and one line per condition.
    public static func outcomeText(_ outcome: CheckOutcome) -> String {
        (["check: \(outcome.passed ? "passed" : "not yet")"] + outcome.lines.map { "  " + $0 }).joined(separator: "\n")
    }

    /// Markdown rendered at a width: plain lines without color, a styled text widget with it.
    public static func proseBlock(_ markdown: String, width: Int, colorMode: ColorMode) -> OutputBlock {
        if colorMode == .none {
            let lines = MarkdownRenderer(theme: .plain, glyphs: .unicode).render(markdown, width: max(20, width)).map(\.plainText)
            return .text(lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n"))
        }
        let lines = MarkdownRenderer(theme: .standard, glyphs: .unicode).render(markdown, width: max(20, width))
        return .widget(StyledTextView(lines: lines), height: max(1, lines.count))
    }
}
