import NNText
import NNEngine

/// `loss NAME`: choose the loss function.
enum LossCommand: SessionCommand {
    static let spec = CommandSpec("loss", summary: "choose the loss function",
                                  usage: "loss mse|bce|ce|hinge [smoothing=ε]", example: "loss ce",
                                  options: [LossSmoothingOption.option], words: [.losses])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let nameWord = try session.word(command, 0, expected: "a loss: \(Loss.names.joined(separator: ", "))")
        try session.noExtraWords(command, allowed: 1)
        guard let loss = Loss(rawValue: nameWord.raw.lowercased()) else {
            let hint = Suggestion.hint(for: nameWord.raw, in: Loss.names)
                ?? "; choose one of \(Loss.names.joined(separator: ", "))"
            throw CommandError("unknown loss '\(InputExcerpt.cut(nameWord.raw))'\(hint)", at: nameWord)
        }
        let smoothing = try LossSmoothingOption.parse(command, loss: loss)
        session.chosenLoss = loss
        session.labelSmoothing = smoothing
        session.syncTrainer()
        var line = "loss \(loss.rawValue)"
        if smoothing > 0 {
            line += LossSmoothingOption.description(smoothing, classes: session.data.flatMap {
                $0.task == .classification ? $0.classCount : nil })
        }
        if let trainer = session.trainer,
           let problem = loss.mismatch(output: trainer.network.outputActivation, width: trainer.network.outputs,
                                       classes: session.data.flatMap { $0.task == .classification ? $0.classCount : nil }) {
            line += "\nnote: \(EngineErrorWording.sentence(for: problem))"
        }
        sink(.text(line))
    }
}
