/// `quit` (or `exit`): leave nnlab.
enum QuitCommand: SessionCommand {
    static let spec = CommandSpec("quit", summary: "leave nnlab (Ctrl-D works too)", usage: "quit", example: "quit", aliases: ["exit"])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        session.wantsToQuit = true
    }
}
