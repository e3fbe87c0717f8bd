import NNLessons

/// The sentences that name a place in the course: what `lesson` with no name and `next` say
/// before they open it, and the hub's welcome.
public enum CoursePlaceWording {
    /// What `lesson` with no name says: where it continues.
    public static func resume(_ place: CoursePlace) -> String {
        switch place.reason {
        case .start where place.lesson.header.order <= 1 && place.page == 0: return "Starting the course: \(place.description)."
        case .unsolvedExercise(_, let title): return "Continuing with \(place.description): the exercise “\(title)”."
        default: return "Continuing with \(place.description)."
        }
    }

    /// What `next` says: the item it opens.
    public static func next(_ place: CoursePlace) -> String {
        switch place.reason {
        case .unsolvedExercise(_, let title): return "Next: the exercise “\(title)” in \(place.description)."
        case .start: return "Next: \(place.description) (a lesson not started yet)."
        case .unseenPage, .resume: return "Next: \(place.description), a page not seen yet."
        }
    }

    /// The welcome's line: how to continue the course.
    public static func welcome(resume place: CoursePlace?, next: CoursePlace?) -> String? {
        guard let place else { return nil }
        guard next != nil else {
            return "Every lesson is done. `quiz` reviews what the course taught."
        }
        if place.reason == .start && place.lesson.header.order <= 1 && place.page == 0 {
            return "New here? Type `lesson` to start with \(place.description)."
        }
        let sentence = "Type `lesson` to continue with \(place.description)"
        guard let next, next.lesson.id != place.lesson.id || next.page != place.page else { return sentence + "." }
        return sentence + "; `next` goes to the first page or exercise not done yet."
    }
}

extension Session {
    /// Opens a lesson at a place: records the place's page as the one to resume at (so the
    /// explorer opens there), says where it goes, and opens the explorer — or, in plain mode,
    /// prints the lesson as `lesson NAME --plain` does.
    func open(_ place: CoursePlace, saying sentence: String, command: Command, sink: Sink) throws(CommandError) {
        let id = place.lesson.id
        if progressStore.peek()[lesson: id].lastPage != place.page || progressStore.peek().lastLesson != id {
            if let warning = progressStore.update({ $0[lesson: id].lastPage = place.page }) { sink(.text(warning)) }
        }
        sink(.text(sentence))
        if environment.interactive {
            sink(.view(.lesson(id)))
            return
        }
        let course = loadCourse()
        let report = LessonRunner.run(place.lesson, session: self, solve: false, progress: progressStore,
                                      fileProblems: course.problems(in: place.lesson), sink: sink)
        if !report.success {
            throw CommandError("lesson \(id): \(report.failures.count) problem\(report.failures.count == 1 ? "" : "s"); the first: \(report.failures[0])",
                               column: command.column, length: command.text.count)
        }
    }
}
