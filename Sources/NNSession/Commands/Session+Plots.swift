import NNText
import NNData
import NNEngine
import NNRender

/// What `plot` and `data show` draw with: the plot size and glyphs, the decision boundary, the
/// data's scatter plot and the optimizer race.
extension Session {
    /// The height plots get when none is asked for: about half a square at the output's width.
    var plotHeight: Int { max(12, min(30, environment.width * 9 / 32)) }

    /// Glyphs for the output: ASCII markers tell series apart when there is no color.
    var glyphs: GlyphSet { environment.colorMode == .none ? .ascii : .unicode }

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
