import NNLessons

/// How a `ViewTask` went, given back to the view that asked for it as a `.taskFinished` message.
public enum ViewTaskResult: Equatable, Sendable {
    /// Every lesson's progress as the store holds it (empty when it could not be read), and a
    /// warning for the learner.
    case progressLoaded(CourseProgress, warning: String?)
    /// A lesson's progress after a change: every lesson's record as saved — or, when `saved` is
    /// false (a folder that cannot be written), as loaded and changed in memory only — and a
    /// warning for the learner.
    case progressRecorded(lesson: String, change: LessonProgressChange, progress: CourseProgress, saved: Bool, warning: String?)
    /// A quiz grade or interview was recorded; `problem` says why it was not, if it was not.
    case reviewRecorded(problem: String?)

    /// The line to show the learner, starting `warning:`; nil when all went well.
    public var warningLine: String? {
        switch self {
        case let .progressLoaded(_, warning), let .progressRecorded(_, _, _, _, warning):
            return warning.map { $0.hasPrefix("warning: ") ? $0 : "warning: " + $0 }
        case let .reviewRecorded(problem):
            return problem.map { "warning: " + $0 }
        }
    }
}
