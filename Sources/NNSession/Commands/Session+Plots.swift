import NNData
import NNEngine
import NNRender

extension Session {
    /// The height plots get when none is asked for: about half a square at the output's width.
    var plotHeight: Int { max(12, min(30, environment.width * 9 / 32)) }

    /// Glyphs for the output: ASCII markers tell series apart when there is no color.
    var glyphs: GlyphSet { environment.colorMode == .none ? .ascii : .unicode }

    /// `plot loss | boundary | data | act NAME | hist weights|grads | gradnorm | lr | path SURFACE`.
    func runPlot(_ command: Command, sink: Sink) throws(CommandError) {
        let kindWord = try word(command, 0, expected: "what to plot: \(CommandCatalog.plotKinds.joined(separator: ", "))")
        let height = try integerOption(command, "height", minimum: 4, maximum: 200) ?? plotHeight
        let logScale = command.option("log")?.text.lowercased() == "on"
        let widget: any Widget
        switch kindWord.raw.lowercased() {
        case "loss":
            try noExtraWords(command, allowed: 1)
            let trainer = try requireNetwork(command)
            guard !trainer.history.isEmpty else {
                throw CommandError("no loss to plot yet: train first, e.g. `train epochs=50`", at: kindWord)
            }
            var series = [LineChart.Series(name: "train", values: trainer.history.map(\.trainLoss))]
            let test = trainer.history.compactMap(\.testLoss)
            if test.count == trainer.history.count { series.append(LineChart.Series(name: "test", values: test, pattern: .dashed)) }
            widget = LineChart(series: series, xAxis: Axis(title: "epoch", integerTicks: true),
                               yAxis: Axis(title: "loss", scale: logScale ? .log10 : .linear), glyphs: glyphs)
        case "boundary":
            try noExtraWords(command, allowed: 1)
            widget = try boundaryWidget(command)
        case "data":
            try noExtraWords(command, allowed: 1)
            let dataset = try requireData(command)
            guard let plot = dataPlot(dataset) else {
                throw CommandError("a scatter plot needs two raw features, but this data has \(rawData?.featureCount ?? 0)", at: kindWord)
            }
            sink(plot)
            return
        case "act":
            let nameWord = try word(command, 1, expected: "an activation name, like `plot act relu`")
            try noExtraWords(command, allowed: 2)
            guard let activation = Activation(rawValue: nameWord.raw.lowercased()) else {
                let hint = Suggestion.hint(for: nameWord.raw, in: Activation.names) ?? ""
                throw CommandError("unknown activation '\(InputExcerpt.cut(nameWord.raw))'\(hint)", at: nameWord)
            }
            if activation == .softmax {
                throw CommandError("softmax maps a whole vector, so it has no single curve; try `plot act sigmoid` (softmax of [z, 0] is sigmoid(z))", at: nameWord)
            }
            widget = FunctionPlot(name: activation.rawValue, function: activation.value, derivative: activation.derivative,
                                  xRange: -4...4, glyphs: glyphs)
        case "hist":
            let whatWord = try word(command, 1, expected: "`weights` or `grads`")
            try noExtraWords(command, allowed: 2)
            let trainer = try requireNetwork(command)
            let layer = try integerOption(command, "layer", minimum: 1, maximum: trainer.network.layers.count)
            var tensors: [Tensor]
            switch whatWord.raw.lowercased() {
            case "weights", "w":
                tensors = trainer.network.layers.map(\.weights)
            case "grads", "gradients":
                let dataset = try requireData(command)
                try checkFit(trainer, dataset, command)
                var g = SeededGenerator(seed: seed)
                let result = try readingTargets(command) { () throws(TargetError) in
                    try trainer.network.gradients(inputs: dataset.trainInputs, targets: dataset.trainTargets,
                                                  objective: trainer.objective, generator: &g)
                }
                tensors = trainer.network.layers.indices.map { result.gradients[parameterIndex(of: $0, in: trainer.network)] }
            default:
                throw CommandError("hist draws `weights` or `grads`", at: whatWord)
            }
            if let layer { tensors = [tensors[layer - 1]] }
            let title = (whatWord.raw.lowercased().hasPrefix("w") ? "weight" : "∂L/∂W") + (layer.map { " of layer \($0)" } ?? " of all layers")
            widget = Histogram(values: tensors.flatMap(\.scalars), xTitle: title, glyphs: glyphs)
        case "gradnorm":
            try noExtraWords(command, allowed: 1)
            let (trainer, dataset) = try requireReady(command)
            var g = SeededGenerator(seed: seed)
            let result = try readingTargets(command) { () throws(TargetError) in
                try trainer.network.gradients(inputs: dataset.trainInputs, targets: dataset.trainTargets,
                                              objective: trainer.objective, generator: &g)
            }
            let bars = trainer.network.layers.indices.map { l in
                BarChart.Bar(label: "layer \(l + 1)", value: result.gradients[parameterIndex(of: l, in: trainer.network)].norm)
            }
            widget = BarChart(bars: bars, logScale: logScale, glyphs: glyphs)
            sink(.text("‖∂L/∂W‖ per layer on the training split\(logScale ? " (log scale)" : "")"))
            sink(.widget(widget, height: min(height, bars.count * 2 + 3)))
            return
        case "lr":
            try noExtraWords(command, allowed: 1)
            let epochs = max(trainer?.epochsDone ?? 0, 100)
            let values = (0..<epochs).map { schedule.learningRate(base: optimizerSettings.learningRate, epoch: $0) }
            widget = LineChart(series: [LineChart.Series(name: "lr (\(schedule))", values: values, xStart: 0)],
                               xAxis: Axis(title: "epoch", integerTicks: true), yAxis: Axis(title: "lr", scale: logScale ? .log10 : .linear),
                               glyphs: glyphs)
        case "path":
            let surfaceWord = try word(command, 1, expected: "a surface: \(CommandCatalog.surfaceNames.joined(separator: ", "))")
            try noExtraWords(command, allowed: 2)
            try plotPaths(command, surfaceWord: surfaceWord, height: height, sink: sink)
            return
        default:
            let hint = Suggestion.hint(for: kindWord.raw, in: CommandCatalog.plotKinds)
                ?? "; choose one of \(CommandCatalog.plotKinds.joined(separator: ", "))"
            throw CommandError("unknown plot '\(InputExcerpt.cut(kindWord.raw))'\(hint)", at: kindWord)
        }
        sink(.widget(widget, height: height))
    }

    /// The decision boundary (or regression fit) of the current net over the raw plane.
    func boundaryWidget(_ command: Command) throws(CommandError) -> any Widget {
        let (trainer, _) = try requireReady(command)
        guard let raw = rawData else { _ = try requireData(command); throw CommandError("no data") }
        if raw.task == .regression && raw.featureCount == 1 {
            // One input: draw the fitted curve over the data as a line chart.
            let xs = raw.trainInputs.scalars
            guard let low = xs.min(), let high = xs.max() else { throw CommandError("no data to draw", column: command.column) }
            let grid = (0..<200).map { low + (high - low) * Double($0) / 199 }
            var inputs = Tensor(shape: [grid.count, 1], scalars: grid)
            if let featureMap, let mapped = try? featureMap.apply(to: inputs) { inputs = mapped }
            let predicted = trainer.network.predict(inputs)
            let order = xs.indices.sorted { xs[$0] < xs[$1] }
            return LineChart(series: [
                LineChart.Series(name: "data", xs: order.map { xs[$0] }, ys: order.map { raw.trainTargets.scalars[$0] }, marker: "·", pattern: .dotted),
                LineChart.Series(name: "net", xs: grid, ys: (0..<grid.count).map { predicted.scalars[$0 * predicted.columns] }),
            ], xAxis: Axis(title: raw.featureNames.first), yAxis: Axis(title: raw.targetNames.first ?? "y"), glyphs: glyphs)
        }
        if let problem = ModelBoundaryPlot.problem(with: raw) {
            throw CommandError("\(problem); use `plot loss`, `plot hist weights` or `eval` instead", column: command.column, length: command.text.count)
        }
        return ModelBoundaryPlot(network: trainer.network, featureMap: featureMap, dataset: raw, colorMode: environment.colorMode)
    }

    /// A scatter plot of the raw dataset, when it has two features.
    func dataPlot(_ dataset: Dataset) -> OutputBlock? {
        guard let raw = rawData, raw.featureCount == 2 else { return nil }
        let regression = raw.task == .regression
        var points: [LabeledPoint] = []
        for (inputs, targets, isTest) in [(raw.trainInputs, raw.trainTargets, false), (raw.testInputs, raw.testTargets, true)] {
            let width = targets.count / max(inputs.rows, 1)
            for r in 0..<inputs.rows {
                let t = targets.scalars[r * width]
                points.append(LabeledPoint(x: inputs[r, 0], y: inputs[r, 1], classIndex: regression ? 0 : Int(t), isTest: isTest,
                                           value: regression ? t : nil))
            }
        }
        let widget = ScatterPlot(points: points, xAxis: Axis(title: raw.featureNames[0]), yAxis: Axis(title: raw.featureNames[1]),
                                 classNames: regression ? nil : raw.classNames, glyphs: glyphs)
        return .widget(widget, height: plotHeight)
    }

    /// `plot path SURFACE [opts=a,b] [steps=N] [lr=X]`: each optimizer's path from the surface's
    /// start, taken by the engine's own optimizers.
    func plotPaths(_ command: Command, surfaceWord: Command.Argument, height: Int, sink: Sink) throws(CommandError) {
        guard let surface = LossSurface.named(surfaceWord.raw) else {
            let hint = Suggestion.hint(for: surfaceWord.raw, in: CommandCatalog.surfaceNames)
                ?? "; choose one of \(CommandCatalog.surfaceNames.joined(separator: ", "))"
            throw CommandError("unknown surface '\(InputExcerpt.cut(surfaceWord.raw))'\(hint)", at: surfaceWord)
        }
        let steps = try integerOption(command, "steps", minimum: 1, maximum: 100_000) ?? 200
        let lr = try numberOption(command, "lr", valid: { $0 > 0 }, rule: "must be positive")
        var kinds: [OptimizerSettings.Kind] = [.sgd, .momentum, .adam]
        if let arg = command.optionArgument("opts") {
            let names: [String]
            switch arg.value {
            case .list(let items): names = items.map(\.text)
            default: names = arg.value.text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            }
            kinds = []
            for name in names {
                guard let kind = OptimizerSettings.Kind(rawValue: name.lowercased()) else {
                    let hint = Suggestion.hint(for: name, in: OptimizerSettings.names) ?? ""
                    throw CommandError("unknown optimizer '\(InputExcerpt.cut(name))' in opts\(hint)", at: arg)
                }
                kinds.append(kind)
            }
        }
        var paths: [ContourPathPlot.Path] = []
        var rows: [[String]] = []
        for kind in kinds {
            let rate = lr ?? OptimizerPaths.defaultLearningRate(kind, surface: surface.name)
            let path = OptimizerPaths.run(kind, learningRate: rate, surface: surface, steps: steps)
            paths.append(ContourPathPlot.Path(name: kind.rawValue, points: path.map { PlanePoint(x: $0.0, y: $0.1) }))
            let end = path.last!
            let value = surface.value(x: end.0, y: end.1)
            rows.append([kind.rawValue, Numbers.format(rate, digits: 3), "\(path.count - 1)",
                         "(\(Numbers.fixed(end.0, 3)), \(Numbers.fixed(end.1, 3)))", Numbers.format(value, digits: 4)])
        }
        sink(.text("\(surface.formula) — \(surface.summary)"))
        sink(.widget(ContourPathPlot(surface: surface, paths: paths, colorMode: environment.colorMode, glyphs: glyphs), height: height))
        sink(.table(TextTable(headers: ["optimizer", "lr", "steps", "end", "f(end)"], rows: rows)))
    }
}
