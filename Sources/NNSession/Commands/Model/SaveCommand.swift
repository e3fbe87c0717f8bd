import NNData
import NNEngine

/// `save PATH`: save the model to a JSON file.
enum SaveCommand: SessionCommand {
    static let spec = CommandSpec("save", summary: "save the model to a JSON file", usage: "save PATH", example: "save model.json",
                                  words: [.path])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let pathWord = try session.word(command, 0, expected: "a file path")
        try session.noExtraWords(command, allowed: 1)
        let trainer = try session.requireNetwork(command)
        let path = pathWord.value.text
        let target = try session.outputPath(pathWord, verb: "save", example: "model.json")
        do { try ModelFile.write(trainer.network, loss: session.effectiveLoss, to: target) } catch {
            throw CommandError("\(error)", at: pathWord)
        }
        sink(.text("saved \(trainer.network.stack?.outline ?? "\(trainer.network.spec)") (\(Numbers.count(trainer.network.parameterCount)) parameters) to \(path)"))
    }
}
