import NNData
import NNEngine

/// `eval`: the fixed four lines `train loss`, `train acc`, `test loss`, `test acc` (and
/// `val loss`, `val acc` with a validation split), then for classification the precision,
/// recall and F1 of the test and validation splits.
enum EvalCommand: SessionCommand {
    static let spec = CommandSpec("eval", summary: "print loss and accuracy on every split, and precision, recall, F1",
                                  usage: "eval", example: "eval")

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        let (trainer, dataset) = try session.requireReady(command)
        let classes = dataset.task == .classification ? dataset.classCount : nil
        let (train, test, validation) = try session.readingTargets(command) { () throws(TargetError) in
            (try trainer.evaluate(inputs: dataset.trainInputs, targets: dataset.trainTargets, classCount: classes),
             try trainer.evaluate(inputs: dataset.testInputs, targets: dataset.testTargets, classCount: classes),
             try trainer.evaluate(inputs: dataset.validationInputs, targets: dataset.validationTargets, classCount: classes))
        }
        func acc(_ x: Double?) -> String { x.map { Numbers.fixed($0, 4) } ?? "n/a" }
        var lines = [
            "train loss \(Numbers.fixed(train.loss, 6))",
            "train acc  \(classes == nil ? "n/a (regression)" : acc(train.accuracy))",
        ]
        if dataset.testCount > 0 {
            lines += ["test loss  \(Numbers.fixed(test.loss, 6))", "test acc   \(classes == nil ? "n/a (regression)" : acc(test.accuracy))"]
        } else {
            lines += ["test loss  n/a (no test split)", "test acc   n/a (no test split)"]
        }
        if dataset.validationCount > 0 {
            lines += ["val loss   \(Numbers.fixed(validation.loss, 6))",
                      "val acc    \(classes == nil ? "n/a (regression)" : acc(validation.accuracy))"]
        }
        sink(.text(lines.joined(separator: "\n")))
        if let table = session.classMetricsTable(trainer, dataset) { sink(.table(table)) }
        if trainer.decisionThreshold != nil, trainer.network.outputs == 1, trainer.network.outputActivation == .sigmoid {
            sink(.text("threshold \(Numbers.format(trainer.classThreshold)): class 1 when the sigmoid output ≥ \(Numbers.format(trainer.classThreshold))"))
        }
    }
}
