import NNData
import NNEngine

/// `history` / `history save PATH`: the commands that built the current state, as a script
/// that `nnlab run PATH` replays to the same weights.
enum HistoryCommand: SessionCommand {
    static let spec = CommandSpec(
        "history", summary: "show or save the commands that built the current state",
        usage: "history [save PATH]", example: "history save session.nnlab",
        words: [.fixed(["save"])], followers: ["save": [.path]])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let history = session.state.history
        guard let verb = command.positionals.first else {
            let lines = history.lines
            sink(.text(lines.isEmpty ? "no commands have changed the state yet" : lines.joined(separator: "\n")))
            if let problem = history.problem { sink(.text("note: `history save` refuses: \(problem)")) }
            return
        }
        guard verb.raw.lowercased() == "save" else {
            throw CommandError("'history' knows `history` and `history save PATH`, not '\(InputExcerpt.cut(verb.raw))'", at: verb)
        }
        let pathWord = try session.word(command, 1, expected: "a file path after `save`, like session.nnlab")
        try session.noExtraWords(command, allowed: 2)
        if let problem = history.problem {
            throw CommandError("history save: \(problem)", at: verb)
        }
        guard !history.lines.isEmpty else {
            throw CommandError("history save: no command has changed the state yet; there is nothing to replay", at: verb)
        }
        let target = try session.outputPath(pathWord, verb: "history save", example: "session.nnlab")
        let text = "# nnlab session history: replay it with `nnlab run FILE`.\n"
            + "# Paths are as they were typed, relative to the folder nnlab ran in.\n"
            + history.lines.joined(separator: "\n") + "\n"
        do { try ModelFile.writeText(text, to: target) } catch {
            throw CommandError("\(error)", at: pathWord)
        }
        let count = history.lines.count
        sink(.text("saved \(count) command\(count == 1 ? "" : "s") to \(pathWord.value.text); "
                   + "replay with: nnlab run \(pathWord.value.text)"))
    }
}
