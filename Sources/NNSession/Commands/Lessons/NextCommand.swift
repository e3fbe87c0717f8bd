import NNLessons

/// `next`: open the next unfinished item of the course — the first lesson, in course order,
/// with a page not yet seen or an exercise not yet solved, at that page.
enum NextCommand: SessionCommand {
    static let spec = CommandSpec("next", summary: "open the next unfinished page or exercise of the course",
                                  usage: "next", example: "next")

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        let course = session.loadCourse()
        guard !course.lessons.isEmpty else {
            throw CommandError("there are no lessons in \(course.folder) (set NNLAB_LESSONS to point at a lessons folder)",
                               column: command.column, length: command.name.count)
        }
        let progress = session.progressStore.load()
        if let warning = progress.warning { sink(.text(warning)) }
        guard let place = CoursePlace.next(course: course, progress: progress.progress) else {
            sink(.text("Every lesson is done: each page seen and each exercise solved. `quiz` reviews what the course taught; `lesson NAME` opens any lesson again."))
            return
        }
        try session.open(place, saying: CoursePlaceWording.next(place), command: command, sink: sink)
    }
}
