/// One change to a lesson's progress, as a value: what the explorer asks the store to record.
///
/// Being a value (not a closure), a change can wait in a view's list of tasks, be compared in
/// tests and be applied twice — to the explorer's copy at once and to the record as saved when
/// the task is carried out.
public enum LessonProgressChange: Equatable, Sendable {
    /// A page was shown: it counts as seen and becomes the page to resume at.
    case seePage(Int, of: Int)
    /// One more hint of an exercise was shown (never more than `available`).
    case revealHint(exercise: String, available: Int)
    /// An exercise's check passed.
    case solve(exercise: String)

    /// Applies the change to a record.
    public func apply(to progress: inout LessonProgress) {
        switch self {
        case let .seePage(page, count): progress.markSeen(page: page, of: count)
        case let .revealHint(exercise, available): progress.revealHint(exercise, available: available)
        case let .solve(exercise): progress.markSolved(exercise)
        }
    }
}
