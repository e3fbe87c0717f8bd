extension Session {
    /// `trace`: the pass explorer is a full-screen view.
    func runTrace(_ command: Command, sink: Sink) throws(CommandError) {
        throw CommandError("'trace' is not available yet in this version; use `forward`, `backward` and `update` meanwhile",
                           column: command.column, length: command.name.count)
    }

    /// `lessons`, `lesson`, `quiz`, `progress`.
    func runLearning(_ command: Command, sink: Sink) throws(CommandError) {
        switch command.name {
        case "lessons", "lesson":
            try runLessonCommand(command, sink: sink)
        default:
            throw CommandError("'\(command.name)' is not available yet in this version: the quizzes are still being written",
                               column: command.column, length: command.name.count)
        }
    }
}
