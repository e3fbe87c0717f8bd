import Foundation
import NNLessons
import NNRender

/// Exercises in the explorer: hints and checks.
extension LessonExplorer {
    func revealHint() {
        guard let exercise = currentExercise else {
            say(noExerciseText())
            return
        }
        focusExercise(exercise)
        guard !exercise.hints.isEmpty else {
            say("\(Self.plain(exercise.title)) has no hints")
            return
        }
        let before = progress.hints[exercise.id] ?? 0
        if before >= exercise.hints.count {
            say("all \(exercise.hints.count) hints of this exercise are shown")
            return
        }
        recordProgress(.revealHint(exercise: exercise.id, available: exercise.hints.count))
        let shown = progress.hints[exercise.id] ?? 0
        say("hint \(shown) of \(exercise.hints.count)" + (shown == exercise.hints.count ? " (the last one)" : ""))
        // Keep the new hint in view.
        let ranges = pageText().itemRanges
        if ranges.indices.contains(selectedItem) {
            let end = ranges[selectedItem].upperBound
            if end > proseScroll + proseViewHeight { proseScroll = end - proseViewHeight }
            clampScrolls()
        }
    }

    func checkExercise() {
        guard let exercise = currentExercise else {
            say(noExerciseText())
            return
        }
        focusExercise(exercise)
        startOutput(title: "check · \(exercise.id)")
        let outcome = session.check(exercise)
        transcript.append(.block(.text(Self.plain(exercise.title))))
        for condition in outcome.conditions {
            switch condition.status {
            case .met: transcript.append(.success(condition.line))
            case .notMet: transcript.append(.failure(condition.line))
            case .unknown: transcript.append(.note(condition.line))
            }
        }
        if outcome.passed {
            recordProgress(.solve(exercise: exercise.id))
            let left = lesson.exercises.filter { !progress.solved.contains($0.id) }
            transcript.append(.success("Solved! Saved in your progress."))
            if let next = left.first, let page = lesson.page(ofExercise: next.id) {
                transcript.append(.note("Next exercise: \(Self.plain(next.title)) (page \(page + 1))."))
            } else {
                transcript.append(.note("Every exercise of this lesson is solved."))
            }
            say("✓ \(Self.plain(exercise.title)): solved")
        } else {
            let met = outcome.conditions.filter { $0.status == .met }.count
            let shown = progress.hints[exercise.id] ?? 0
            transcript.append(.note("Not yet: \(met) of \(outcome.conditions.count) conditions hold. Run commands with `:`" +
                (shown < exercise.hints.count ? "; h shows hint \(shown + 1) of \(exercise.hints.count)." : ".")))
            say("not yet: \(met) of \(outcome.conditions.count) conditions hold", error: true)
        }
        changed()
        // The panel may have grown over the prose: keep the exercise, hints and all, in view.
        scrollToSelection()
    }

    /// Selects an exercise of this page.
    func focusExercise(_ exercise: Exercise) {
        if let index = selectableItems.firstIndex(where: { if case .exercise(let e) = $0 { return e.id == exercise.id } else { return false } }),
           index != selectedItem {
            select(index)
        }
    }

    /// A title without Markdown's backticks, for plain lines.
    static func plain(_ title: String) -> String { title.replacingOccurrences(of: "`", with: "") }

    func noExerciseText() -> String {
        let pages = Array(Set(lesson.exercises.compactMap { lesson.page(ofExercise: $0.id) })).sorted().map { String($0 + 1) }
        if pages.isEmpty { return "this lesson has no exercises" }
        return "this page has no exercise; the exercises are on page\(pages.count == 1 ? "" : "s") \(pages.joined(separator: ", "))"
    }
}
