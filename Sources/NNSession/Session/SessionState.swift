import NNData
import NNEngine

/// Everything a session's commands act on, as one value: data, feature map, network with its
/// optimizer state, training settings and the inspected sample.
///
/// The session owns the one copy. `Session.run` applies a command to it and, when the command
/// fails, puts back the value it had, so every command is all or nothing; `version` counts the
/// changes that stuck, so a view knows when to redraw.
public struct SessionState: Equatable, Sendable {
    /// The seed data, nets and training draw from.
    public var seed = 0
    /// The dataset as generated or loaded, before any feature map.
    public var rawData: Dataset?
    /// The feature map in use, nil for the raw features.
    public var featureMap: FeatureMap?
    /// The dataset the network sees (after the feature map).
    public var data: Dataset?
    /// The network, its objective, optimizer and training history.
    public var trainer: Trainer?
    /// The loss chosen with `loss`, or nil to follow the output layer.
    public var chosenLoss: Loss?
    /// `ce`'s label smoothing ε, chosen with `loss ce smoothing=ε` (0: none).
    public var labelSmoothing = 0.0
    /// Class weights (`loss ce weights=`) or the positive weight (`loss bce pos_weight=`).
    public var lossWeights = LossWeights.none
    /// The decision threshold of a single sigmoid output (`set threshold=`), nil for 0.5.
    public var decisionThreshold: Double?
    /// The optimizer settings chosen with `opt`.
    public var optimizerSettings = OptimizerSettings(kind: .adam, learningRate: 0.01)
    /// The weight penalties chosen with `reg`.
    public var regularization = Regularization.none
    /// The learning-rate schedule chosen with `sched`.
    public var schedule = LearningRateSchedule.constant
    /// The gradient clipping chosen with `clip`.
    public var clipping = GradientClipping.off
    /// The minibatch size, nil for the whole training split.
    public var batchSize: Int?
    /// Dropout of hidden units, chosen with `dropout`.
    public var dropout: Dropout?
    /// Whether hidden layers batch-normalize.
    public var batchNorm = false
    /// How the current net was built, for `reset`.
    public var netRecipe: NetRecipe?
    /// A net begun with `net input SHAPE` that has no layer yet (`layer` adds the first).
    public var stackDraft: LayerStack?
    /// The sample `forward`, `backward` and `update` inspect, overridden by `set x=` / `set y=`.
    public var inspection = InspectionTarget()
    /// The records of the last trainings (`runs`, `plot loss runs=`), numbered from 1.
    public var runs = RunLog()
    /// The commands that built this state, for `history save`.
    public var history = CommandHistory()
    /// How many changes have been kept (every successful command that changed the state).
    public internal(set) var version = 0

    /// An empty state: no data, no network, default settings.
    public init() {}

    /// Whether two states hold the same values, whatever their versions.
    public func sameValues(as other: SessionState) -> Bool {
        var a = self, b = other
        a.version = 0
        b.version = 0
        return a == b
    }
}

/// How a network was built, so `reset` can build it again.
public struct NetRecipe: Equatable, Sendable {
    public var spec: NetworkSpec
    public var initializer: Initializer?
    public var seed: Int
}
