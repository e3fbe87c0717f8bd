import NNText
import Foundation
import NNEngine

/// Makes the built-in datasets of the `data NAME` command from a seed.
///
/// Every set is drawn from `SeededGenerator(seed:)`, so the same parameters always give the same
/// points on every machine. Classes are balanced: row `i` is given class `i mod K` (the quadrant,
/// board cell or ring in turn) before its point is drawn, and the rows are then shuffled. The
/// points are drawn before the noise is scaled, so changing only `noise` moves the same points
/// further from their clean places. The held-out rows are chosen by a second generator derived
/// from the same seed (stratified by class unless asked otherwise), so changing `test` does not
/// change the points.
///
/// Inputs lie in about `[-6, 6]` on every axis (noise can push a few points slightly outside).
/// Features are named `x1`, `x2`; the regression target is named `y`; classes are named `0`, `1`, ….
public enum DatasetGenerator {
    /// The number of points when `n=` is not given.
    public static let defaultCount = 200
    /// The held-out fraction when `test=` is not given.
    public static let defaultTestFraction = 0.2
    /// The seed when `seed=` is not given.
    public static let defaultSeed = 0
    /// The most points one set may have.
    public static let maximumCount = 1_000_000
    /// The most classes `gauss` and `spiral` may have.
    public static let maximumClasses = 10
    /// Half the width of the square the inputs are drawn in.
    public static let extent = 6.0

    /// Finds a built-in set by name, or explains that there is none and names the closest one.
    public static func builtIn(named name: String) throws -> BuiltInDataset {
        if let set = BuiltInDataset(rawValue: name.lowercased()) { return set }
        let names = BuiltInDataset.allCases.map(\.rawValue)
        throw DataError("unknown dataset '\(InputExcerpt.cut(name))'\((Suggestion.hint(for: name, in: names) ?? ".")) "
            + "Built-in sets: \(names.joined(separator: ", ")); or use `data load PATH` for a CSV file.")
    }

    /// Makes the built-in set called `name`; `nil` parameters take their defaults.
    ///
    /// - Parameters:
    ///   - n: all points, training and test (default 200).
    ///   - noise: the standard deviation of the Gaussian noise (default per set, see `BuiltInDataset.defaultNoise`).
    ///   - seed: fixes the points and the split (default 0).
    ///   - classes: the number of classes, for `gauss` and `spiral` only (default 2).
    ///   - test: the held-out fraction in `[0, 1)` (default 0.2).
    ///   - stratified: hold out the same fraction of every class (classification only).
    /// - Throws: `DataError` for an unknown name or a parameter out of range, saying how to fix it.
    public static func make(_ name: String, n: Int? = nil, noise: Double? = nil, seed: Int? = nil,
                            classes: Int? = nil, test: Double? = nil, stratified: Bool = true,
                            validation: Double? = nil) throws -> Dataset {
        try make(builtIn(named: name), n: n, noise: noise, seed: seed, classes: classes, test: test,
                 stratified: stratified, validation: validation)
    }

    /// Makes a built-in set; `nil` parameters take their defaults (see `make(_:n:noise:seed:classes:test:stratified:)`).
    public static func make(_ set: BuiltInDataset, n: Int? = nil, noise: Double? = nil, seed: Int? = nil,
                            classes: Int? = nil, test: Double? = nil, stratified: Bool = true,
                            validation: Double? = nil) throws -> Dataset {
        let validation = validation ?? 0
        guard validation.isFinite, validation >= 0, validation < 1 else {
            throw DataError("val is the fraction of the non-test points held out for validation and must be at least 0 "
                + "and below 1 (got val=\(Dataset.format(validation))); try val=0.2, or leave it out for no validation split.")
        }
        let n = n ?? defaultCount
        let noise = noise ?? set.defaultNoise
        let seed = seed ?? defaultSeed
        let test = test ?? defaultTestFraction
        let classCount = try validate(set, n: n, noise: noise, classes: classes, test: test)

        var generator = SeededGenerator(seed: seed)
        var inputs: [[Double]] = []
        var labels: [Int] = []
        var values: [Double] = []
        inputs.reserveCapacity(n)
        switch set.task {
        case .classification:
            labels.reserveCapacity(n)
            for i in 0..<n {
                let (point, label) = draw(set, row: i, classes: classCount, noise: noise, using: &generator)
                inputs.append(point)
                labels.append(label)
            }
        case .regression:
            for _ in 0..<n {
                let (point, value) = drawRegression(set, noise: noise, using: &generator)
                inputs.append(point)
                values.append(value)
            }
        }
        let order = generator.permutation(n)
        inputs = order.map { inputs[$0] }
        if set.task == .classification { labels = order.map { labels[$0] } } else { values = order.map { values[$0] } }

        let split = TrainTestSplit(count: n, testFraction: test, seed: seed,
                                   labels: set.task == .classification && stratified ? labels : nil)
        let width = inputs.first?.count ?? (set == .sine ? 1 : 2)
        let all = Tensor(shape: [n, width], scalars: inputs.flatMap { $0 })
        let targets = set.task == .classification
            ? Tensor(shape: [n], scalars: labels.map(Double.init))
            : Tensor(shape: [n, 1], scalars: values)
        var origin = "generated with n=\(n) noise=\(Dataset.format(noise)) seed=\(seed)"
        if set.acceptsClassCount { origin += " classes=\(classCount)" }
        origin += " test=\(Dataset.format(test))"
        if validation > 0 { origin += " val=\(Dataset.format(validation))" }
        return Dataset(
            name: set.rawValue, task: set.task,
            featureNames: (1...width).map { "x\($0)" },
            classNames: set.task == .classification ? (0..<classCount).map(String.init) : [],
            targetNames: set.task == .classification ? ["class"] : ["y"],
            trainInputs: all.gatherRows(split.trainIndices), trainTargets: targets.gatherRows(split.trainIndices),
            testInputs: all.gatherRows(split.testIndices), testTargets: targets.gatherRows(split.testIndices),
            origin: origin)
            .holdingOutValidation(fraction: validation, seed: seed)
    }

    /// Checks the parameters and returns the class count (0 for regression).
    private static func validate(_ set: BuiltInDataset, n: Int, noise: Double, classes: Int?, test: Double) throws -> Int {
        guard n >= 1 else {
            throw DataError("n counts all the points and must be at least 1 (got n=\(n)); try n=\(defaultCount).")
        }
        guard n <= maximumCount else {
            throw DataError("n=\(n) is more points than nnlab generates (at most \(maximumCount)); try n=1000.")
        }
        guard noise.isFinite, noise >= 0 else {
            throw DataError("noise is a standard deviation and must be a number of at least 0 (got noise=\(noise)); "
                + "try noise=\(Dataset.format(set.defaultNoise)), or noise=0 for clean data.")
        }
        guard test.isFinite, test >= 0, test < 1 else {
            throw DataError("test is the held-out fraction and must be at least 0 and below 1 (got test=\(Dataset.format(test))); "
                + "try test=0.2, or test=0 to train on every point.")
        }
        var classCount = 0
        if set.task == .regression {
            if let classes {
                throw DataError("\(set) is a regression set and has no classes (got classes=\(classes)); "
                    + "drop classes=, or use gauss or spiral for more classes.")
            }
        } else {
            classCount = classes ?? 2
            guard classCount >= 2 else {
                throw DataError("classes must be at least 2 (got classes=\(classCount)); try classes=3.")
            }
            if !set.acceptsClassCount && classCount != 2 {
                throw DataError("the \(set) set always has 2 classes (got classes=\(classCount)); "
                    + "classes= works with gauss and spiral.")
            }
            guard classCount <= maximumClasses else {
                throw DataError("classes=\(classCount) is more than nnlab draws (at most \(maximumClasses)); try classes=\(min(5, maximumClasses)).")
            }
            guard n >= classCount else {
                throw DataError("n=\(n) is fewer points than classes=\(classCount); use n=\(max(classCount, defaultCount)) or fewer classes.")
            }
        }
        return classCount
    }

    /// Draws the point of row `row` of a classification set, returning it with its class.
    private static func draw(_ set: BuiltInDataset, row: Int, classes: Int, noise: Double,
                             using g: inout SeededGenerator) -> ([Double], Int) {
        let e = extent
        var x1: Double, x2: Double, label: Int
        switch set {
        case .linear:
            // Class 1 above the line x2 = 0.5·x1, class 0 below, none within 0.5 of it.
            label = row % 2
            let normal = (-0.5, 1.0), length = (1.25 as Double).squareRoot(), margin = 0.5
            repeat {
                x1 = g.uniform(-e, e)
                x2 = g.uniform(-e, e)
            } while (label == 1 ? 1 : -1) * (normal.0 * x1 + normal.1 * x2) / length < margin
        case .and, .or, .xor:
            // The truth table's four corners in turn: a square cluster of half-width 1.25
            // around (±3, ±3). Clusters this tight keep `and` and `or` linearly separable
            // (the perceptron lesson depends on it) while `xor` never is.
            let quadrant = row % 4
            let positive1 = quadrant & 1 == 1, positive2 = quadrant & 2 == 2
            x1 = (positive1 ? 3 : -3) + g.uniform(-1.25, 1.25)
            x2 = (positive2 ? 3 : -3) + g.uniform(-1.25, 1.25)
            switch set {
            case .and: label = positive1 && positive2 ? 1 : 0
            case .or: label = positive1 || positive2 ? 1 : 0
            default: label = positive1 != positive2 ? 1 : 0
            }
        case .circle:
            // Class 1 in the disc of radius 2.5, class 0 in the ring from 3.5 to 5.5; uniform by area.
            label = row % 2 == 0 ? 1 : 0
            let (inner, outer) = label == 1 ? (0.0, 2.5) : (3.5, 5.5)
            let radius = g.uniform(inner * inner, outer * outer).squareRoot()
            let angle = g.uniform(0, 2 * Double.pi)
            x1 = radius * cos(angle)
            x2 = radius * sin(angle)
        case .gauss:
            // Blob k centered at radius 3, angle 225° + k·360°/K; noise is the blobs' spread.
            label = row % classes
            let angle = 1.25 * Double.pi + 2 * Double.pi * Double(label) / Double(classes)
            let spread1 = g.normal(), spread2 = g.normal()
            return ([3 * cos(angle) + noise * spread1, 3 * sin(angle) + noise * spread2], label)
        case .moons:
            // scikit-learn's make_moons, centered and scaled by 3.5: class 0 the upper moon.
            label = row % 2
            let t = g.uniform(0, Double.pi)
            let (u, v) = label == 0 ? (cos(t), sin(t)) : (1 - cos(t), 0.5 - sin(t))
            x1 = (u - 0.5) * 3.5
            x2 = (v - 0.25) * 3.5
        case .spiral:
            // Arm k turns 1.75 times out to radius 5.5, rotated by k·360°/K.
            label = row % classes
            let t = g.nextUnit()
            let angle = 1.75 * 2 * Double.pi * t + 2 * Double.pi * Double(label) / Double(classes)
            x1 = 5.5 * t * sin(angle)
            x2 = 5.5 * t * cos(angle)
        case .checker:
            // 16 cells of width 3 in turn; the class alternates like a chessboard.
            let cell = row % 16
            let column = cell % 4, line = cell / 4
            label = (column + line) % 2
            x1 = -e + 3 * (Double(column) + g.nextUnit())
            x2 = -e + 3 * (Double(line) + g.nextUnit())
        case .sine, .plane:
            preconditionFailure("\(set) is a regression set")
        }
        let jitter1 = g.normal(), jitter2 = g.normal()
        return ([x1 + noise * jitter1, x2 + noise * jitter2], label)
    }

    /// Draws one point of a regression set with its target.
    private static func drawRegression(_ set: BuiltInDataset, noise: Double,
                                       using g: inout SeededGenerator) -> ([Double], Double) {
        let e = extent
        switch set {
        case .sine:
            let x = g.uniform(-e, e)
            return ([x], sin(x) + noise * g.normal())
        case .plane:
            let x1 = g.uniform(-e, e), x2 = g.uniform(-e, e)
            return ([x1, x2], 0.5 * x1 - 0.25 * x2 + 1 + noise * g.normal())
        default:
            preconditionFailure("\(set) is a classification set")
        }
    }
}
