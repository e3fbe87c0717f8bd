import NNData
import NNEngine

/// The pass walk `trace` and the trace view show.
extension Session {
    /// The pass walk of the inspected sample (`sample=`, or `set x=` / `set y=`) with the
    /// session's network, loss, optimizer and seed.
    public func passWalk() throws(CommandError) -> PassWalk {
        try passWalk(Command(name: "trace", arguments: [], column: 0, text: "trace"))
    }

    func passWalk(_ command: Command) throws(CommandError) -> PassWalk {
        let (trainer, dataset) = try requireReady(command)
        let (x, y, label) = try inspectedSample(command, dataset: dataset)
        guard x.columns == trainer.network.inputs else {
            throw CommandError("the input set by hand has \(x.columns) values but the net takes \(trainer.network.inputs); set x=[…] again",
                               column: command.column)
        }
        // Batch normalization needs a batch: the sample first, then the first other training rows.
        var inputs = x, targets = y
        if trainer.network.usesBatchNorm, dataset.trainCount > 1 {
            let sample = inspection.input == nil ? min(inspection.sample, dataset.trainCount - 1) : -1
            let others = (0..<dataset.trainCount).filter { $0 != sample }.prefix(7)
            let rows = Array(others)
            inputs = Tensor(shape: [rows.count + 1, x.columns], scalars: x.scalars + dataset.trainInputs.gatherRows(rows).scalars)
            let more = dataset.trainTargets.gatherRows(rows)
            targets = Tensor(shape: [rows.count + 1] + Array(y.shape.dropFirst()), scalars: y.scalars + more.scalars)
        }
        return try readingTargets(command) { () throws(TargetError) in
            try PassWalk(trainer: trainer, inputs: inputs, targets: targets, seed: seed, label: label,
                         classNames: dataset.task == .classification ? dataset.classNames : [])
        }
    }
}
