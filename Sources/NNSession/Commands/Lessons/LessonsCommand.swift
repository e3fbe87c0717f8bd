/// `lessons`: list the lessons with progress.
enum LessonsCommand: SessionCommand {
    static let spec = CommandSpec("lessons", summary: "list the lessons with progress", usage: "lessons", example: "lessons")

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        let (lines, warnings) = session.lessonListing()
        sink(.text(lines.joined(separator: "\n")))
        if !warnings.isEmpty { sink(.text(warnings.joined(separator: "\n"))) }
    }
}
