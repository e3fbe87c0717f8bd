import NNData
import NNEngine
import NNRender

/// A network's decision regions (or regression surface) over the plane of the two raw input
/// features, with the dataset on top.
///
/// It wraps NNRender's `DecisionBoundaryPlot` and evaluates the network for every pixel in
/// one batch once the area is known, so its cost is one forward pass over the grid.
public struct ModelBoundaryPlot: Widget {
    /// The network drawn.
    public var network: Network
    /// The feature map from the raw plane to the network's inputs, if any.
    public var featureMap: FeatureMap?
    /// The dataset whose raw points are drawn (its first two raw features span the plane).
    public var dataset: Dataset
    /// Whether test points are drawn too.
    public var showsTestPoints: Bool
    /// Flat class colors instead of confidence shading.
    public var discretize: Bool
    /// The colors the output may use.
    public var colorMode: ColorMode

    /// Makes a plot; `dataset` is the raw dataset (before the feature map).
    public init(network: Network, featureMap: FeatureMap?, dataset: Dataset, showsTestPoints: Bool = true,
                discretize: Bool = false, colorMode: ColorMode) {
        self.network = network
        self.featureMap = featureMap
        self.dataset = dataset
        self.showsTestPoints = showsTestPoints
        self.discretize = discretize
        self.colorMode = colorMode
    }

    /// Why a dataset cannot be drawn as a plane, or nil when it can.
    public static func problem(with dataset: Dataset) -> String? {
        dataset.featureCount == 2 ? nil
            : "a decision boundary is drawn over two input features, but this data has \(dataset.featureCount)"
    }

    /// The plane's ranges: the data's extent with a margin.
    var ranges: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let columns = dataset.columnRanges()
        func padded(_ r: ClosedRange<Double>) -> ClosedRange<Double> {
            let span = max(r.upperBound - r.lowerBound, 1e-9)
            return (r.lowerBound - 0.08 * span)...(r.upperBound + 0.08 * span)
        }
        return (padded(columns[0]), padded(columns[1]))
    }

    /// The dataset's points, class-labelled, training and test told apart.
    var points: [LabeledPoint] {
        var out: [LabeledPoint] = []
        let regression = dataset.task == .regression
        for (inputs, targets, isTest) in [(dataset.trainInputs, dataset.trainTargets, false), (dataset.testInputs, dataset.testTargets, true)] {
            if isTest && !showsTestPoints { continue }
            let width = targets.count / max(inputs.rows, 1)
            for r in 0..<inputs.rows {
                let t = targets.scalars[r * width]
                out.append(LabeledPoint(x: inputs[r, 0], y: inputs[r, 1], classIndex: regression ? 0 : Int(t),
                                        isTest: isTest, value: regression ? t : nil))
            }
        }
        return out
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        let (xRange, yRange) = ranges
        let classification = dataset.task == .classification
        let k = max(dataset.classCount, 2)
        var plot = DecisionBoundaryPlot(xRange: xRange, yRange: yRange,
                                        surface: classification ? .precomputedClasses(count: k, predictions: [])
                                            : .precomputedValues(range: 0...1, values: []),
                                        points: points, classNames: classification ? dataset.classNames : nil,
                                        discretize: discretize, colorMode: colorMode,
                                        xTitle: dataset.featureNames.first, yTitle: dataset.featureNames.dropFirst().first)
        let grid = plot.gridPoints(for: area)
        guard !grid.isEmpty else { plot.render(in: area, buffer: &buffer); return }
        var inputs = Tensor(shape: [grid.count, 2], scalars: grid.flatMap { [$0.x, $0.y] })
        if let featureMap, let mapped = try? featureMap.apply(to: inputs) { inputs = mapped }
        guard inputs.columns == network.inputs else { return }
        let outputs = network.predict(inputs)
        if classification {
            let c = outputs.columns
            let predictions: [ClassPrediction] = (0..<outputs.rows).map { r in
                if c == 1 {
                    let p = outputs.scalars[r]
                    // Hinge and identity outputs are scores: squash them for shading.
                    return ClassPrediction(probabilityOfClassOne: network.outputActivation == .sigmoid || network.outputActivation == .step
                                           ? p : Activation.sigmoid(2 * p))
                }
                return outputs.scalars.withUnsafeBufferPointer { ClassPrediction(probabilities: UnsafeBufferPointer(rebasing: $0[(r * c)..<((r + 1) * c)])) }
            }
            plot.surface = .precomputedClasses(count: k, predictions: predictions)
        } else {
            let values = (0..<outputs.rows).map { outputs.scalars[$0 * outputs.columns] }
            let targets = dataset.trainTargets.scalars
            let low = min(targets.min() ?? 0, values.min() ?? 0), high = max(targets.max() ?? 1, values.max() ?? 1)
            plot.surface = .precomputedValues(range: low...(high > low ? high : low + 1), values: values)
        }
        plot.render(in: area, buffer: &buffer)
    }
}
