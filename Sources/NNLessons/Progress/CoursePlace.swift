/// A place in the course to send a learner to: a lesson, a page of it, and why there.
///
/// `resume` is where `lesson` with no name goes (where the learner stopped); `next` is where
/// the hub's `next` goes (the first thing in the course not yet done).
public struct CoursePlace: Equatable, Sendable {
    /// Why the learner goes to this place.
    public enum Reason: Equatable, Sendable {
        /// A lesson not started yet, from its first page.
        case start
        /// The page the learner was on last.
        case resume
        /// The first page of a started lesson not yet seen.
        case unseenPage
        /// The page of the first exercise not yet solved.
        case unsolvedExercise(id: String, title: String)
    }

    /// The lesson.
    public var lesson: Lesson
    /// The page, 0-based.
    public var page: Int
    /// Why.
    public var reason: Reason

    /// Makes a place.
    public init(lesson: Lesson, page: Int, reason: Reason) {
        self.lesson = lesson
        self.page = page
        self.reason = reason
    }

    /// Where the learner stopped: the lesson whose progress changed last (else the last lesson
    /// in course order with any progress), at the page recorded for it; the course's first
    /// lesson for a new learner. When that lesson is done and the learner stopped on its last
    /// page, there is nothing left there: the next unfinished place instead (if any).
    /// Nil only when the course has no lessons.
    public static func resume(course: Course, progress: CourseProgress) -> CoursePlace? {
        guard let first = course.lessons.first else { return nil }
        let stopped = progress.lastLesson.flatMap { id in course.lessons.first { $0.id == id } }
            ?? course.lessons.last { !progress[lesson: $0.id].isEmpty }
        guard let lesson = stopped, !lesson.pages.isEmpty else { return CoursePlace(lesson: first, page: 0, reason: .start) }
        let record = progress[lesson: lesson.id]
        let page = min(max(record.lastPage, 0), lesson.pages.count - 1)
        if isDone(lesson, record), page == lesson.pages.count - 1, let next = next(course: course, progress: progress) {
            return next
        }
        return CoursePlace(lesson: lesson, page: page, reason: .resume)
    }

    /// The next unfinished item, in course order: the first lesson with a page not yet seen or
    /// an exercise not yet solved, at whichever of the two comes first. Nil when every lesson
    /// is done.
    public static func next(course: Course, progress: CourseProgress) -> CoursePlace? {
        for lesson in course.lessons where !lesson.pages.isEmpty {
            let record = progress[lesson: lesson.id]
            let unseen = lesson.pages.indices.first { !record.pagesSeen.contains($0) }
            let exercise = lesson.exercises.first { !record.solved.contains($0.id) }
            let exercisePage = exercise.flatMap { lesson.page(ofExercise: $0.id) }
            if let exercise, let exercisePage, exercisePage <= (unseen ?? Int.max) {
                return CoursePlace(lesson: lesson, page: exercisePage, reason: .unsolvedExercise(id: exercise.id, title: exercise.title))
            }
            if let unseen {
                let started = !record.pagesSeen.filter { $0 < lesson.pages.count }.isEmpty || !record.solved.isEmpty
                return CoursePlace(lesson: lesson, page: unseen, reason: started ? .unseenPage : .start)
            }
        }
        return nil
    }

    /// Whether every page of a lesson was seen and every exercise solved.
    public static func isDone(_ lesson: Lesson, _ record: LessonProgress) -> Bool {
        lesson.pages.indices.allSatisfy(record.pagesSeen.contains) && lesson.exercises.allSatisfy { record.solved.contains($0.id) }
    }

    /// The place in a few words for a sentence: `2. Activations, page 3 of 7`.
    public var description: String {
        "\(lesson.header.order). \(lesson.title), page \(page + 1) of \(lesson.pages.count)"
    }
}
