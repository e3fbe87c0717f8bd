import NNData
import NNEngine
import NNRender

/// What a model has learned, drawn the way its task reads best: the fitted curve over the points
/// for one input, the boundary or prediction surface for two, and for classification with more
/// inputs a confusion matrix with each class's accuracy.
///
/// The training dashboard draws it live; `panelTitle` names what is drawn.
public enum ModelFitPlot {
    /// The widget for a network trained on `raw` (mapped by `featureMap` for the network), or nil
    /// when the task has none (regression on more than two inputs).
    public static func widget(network: Network, featureMap: FeatureMap?, raw: Dataset, trainingData: TrainingData,
                              loss: Loss, showsTestPoints: Bool, discretize: Bool,
                              colorMode: ColorMode, glyphs: GlyphSet, threshold: Double? = nil) -> (any Widget)? {
        switch (raw.featureCount, raw.task) {
        case (1, .regression):
            return fittedCurve(network: network, featureMap: featureMap, raw: raw, showsTestPoints: showsTestPoints, glyphs: glyphs)
        case (2, _):
            return ModelBoundaryPlot(network: network, featureMap: featureMap, dataset: raw,
                                     showsTestPoints: showsTestPoints, discretize: discretize, colorMode: colorMode)
        case (_, .classification):
            return confusionMatrix(network: network, data: trainingData, classNames: raw.classNames, loss: loss,
                                   colorMode: colorMode, glyphs: glyphs, threshold: threshold)
        default:
            return nil
        }
    }

    /// The panel's title for the widget `widget` draws for this data.
    public static func panelTitle(for raw: Dataset?, testCount: Int) -> String {
        guard let raw else { return "network" }
        switch (raw.featureCount, raw.task) {
        case (1, .regression): return "fitted curve"
        case (2, .regression): return "prediction surface"
        case (2, .classification): return "decision boundary"
        case (_, .classification):
            return "confusion · \(testCount > 0 ? "test" : "training") split · row: true class, diagonal: its accuracy"
        default: return "network"
        }
    }

    /// The data projected on two of its features (`features`, indices into the raw features),
    /// each point marked with the class the network predicts for it (hollow: test points), so
    /// a learner sees where the net puts its boundaries in that view of the data.
    public static func projection(network: Network, raw: Dataset, trainingData: TrainingData, features: (Int, Int),
                                  loss: Loss, glyphs: GlyphSet, threshold: Double? = nil) -> any Widget {
        var points: [LabeledPoint] = []
        let threshold = threshold ?? Metrics.threshold(for: loss)
        for (rawInputs, inputs, isTest) in [(raw.trainInputs, trainingData.trainInputs, false), (raw.testInputs, trainingData.testInputs, true)]
        where inputs.rows > 0 {
            let predicted = Metrics.predictedClasses(network.predict(inputs), threshold: threshold)
            for r in 0..<rawInputs.rows {
                points.append(LabeledPoint(x: rawInputs[r, features.0], y: rawInputs[r, features.1], classIndex: predicted[r], isTest: isTest))
            }
        }
        return ScatterPlot(points: points, xAxis: Axis(title: raw.featureNames[features.0]), yAxis: Axis(title: raw.featureNames[features.1]),
                           classNames: raw.classNames, glyphs: glyphs)
    }

    /// The next pair of features to project on after `pair` (nil: the first), or nil after the
    /// last pair (back to the confusion matrix).
    public static func nextProjection(after pair: (Int, Int)?, featureCount n: Int) -> (Int, Int)? {
        guard n > 2 else { return nil }
        guard let (i, j) = pair else { return (0, 1) }
        if j + 1 < n { return (i, j + 1) }
        if i + 2 < n { return (i + 1, i + 2) }
        return nil
    }

    /// The network's curve over the training points (and the test points, hollow).
    static func fittedCurve(network: Network, featureMap: FeatureMap?, raw: Dataset, showsTestPoints: Bool, glyphs: GlyphSet) -> (any Widget)? {
        let train = raw.trainInputs.scalars, test = showsTestPoints ? raw.testInputs.scalars : []
        guard let low = (train + test).min(), let high = (train + test).max(), low < high else { return nil }
        let grid = (0..<200).map { low + (high - low) * Double($0) / 199 }
        var inputs = Tensor(shape: [grid.count, 1], scalars: grid)
        if let featureMap, let mapped = try? featureMap.apply(to: inputs) { inputs = mapped }
        let predicted = network.predict(inputs)
        func points(_ x: Tensor, _ y: Tensor) -> (xs: [Double], ys: [Double]) {
            let width = y.count / max(x.rows, 1)
            let order = x.scalars.indices.sorted { x.scalars[$0] < x.scalars[$1] }
            return (order.map { x.scalars[$0] }, order.map { y.scalars[$0 * width] })
        }
        var series: [LineChart.Series] = []
        let trainPoints = points(raw.trainInputs, raw.trainTargets)
        series.append(LineChart.Series(name: "train", xs: trainPoints.xs, ys: trainPoints.ys, marker: "·", pattern: .dotted))
        if showsTestPoints, raw.testCount > 0 {
            let testPoints = points(raw.testInputs, raw.testTargets)
            series.append(LineChart.Series(name: "test", xs: testPoints.xs, ys: testPoints.ys, marker: "○", pattern: .dotted))
        }
        series.append(LineChart.Series(name: "net", xs: grid, ys: (0..<grid.count).map { predicted.scalars[$0 * predicted.columns] }))
        return LineChart(series: series, xAxis: Axis(title: raw.featureNames.first), yAxis: Axis(title: raw.targetNames.first ?? "y"),
                         glyphs: glyphs)
    }

    /// Rows: true classes; columns: predicted classes; cells: the share of the true class
    /// predicted as each class, so the diagonal is each class's accuracy (its recall), on the
    /// test split (the training split when there is none).
    static func confusionMatrix(network: Network, data: TrainingData, classNames: [String], loss: Loss,
                                colorMode: ColorMode, glyphs: GlyphSet, threshold: Double? = nil) -> (any Widget)? {
        let k = max(classNames.count, network.outputs == 1 ? 2 : network.outputs)
        guard let (matrix, _) = heldOutConfusion(network: network, data: data, classes: k,
                                                 threshold: threshold ?? Metrics.threshold(for: loss)) else {
            return nil
        }
        let rows = matrix.counts.map { row -> [Double] in
            let total = row.reduce(0, +)
            return row.map { total > 0 ? Double($0) / Double(total) : 0 }
        }
        // Columns by index keep the table narrow; each row names its class.
        let rowLabels = (0..<k).map { c in c < classNames.count && classNames[c] != String(c) ? "\(c) \(classNames[c])" : String(c) }
        return HeatTable(values: rows, rowLabels: rowLabels, columnLabels: (0..<k).map(String.init), limit: 1, decimals: 2,
                         colorMode: colorMode, glyphs: glyphs)
    }

    /// The confusion matrix of the network on the test split, or on the training split when
    /// there is no test split, and which split that is; nil without rows or with fewer than two
    /// classes. The dashboard's panel and `plot confusion` both read it.
    public static func heldOutConfusion(network: Network, data: TrainingData, classes k: Int,
                                        threshold: Double) -> (matrix: ConfusionMatrix, split: DatasetSplit)? {
        let useTest = data.testCount > 0
        let inputs = useTest ? data.testInputs : data.trainInputs
        let targets = useTest ? data.testTargets : data.trainTargets
        guard inputs.rows > 0, k >= 2 else { return nil }
        return (ConfusionMatrix(outputs: network.predict(inputs), targets: targets, classes: k, threshold: threshold),
                useTest ? .test : .train)
    }

    /// counts[true][predicted] over the samples; targets that are not a class are left out
    /// (`ConfusionMatrix`, which `eval` and `plot confusion` read too).
    public static func confusionCounts(predicted: [Int], targets: [Double], classes k: Int) -> [[Int]] {
        ConfusionMatrix(predicted: predicted, targets: targets, classes: k).counts
    }
}
