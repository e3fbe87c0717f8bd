import NNLessons
import NNRender
import NNSession

/// The lesson list the hub shows under its welcome, fitted to the terminal's width.
///
/// One line per lesson: number, id (what `lesson NAME` takes), title and progress. Titles
/// that do not fit are cut after a whole word, with ` …`, so no line wraps.
enum WelcomeLessons {
    /// The lines for a session's course at a width; a one-line note when there are none.
    static func lines(session: Session, width: Int) -> [String] {
        let course = session.loadCourse()
        guard !course.lessons.isEmpty else {
            return LessonFiles.names(in: session.environment.lessonsFolder) == nil
                ? ["No lessons folder found at \(session.environment.lessonsFolder) (set NNLAB_LESSONS to point at one)."]
                : ["No lessons yet in \(session.environment.lessonsFolder)."] + course.skippedLines
        }
        let loaded = session.progressStore.load()
        let rows = course.lessons.map { lesson in
            (number: "\(lesson.header.order).", id: lesson.id, title: lesson.title, progress: loaded.progress.summary(of: lesson))
        }
        let numberWidth = rows.map(\.number.count).max() ?? 0
        let idWidth = rows.map(\.id.count).max() ?? 0
        let progressWidth = rows.map(\.progress.count).max() ?? 0
        // "  " number " " id "  " title "  " progress, within width - 1 columns.
        let fixed = 2 + numberWidth + 1 + idWidth + 2 + 2 + progressWidth
        let titleRoom = min(rows.map(\.title.count).max() ?? 0, max(width - 1 - fixed, 0))
        var lines = ["Lessons (open one with `lesson NAME`):"]
        for row in rows {
            var line = "  " + pad(row.number, numberWidth, right: true) + " " + pad(row.id, idWidth)
            if titleRoom >= 8 { line += "  " + pad(shorten(row.title, titleRoom), titleRoom) }
            line += "  " + row.progress
            lines.append(line)
        }
        if let warning = loaded.warning { lines.append(warning) }
        lines += course.skippedLines
        if !course.problems.isEmpty {
            let count = course.problems.count
            lines.append("note: \(count) problem\(count == 1 ? "" : "s") in the lesson files; `lesson check` lists them")
        }
        return lines
    }

    /// How to go on with the course: `lesson` to continue where the learner stopped (or to
    /// start), `next` when the first unfinished item is elsewhere; nil with no lessons.
    static func continuation(session: Session) -> String? {
        let course = session.loadCourse()
        let progress = session.progressStore.peek()
        return CoursePlaceWording.welcome(resume: CoursePlace.resume(course: course, progress: progress),
                                          next: CoursePlace.next(course: course, progress: progress))
    }

    /// Text cut after a whole word to a number of columns, ending in ` …` when cut.
    static func shorten(_ text: String, _ count: Int) -> String {
        DisplayWidth.cutAtWord(text, toWidth: count)
    }

    /// Text padded with spaces to a number of characters.
    static func pad(_ text: String, _ count: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(count - text.count, 0))
        return right ? padding + text : text + padding
    }
}
