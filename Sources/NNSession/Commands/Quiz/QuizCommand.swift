/// `quiz [TOPIC] [n=N] [seed=S]` and `quiz interview [n=N] [minutes=M]`: on a terminal the
/// quiz view opens; elsewhere the quiz needs `nnlab quiz --plain`, which reads the answers.
enum QuizCommand: SessionCommand {
    static let spec = CommandSpec(
        "quiz", summary: "drill interview questions", usage: "quiz [TOPIC] [n=N] [seed=S] | quiz interview [n=N] [minutes=M]",
        example: "quiz optimizers n=5",
        options: [.init("n", .integer, "number of questions"),
                  .init("minutes", .number, "time limit of the mock interview"),
                  .init("seed", .integer, "seed for option order and numeric values")],
        words: [.topics])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let request = try session.quizRequest(command)
        guard session.environment.interactive else {
            throw CommandError("the quiz reads your answers, so it cannot run inside a script; use `nnlab quiz --plain`, which reads them from standard input",
                               column: command.column, length: command.name.count)
        }
        sink(.view(.quiz(request)))
    }
}
