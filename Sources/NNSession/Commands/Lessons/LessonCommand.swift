import NNEngine
import NNLessons

/// `lesson NAME [--plain] [--solve]`, `lesson NAME hint|check [EXERCISE]`, `lesson check [FILE…]`:
/// open a lesson, show an exercise's hint or check it, or check lesson files; `lesson` alone
/// goes on where the learner stopped.
enum LessonCommand: SessionCommand {
    static let spec = CommandSpec(
        "lesson", summary: "open a lesson; alone, go on where you stopped",
        usage: "lesson [NAME]\nlesson NAME hint [EXERCISE]\nlesson NAME check [EXERCISE]\nlesson check [FILE...]",
        example: "lesson perceptron", words: [.lessons])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let words = command.positionals
        let course = session.loadCourse()
        guard let first = words.first else {
            // No name: go on where the learner stopped (the first lesson for a new learner).
            let progress = session.progressStore.load()
            if let warning = progress.warning { sink(.text(warning)) }
            guard let place = CoursePlace.resume(course: course, progress: progress.progress) else {
                throw CommandError("there are no lessons in \(course.folder) (set NNLAB_LESSONS to point at a lessons folder)",
                                   column: command.column, length: command.name.count)
            }
            try session.open(place, saying: CoursePlaceWording.resume(place), command: command, sink: sink)
            return
        }
        if first.raw.lowercased() == "check" {
            try session.checkLessonFiles(files: words.dropFirst().map(\.value.text), command: command, sink: sink)
            return
        }
        guard let lesson = course.lesson(named: first.value.text) else {
            throw CommandError(Session.unknownLessonMessage(first.value.text, course: course), at: first)
        }
        let rest = Array(words.dropFirst())
        let flags = rest.map { $0.raw.lowercased() }
        if let verb = flags.first, verb == "hint" || verb == "check" {
            try session.noExtraWords(command, allowed: 3)
            let exercise = try session.pickExercise(lesson, word: rest.count > 1 ? rest[1] : nil, command: command)
            if verb == "hint" { session.showHint(lesson, exercise, sink: sink) } else { try session.checkExercise(lesson, exercise, sink: sink) }
            return
        }
        for (word, flag) in zip(rest, flags) where flag != "--plain" && flag != "--solve" {
            throw CommandError("'lesson \(lesson.id)' takes --plain, --solve, `hint [EXERCISE]` or `check [EXERCISE]`, not '\(InputExcerpt.cut(word.raw))'", at: word)
        }
        let solve = flags.contains("--solve")
        if session.environment.interactive && !solve && !flags.contains("--plain") {
            sink(.view(.lesson(lesson.id)))
            return
        }
        let report = LessonRunner.run(lesson, session: session, solve: solve, progress: session.progressStore,
                                      fileProblems: course.problems(in: lesson), sink: sink)
        if !report.success {
            throw CommandError("lesson \(lesson.id): \(report.failures.count) problem\(report.failures.count == 1 ? "" : "s"); the first: \(report.failures[0])",
                               column: command.column, length: command.text.count)
        }
    }
}
