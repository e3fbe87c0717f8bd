import NNData
import NNRender
import NNEngine

extension Session {
    /// Keeps a record of the run that just trained the session's trainer: the settings it
    /// trained with, the net's loss curves and its final metrics. `startEpoch` is where the run
    /// began (the trainer's epochs before it); `batch` the minibatch size it used.
    @discardableResult
    func recordRun(startEpoch: Int, batch: Int?, live: Bool, final: FinalFigures? = nil) -> RunRecord? {
        guard let trainer, data != nil else { return nil }
        let settings = runSettings(trainer: trainer, batch: batch)
        let history = trainer.history
        let test = history.compactMap(\.testLoss)
        let validation = history.compactMap(\.validationLoss)
        let figures = final ?? finalFigures()
        let train = figures?.train, held = figures?.test
        return runs.add { number in
            RunRecord(number: number, settings: settings, epochs: max(trainer.epochsDone - startEpoch, 0),
                      startEpoch: startEpoch, live: live, trainLoss: history.map(\.trainLoss),
                      testLoss: !history.isEmpty && test.count == history.count ? test : nil,
                      validationLoss: !history.isEmpty && validation.count == history.count ? validation : nil,
                      finalTrainLoss: train?.loss, finalTrainAccuracy: train?.accuracy,
                      finalTestLoss: held?.loss, finalTestAccuracy: held?.accuracy)
        }
    }

    /// The final weights' data loss and accuracy on the training and test splits, at
    /// inference: what a run record and the `train` command's last line show (evaluated once
    /// for both: each is a forward pass over the whole split).
    func finalFigures() -> FinalFigures? {
        guard let trainer, let dataset = data else { return nil }
        let classCount = dataset.task == .classification ? dataset.classCount : nil
        let train = try? trainer.evaluate(inputs: dataset.trainInputs, targets: dataset.trainTargets, classCount: classCount)
        let test = dataset.testCount > 0
            ? try? trainer.evaluate(inputs: dataset.testInputs, targets: dataset.testTargets, classCount: classCount) : nil
        return FinalFigures(train: train, test: test)
    }

    /// A setting's number in few characters: `0.1`, `0.05`, `1e-08`.
    private func short(_ x: Double) -> String { String(format: "%g", x) }

    /// The settings a run trained with, named as the commands name them, in a fixed order.
    func runSettings(trainer: Trainer, batch: Int?) -> [RunRecord.Setting] {
        typealias S = RunRecord.Setting
        var settings: [S] = []
        if let raw = rawData {
            settings.append(S("data", raw.name))
            // The data's options from its origin: `generated with n=200 noise=0.3 seed=0 test=0.2`.
            for word in raw.origin.split(separator: " ") {
                let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                settings.append(S(parts[0] == "seed" ? "data seed" : parts[0], parts[1]))
            }
        }
        settings.append(S("features", featureMap?.description ?? "raw"))
        if let stack = trainer.network.stack {
            // A layer-by-layer net: its outline names every layer (`1x8x8 conv-maxpool-dense`).
            settings.append(S("net", stack.outline))
            settings.append(S("out", stack.outputActivation.rawValue))
        } else {
            let spec = trainer.network.spec
            settings.append(S("net", spec.widths.map(String.init).joined(separator: "-")))
            let hidden = spec.activations.dropLast().map(\.rawValue)
            var acts: [String] = []
            for name in hidden where acts.last != name { acts.append(name) }
            if !acts.isEmpty { settings.append(S("act", acts.joined(separator: ","))) }
            if let output = spec.activations.last { settings.append(S("out", output.rawValue)) }
        }
        if let recipe = netRecipe {
            settings.append(S("init", recipe.initializer.map { "\($0)" } ?? "default"))
            settings.append(S("seed", String(recipe.seed)))
        } else {
            settings.append(S("init", "loaded"))
        }
        let objective = trainer.objective
        var loss = objective.loss.rawValue
        if objective.labelSmoothing > 0 { loss += " smoothing=\(short(objective.labelSmoothing))" }
        if let classes = objective.weights.classes { loss += " weights=" + classes.map { short($0) }.joined(separator: ",") }
        if let positive = objective.weights.positive { loss += " pos_weight=\(short(positive))" }
        settings.append(S("loss", loss))
        let opt = trainer.optimizer.settings
        settings.append(S("opt", opt.kind.rawValue))
        settings.append(S("lr", short(opt.learningRate)))
        switch opt.kind {
        case .momentum, .nesterov: settings.append(S("momentum", short(opt.momentum)))
        case .rmsprop: settings += [S("rho", short(opt.rho)), S("eps", short(opt.epsilon))]
        case .adagrad: settings.append(S("eps", short(opt.epsilon)))
        case .adam, .adamw:
            settings += [S("beta1", short(opt.beta1)), S("beta2", short(opt.beta2)),
                         S("eps", short(opt.epsilon))]
            if opt.kind == .adamw { settings.append(S("decay", short(opt.decay))) }
        case .sgd: break
        }
        let reg = objective.regularization
        var penalties: [String] = []
        if reg.l1 > 0 { penalties.append("l1=\(short(reg.l1))") }
        if reg.l2 > 0 { penalties.append("l2=\(short(reg.l2))") }
        settings.append(S("reg", penalties.isEmpty ? "off" : penalties.joined(separator: ",")))
        if let dropout = trainer.network.dropout, dropout.probability > 0 {
            settings.append(S("dropout", short(dropout.probability) + (dropout.scaling == .classic ? " classic" : "")))
        } else {
            settings.append(S("dropout", "off"))
        }
        settings.append(S("batchnorm", trainer.network.usesBatchNorm ? "on" : "off"))
        settings.append(S("batch", batch.map(String.init) ?? "all"))
        settings.append(S("sched", "\(trainer.schedule)"))
        settings.append(S("clip", "\(trainer.clipping)"))
        return settings
    }
}

extension Session {
    /// The runs a `runs=` option names, in the order given: run numbers (`1,3,4`), `-1` for the
    /// latest run (`-2` the one before it) and `last3` for the three latest; or an error that
    /// names the runs kept.
    func selectedRuns(_ argument: Command.Argument) throws(CommandError) -> [RunRecord] {
        let records = runs.records
        guard let latest = records.last else {
            throw CommandError("no runs yet: each `train` keeps a record to compare, e.g. `train epochs=50`", at: argument)
        }
        let kept = records.count == 1 ? "run \(latest.number)" : "runs \(records[0].number) to \(latest.number)"
        let text = argument.value.text.filter { $0 != "[" && $0 != "]" && $0 != " " }.lowercased()
        var chosen: [RunRecord] = []
        func add(_ record: RunRecord) { if !chosen.contains(where: { $0.number == record.number }) { chosen.append(record) } }
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            if item.hasPrefix("last") {
                let count = item == "last" ? 1 : Int(item.dropFirst(4)) ?? 0
                guard count >= 1 else {
                    throw CommandError("'\(InputExcerpt.cut(String(item)))' is not a run: write run numbers, -1 for the latest, or last3 for the last three", at: argument)
                }
                records.suffix(count).forEach(add)
            } else if let number = Int(item), number != 0 {
                if number < 0 {
                    guard -number <= records.count else {
                        throw CommandError("run \(number) goes back further than the runs kept (\(kept))", at: argument)
                    }
                    add(records[records.count + number])
                } else {
                    guard let record = runs.record(number: number) else {
                        let why = number > latest.number ? "there is no run \(number) yet" : "run \(number) is no longer kept (the last \(RunLog.capacity) are)"
                        throw CommandError("\(why); the session has \(kept) (`runs` lists them)", at: argument)
                    }
                    add(record)
                }
            } else {
                throw CommandError("'\(InputExcerpt.cut(String(item)))' is not a run: write run numbers like runs=1,3,4, -1 for the latest, or last3", at: argument)
            }
        }
        guard chosen.count <= RunCurvesPlot.maximumRuns else {
            throw CommandError("\(chosen.count) runs are too many lines for one chart; choose at most \(RunCurvesPlot.maximumRuns)", at: argument)
        }
        return chosen
    }

    /// `plot loss runs=…`: the caption naming what differs, then the runs' curves overlaid.
    func plotRuns(_ command: Command, argument: Command.Argument, height: Int, logScale: Bool, sink: Sink) throws(CommandError) {
        let chosen = try selectedRuns(argument)
        var split = RunSplit.test
        let splitArgument = command.optionArgument("split")
        if let splitArgument {
            let word = splitArgument.value.text.lowercased()
            guard let given = RunSplit(rawValue: word == "validation" ? "val" : word) else {
                throw CommandError("split is train, test or val, got '\(InputExcerpt.cut(splitArgument.value.text))'", at: splitArgument)
            }
            split = given
        }
        if let lacking = chosen.first(where: { $0.curve(split) == nil }) {
            let name = split == .validation ? "validation" : split.rawValue
            if splitArgument != nil || split != .test {
                throw CommandError("run \(lacking.number)'s data has no \(name) split; choose split=train", at: splitArgument ?? argument)
            }
            // Test loss by default; runs without a test split are compared on training loss.
            split = .train
            sink(.text("note: run \(lacking.number)'s data has no test split, so these are training losses"))
        }
        let width = min(max(environment.width, 20), 80)
        for line in TextWrapper(width: width).wrap(RunCurvesPlot.caption(chosen, split: split)) { sink(.text(line)) }
        sink(.widget(RunCurvesPlot.chart(chosen, split: split, glyphs: glyphs, logScale: logScale), height: height))
    }
}

/// The final weights' figures on the training and test splits (nil where not measured).
struct FinalFigures {
    var train: (loss: Double, accuracy: Double?)?
    var test: (loss: Double, accuracy: Double?)?
}
