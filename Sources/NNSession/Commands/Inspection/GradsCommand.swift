import NNData
import NNEngine

/// `grads save PATH`: the gradient on the whole training split, in the model file's layout.
enum GradsCommand: SessionCommand {
    static let spec = CommandSpec("grads", summary: "save the gradient of the loss on the training split",
                                  usage: "grads save PATH", example: "grads save grads.json", words: [.fixed(["save"])], followers: ["save": [.path]])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let verb = try session.word(command, 0, expected: "`save PATH`")
        guard verb.raw.lowercased() == "save" else {
            throw CommandError("'grads' knows only `grads save PATH`", at: verb)
        }
        let pathWord = try session.word(command, 1, expected: "a file path after `save`")
        try session.noExtraWords(command, allowed: 2)
        let (trainer, dataset) = try session.requireReady(command)
        let target = try session.outputPath(pathWord, verb: "grads save", example: "grads.json")
        var generator = SeededGenerator(seed: session.seed)
        let result = try session.readingTargets(command) { () throws(TargetError) in
            try trainer.network.gradients(inputs: dataset.trainInputs, targets: dataset.trainTargets,
                                          objective: trainer.objective, generator: &generator)
        }
        do {
            try ModelFile.writeText(ModelFile.encodeGradients(trainer.network, gradients: result.gradients, loss: result.loss),
                                    to: target)
        } catch {
            throw CommandError("\(error)", at: pathWord)
        }
        sink(.text("saved the gradient of loss \(Numbers.format(result.loss, digits: 8)) on \(Numbers.count(dataset.trainCount)) training samples to \(pathWord.value.text)"))
    }
}
