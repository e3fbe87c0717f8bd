extension Session {
    /// `lessons`, `lesson`, `quiz`, `progress`.
    func runLearning(_ command: Command, sink: Sink) throws(CommandError) {
        switch command.name {
        case "lessons", "lesson":
            try runLessonCommand(command, sink: sink)
        case "quiz":
            try runQuiz(command, sink: sink)
        default:
            try runProgress(command, sink: sink)
        }
    }
}
