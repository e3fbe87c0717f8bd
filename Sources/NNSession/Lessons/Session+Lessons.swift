import NNText
import Foundation
import NNEngine
import NNLessons

extension Session {
    /// The course in the session's lessons folder. Progress saved under a lesson's old id
    /// (an alias) or for an exercise that moved to another lesson is carried over in the store
    /// first (`CourseProgress.carryOver(to:)`), so every reader sees it where it belongs now.
    public func loadCourse() -> Course {
        let course = Course.load(folder: environment.lessonsFolder)
        carryOverProgress(to: course)
        return course
    }

    /// Writes the carried-over progress when the store holds any that has not moved yet.
    func carryOverProgress(to course: Course) {
        let store = progressStore
        guard FileManager.default.fileExists(atPath: store.path) else { return }
        let progress = store.peek()
        guard progress.carriedOver(to: course.lessons) != progress else { return }
        // Warnings about the store were kept for the next reader by `peek`.
        _ = store.update { $0.carryOver(to: course.lessons) }
    }

    /// The progress store in the session's data folder.
    public var progressStore: ProgressStore { ProgressStore(dataFolder: environment.dataFolder) }

    /// One line per lesson: its id, its number and title, and the learner's progress.
    public func lessonListing() -> (lines: [String], warnings: [String]) {
        let course = loadCourse()
        let loaded = progressStore.load()
        var warnings = loaded.warning.map { [$0] } ?? []
        if course.lessons.isEmpty {
            return (["No lessons found in \(environment.lessonsFolder) (set NNLAB_LESSONS to point at a lessons folder)."], warnings + course.skippedLines)
        }
        let idWidth = course.lessons.map(\.id.count).max()!
        let summaries = course.lessons.map { loaded.progress.summary(of: $0) }
        // Titles share what the width leaves after the ids and the progress, cut with … if need be.
        let room = max(12, environment.width - idWidth - 4 - (summaries.map(\.count).max() ?? 0))
        let numberWidth = String(course.lessons.map(\.header.order).max() ?? 1).count
        let titles = course.lessons.map { lesson -> String in
            let number = String(lesson.header.order)
            let title = String(repeating: " ", count: numberWidth - number.count) + "\(number). \(lesson.title)"
            return title.count <= room ? title : String(title.prefix(room - 1)) + "…"
        }
        let titleWidth = titles.map(\.count).max()!
        let lines = zip(zip(course.lessons, titles), summaries).map { pair, summary in
            pair.0.id.padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  " +
                pair.1.padding(toLength: titleWidth, withPad: " ", startingAt: 0) + "  " + summary
        }
        warnings += course.skippedLines
        if !course.problems.isEmpty {
            warnings.append("note: \(course.problems.count) problem\(course.problems.count == 1 ? "" : "s") in the lesson files; `lesson check` lists them")
        }
        return (lines, warnings)
    }

    /// What to say when no lesson has a name.
    static func unknownLessonMessage(_ name: String, course: Course) -> String {
        if course.lessons.isEmpty {
            return "no lesson '\(InputExcerpt.cut(name))': there are no lessons in \(course.folder) (set NNLAB_LESSONS to point at a lessons folder)"
        }
        let hint = course.suggestion(for: name).map { " — did you mean '\($0)'?" }
            ?? "; the lessons are \(course.lessons.map(\.id).joined(separator: ", "))"
        let broken = course.problems.contains { $0.file == name || $0.file == name + ".md" }
        return "no lesson '\(InputExcerpt.cut(name))'\(hint)\(broken ? " (its file has problems: `lesson check` lists them)" : "")"
    }

    /// `lesson check [FILE…]`: the checker's problems, one per line.
    func checkLessonFiles(files: [String], command: Command, sink: Sink) throws(CommandError) {
        let problems: [LessonProblem]
        let count: Int
        if files.isEmpty {
            problems = LessonChecker.check(folder: environment.lessonsFolder)
            count = Course.lessonFiles(in: environment.lessonsFolder)?.count ?? 0
        } else {
            problems = LessonChecker.check(files: files, lessonsFolder: environment.lessonsFolder)
            count = files.count
        }
        if problems.isEmpty {
            sink(.text("lesson check: \(count) lesson file\(count == 1 ? "" : "s") checked, no problems"))
            return
        }
        sink(.text(problems.map(\.description).joined(separator: "\n")))
        throw CommandError("lesson check: \(problems.count) problem\(problems.count == 1 ? "" : "s") in \(Set(problems.map(\.file)).count) file(s)",
                           column: command.column, length: command.text.count)
    }

    /// The exercise a word names (id or number), or the first one not yet solved.
    func pickExercise(_ lesson: Lesson, word: Command.Argument?, command: Command) throws(CommandError) -> Exercise {
        let exercises = lesson.exercises
        guard !exercises.isEmpty else {
            throw CommandError("lesson \(lesson.id) has no exercises", column: command.column, length: command.text.count)
        }
        guard let word else {
            let solved = progressStore.peek()[lesson: lesson.id].solved
            return exercises.first { !solved.contains($0.id) } ?? exercises[0]
        }
        let key = word.value.text.lowercased()
        if let exercise = lesson.exercise(id: key) { return exercise }
        if let n = Int(key), n >= 1, n <= exercises.count { return exercises[n - 1] }
        if let home = loadCourse().lessons.first(where: { $0.exercise(id: key) != nil }) {
            let verb = command.arguments.contains { $0.raw.lowercased() == "hint" } ? "hint" : "check"
            throw CommandError("exercise '\(key)' is in lesson \(home.id): `lesson \(home.id) \(verb) \(key)`", at: word)
        }
        let hint = closestID(key, exercises.map(\.id)).map { " — did you mean '\($0)'?" }
            ?? "; its exercises are \(exercises.map(\.id).joined(separator: ", "))"
        throw CommandError("lesson \(lesson.id) has no exercise '\(InputExcerpt.cut(word.raw))'\(hint)", at: word)
    }

    /// The id a mistyped exercise name most likely means: a unique id that starts or ends with
    /// it, or contains all of its words, else the nearest by edit distance.
    func closestID(_ word: String, _ ids: [String]) -> String? {
        let ends = ids.filter { $0.hasPrefix(word) || $0.hasSuffix(word) }
        if ends.count == 1 { return ends[0] }
        let words = word.split(separator: "-").map(String.init).filter { !$0.isEmpty }
        let containing = ids.filter { id in words.allSatisfy { id.contains($0) } }
        if !words.isEmpty, containing.count == 1 { return containing[0] }
        return Suggestion.closest(to: word, in: ids)
    }

    /// Shows the next hint of an exercise and records it.
    func showHint(_ lesson: Lesson, _ exercise: Exercise, sink: Sink) {
        var shown = 0
        let warning = progressStore.update { course in
            shown = course[lesson: lesson.id].revealHint(exercise.id, available: exercise.hints.count)
        }
        if let warning { sink(.text(warning)) }
        let more = shown < exercise.hints.count ? "" : " (the last one)"
        sink(LessonRunner.proseBlock("**Hint \(shown) of \(exercise.hints.count)\(more)** for \(exercise.title): \(exercise.hints[shown - 1])",
                                     width: environment.width, colorMode: environment.colorMode))
    }

    /// Evaluates an exercise's check on the session and records it when it passes.
    func checkExercise(_ lesson: Lesson, _ exercise: Exercise, sink: Sink) throws(CommandError) {
        let outcome = check(exercise)
        sink(.text("\(exercise.title): " + LessonRunner.outcomeText(outcome)))
        if outcome.passed {
            if let warning = progressStore.update({ $0[lesson: lesson.id].markSolved(exercise.id) }) { sink(.text(warning)) }
            let solved = progressStore.peek()[lesson: lesson.id].solved
            let left = lesson.exercises.filter { !solved.contains($0.id) }
            sink(.text(left.isEmpty ? "Solved — every exercise of \(lesson.id) is done."
                : "Solved. Next: \(left[0].title) (`lesson \(lesson.id) check \(left[0].id)` when ready)."))
        } else {
            let shown = progressStore.peek()[lesson: lesson.id].hints[exercise.id] ?? 0
            if shown < exercise.hints.count {
                sink(.text("Stuck? `lesson \(lesson.id) hint \(exercise.id)` shows hint \(shown + 1) of \(exercise.hints.count)."))
            }
        }
    }
}
