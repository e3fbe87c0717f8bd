import NNData
import NNEngine

/// The checks and settings many commands share: positional words, ranged options, the
/// network and data a command needs, and the loss and settings the trainer follows.
extension Session {
    /// The positional word at an index, or an error naming what was expected.
    func word(_ command: Command, _ index: Int, expected: String) throws(CommandError) -> Command.Argument {
        let words = command.positionals
        guard index < words.count else {
            throw CommandError("'\(InputExcerpt.cut(command.name))' needs \(expected); usage: \(CommandCatalog.spec(command.name)?.usage.split(separator: "\n").first ?? "")",
                               column: command.column, length: command.text.count)
        }
        return words[index]
    }

    /// Rejects positional words beyond those a command takes.
    func noExtraWords(_ command: Command, allowed: Int) throws(CommandError) {
        let words = command.positionals
        if words.count > allowed {
            let extra = words[allowed]
            throw CommandError("'\(InputExcerpt.cut(command.name))' does not take '\(InputExcerpt.cut(extra.raw))' here; usage: \(CommandCatalog.spec(command.name)?.usage.split(separator: "\n").first ?? "")", at: extra)
        }
    }

    /// An integer option with a range check.
    func integerOption(_ command: Command, _ key: String, minimum: Int, maximum: Int = Int.max) throws(CommandError) -> Int? {
        guard let argument = command.optionArgument(key), argument.value.number != nil else { return nil }
        return try argument.wholeNumber(minimum: minimum, maximum: maximum, name: key)
    }

    /// A number option with a range check given as a predicate and its description.
    func numberOption(_ command: Command, _ key: String, valid: (Double) -> Bool, rule: String) throws(CommandError) -> Double? {
        guard let argument = command.optionArgument(key), let x = argument.value.number else { return nil }
        guard x.isFinite, valid(x) else { throw CommandError("\(key) \(rule), got \(Numbers.format(x))", at: argument) }
        return x
    }

    /// The current network, or an error telling how to build one.
    func requireNetwork(_ command: Command) throws(CommandError) -> Trainer {
        guard let trainer else { throw CommandError(noNetworkMessage, column: command.column, length: command.name.count) }
        return trainer
    }

    /// Why there is no network: none built yet, or a `net input` still waiting for its layers.
    var noNetworkMessage: String {
        if let draft = stackDraft {
            return "net input \(draft.inputShape) has no layers yet; add them with `layer`, e.g. `layer dense 8 act=relu`"
        }
        return "there is no network yet; build one first, e.g. `net 2-8-1`"
    }

    /// The current data, or an error telling how to get some.
    func requireData(_ command: Command) throws(CommandError) -> Dataset {
        guard let data else {
            throw CommandError("there is no data yet; make some first, e.g. `data xor` or `data load datasets/iris.csv`",
                               column: command.column, length: command.name.count)
        }
        return data
    }

    /// The current data in the engine's form.
    func trainingData(_ dataset: Dataset) -> TrainingData { dataset.trainingData }

    /// The optimizer steps in one epoch of the training split at a batch size (nil: the whole
    /// split, one step).
    public func batchesPerEpoch(batch: Int?) -> Int {
        guard let n = data?.trainCount, n > 0 else { return 1 }
        let size = min(max(batch ?? n, 1), n)
        return (n + size - 1) / size
    }

    /// The loss in force: the chosen one, or the one the output layer implies.
    var effectiveLoss: Loss {
        if let chosenLoss { return chosenLoss }
        switch trainer?.network.outputActivation {
        case .softmax: return .ce
        case .sigmoid: return .bce
        case .step: return .mse
        default: return .mse
        }
    }

    /// Checks that network, loss and data fit together, as an error at the command.
    func checkFit(_ trainer: Trainer, _ dataset: Dataset, _ command: Command) throws(CommandError) {
        do { try trainer.validate(trainingData(dataset)) } catch {
            throw CommandError(EngineErrorWording.sentence(for: error), column: command.column, length: command.name.count)
        }
    }

    /// Pushes the session's settings into the trainer.
    func syncTrainer() {
        guard trainer != nil else { return }
        trainer!.objective = Objective(loss: effectiveLoss, regularization: regularization,
                                       labelSmoothing: effectiveLoss == .ce ? labelSmoothing : 0, weights: lossWeights)
        trainer!.decisionThreshold = decisionThreshold
        trainer!.schedule = schedule
        trainer!.clipping = clipping
        trainer!.network.dropout = dropout
        if trainer!.network.usesBatchNorm != batchNorm { trainer!.network.setBatchNorm(batchNorm) }
    }

    /// Why the current net, loss and data do not fit, if they don't.
    func fitProblem(_ dataset: Dataset) -> String? {
        guard let trainer else { return nil }
        do { try trainer.validate(trainingData(dataset)); return nil } catch { return EngineErrorWording.sentence(for: error) }
    }

    /// Network, data and fit, checked together, for the commands that compute with them.
    func requireReady(_ command: Command) throws(CommandError) -> (Trainer, Dataset) {
        let trainer = try requireNetwork(command)
        let dataset = try requireData(command)
        try checkFit(trainer, dataset, command)
        return (trainer, dataset)
    }

    /// Whether the person asked to stop the running command (Ctrl-C).
    func isCancelled() -> Bool {
        let cancelled = cancellationCheck?() ?? false
        if cancelled { cancelledDuringCommand = true }
        return cancelled
    }
}
