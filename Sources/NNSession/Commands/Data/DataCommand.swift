import NNData
import NNEngine

/// `data NAME …`, `data load PATH …`, `data show`: make a built-in dataset, load a CSV, or
/// show the current data.
enum DataCommand: SessionCommand {
    static let spec = CommandSpec(
        "data", summary: "make a built-in dataset, load a CSV, or show the current data",
        usage: "data NAME [n=N] [noise=X] [seed=S] [classes=K] [test=F] [val=F]\ndata load PATH [label=COLUMN] [task=classification|regression] [test=F] [val=F] [seed=S] [normalize=on|off] [shape=CxHxW|TxN]\ndata draw [classes=K]\ndata seq sine|adding|parity [n=N] [steps=T] [seed=S] [test=F]\ndata show",
        example: "data spiral n=600 classes=3 noise=0.1",
        options: [
            .init("n", .integer, "number of points, train and test together"),
            .init("noise", .number, "noise level"),
            .init("seed", .integer, "random seed"),
            .init("classes", .integer, "number of classes (spiral, gauss)"),
            .init("test", .number, "held-out fraction in [0, 1)"),
            .init("val", .number, "validation share of the non-test rows, in [0, 1)"),
            .init("label", .text, "label column of a CSV (name or index)"),
            .init("task", .choice(["classification", "regression"]), "what the label is"),
            .init("normalize", .choice(["on", "off"]), "standardize features with training statistics"),
            .init("shape", .text, "data load: each row's features as an image CxHxW (like 1x8x8) or a sequence TxN"),
            .init("steps", .integer, "data seq: the length T of each sequence"),
        ],
        words: [.datasets, .fixed(["load", "show", "seq", "draw"])], followers: ["load": [.path], "seq": [.fixed(DataSeqCommand.names)]])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let first = try session.word(command, 0, expected: "a dataset name, `load PATH` or `show`")
        switch first.raw.lowercased() {
        case "draw":
            try session.noExtraWords(command, allowed: 1)
            for argument in command.arguments where argument.key != nil && argument.key != "classes" {
                throw CommandError("`data draw` takes only classes=K, not '\(argument.key!)='", at: argument)
            }
            let classes = try session.integerOption(command, "classes", minimum: 2, maximum: DataCanvas.maximumClasses)
            guard session.environment.interactive else { throw CommandError(DrawingView.needsTerminal, at: first) }
            sink(.view(.draw(classes: classes)))
        case "show":
            try session.noExtraWords(command, allowed: 1)
            let dataset = try session.requireData(command)
            sink(.text(dataset.summary.joined(separator: "\n")))
            if let plot = session.dataPlot(dataset) { sink(plot) }
            if let images = session.dataImages(dataset) { sink(images) }
        case "seq":
            try DataSeqCommand.run(command, in: session, sink: sink)
        case "load":
            let pathWord = try session.word(command, 1, expected: "a CSV path after `load`")
            try session.noExtraWords(command, allowed: 2)
            let test = try session.numberOption(command, "test", valid: { $0 >= 0 && $0 < 1 }, rule: "must be in [0, 1)") ?? 0.2
            let validation = try validationOption(command, in: session)
            let task = command.option("task").flatMap { DatasetTask(rawValue: $0.text.lowercased()) }
            let normalize = (command.option("normalize")?.text.lowercased() ?? "on") == "on"
            let seedValue = try session.integerOption(command, "seed", minimum: Int.min) ?? session.seed
            for key in ["n", "noise", "classes"] where command.option(key) != nil {
                throw CommandError("'\(key)=' is for built-in sets, not `data load`", at: command.optionArgument(key)!)
            }
            do {
                var dataset = try CSVLoader.load(path: pathWord.value.text, label: command.option("label")?.text, task: task,
                                                  test: test, seed: seedValue, normalize: normalize, validation: validation)
                if let argument = command.optionArgument("shape") {
                    let shape: LayerShape
                    do { shape = try LayerShape.parse(argument.value.text) } catch { throw CommandError(error.message, at: argument) }
                    guard shape.count == dataset.featureCount else {
                        throw CommandError("shape=\(shape) holds \(shape.count) numbers but each row of \(dataset.name) has \(dataset.featureCount) features", at: argument)
                    }
                    dataset.sampleShape = shape.dimensions
                }
                adopt(dataset, in: session, sink: sink)
            } catch let error as DataError {
                throw CommandError(error.message, at: pathWord)
            } catch let error as CommandError {
                throw error
            } catch {
                throw CommandError("\(error)", at: pathWord)
            }
        default:
            try session.noExtraWords(command, allowed: 1)
            for key in ["label", "task", "normalize", "shape"] where command.option(key) != nil {
                throw CommandError("'\(key)=' is for `data load`, not built-in sets", at: command.optionArgument(key)!)
            }
            if let steps = command.optionArgument("steps") {
                throw CommandError("'steps=' is for sequence sets: `data seq sine|adding|parity steps=T`", at: steps)
            }
            let n = try session.integerOption(command, "n", minimum: 1, maximum: DatasetGenerator.maximumCount)
            let noise = try session.numberOption(command, "noise", valid: { $0 >= 0 }, rule: "must be zero or positive")
            let classes = try session.integerOption(command, "classes", minimum: 2, maximum: DatasetGenerator.maximumClasses)
            let test = try session.numberOption(command, "test", valid: { $0 >= 0 && $0 < 1 }, rule: "must be in [0, 1)")
            let validation = try validationOption(command, in: session)
            let seedValue = try session.integerOption(command, "seed", minimum: Int.min) ?? session.seed
            do {
                let dataset = try DatasetGenerator.make(first.raw.lowercased(), n: n, noise: noise, seed: seedValue,
                                                        classes: classes, test: test, validation: validation)
                adopt(dataset, in: session, sink: sink)
            } catch let error as DataError {
                throw CommandError(error.message, at: first)
            } catch {
                throw CommandError("\(error)", at: first)
            }
        }
    }

    /// The `val=` fraction (0 when absent): the share of the non-test rows held out for validation.
    static func validationOption(_ command: Command, in session: Session) throws(CommandError) -> Double {
        try session.numberOption(command, "val", valid: { $0 >= 0 && $0 < 1 },
                                 rule: "must be in [0, 1): the share of the non-test rows held out for validation (e.g. val=0.2)") ?? 0
    }

    /// Makes a dataset current (dropping any feature map) and reports it.
    static func adopt(_ dataset: Dataset, in session: Session, sink: Session.Sink) {
        session.rawData = dataset
        session.data = dataset
        let hadMap = session.featureMap != nil
        session.featureMap = nil
        session.inspection = InspectionTarget()
        let validation = dataset.validationCount > 0 ? "\(Numbers.count(dataset.validationCount)) val, " : ""
        var line = "data \(dataset.name): \(Numbers.count(dataset.trainCount)) train, \(validation)\(Numbers.count(dataset.testCount)) test, " +
            "\(dataset.featureCount) feature\(dataset.featureCount == 1 ? "" : "s")"
        if let shape = dataset.sampleShape { line += " (each row \(shape.map(String.init).joined(separator: "×")))" }
        if dataset.task == .classification {
            line += ", \(dataset.classCount) classes (\(dataset.classNames.joined(separator: ", ")))"
        } else {
            line += ", regression"
        }
        if hadMap { line += "; features reset to the raw inputs" }
        if let trainer = session.trainer, trainer.network.inputs != dataset.featureCount {
            let example = dataset.sampleShape.map { "net input \($0.map(String.init).joined(separator: "x"))" }
                ?? "net \(dataset.featureCount)-8-\(suggestedOutputs(dataset))"
            line += "\nnote: the net takes \(trainer.network.inputs) inputs; build one for \(dataset.featureCount), e.g. `\(example)`"
        }
        sink(.text(line))
    }

    /// The output width a net for a dataset needs.
    static func suggestedOutputs(_ dataset: Dataset) -> Int {
        dataset.task == .classification ? (dataset.classCount == 2 ? 1 : dataset.classCount) : dataset.outputCount
    }
}
