import Foundation
import NNData
import NNLessons

/// Validates lesson files before a learner sees them (`lesson check`).
///
/// Reports, each with file and line: header and format mistakes (from `LessonParser`),
/// unknown commands and options in ```` ```nnlab ```` blocks and solutions (from
/// `CommandParser`), commands lessons may not run and unsafe paths (`LessonSandbox`), blocks
/// that fail when the lesson runs from the top in a fresh session, reference solutions that
/// fail or do not pass their own check in a fresh session or on the learner's path (after the
/// blocks and earlier solutions above them), blocks that fail on that path, checks that already
/// pass before anything is done, once the blocks above them have run, or once the blocks and
/// earlier solutions have run, duplicate ids, and disagreements with `course.txt`.
public enum LessonChecker {
    /// What to check beyond the files' form.
    public struct Options: Sendable {
        /// Run the lesson's blocks from the top in a fresh session.
        public var runBlocks: Bool
        /// Run every reference solution in a fresh session and evaluate its check.
        public var runSolutions: Bool

        /// The seconds each block and each reference solution may run; the line running when
        /// it is spent is reported.
        public var timeLimit: Double

        public init(runBlocks: Bool = true, runSolutions: Bool = true, timeLimit: Double = LessonRunner.checkTimeLimit) {
            self.runBlocks = runBlocks
            self.runSolutions = runSolutions
            self.timeLimit = timeLimit
        }
    }

    /// Checks every lesson of a lessons folder and its `course.txt`.
    public static func check(folder: String, options: Options = Options()) -> [LessonProblem] {
        let course = Course.load(folder: folder)
        var problems = course.problems
        for lesson in course.lessons {
            problems += self.problems(in: lesson, lessonsFolder: folder, options: options)
        }
        return sorted(problems)
    }

    /// Checks the given lesson files (paths); problems name the files as given.
    public static func check(files: [String], lessonsFolder: String, options: Options = Options()) -> [LessonProblem] {
        var problems: [LessonProblem] = []
        var lessons: [Lesson] = []
        for file in files {
            let result = Course.parseFile(file)
            problems += result.problems
            if let lesson = result.lesson {
                lessons.append(lesson)
                problems += self.problems(in: lesson, lessonsFolder: lessonsFolder, options: options)
            }
        }
        problems += Course.duplicateProblems(lessons)
        return sorted(problems)
    }

    /// The problems of one parsed lesson's commands and exercises.
    public static func problems(in lesson: Lesson, lessonsFolder: String, options: Options = Options()) -> [LessonProblem] {
        var problems: [LessonProblem] = []
        func add(_ line: Int, _ message: String) {
            problems.append(LessonProblem(file: lesson.file, line: line, message: message))
        }
        func validate(_ lines: [BlockLine], context: String) -> Bool {
            var clean = true
            for line in lines {
                do {
                    for command in try CommandParser.parse(line.text) {
                        if let problem = LessonSandbox.problem(with: command) {
                            add(line.line, "\(context)\(problem)")
                            clean = false
                        }
                    }
                } catch {
                    add(line.line, "\(context)\(error.message)")
                    clean = false
                }
            }
            return clean
        }
        var blocksClean = true
        for block in lesson.commandBlocks {
            if block.commandLines.isEmpty { add(block.line, "the nnlab block has no commands") }
            if !validate(block.lines, context: "") { blocksClean = false }
        }
        var solutionsClean: [String: Bool] = [:]
        for exercise in lesson.exercises {
            solutionsClean[exercise.id] = validate(exercise.solution, context: "exercise '\(exercise.id)' solution: ")
        }
        guard options.runBlocks || options.runSolutions else { return problems }

        let scratch = UserPath(NSTemporaryDirectory()).appending("nnlab-check-\(UUID().uuidString)").string
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        func freshSession() -> Session {
            Session(environment: SessionEnvironment(dataFolder: scratch, lessonsFolder: lessonsFolder, width: 80, colorMode: .none, interactive: false))
        }
        // Checks that pass before anything is done check nothing (reported once, below).
        var passesFresh: Set<String> = []
        for exercise in lesson.exercises where freshSession().check(exercise).passed { passesFresh.insert(exercise.id) }
        var blockFailures: Set<Int> = []
        var passesAfterBlocks: Set<String> = []
        if options.runBlocks && blocksClean {
            // A learner who only runs the blocks: each exercise's check must still fail when
            // they reach it, or the exercise asks nothing of them.
            let session = freshSession()
            for item in lesson.items {
                switch item {
                case .commands(let block):
                    if let failure = LessonRunner.runBlock(block, in: lesson, session: session, echo: false,
                                                              timeLimit: options.timeLimit, sink: { _ in }) {
                        add(failure.line, "running the lesson from the top: \(failure.message)")
                        blockFailures.insert(failure.line)
                    }
                case .exercise(let exercise) where !passesFresh.contains(exercise.id):
                    if session.check(exercise).passed {
                        add(exercise.line, "exercise \(exercise.id) already passes after the page's blocks run — it must need the learner")
                        passesAfterBlocks.insert(exercise.id)
                    }
                default:
                    break
                }
            }
        }
        guard options.runSolutions else { return problems }
        var passedFresh: Set<String> = []
        for exercise in lesson.exercises where solutionsClean[exercise.id] == true {
            if passesFresh.contains(exercise.id) {
                add(exercise.line, "exercise '\(exercise.id)': the check already passes in a fresh session, so it checks nothing")
            }
            let result = LessonRunner.runSolution(exercise, in: lesson, session: freshSession(), echo: false,
                                                  timeLimit: options.timeLimit, sink: { _ in })
            if let failure = result.failure {
                problems.append(failure)
            } else if let outcome = result.outcome, !outcome.passed {
                add(exercise.line, "exercise '\(exercise.id)': the reference solution does not pass its own check in a fresh session: " +
                    outcome.conditions.filter { $0.status != .met }.map(\.line).joined(separator: "; "))
            } else {
                passedFresh.insert(exercise.id)
            }
        }
        if blocksClean && !passedFresh.isEmpty {
            // The learner's path: the blocks and the earlier exercises' solutions, in reading
            // order. A solution that passes in a fresh session must pass from there too, so a
            // setting an earlier exercise left behind (`batch=16`, `reg l1=…`) cannot decide a
            // later one unless the solution resets it (and its goal says so) or its check pins it.
            let session = freshSession()
            for item in lesson.items {
                switch item {
                case .commands(let block):
                    // A block that runs from the top must run after the exercises too: a
                    // learner who did them reaches it in that state.
                    if let failure = LessonRunner.runBlock(block, in: lesson, session: session, echo: false,
                                                              timeLimit: options.timeLimit, sink: { _ in }),
                       !blockFailures.contains(failure.line) {
                        add(failure.line, "after the exercises above it (their reference solutions) ran: \(failure.message); " +
                            "set what the block relies on at its start")
                    }
                case .exercise(let exercise) where solutionsClean[exercise.id] == true:
                    if !passesFresh.contains(exercise.id), !passesAfterBlocks.contains(exercise.id), session.check(exercise).passed {
                        add(exercise.line, "exercise \(exercise.id) already passes after the blocks and the exercises above it ran — it must need the learner")
                    }
                    let result = LessonRunner.runSolution(exercise, in: lesson, session: session, echo: false,
                                                          timeLimit: options.timeLimit, sink: { _ in })
                    guard passedFresh.contains(exercise.id) else { continue }
                    if let failure = result.failure {
                        add(failure.line, failure.message + " after the blocks and the exercises above it ran")
                    } else if let outcome = result.outcome, !outcome.passed {
                        add(exercise.line, "exercise '\(exercise.id)': the reference solution passes in a fresh session but not after the " +
                            "blocks and the exercises above it ran; something they leave behind decides it (reset it in the solution " +
                            "and say so in the goal, or pin it in the check): " +
                            outcome.conditions.filter { $0.status != .met }.map(\.line).joined(separator: "; "))
                    }
                default:
                    break
                }
            }
        }
        return problems
    }

    /// Problems by file, then line.
    static func sorted(_ problems: [LessonProblem]) -> [LessonProblem] {
        var seen: Set<LessonProblem> = []
        return problems.filter { seen.insert($0).inserted }.enumerated().sorted { a, b in
            (a.element.file, a.element.line, a.offset) < (b.element.file, b.element.line, b.offset)
        }.map(\.element)
    }
}
