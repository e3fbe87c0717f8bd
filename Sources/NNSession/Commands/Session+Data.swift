import NNData
import NNEngine

extension Session {
    /// `data NAME …`, `data load PATH …`, `data show`.
    func runData(_ command: Command, sink: Sink) throws(CommandError) {
        let first = try word(command, 0, expected: "a dataset name, `load PATH` or `show`")
        switch first.raw.lowercased() {
        case "show":
            try noExtraWords(command, allowed: 1)
            let dataset = try requireData(command)
            sink(.text(dataset.summary.joined(separator: "\n")))
            if let plot = dataPlot(dataset) { sink(plot) }
        case "load":
            let pathWord = try word(command, 1, expected: "a CSV path after `load`")
            try noExtraWords(command, allowed: 2)
            let test = try numberOption(command, "test", valid: { $0 >= 0 && $0 < 1 }, rule: "must be in [0, 1)") ?? 0.2
            let task = command.option("task").flatMap { DatasetTask(rawValue: $0.text.lowercased()) }
            let normalize = (command.option("normalize")?.text.lowercased() ?? "on") == "on"
            let seedValue = try integerOption(command, "seed", minimum: Int.min) ?? seed
            for key in ["n", "noise", "classes"] where command.option(key) != nil {
                throw CommandError("'\(key)=' is for built-in sets, not `data load`", at: command.optionArgument(key)!)
            }
            do {
                let dataset = try CSVLoader.load(path: pathWord.value.text, label: command.option("label")?.text, task: task,
                                                  test: test, seed: seedValue, normalize: normalize)
                adopt(dataset, sink: sink)
            } catch let error as DataError {
                throw CommandError(error.message, at: pathWord)
            } catch {
                throw CommandError("\(error)", at: pathWord)
            }
        default:
            try noExtraWords(command, allowed: 1)
            for key in ["label", "task", "normalize"] where command.option(key) != nil {
                throw CommandError("'\(key)=' is for `data load`, not built-in sets", at: command.optionArgument(key)!)
            }
            let n = try integerOption(command, "n", minimum: 1, maximum: DatasetGenerator.maximumCount)
            let noise = try numberOption(command, "noise", valid: { $0 >= 0 }, rule: "must be zero or positive")
            let classes = try integerOption(command, "classes", minimum: 2, maximum: DatasetGenerator.maximumClasses)
            let test = try numberOption(command, "test", valid: { $0 >= 0 && $0 < 1 }, rule: "must be in [0, 1)")
            let seedValue = try integerOption(command, "seed", minimum: Int.min) ?? seed
            do {
                let dataset = try DatasetGenerator.make(first.raw.lowercased(), n: n, noise: noise, seed: seedValue,
                                                        classes: classes, test: test)
                adopt(dataset, sink: sink)
            } catch let error as DataError {
                throw CommandError(error.message, at: first)
            } catch {
                throw CommandError("\(error)", at: first)
            }
        }
    }

    /// Makes a dataset current (dropping any feature map) and reports it.
    func adopt(_ dataset: Dataset, sink: Sink) {
        rawData = dataset
        data = dataset
        let hadMap = featureMap != nil
        featureMap = nil
        inspection = InspectionTarget()
        var line = "data \(dataset.name): \(Numbers.count(dataset.trainCount)) train, \(Numbers.count(dataset.testCount)) test, " +
            "\(dataset.featureCount) feature\(dataset.featureCount == 1 ? "" : "s")"
        if dataset.task == .classification {
            line += ", \(dataset.classCount) classes (\(dataset.classNames.joined(separator: ", ")))"
        } else {
            line += ", regression"
        }
        if hadMap { line += "; features reset to the raw inputs" }
        if let trainer, trainer.network.inputs != dataset.featureCount {
            line += "\nnote: the net takes \(trainer.network.inputs) inputs; build one for \(dataset.featureCount), e.g. `net \(dataset.featureCount)-8-\(suggestedOutputs(dataset))`"
        }
        sink(.text(line))
    }

    /// The output width a net for a dataset needs.
    func suggestedOutputs(_ dataset: Dataset) -> Int {
        dataset.task == .classification ? (dataset.classCount == 2 ? 1 : dataset.classCount) : dataset.outputCount
    }

    /// `features TERM…` or `features off`.
    func runFeatures(_ command: Command, sink: Sink) throws(CommandError) {
        guard let raw = rawData else { _ = try requireData(command); return }
        let words = command.positionals.map(\.raw)
        if words.isEmpty {
            sink(.text("features: \((featureMap?.names ?? raw.featureNames).joined(separator: " "))"))
            return
        }
        if words.count == 1, words[0].lowercased() == "off" {
            featureMap = nil
            data = raw
            sink(.text("features: the raw inputs \(raw.featureNames.joined(separator: " "))"))
            return
        }
        do {
            let map = try FeatureMap(parsing: words)
            let mapped = try map.apply(to: raw)
            featureMap = map
            data = mapped
            var line = "features: \(map.names.joined(separator: " ")) (\(map.names.count) inputs)"
            if let trainer, trainer.network.inputs != map.names.count {
                line += "\nnote: the net takes \(trainer.network.inputs) inputs; rebuild it, e.g. `net \(map.names.count)-8-\(suggestedOutputs(mapped))`"
            }
            sink(.text(line))
        } catch let error as DataError {
            throw CommandError(error.message, column: command.positionals.first?.column ?? command.column, length: command.text.count)
        } catch {
            throw CommandError("\(error)", column: command.column)
        }
    }
}
