import Foundation
import NNData
import NNEngine

/// The dashboard's playground controls: what they show, which one is selected, and the
/// commands a change runs (`net 2-8-8-1 act=tanh`, `opt adam lr=0.03`, `reg l2=0.001`,
/// `data spiral noise=0.2 test=0.5`), so the learner sees the language while playing.
///
/// A plain value, read from the session and changed by keys, that never touches the session:
/// `change` returns the command lines and the controls' new values; the dashboard runs them.
public struct PlaygroundControls: Equatable, Sendable {
    /// One row of the strip.
    public enum Row: Equatable, Sendable {
        case dataset, noise, testSplit, features, hiddenLayers
        /// The width of hidden layer `index` (from 0).
        case width(Int)
        case activation, learningRate, batch, regularization, strength
    }

    /// What a change does to the running training.
    public enum Effect: Equatable, Sendable {
        /// Applies on the fly (learning rate, batch size, regularization).
        case onTheFly
        /// Restarts training from the seed (data, features, architecture).
        case restart
    }

    /// The 2-D classification sets the dataset control steps through (TensorFlow Playground's).
    public static let datasets: [BuiltInDataset] = [.circle, .xor, .gauss, .spiral, .linear, .moons, .checker, .and, .or]
    public static let noises: [Double] = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2]
    public static let testSplits: [Double] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    /// Feature sets, as `features` terms (the first, empty: the raw inputs).
    public static let featureSets: [[String]] = [
        [], ["x1", "x2", "x1*x2"], ["x1", "x2", "x1^2", "x2^2"], ["x1", "x2", "x1^2", "x2^2", "x1*x2"],
        ["x1", "x2", "sin(x1)", "sin(x2)"], ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"],
        ["x1^2", "x2^2"], ["x1*x2"],
    ]
    public static let maximumHiddenLayers = 6
    public static let widths = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24, 32]
    public static let activations: [Activation] = [.relu, .tanh, .sigmoid, .identity]
    public static let learningRates: [Double] = [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]
    /// Batch sizes; nil is the whole training split.
    public static let batches: [Int?] = [1, 2, 4, 8, 10, 16, 32, 64, 128, nil]
    public static let strengths: [Double] = [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]

    /// The regularization kinds.
    public enum Penalty: String, Sendable, CaseIterable { case none, l1, l2 }

    /// The data's set name (nil when it is not a built-in 2-D classification set).
    public var dataset: BuiltInDataset?
    /// The name shown for data that is no built-in set (a CSV, a drawing).
    public var dataName: String
    public var noise: Double
    public var testSplit: Double
    /// The data's size and seed, kept when noise or split change (nil: the defaults).
    public var count: Int?
    public var dataSeed: Int?
    /// The `features` terms; empty for the raw inputs.
    public var features: [String]
    /// The raw data's input count.
    public var rawInputs: Int
    public var hiddenWidths: [Int]
    public var activation: Activation
    /// The net's output width (kept as built).
    public var outputs: Int
    public var optimizer: OptimizerSettings.Kind
    public var learningRate: Double
    public var batch: Int?
    public var penalty: Penalty
    public var strength: Double
    /// The selected row's index in `rows`.
    public var selected = 0
    /// Whether the net was built layer by layer (`net input …; layer …`): the strip then offers
    /// only what applies on the fly, since the data, feature and width controls would replace
    /// that net with a dense one.
    public var isLayerByLayer = false

    public init(dataset: BuiltInDataset?, dataName: String, noise: Double, testSplit: Double, features: [String],
                hiddenWidths: [Int], activation: Activation, outputs: Int, optimizer: OptimizerSettings.Kind,
                learningRate: Double, batch: Int?, penalty: Penalty, strength: Double) {
        self.dataset = dataset
        self.dataName = dataName
        self.noise = noise
        self.testSplit = testSplit
        self.features = features
        self.rawInputs = 2
        self.hiddenWidths = hiddenWidths
        self.activation = activation
        self.outputs = outputs
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.batch = batch
        self.penalty = penalty
        self.strength = strength
    }

    /// Reads the controls from a session's state (data, feature map, net, optimizer, batch, penalty).
    public init(session: Session) {
        let raw = session.rawData
        let set = raw.flatMap { BuiltInDataset(rawValue: $0.name) }
        dataset = set.flatMap { Self.datasets.contains($0) ? $0 : nil }
        dataName = raw?.name ?? "none"
        noise = raw.flatMap { Self.originValue("noise", in: $0.origin) } ?? set?.defaultNoise ?? 0.2
        testSplit = raw.flatMap { Self.originValue("test", in: $0.origin) }
            ?? raw.map { $0.count > 0 ? Double($0.testCount) / Double($0.count) : 0.2 } ?? 0.2
        count = raw.flatMap { Self.originValue("n", in: $0.origin) }.map { Int($0) }
        dataSeed = raw.flatMap { Self.originValue("seed", in: $0.origin) }.map { Int($0) }
        if count == DatasetGenerator.defaultCount { count = nil }
        if dataSeed == session.seed { dataSeed = nil }
        features = session.featureMap?.names ?? []
        rawInputs = raw?.featureCount ?? 2
        let widths = session.trainer?.network.widths ?? [2, 1]
        hiddenWidths = Array(widths.dropFirst().dropLast())
        outputs = widths.last ?? 1
        activation = session.netRecipe?.spec.activations.first.flatMap { $0 == .softmax ? nil : $0 } ?? .tanh
        optimizer = session.optimizerSettings.kind
        learningRate = session.optimizerSettings.learningRate
        batch = session.batchSize
        let reg = session.regularization
        penalty = reg.l2 > 0 ? .l2 : (reg.l1 > 0 ? .l1 : .none)
        strength = reg.l2 > 0 ? reg.l2 : (reg.l1 > 0 ? reg.l1 : 0.001)
        isLayerByLayer = session.trainer?.network.stack != nil
    }

    /// A number `key=` in a dataset's origin (`generated with n=200 noise=0.3 … test=0.2`).
    static func originValue(_ key: String, in origin: String) -> Double? {
        for word in origin.split(separator: " ") where word.hasPrefix("\(key)=") {
            return Double(word.dropFirst(key.count + 1))
        }
        return nil
    }

    /// The rows, top to bottom: one width row per hidden layer.
    public var rows: [Row] {
        if isLayerByLayer { return [.learningRate, .batch, .regularization] + (penalty == .none ? [] : [.strength]) }
        return [.dataset, .noise, .testSplit, .features, .hiddenLayers] + hiddenWidths.indices.map { Row.width($0) }
            + [.activation, .learningRate, .batch, .regularization] + (penalty == .none ? [] : [.strength])
    }

    /// The selected row.
    public var selectedRow: Row { rows[min(selected, rows.count - 1)] }

    /// Selects the row `by` rows down (up when negative), wrapping around.
    public mutating func move(by step: Int) {
        let count = rows.count
        selected = ((min(selected, count - 1) + step) % count + count) % count
    }

    // MARK: Labels

    /// The label and value of each row, as the strip shows them.
    public var lines: [(label: String, value: String)] {
        rows.map { (label(of: $0), value(of: $0)) }
    }

    public func label(of row: Row) -> String {
        switch row {
        case .dataset: return "data"
        case .noise: return "noise"
        case .testSplit: return "test split"
        case .features: return "features"
        case .hiddenLayers: return "hidden layers"
        case .width(let i): return "  layer \(i + 1) width"
        case .activation: return "activation"
        case .learningRate: return "learning rate"
        case .batch: return "batch size"
        case .regularization: return "regularization"
        case .strength: return "  strength λ"
        }
    }

    public func value(of row: Row) -> String {
        switch row {
        case .dataset: return dataset?.rawValue ?? dataName
        case .noise: return Numbers.format(noise)
        case .testSplit: return "\(Int((testSplit * 100).rounded()))%"
        case .features: return features.isEmpty ? (rawInputs == 2 ? "x1 x2" : "raw inputs (\(rawInputs))") : features.joined(separator: " ")
        case .hiddenLayers: return "\(hiddenWidths.count)"
        case .width(let i): return i < hiddenWidths.count ? "\(hiddenWidths[i])" : "-"
        case .activation: return activation.rawValue
        case .learningRate: return Numbers.format(learningRate)
        case .batch: return batch.map(String.init) ?? "all"
        case .regularization: return penalty.rawValue
        case .strength: return Numbers.format(strength)
        }
    }

    // MARK: Commands

    /// The net spec the controls describe (`2-8-8-1`).
    public var netSpec: String {
        ([features.isEmpty ? rawInputs : features.count] + hiddenWidths + [outputs]).map(String.init).joined(separator: "-")
    }

    /// The `net` line that builds the controls' architecture.
    public var netCommand: String { "net \(netSpec) act=\(activation.rawValue)" }

    /// The `data` line that makes the controls' dataset (nil without a built-in set chosen).
    public var dataCommand: String? {
        guard let dataset else { return nil }
        var words = ["data", dataset.rawValue]
        if let count { words.append("n=\(count)") }
        words.append("noise=\(Numbers.format(noise))")
        if let dataSeed { words.append("seed=\(dataSeed)") }
        words.append("test=\(Numbers.format(testSplit))")
        return words.joined(separator: " ")
    }

    /// The `features` line for the controls' feature set (`features off` for the raw inputs).
    public var featuresCommand: String {
        features.isEmpty ? "features off" : "features " + features.joined(separator: " ")
    }

    /// Changes the selected row one step (`by` +1 or -1); returns the commands that make the
    /// change in the session and whether training restarts, or nil when nothing changes (the
    /// end of a list, or no 2-D data to play with).
    public mutating func change(by step: Int) -> (commands: [String], effect: Effect)? {
        func next<T: Equatable>(_ list: [T], _ current: T, nearest: ((T) -> Double)? = nil) -> T? {
            var index = list.firstIndex(of: current)
            if index == nil, let nearest {
                // A value set by a command that is not in the list: step from the nearest one.
                let target = nearest(current)
                let ranked = list.indices.min { abs(nearest(list[$0]) - target) < abs(nearest(list[$1]) - target) }
                index = ranked
                if let i = ranked, step > 0 ? nearest(list[i]) > target : nearest(list[i]) < target { return list[i] }
            }
            guard let i = index else { return list.first }
            let j = i + step
            return list.indices.contains(j) ? list[j] : nil
        }
        func logValue(_ x: Double) -> Double { x > 0 ? log10(x) : -10 }
        let row = selectedRow
        switch row {
        case .dataset:
            guard let chosen = dataset.map({ next(Self.datasets, $0) }) ?? Self.datasets.first else { return nil }
            if dataset == nil { count = nil; dataSeed = nil }
            dataset = chosen
            rawInputs = 2
            outputs = 1
            return (restartWithData(), .restart)
        case .noise:
            guard dataset != nil, let value = next(Self.noises, noise, nearest: { $0 }) else { return nil }
            noise = value
            outputs = 1
            return (restartWithData(), .restart)
        case .testSplit:
            guard dataset != nil, let value = next(Self.testSplits, testSplit, nearest: { $0 }) else { return nil }
            testSplit = value
            outputs = 1
            return (restartWithData(), .restart)
        case .features:
            guard let value = next(Self.featureSets, features) else { return nil }
            features = value
            return ([featuresCommand, netCommand], .restart)
        case .hiddenLayers:
            let count = hiddenWidths.count + step
            guard (0...Self.maximumHiddenLayers).contains(count) else { return nil }
            if step > 0 { hiddenWidths.append(hiddenWidths.last ?? 4) } else { hiddenWidths.removeLast() }
            return ([netCommand], .restart)
        case .width(let i):
            guard i < hiddenWidths.count, let value = next(Self.widths, hiddenWidths[i], nearest: { Double($0) }) else { return nil }
            hiddenWidths[i] = value
            return ([netCommand], .restart)
        case .activation:
            guard let value = next(Self.activations, activation) else { return nil }
            activation = value
            return ([netCommand], .restart)
        case .learningRate:
            guard let value = next(Self.learningRates, learningRate, nearest: logValue) else { return nil }
            learningRate = value
            return (["opt \(optimizer.rawValue) lr=\(Numbers.format(value))"], .onTheFly)
        case .batch:
            guard let value = next(Self.batches, batch, nearest: { Double($0 ?? Int.max) }) else { return nil }
            batch = value
            return (["set batch=\(value.map(String.init) ?? "all")"], .onTheFly)
        case .regularization:
            guard let value = next(Penalty.allCases, penalty) else { return nil }
            let before = penalty
            penalty = value
            return ([regCommand(dropping: before)], .onTheFly)
        case .strength:
            guard let value = next(Self.strengths, strength, nearest: logValue) else { return nil }
            strength = value
            return ([regCommand(dropping: penalty)], .onTheFly)
        }
    }

    /// `reg l2=0.001`, `reg off`; a switch between l1 and l2 zeroes the other.
    func regCommand(dropping before: Penalty) -> String {
        switch penalty {
        case .none: return "reg off"
        case .l1, .l2:
            let other = penalty == .l1 ? Penalty.l2 : .l1
            let zero = before == other ? " \(other.rawValue)=0" : ""
            return "reg\(zero) \(penalty.rawValue)=\(Numbers.format(strength))"
        }
    }

    /// New data: the `data` line, the feature set again (a new dataset drops the map), and
    /// the net built afresh from the seed.
    func restartWithData() -> [String] {
        var lines = [dataCommand!]
        if !features.isEmpty { lines.append(featuresCommand) }
        lines.append(netCommand)
        return lines
    }
}
