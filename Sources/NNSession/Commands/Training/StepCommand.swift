import NNData
import NNEngine

/// `step`: one optimizer update on one minibatch (the whole training split when batch is unset).
enum StepCommand: SessionCommand {
    static let spec = CommandSpec("step", summary: "one optimizer update on one minibatch (or the whole training split)",
                                  details: "The minibatch has `batch` rows (set by `train batch=B` or `set batch=B`); " +
                                    "with batch unset, the step uses the whole training split.",
                                  usage: "step", example: "step")

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        let (_, dataset) = try session.requireReady(command)
        var working = session.trainer!
        let n = dataset.trainCount
        let size = min(session.batchSize ?? n, n)
        let rows = size == n ? Array(0..<n) : Array(working.generator.permutation(n).prefix(size))
        let x = dataset.trainInputs.gatherRows(rows), y = dataset.trainTargets.gatherRows(rows)
        do {
            let report = try working.step(inputs: x, targets: y)
            let after = try working.network.objectiveValueForReport(inputs: x, targets: y, objective: working.objective)
            session.trainer = working
            sink(.text("step \(report.step): loss on the batch of \(size) \(Numbers.format(report.loss)) → \(Numbers.format(after)) (lr \(Numbers.format(report.learningRate, digits: 4)))"))
        } catch {
            throw CommandError(EngineErrorWording.sentence(for: error), column: command.column, length: command.text.count)
        }
    }
}

extension Network {
    /// The data loss plus penalties on a batch at training mode without dropout noise, for reporting.
    func objectiveValueForReport(inputs: Tensor, targets: Tensor, objective: Objective) throws(TargetError) -> Double {
        var g = SeededGenerator(seed: 0)
        return try objectiveValue(inputs: inputs, targets: targets, objective: objective, mode: .inference, generator: &g)
    }
}
