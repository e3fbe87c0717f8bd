import Foundation
import NNData
import NNEngine

extension Session {
    /// `opt NAME [lr=] [momentum=] …`.
    func runOpt(_ command: Command, sink: Sink) throws(CommandError) {
        let words = command.positionals
        var settings: OptimizerSettings
        if let nameWord = words.first {
            try noExtraWords(command, allowed: 1)
            guard let kind = OptimizerSettings.Kind(rawValue: nameWord.raw.lowercased()) else {
                let hint = Suggestion.hint(for: nameWord.raw, in: OptimizerSettings.names)
                    ?? "; choose one of \(OptimizerSettings.names.joined(separator: ", "))"
                throw CommandError("unknown optimizer '\(InputExcerpt.cut(nameWord.raw))'\(hint)", at: nameWord)
            }
            settings = kind == optimizerSettings.kind ? optimizerSettings : OptimizerSettings(kind: kind)
            if kind != optimizerSettings.kind { settings.learningRate = OptimizerSettings.defaultLearningRate(kind) }
        } else {
            guard !command.arguments.isEmpty else {
                sink(.text("opt \(optimizerSettings.summary)"))
                return
            }
            settings = optimizerSettings
        }
        for argument in command.arguments where argument.key != nil {
            let x = argument.value.number!
            switch argument.key! {
            case "lr": settings.learningRate = x
            case "momentum": settings.momentum = x
            case "beta1": settings.beta1 = x
            case "beta2": settings.beta2 = x
            case "rho": settings.rho = x
            case "eps": settings.epsilon = x
            case "decay": settings.decay = x
            default: break
            }
        }
        if let problem = settings.validationError() {
            let key = problem.split(separator: " ").first.map(String.init) ?? ""
            if let argument = command.optionArgument(key) { throw CommandError(problem, at: argument) }
            throw CommandError(problem, column: command.column)
        }
        let keepState = settings.kind == optimizerSettings.kind
        optimizerSettings = settings
        if trainer != nil {
            trainer!.optimizer.settings = settings
            if !keepState { trainer!.optimizer.resetState() }
        }
        sink(.text("opt \(settings.summary)"))
    }

    /// `reg [l1=] [l2=]` or `reg off`.
    func runReg(_ command: Command, sink: Sink) throws(CommandError) {
        if command.positionals.first?.raw.lowercased() == "off" {
            try noExtraWords(command, allowed: 1)
            regularization = .none
        } else {
            try noExtraWords(command, allowed: 0)
            var reg = regularization
            if let l1 = try numberOption(command, "l1", valid: { $0 >= 0 }, rule: "must be zero or positive") { reg.l1 = l1 }
            if let l2 = try numberOption(command, "l2", valid: { $0 >= 0 }, rule: "must be zero or positive") { reg.l2 = l2 }
            regularization = reg
        }
        syncTrainer()
        sink(.text(regularization.isActive
            ? "reg l1=\(Numbers.format(regularization.l1)) l2=\(Numbers.format(regularization.l2)) (on weights only, never biases)"
            : "reg off"))
    }

    /// `sched none|step|exp|cosine|warmup …`.
    func runSched(_ command: Command, sink: Sink) throws(CommandError) {
        let kindWord = try word(command, 0, expected: "a schedule: \(LearningRateSchedule.names.joined(separator: ", "))")
        try noExtraWords(command, allowed: 1)
        let gamma = try numberOption(command, "gamma", valid: { $0 > 0 && $0 <= 1 }, rule: "must be in (0, 1]")
        let next: LearningRateSchedule
        switch kindWord.raw.lowercased() {
        case "none", "constant", "off": next = .constant
        case "step":
            next = .step(every: try integerOption(command, "every", minimum: 1) ?? 10, gamma: gamma ?? 0.5)
        case "exp", "exponential":
            next = .exponential(gamma: gamma ?? 0.95)
        case "cosine":
            let minimum = try numberOption(command, "min", valid: { $0 >= 0 }, rule: "must be zero or positive") ?? 0
            next = .cosine(period: try integerOption(command, "period", minimum: 1) ?? 100, minimum: minimum)
        case "warmup":
            next = .warmup(epochs: try integerOption(command, "epochs", minimum: 1) ?? 5)
        default:
            let hint = Suggestion.hint(for: kindWord.raw, in: LearningRateSchedule.names)
                ?? "; choose one of \(LearningRateSchedule.names.joined(separator: ", "))"
            throw CommandError("unknown schedule '\(InputExcerpt.cut(kindWord.raw))'\(hint)", at: kindWord)
        }
        schedule = next
        syncTrainer()
        sink(.text("sched \(next)"))
    }

    /// `clip norm=X`, `clip value=X` or `clip off`.
    func runClip(_ command: Command, sink: Sink) throws(CommandError) {
        if command.positionals.first?.raw.lowercased() == "off" {
            try noExtraWords(command, allowed: 1)
            clipping = .off
        } else {
            try noExtraWords(command, allowed: 0)
            let norm = try numberOption(command, "norm", valid: { $0 > 0 }, rule: "must be positive")
            let value = try numberOption(command, "value", valid: { $0 > 0 }, rule: "must be positive")
            switch (norm, value) {
            case (let n?, nil): clipping = .norm(n)
            case (nil, let v?): clipping = .value(v)
            case (nil, nil): sink(.text("clip \(clipping)")); return
            default: throw CommandError("choose one: clip norm=X or clip value=X", column: command.column, length: command.text.count)
            }
        }
        syncTrainer()
        sink(.text("clip \(clipping)"))
    }

    /// Network, data and fit, checked together, for the commands that compute with them.
    func requireReady(_ command: Command) throws(CommandError) -> (Trainer, Dataset) {
        let trainer = try requireNetwork(command)
        let dataset = try requireData(command)
        try checkFit(trainer, dataset, command)
        return (trainer, dataset)
    }

    /// `train [epochs=] [batch=] [patience=] [every=] [live]`.
    func runTrain(_ command: Command, sink: Sink) throws(CommandError) {
        if let extra = command.positionals.first(where: { $0.raw.lowercased() != "live" }) {
            throw CommandError("'train' does not take '\(InputExcerpt.cut(extra.raw))'; did you mean `live`?", at: extra)
        }
        let (_, dataset) = try requireReady(command)
        let epochs = try integerOption(command, "epochs", minimum: 1, maximum: 10_000_000) ?? 100
        if let b = try integerOption(command, "batch", minimum: 1) { batchSize = b }
        let patience = try integerOption(command, "patience", minimum: 1)
        if patience != nil, dataset.testCount == 0, let arg = command.optionArgument("patience") {
            throw CommandError("patience watches the test loss, but the data has no test split; make the data with test=0.2", at: arg)
        }
        let every = try integerOption(command, "every", minimum: 1) ?? max(1, epochs / 10)
        var pace: TrainingPace?
        if let argument = command.optionArgument("speed") {
            guard let given = TrainingPace(option: argument.value.text) else {
                throw CommandError("speed takes optimizer steps per second, from 1 to \(TrainingPace.fastest * 4), or max", at: argument)
            }
            pace = given
        }
        if command.hasFlag("live") && environment.interactive {
            sink(.view(.dashboard(epochs: epochs, batch: batchSize, patience: patience, pace: pace)))
            return
        }
        let before = trainer!
        var working = before
        let classification = dataset.task == .classification
        do {
            let summary = try working.train(trainingData(dataset), epochs: epochs, batchSize: batchSize, patience: patience) { event in
                if isCancelled() { return .stop }
                if case .epoch(let report) = event, report.epoch % every == 0 || report.epoch == before.epochsDone + epochs {
                    sink(.text(epochLine(report, classification: classification)))
                }
                return .proceed
            }
            trainer = working
            sink(.text(summaryLine(summary, classification: classification)))
        } catch let error as TrainingError {
            if case .diverged = error {
                // Keep what trained before the bad batch: the weights are those of the last finite step.
                trainer = working
            }
            throw CommandError(EngineErrorWording.sentence(for: error), column: command.column, length: command.text.count)
        } catch {
            throw CommandError(EngineErrorWording.sentence(for: error), column: command.column)
        }
    }

    /// One line of training progress.
    func epochLine(_ report: EpochReport, classification: Bool) -> String {
        var parts = ["epoch \(String(report.epoch).leftPadded(to: 5))", "loss \(Numbers.fixed(report.trainLoss, 6))"]
        if classification, let acc = report.trainAccuracy { parts.append("acc \(Numbers.percent(acc).leftPadded(to: 6))") }
        if let testLoss = report.testLoss { parts.append("test loss \(Numbers.fixed(testLoss, 6))") }
        if classification, let acc = report.testAccuracy { parts.append("test acc \(Numbers.percent(acc).leftPadded(to: 6))") }
        parts.append("lr \(Numbers.format(report.learningRate, digits: 4))")
        return parts.joined(separator: "  ")
    }

    /// The line `train` ends with: why it stopped, the final metrics, time and throughput.
    func summaryLine(_ summary: TrainingSummary, classification: Bool) -> String {
        let how: String
        switch summary.reason {
        case .completed: how = "done"
        case .cancelled: how = "stopped"
        case .earlyStopped(let best): how = "early stop (best test loss at epoch \(best); its weights restored)"
        }
        var line = "\(how): \(trainer?.epochsDone ?? 0) epochs, \(trainer?.stepsDone ?? 0) steps"
        // Training has read these targets already, so evaluating them cannot fail here.
        let classCount = classification ? data?.classCount : nil
        if let trainer, let dataset = data,
           let train = try? trainer.evaluate(inputs: dataset.trainInputs, targets: dataset.trainTargets, classCount: classCount) {
            line += " · train loss \(Numbers.format(train.loss))"
            if let acc = train.accuracy { line += " acc \(Numbers.percent(acc))" }
            if dataset.testCount > 0,
               let test = try? trainer.evaluate(inputs: dataset.testInputs, targets: dataset.testTargets, classCount: classCount) {
                line += " · test loss \(Numbers.format(test.loss))"
                if let acc = test.accuracy { line += " acc \(Numbers.percent(acc))" }
            }
        }
        line += String(format: " · %.2f s, %@ samples/s", summary.seconds, Numbers.count(Int(summary.samplesPerSecond.rounded())))
        return line
    }

    /// `step`: one update on one minibatch (the whole training split when batch is unset).
    func runStep(_ command: Command, sink: Sink) throws(CommandError) {
        try noExtraWords(command, allowed: 0)
        let (_, dataset) = try requireReady(command)
        var working = trainer!
        let n = dataset.trainCount
        let size = min(batchSize ?? n, n)
        let rows = size == n ? Array(0..<n) : Array(working.generator.permutation(n).prefix(size))
        let x = dataset.trainInputs.gatherRows(rows), y = dataset.trainTargets.gatherRows(rows)
        do {
            let report = try working.step(inputs: x, targets: y)
            let after = try working.network.objectiveValueForReport(inputs: x, targets: y, objective: working.objective)
            trainer = working
            sink(.text("step \(report.step): loss on the batch of \(size) \(Numbers.format(report.loss)) → \(Numbers.format(after)) (lr \(Numbers.format(report.learningRate, digits: 4)))"))
        } catch {
            throw CommandError(EngineErrorWording.sentence(for: error), column: command.column, length: command.text.count)
        }
    }

    /// `eval`: the fixed four lines `train loss`, `train acc`, `test loss`, `test acc`.
    func runEval(_ command: Command, sink: Sink) throws(CommandError) {
        try noExtraWords(command, allowed: 0)
        let (trainer, dataset) = try requireReady(command)
        let classes = dataset.task == .classification ? dataset.classCount : nil
        let (train, test) = try readingTargets(command) { () throws(TargetError) in
            (try trainer.evaluate(inputs: dataset.trainInputs, targets: dataset.trainTargets, classCount: classes),
             try trainer.evaluate(inputs: dataset.testInputs, targets: dataset.testTargets, classCount: classes))
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
        sink(.text(lines.joined(separator: "\n")))
    }

    /// Whether the person asked to stop the running command (Ctrl-C).
    func isCancelled() -> Bool { cancellationCheck?() ?? false }
}

extension Network {
    /// The data loss plus penalties on a batch at training mode without dropout noise, for reporting.
    func objectiveValueForReport(inputs: Tensor, targets: Tensor, objective: Objective) throws(TargetError) -> Double {
        var g = SeededGenerator(seed: 0)
        return try objectiveValue(inputs: inputs, targets: targets, objective: objective, mode: .inference, generator: &g)
    }
}

extension String {
    /// The string with spaces in front up to a width.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
