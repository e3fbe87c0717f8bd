import Foundation
import NNEngine
import NNLessons

/// `progress`: lessons (pages seen, exercises solved) and quiz mastery per topic.
enum ProgressCommand: SessionCommand {
    static let spec = CommandSpec("progress", summary: "show mastery per topic and lesson", usage: "progress", example: "progress")

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        let course = session.loadCourse()
        let loaded = session.progressStore.load()
        if let warning = loaded.warning { sink(.text(warning)) }
        let store: ReviewStore?
        do { store = try ReviewStore(dataFolder: session.environment.dataFolder) } catch {
            store = nil
            if !error.alreadyReported { sink(.text("note: the quiz history cannot be read: \(error)")) }
        }
        if let warning = store?.warning { sink(.text("warning: " + Session.withoutWarningPrefix(warning))) }
        let now = Date()
        let states = store?.allStates() ?? [:]
        let lessonRows = course.lessons.map { lesson -> [String] in
            let progress = loaded.progress[lesson: lesson.id]
            let pages = lesson.pages.count
            let seen = Set(progress.pagesSeen).count
            let solved = lesson.exercises.filter { progress.solved.contains($0.id) }.count
            let questions = lesson.questions
            let reviewed = questions.filter { states[$0.id] != nil }.count
            let mastered = questions.filter { (states[$0.id]?.intervalDays ?? 0) >= TopicMastery.masteredInterval }.count
            return [lesson.id, "\(seen)/\(pages)", "\(solved)/\(lesson.exercises.count)",
                    "\(reviewed)/\(questions.count)", "\(mastered)"]
        }
        sink(.table(TextTable(title: "lessons", headers: ["lesson", "pages", "exercises", "quiz seen", "mastered"], rows: lessonRows)))
        guard let store else { return }
        let cards = course.questions.map { (id: $0.id, topic: $0.topic) }
        let mastery = store.mastery(of: cards, at: now)
        let topicRows = mastery.map { m -> [String] in
            [m.topic, "\(m.total)", "\(m.seen)", "\(m.due)", "\(m.mastered)",
             m.recentAccuracy.map(Numbers.percent) ?? "—"]
        }
        sink(.table(TextTable(title: "quiz mastery by topic", headers: ["topic", "questions", "seen", "due", "mastered", "accuracy"],
                              rows: topicRows)))
        let interviews = store.interviews()
        if let last = interviews.last {
            let day = ISO8601DateFormatter.string(from: last.finished, timeZone: .current, formatOptions: [.withFullDate])
            sink(.text("mock interviews: \(interviews.count); last on \(day): \(Int(last.score)) of \(last.questions) right"))
        }
        let due = mastery.reduce(0) { $0 + $1.due }
        sink(.text(due > 0 ? "\(due) card\(due == 1 ? " is" : "s are") due: `quiz` serves them first"
                           : "nothing is due; `quiz` brings new questions"))
    }
}
