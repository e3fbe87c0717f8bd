import Foundation
import NNLessons

/// Work a view asks for but does not do itself: reading and writing the learner's stores.
///
/// Views stay pure: `update` changes the view's own state and hands out tasks
/// (`InteractiveView.takeTasks`), the loop that runs the view carries them out with
/// `InteractiveView.carryOutTasks` and gives each result back as a `.taskFinished` message,
/// so the view shows the record as saved or the store's warning. A task is a value holding
/// where it goes and what it records, so tests read a view's pending tasks without any disk.
public enum ViewTask: Equatable, Sendable {
    /// Read every lesson's progress (the lesson list shows it).
    case loadProgress(ProgressStore)
    /// Apply a change to one lesson's progress and save it, in one transaction.
    case recordProgress(ProgressStore, lesson: String, change: LessonProgressChange)
    /// Record a quiz answer's grade, which reschedules its card.
    case recordGrade(ReviewStore, ReviewLogEntry)
    /// Record a quiz answer's grade in the review store of a data folder, opened for it (the
    /// lesson explorer's questions: a view that never opened the store).
    case recordGradeInFolder(String, ReviewLogEntry)
    /// Record a finished mock interview.
    case recordInterview(ReviewStore, InterviewRecord)

    /// Does the task and says how it went. Never throws: a store that cannot be read or
    /// written comes back as a warning in the result.
    public func carryOut() -> ViewTaskResult {
        switch self {
        case let .loadProgress(store):
            let loaded = store.load()
            return .progressLoaded(loaded.progress, warning: loaded.warning)
        case let .recordProgress(store, lesson, change):
            // The change is applied to the record as saved (another nnlab may have added to it).
            let saved = store.change { course in change.apply(to: &course[lesson: lesson]) }
            return .progressRecorded(lesson: lesson, change: change, progress: saved.progress, saved: saved.canSave,
                                     warning: saved.warning)
        case let .recordGrade(store, entry):
            return Self.record(entry, in: store)
        case let .recordGradeInFolder(folder, entry):
            do {
                let store = try ReviewStore(dataFolder: folder)
                return Self.record(entry, in: store)
            } catch {
                return .reviewRecorded(problem: "the grade of \(entry.card) was not saved: \(error)")
            }
        case let .recordInterview(store, record):
            do {
                try store.recordInterview(record)
                return .reviewRecorded(problem: nil)
            } catch {
                return .reviewRecorded(problem: "the interview result was not saved: \(error)")
            }
        }
    }

    /// Records a grade in a review store (the one way every view records an answer).
    static func record(_ entry: ReviewLogEntry, in store: ReviewStore) -> ViewTaskResult {
        do {
            try store.record(card: entry.card, topic: entry.topic, grade: entry.grade, correct: entry.correct,
                             answer: entry.answer, seconds: entry.seconds, mode: entry.mode, at: entry.time)
            return .reviewRecorded(problem: nil)
        } catch {
            return .reviewRecorded(problem: "the grade of \(entry.card) was not saved: \(error)")
        }
    }

    /// Tasks are equal when they do the same to the same store (review stores are compared by
    /// identity: two opened on one folder are two connections).
    public static func == (lhs: ViewTask, rhs: ViewTask) -> Bool {
        switch (lhs, rhs) {
        case let (.loadProgress(a), .loadProgress(b)):
            return a == b
        case let (.recordProgress(a, lessonA, changeA), .recordProgress(b, lessonB, changeB)):
            return a == b && lessonA == lessonB && changeA == changeB
        case let (.recordGrade(a, entryA), .recordGrade(b, entryB)):
            return a === b && entryA == entryB
        case let (.recordGradeInFolder(a, entryA), .recordGradeInFolder(b, entryB)):
            return a == b && entryA == entryB
        case let (.recordInterview(a, recordA), .recordInterview(b, recordB)):
            return a === b && recordA == recordB
        default:
            return false
        }
    }
}
