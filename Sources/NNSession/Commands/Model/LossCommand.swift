import NNText
import NNEngine

/// `loss NAME [weights=[…]] [pos_weight=X] [smoothing=ε]`: choose the loss function, with class
/// weights or label smoothing for `ce` or a positive weight for `bce` (PyTorch's `CrossEntropyLoss(weight=…)` and
/// `BCEWithLogitsLoss(pos_weight=…)`).
enum LossCommand: SessionCommand {
    static let spec = CommandSpec("loss", summary: "choose the loss function (with class weights or label smoothing)",
                                  usage: "loss mse|bce|ce|hinge [weights=[w0, w1, …]] [pos_weight=X] [smoothing=ε]",
                                  example: "loss ce",
                                  options: [
                                      .init("weights", .list, "ce: one weight per class (mean over the weight sum)"),
                                      .init("pos_weight", .number, "bce: multiplies the loss of the positive class (1)"),
                                      LossSmoothingOption.option,
                                  ],
                                  words: [.losses])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let nameWord = try session.word(command, 0, expected: "a loss: \(Loss.names.joined(separator: ", "))")
        try session.noExtraWords(command, allowed: 1)
        guard let loss = Loss(rawValue: nameWord.raw.lowercased()) else {
            let hint = Suggestion.hint(for: nameWord.raw, in: Loss.names)
                ?? "; choose one of \(Loss.names.joined(separator: ", "))"
            throw CommandError("unknown loss '\(InputExcerpt.cut(nameWord.raw))'\(hint)", at: nameWord)
        }
        let smoothing = try LossSmoothingOption.parse(command, loss: loss)
        let weights = try lossWeights(command, loss: loss, in: session)
        if smoothing > 0, weights != .none {
            throw CommandError("label smoothing and class weights can't be combined in nnlab; choose one "
                               + "(`loss ce smoothing=0.1` or `loss ce weights=[…]`)", at: nameWord)
        }
        session.chosenLoss = loss
        session.labelSmoothing = smoothing
        session.lossWeights = weights
        session.syncTrainer()
        var line = "loss \(loss.rawValue)"
        if smoothing > 0 {
            line += LossSmoothingOption.description(smoothing, classes: session.data.flatMap {
                $0.task == .classification ? $0.classCount : nil })
        }
        if let w = weights.classes { line += " weights=[\(w.map { Numbers.format($0) }.joined(separator: ", "))]" }
        if let p = weights.positive { line += " pos_weight=\(Numbers.format(p))" }
        if let trainer = session.trainer,
           let problem = loss.mismatch(output: trainer.network.outputActivation, width: trainer.network.outputs,
                                       classes: session.data.flatMap { $0.task == .classification ? $0.classCount : nil }) {
            line += "\nnote: \(EngineErrorWording.sentence(for: problem))"
        }
        sink(.text(line))
    }

    /// The `weights=` and `pos_weight=` options, checked against the loss and the data's classes.
    static func lossWeights(_ command: Command, loss: Loss, in session: Session) throws(CommandError) -> LossWeights {
        var weights = LossWeights.none
        if let argument = command.optionArgument("weights") {
            guard loss == .ce else {
                let fix = loss == .bce ? "; for bce weigh the positive class with pos_weight=X" : ""
                throw CommandError("weights= is for loss ce (one weight per class)\(fix)", at: argument)
            }
            guard case .list(let items) = argument.value, !items.isEmpty, items.allSatisfy({ $0.number != nil }) else {
                throw CommandError("weights needs a list of numbers, one per class, like weights=[1, 5]", at: argument)
            }
            weights.classes = items.map { $0.number! }
            let classes = session.data.flatMap { $0.task == .classification ? $0.classCount : nil }
            if let problem = weights.problem(loss: loss, classes: classes) {
                throw CommandError(problem, at: argument)
            }
        }
        if let argument = command.optionArgument("pos_weight") {
            guard loss == .bce else {
                let fix = loss == .ce ? "; for ce give one weight per class with weights=[…]" : ""
                throw CommandError("pos_weight= is for loss bce (a sigmoid output)\(fix)", at: argument)
            }
            guard let p = argument.value.number else {
                throw CommandError("pos_weight needs a number, like pos_weight=5", at: argument)
            }
            weights.positive = p
            if let problem = weights.problem(loss: loss, classes: nil) { throw CommandError(problem, at: argument) }
        }
        return weights
    }
}
