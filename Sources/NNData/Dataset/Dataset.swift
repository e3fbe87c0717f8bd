import Foundation
import NNEngine

/// A dataset split into training and test rows, ready for the engine.
///
/// Inputs are matrices `[rows, featureCount]`. Targets depend on the task: for classification a
/// vector `[rows]` of class indices stored as `Double` (`0, 1, …, classCount − 1`); for regression
/// a matrix `[rows, outputCount]`. A dataset is a plain value: feature maps and scaling make new
/// datasets instead of changing this one.
public struct Dataset: Equatable, Sendable {
    /// A short name: the built-in set's name or the file's name without its extension.
    public var name: String
    /// Whether the targets are class indices or numbers.
    public var task: DatasetTask
    /// One name per input column, e.g. `x1`, `x2` or a CSV header.
    public var featureNames: [String]
    /// The class names in index order (class `i` is `classNames[i]`); empty for regression.
    public var classNames: [String]
    /// One name per target column (regression), or the label column's name (classification).
    public var targetNames: [String]
    /// Training inputs, `[trainCount, featureCount]`.
    public private(set) var trainInputs: Tensor
    /// Training targets: `[trainCount]` class indices, or `[trainCount, outputCount]` numbers.
    public private(set) var trainTargets: Tensor
    /// Held-out inputs, `[testCount, featureCount]` (zero rows when nothing is held out).
    public private(set) var testInputs: Tensor
    /// Held-out targets, shaped like `trainTargets`.
    public private(set) var testTargets: Tensor
    /// Validation inputs, `[validationCount, featureCount]` (zero rows without `val=`).
    public private(set) var validationInputs: Tensor
    /// Validation targets, shaped like `trainTargets`.
    public private(set) var validationTargets: Tensor
    /// The standardization applied to the raw features, when there was one (`normalize=on`).
    public var featureScaling: FeatureScaling?
    /// The shape of one row's features when they form an image (C, H, W) or a sequence
    /// (T, N), from `data load … shape=`; nil for plain feature vectors.
    public var sampleShape: [Int]?
    /// How the dataset was made, for summaries: `generated with n=200 noise=0.3 seed=0 test=0.2`.
    public var origin: String

    /// Makes a dataset, checking that the tensors' shapes agree with each other and with the task.
    public init(name: String, task: DatasetTask, featureNames: [String], classNames: [String] = [],
                targetNames: [String], trainInputs: Tensor, trainTargets: Tensor,
                testInputs: Tensor, testTargets: Tensor,
                featureScaling: FeatureScaling? = nil, origin: String = "",
                validationInputs: Tensor? = nil, validationTargets: Tensor? = nil) {
        let f = featureNames.count
        precondition(trainInputs.rank == 2 && trainInputs.columns == f,
                     "train inputs \(trainInputs.shape) do not match \(f) feature names")
        precondition(testInputs.rank == 2 && testInputs.columns == f,
                     "test inputs \(testInputs.shape) do not match \(f) feature names")
        precondition(trainTargets.shape.first == trainInputs.rows && testTargets.shape.first == testInputs.rows,
                     "targets and inputs have different row counts")
        switch task {
        case .classification:
            precondition(trainTargets.rank == 1 && testTargets.rank == 1, "class targets are vectors [n]")
            precondition(!classNames.isEmpty, "a classification dataset needs class names")
        case .regression:
            precondition(trainTargets.rank == 2 && testTargets.rank == 2
                         && trainTargets.columns == testTargets.columns, "regression targets are matrices [n, outputs]")
            precondition(classNames.isEmpty, "a regression dataset has no classes")
        }
        self.name = name
        self.task = task
        self.featureNames = featureNames
        self.classNames = classNames
        self.targetNames = targetNames
        self.trainInputs = trainInputs
        self.trainTargets = trainTargets
        self.testInputs = testInputs
        self.testTargets = testTargets
        self.validationInputs = validationInputs ?? Tensor.zeros([0, f])
        self.validationTargets = validationTargets ?? Tensor.zeros(testTargets.rank == 1 ? [0] : [0, testTargets.columns])
        precondition(self.validationInputs.rank == 2 && self.validationInputs.columns == f
                     && self.validationTargets.shape.first == self.validationInputs.rows
                     && self.validationTargets.rank == testTargets.rank,
                     "validation inputs and targets do not match the other splits")
        self.featureScaling = featureScaling
        self.origin = origin
    }

    // MARK: Sizes

    /// The number of input columns.
    public var featureCount: Int { featureNames.count }
    /// The number of classes (0 for regression).
    public var classCount: Int { classNames.count }
    /// The width a model's output layer needs: the class count for classification (a binary
    /// problem may also use one sigmoid unit — the engine decides), the target columns for regression.
    public var outputCount: Int { task == .classification ? classCount : trainTargets.columns }
    /// The number of training rows.
    public var trainCount: Int { trainInputs.rows }
    /// The number of held-out rows.
    public var testCount: Int { testInputs.rows }
    /// The number of validation rows (0 without `val=`).
    public var validationCount: Int { validationInputs.rows }
    /// All rows, training, validation and test.
    public var count: Int { trainCount + validationCount + testCount }

    // MARK: Access by split

    /// The inputs of one split.
    public func inputs(_ split: DatasetSplit) -> Tensor {
        switch split {
        case .train: return trainInputs
        case .test: return testInputs
        case .validation: return validationInputs
        }
    }
    /// The targets of one split.
    public func targets(_ split: DatasetSplit) -> Tensor {
        switch split {
        case .train: return trainTargets
        case .test: return testTargets
        case .validation: return validationTargets
        }
    }
    /// The number of rows in one split.
    public func count(_ split: DatasetSplit) -> Int { inputs(split).rows }

    /// How many rows of each class a split holds, in class order (empty for regression).
    public func classCounts(_ split: DatasetSplit) -> [Int] {
        guard task == .classification else { return [] }
        var counts = [Int](repeating: 0, count: classCount)
        for value in targets(split).scalars { counts[Int(value)] += 1 }
        return counts
    }

    /// How many rows of each class the whole dataset holds, in class order (empty for regression).
    public var classCounts: [Int] {
        let validation = classCounts(.validation)
        return zip(classCounts(.train), classCounts(.test)).enumerated().map { $1.0 + $1.1 + validation[$0] }
    }

    /// The class targets of a split as one-hot rows `[n, classCount]` (classification only).
    public func oneHotTargets(_ split: DatasetSplit) -> Tensor {
        precondition(task == .classification, "one-hot targets need a classification dataset")
        let labels = targets(split).scalars
        var values = [Double](repeating: 0, count: labels.count * classCount)
        for (row, label) in labels.enumerated() { values[row * classCount + Int(label)] = 1 }
        return Tensor(shape: [labels.count, classCount], scalars: values)
    }

    /// A copy with new input columns for every split (used by feature maps); targets stay the
    /// same. `validation` is needed when the dataset has validation rows.
    public func replacingInputs(train: Tensor, test: Tensor, validation: Tensor? = nil, featureNames: [String]) -> Dataset {
        precondition(validation != nil || validationCount == 0, "the validation split needs new inputs too")
        return Dataset(name: name, task: task, featureNames: featureNames, classNames: classNames,
                       targetNames: targetNames, trainInputs: train, trainTargets: trainTargets,
                       testInputs: test, testTargets: testTargets, featureScaling: featureScaling, origin: origin,
                       validationInputs: validation ?? Tensor.zeros([0, featureNames.count]),
                       validationTargets: validationTargets)
    }

    /// A copy whose training rows are split again: `fraction` of them (stratified by class,
    /// seeded) become the validation split, the rest stay for training, both in their order.
    /// The test rows are not touched. `fraction` 0 returns the dataset as it is.
    public func holdingOutValidation(fraction: Double, seed: Int) -> Dataset {
        guard fraction > 0 else { return self }
        let labels = task == .classification ? trainTargets.scalars.map { Int($0) } : nil
        // Another stream than the test split's, so the two choices do not line up.
        let split = TrainTestSplit(count: trainCount, testFraction: fraction, seed: seed &+ 0x7A1, labels: labels)
        return Dataset(name: name, task: task, featureNames: featureNames, classNames: classNames,
                       targetNames: targetNames,
                       trainInputs: trainInputs.gatherRows(split.trainIndices),
                       trainTargets: trainTargets.gatherRows(split.trainIndices),
                       testInputs: testInputs, testTargets: testTargets, featureScaling: featureScaling, origin: origin,
                       validationInputs: trainInputs.gatherRows(split.testIndices),
                       validationTargets: trainTargets.gatherRows(split.testIndices))
    }

    // MARK: Summary

    /// A few lines describing the dataset, label then value, for `data show` and `data` output.
    ///
    /// Feature ranges cover both splits; only the first six features are listed. Named classes
    /// show their name (`class 0   setosa: 50 (40 train, 10 test)`).
    ///
    /// ```
    /// dataset   xor (classification, 2 classes)
    /// origin    generated with n=200 noise=0.3 seed=0 test=0.2
    /// rows      200 (160 train, 40 test)
    /// features  2: x1 [-6.32, 6.49], x2 [-6.4, 6.35]
    /// class 0   100 (80 train, 20 test)
    /// class 1   100 (80 train, 20 test)
    /// ```
    public var summary: [String] {
        var rows: [(String, String)] = []
        let kind = task == .classification ? "classification, \(classCount) classes" : "regression, \(outputCount) output\(outputCount == 1 ? "" : "s")"
        rows.append(("dataset", "\(name) (\(kind))"))
        if !origin.isEmpty { rows.append(("origin", origin)) }
        rows.append(("rows", validationCount > 0
                     ? "\(count) (\(trainCount) train, \(validationCount) val, \(testCount) test)"
                     : "\(count) (\(trainCount) train, \(testCount) test)"))
        let ranges = columnRanges()
        let shown = min(featureCount, 6)
        var features = (0..<shown).map { i in
            ranges.isEmpty ? featureNames[i]
                : "\(featureNames[i]) [\(Self.format(ranges[i].lowerBound)), \(Self.format(ranges[i].upperBound))]"
        }
        if featureCount > shown { features.append("… \(featureNames[featureCount - 1])") }
        rows.append(("features", "\(featureCount): " + features.joined(separator: ", ")))
        if featureScaling != nil { rows.append(("scaling", "standardized with the training rows' mean and deviation")) }
        switch task {
        case .classification:
            let train = classCounts(.train), test = classCounts(.test), validation = classCounts(.validation)
            for c in 0..<classCount {
                let named = classNames[c] == String(c) ? "" : "\(classNames[c]): "
                let parts = validationCount > 0
                    ? "\(train[c]) train, \(validation[c]) val, \(test[c]) test" : "\(train[c]) train, \(test[c]) test"
                rows.append(("class \(c)", "\(named)\(train[c] + validation[c] + test[c]) (\(parts))"))
            }
        case .regression:
            let targets = trainTargets.scalars + validationTargets.scalars + testTargets.scalars
            let width = outputCount
            for o in 0..<width {
                let column = stride(from: o, to: targets.count, by: width).map { targets[$0] }
                let name = o < targetNames.count ? targetNames[o] : "y\(o + 1)"
                let low = column.min() ?? 0, high = column.max() ?? 0
                rows.append(("target", "\(name) [\(Self.format(low)), \(Self.format(high))]"))
            }
        }
        let width = (rows.map { $0.0.count }.max() ?? 0) + 2
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + $0.1 }
    }

    /// The smallest and largest value of each input column over both splits (empty when there are no rows).
    public func columnRanges() -> [ClosedRange<Double>] {
        guard count > 0, featureCount > 0 else { return [] }
        var low = [Double](repeating: .infinity, count: featureCount)
        var high = [Double](repeating: -.infinity, count: featureCount)
        for tensor in [trainInputs, validationInputs, testInputs] where tensor.rows > 0 {
            for (i, v) in tensor.scalars.enumerated() {
                let c = i % featureCount
                low[c] = min(low[c], v)
                high[c] = max(high[c], v)
            }
        }
        return zip(low, high).map { $0...$1 }
    }

    /// A number with up to three significant digits, without trailing zeros: `-5.98`, `0.25`, `6`.
    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        var text = String(format: "%.3g", value)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}

extension Dataset {
    /// The splits in the engine's form, for training and evaluation.
    public var trainingData: TrainingData {
        TrainingData(trainInputs: trainInputs, trainTargets: trainTargets, testInputs: testInputs, testTargets: testTargets,
                     classCount: task == .classification ? classCount : nil,
                     validationInputs: validationInputs, validationTargets: validationTargets)
    }
}
