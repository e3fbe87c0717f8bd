import NNText
import NNData
import NNEngine
import NNRender

/// `plot loss | boundary | data | act NAME | hist weights|grads | gradnorm | lr | path SURFACE | confusion
/// | images | filters | maps | gradtime`: draw a plot into the output.
enum PlotCommand: SessionCommand {
    /// What `plot` draws: the first word it takes.
    static let kinds = ["loss", "boundary", "data", "act", "hist", "gradnorm", "lr", "path", "confusion", "images", "filters", "maps", "gradtime"]
    /// What `plot hist` draws (it also reads `w` and `gradients`).
    static let histograms = ["weights", "grads"]

    static let spec = CommandSpec(
        "plot", summary: "draw a plot into the output",
        usage: "plot loss [runs=1,3,4] [split=train] | boundary | data | act NAME | hist weights|grads | gradnorm | lr | path SURFACE | confusion [opts=a,b] [steps=N] [lr=X]\nplot images [n=N] [start=I] | filters [layer=L] | maps [sample=I] [layer=L]\nplot gradtime [layer=L] (‖∂L/∂hₜ‖ of a recurrent layer against t)",
        example: "plot path rosenbrock opts=sgd,momentum,adam steps=200",
        options: [
            .init("opts", .text, "optimizers to race (comma-separated)", values: .optimizers, isCommaList: true),
            .init("steps", .integer, "optimizer steps"),
            .init("lr", .number, "learning rate of the race"),
            .init("layer", .integer, "layer for hist, filters, maps and gradtime"),
            .init("n", .integer, "images: how many samples"),
            .init("start", .integer, "images: the first training row"),
            .init("sample", .integer, "maps: training sample index"),
            .init("width", .integer, "plot width in columns"),
            .init("height", .integer, "plot height in rows"),
            .init("log", .choice(["on", "off"]), "log scale"),
            .init("runs", .text, "loss: runs to overlay, e.g. 1,3,4 or last3 (see `runs`)"),
            .init("split", .choice(["train", "test", "val"]), "loss of runs: which split's curve (test by default)"),
        ],
        words: [.fixed(kinds)],
        followers: ["act": [.activations], "path": [.surfaces], "hist": [.fixed(histograms)]])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let kindWord = try session.word(command, 0, expected: "what to plot: \(kinds.joined(separator: ", "))")
        let height = try session.integerOption(command, "height", minimum: 4, maximum: 200) ?? session.plotHeight
        let logScale = command.option("log")?.text.lowercased() == "on"
        let widget: any Widget
        switch kindWord.raw.lowercased() {
        case "loss":
            try session.noExtraWords(command, allowed: 1)
            if let runs = command.optionArgument("runs") {
                try session.plotRuns(command, argument: runs, height: height, logScale: logScale, sink: sink)
                return
            }
            if let split = command.optionArgument("split") {
                throw CommandError("split= chooses the curve of runs: add runs=, e.g. `plot loss runs=last2 split=train`", at: split)
            }
            let trainer = try session.requireNetwork(command)
            guard !trainer.history.isEmpty else {
                throw CommandError("no loss to plot yet: train first, e.g. `train epochs=50`", at: kindWord)
            }
            var series = [LineChart.Series(name: "train", values: trainer.history.map(\.trainLoss))]
            let test = trainer.history.compactMap(\.testLoss)
            if test.count == trainer.history.count { series.append(LineChart.Series(name: "test", values: test, pattern: .dashed)) }
            let validation = trainer.history.compactMap(\.validationLoss)
            if validation.count == trainer.history.count {
                series.append(LineChart.Series(name: "val", values: validation, pattern: .dotted))
            }
            widget = LineChart(series: series, xAxis: Axis(title: "epoch", integerTicks: true),
                               yAxis: Axis(title: "loss", scale: logScale ? .log10 : .linear), glyphs: session.glyphs)
        case "boundary":
            try session.noExtraWords(command, allowed: 1)
            widget = try session.boundaryWidget(command)
        case "data":
            try session.noExtraWords(command, allowed: 1)
            let dataset = try session.requireData(command)
            guard let plot = session.dataPlot(dataset) else {
                throw CommandError("a scatter plot needs two raw features, but this data has \(session.rawData?.featureCount ?? 0)", at: kindWord)
            }
            sink(plot)
            return
        case "act":
            let nameWord = try session.word(command, 1, expected: "an activation name, like `plot act relu`")
            try session.noExtraWords(command, allowed: 2)
            guard let activation = Activation(rawValue: nameWord.raw.lowercased()) else {
                let hint = Suggestion.hint(for: nameWord.raw, in: Activation.names) ?? ""
                throw CommandError("unknown activation '\(InputExcerpt.cut(nameWord.raw))'\(hint)", at: nameWord)
            }
            if activation == .softmax {
                throw CommandError("softmax maps a whole vector, so it has no single curve; try `plot act sigmoid` (softmax of [z, 0] is sigmoid(z))", at: nameWord)
            }
            widget = FunctionPlot(name: activation.rawValue, function: activation.value, derivative: activation.derivative,
                                  xRange: -4...4, glyphs: session.glyphs)
        case "hist":
            let whatWord = try session.word(command, 1, expected: "`weights` or `grads`")
            try session.noExtraWords(command, allowed: 2)
            let trainer = try session.requireNetwork(command)
            let layerCount = trainer.network.stack?.layers.count ?? trainer.network.layers.count
            let layer = try session.integerOption(command, "layer", minimum: 1, maximum: layerCount)
            var tensors: [Session.WeightTensor]
            switch whatWord.raw.lowercased() {
            case "weights", "w":
                tensors = session.weightTensors(trainer)
            case "grads", "gradients":
                let (_, dataset) = try session.requireReady(command)
                tensors = try session.readingTargets(command) { () throws(TargetError) in try session.weightGradients(trainer, dataset) }
            default:
                throw CommandError("hist draws `weights` or `grads`", at: whatWord)
            }
            if let layer {
                let chosen = tensors.filter { $0.layer == layer }
                guard !chosen.isEmpty else {
                    let withWeights = Array(Set(tensors.map(\.layer))).sorted().map(String.init).joined(separator: ", ")
                    throw CommandError("layer \(layer) has no weights; the layers with weights are \(withWeights)",
                                       at: command.optionArgument("layer")!)
                }
                tensors = chosen
            }
            let weights = whatWord.raw.lowercased().hasPrefix("w")
            // The axis has no room for a title beside its ticks: the line above says what is drawn.
            sink(.text((weights ? "weights" : "∂L/∂W") + (layer.map { " of layer \($0)" } ?? " of all layers")
                       + (weights ? "" : " on the training split")))
            widget = Histogram(values: tensors.flatMap(\.values.scalars), xTitle: weights ? "weight" : "∂L/∂W", glyphs: session.glyphs)
        case "gradnorm":
            try session.noExtraWords(command, allowed: 1)
            let (trainer, dataset) = try session.requireReady(command)
            let gradients = try session.readingTargets(command) { () throws(TargetError) in try session.weightGradients(trainer, dataset) }
            // A recurrent layer has two weight matrices: each bar names its own.
            let bars = gradients.map { g in
                BarChart.Bar(label: "layer \(g.layer)" + (g.name == "W" ? "" : " \(g.name)"), value: g.norm)
            }
            widget = BarChart(bars: bars, logScale: logScale, glyphs: session.glyphs)
            sink(.text("‖∂L/∂W‖ per layer on the training split\(logScale ? " (log scale)" : "")"))
            sink(.widget(widget, height: min(height, bars.count * 2 + 3)))
            return
        case "lr":
            try session.noExtraWords(command, allowed: 1)
            let epochs = max(session.trainer?.epochsDone ?? 0, 100)
            let schedule = session.schedule
            let values = (0..<epochs).map { schedule.learningRate(base: session.optimizerSettings.learningRate, epoch: $0) }
            widget = LineChart(series: [LineChart.Series(name: "lr (\(schedule))", values: values, xStart: 0)],
                               xAxis: Axis(title: "epoch", integerTicks: true), yAxis: Axis(title: "lr", scale: logScale ? .log10 : .linear),
                               glyphs: session.glyphs)
        case "gradtime":
            try session.noExtraWords(command, allowed: 1)
            try session.plotGradTime(command, height: height, sink: sink)
            return
        case "confusion":
            try session.noExtraWords(command, allowed: 1)
            try session.plotConfusion(command, sink: sink)
            return
        case "images":
            try session.noExtraWords(command, allowed: 1)
            try session.plotImages(command, sink: sink)
            return
        case "filters":
            try session.noExtraWords(command, allowed: 1)
            try session.plotFilters(command, sink: sink)
            return
        case "maps":
            try session.noExtraWords(command, allowed: 1)
            try session.plotMaps(command, sink: sink)
            return
        case "path":
            let surfaceWord = try session.word(command, 1, expected: "a surface: \(CommandCatalog.surfaceNames.joined(separator: ", "))")
            try session.noExtraWords(command, allowed: 2)
            try session.plotPaths(command, surfaceWord: surfaceWord, height: height, sink: sink)
            return
        default:
            let hint = Suggestion.hint(for: kindWord.raw, in: kinds)
                ?? "; choose one of \(kinds.joined(separator: ", "))"
            throw CommandError("unknown plot '\(InputExcerpt.cut(kindWord.raw))'\(hint)", at: kindWord)
        }
        sink(.widget(widget, height: height))
    }
}
