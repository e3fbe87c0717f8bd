import Foundation
import NNData
import NNEngine
import NNRender

/// The state the command language acts on — data, network, training settings — and the
/// entry points that run commands on it.
///
/// Each command is a `SessionCommand` in its own file under `Commands/`, listed once in
/// `CommandRegistry`; `run` finds it there and keeps its changes only if it succeeds.
///
/// A session never touches the terminal: each command's results go to an output sink as
/// `OutputBlock`s, which the REPL, plain mode or a view print. A command that fails throws a
/// `CommandError` and leaves every part of the state as it was.
public final class Session {
    /// Where output goes as commands produce it.
    public typealias Sink = (OutputBlock) -> Void

    /// Where the session runs.
    public var environment: SessionEnvironment
    /// The state commands act on: the one copy, owned here. The properties below read and
    /// change it in place (`_modify`), so training a trainer through them copies nothing.
    public private(set) var state = SessionState()

    /// The seed data, nets and training draw from.
    public internal(set) var seed: Int {
        get { state.seed }
        _modify { yield &state.seed }
    }
    /// The dataset as generated or loaded, before any feature map.
    public internal(set) var rawData: Dataset? {
        get { state.rawData }
        _modify { yield &state.rawData }
    }
    /// The feature map in use, nil for the raw features.
    public internal(set) var featureMap: FeatureMap? {
        get { state.featureMap }
        _modify { yield &state.featureMap }
    }
    /// The dataset the network sees (after the feature map).
    public internal(set) var data: Dataset? {
        get { state.data }
        _modify { yield &state.data }
    }
    /// The network, its objective, optimizer and training history.
    public internal(set) var trainer: Trainer? {
        get { state.trainer }
        _modify { yield &state.trainer }
    }
    /// The loss chosen with `loss`, or nil to follow the output layer.
    public internal(set) var chosenLoss: Loss? {
        get { state.chosenLoss }
        _modify { yield &state.chosenLoss }
    }
    /// `ce`'s label smoothing ε, chosen with `loss ce smoothing=ε` (0: none).
    public internal(set) var labelSmoothing: Double {
        get { state.labelSmoothing }
        _modify { yield &state.labelSmoothing }
    }
    /// Class weights or the positive weight chosen with `loss`.
    public internal(set) var lossWeights: LossWeights {
        get { state.lossWeights }
        _modify { yield &state.lossWeights }
    }
    /// The decision threshold of a single sigmoid output, chosen with `set threshold=`.
    public internal(set) var decisionThreshold: Double? {
        get { state.decisionThreshold }
        _modify { yield &state.decisionThreshold }
    }
    /// The optimizer settings chosen with `opt`.
    public internal(set) var optimizerSettings: OptimizerSettings {
        get { state.optimizerSettings }
        _modify { yield &state.optimizerSettings }
    }
    /// The weight penalties chosen with `reg`.
    public internal(set) var regularization: Regularization {
        get { state.regularization }
        _modify { yield &state.regularization }
    }
    /// The learning-rate schedule chosen with `sched`.
    public internal(set) var schedule: LearningRateSchedule {
        get { state.schedule }
        _modify { yield &state.schedule }
    }
    /// The gradient clipping chosen with `clip`.
    public internal(set) var clipping: GradientClipping {
        get { state.clipping }
        _modify { yield &state.clipping }
    }
    /// The minibatch size, nil for the whole training split.
    public internal(set) var batchSize: Int? {
        get { state.batchSize }
        _modify { yield &state.batchSize }
    }
    /// Dropout of hidden units, chosen with `dropout`.
    public internal(set) var dropout: Dropout? {
        get { state.dropout }
        _modify { yield &state.dropout }
    }
    /// Whether hidden layers batch-normalize.
    public internal(set) var batchNorm: Bool {
        get { state.batchNorm }
        _modify { yield &state.batchNorm }
    }
    /// The sample `forward`, `backward` and `update` inspect.
    public internal(set) var inspection: InspectionTarget {
        get { state.inspection }
        _modify { yield &state.inspection }
    }
    /// The records of the last trainings (`runs`, `plot loss runs=`, the dashboard's overlay).
    public internal(set) var runs: RunLog {
        get { state.runs }
        _modify { yield &state.runs }
    }
    /// How the current net was built, for `reset`.
    var netRecipe: NetRecipe? {
        get { state.netRecipe }
        _modify { yield &state.netRecipe }
    }
    var stackDraft: LayerStack? {
        get { state.stackDraft }
        _modify { yield &state.stackDraft }
    }
    /// Set when a command asked to leave.
    public internal(set) var wantsToQuit = false
    /// Set when the running command was asked to stop (its effect cannot be replayed).
    var cancelledDuringCommand = false
    /// Asked between batches whether the person wants the running command stopped (Ctrl-C).
    public var cancellationCheck: (() -> Bool)?

    /// Makes a session with nothing loaded.
    public init(environment: SessionEnvironment) {
        self.environment = environment
    }

    /// Parses and runs one line, sending output to `sink`; throws the first error, after
    /// which later commands on the line do not run.
    public func execute(_ line: String, sink: Sink) throws(CommandError) {
        for command in try CommandParser.parse(line) {
            try run(command, sink: sink)
            if wantsToQuit { return }
        }
    }

    /// Parses and runs one line and collects its output (for tests and lesson checks).
    public func output(of line: String) throws(CommandError) -> [OutputBlock] {
        var blocks: [OutputBlock] = []
        try execute(line) { blocks.append($0) }
        return blocks
    }

    /// Runs one line for a view's `:` prompt and returns the line to show under the view: the
    /// last line of text it printed, a table's title, or "done".
    public func statusLine(running line: String) throws(CommandError) -> String {
        var last = ""
        try execute(line) { block in
            if case .text(let text) = block, let l = text.split(separator: "\n").last { last = String(l) }
            if case .table(let table) = block { last = table.title ?? "done" }
        }
        return last.isEmpty ? "done" : last
    }

    /// Runs one parsed command, all or nothing: when it fails, the state is put back as it
    /// was before it started (whatever the command had changed on the way), and when it
    /// succeeds and changed something, the state's version goes up.
    public func run(_ command: Command, sink: Sink) throws(CommandError) {
        let before = state
        cancelledDuringCommand = false
        var openedView = false
        do {
            try dispatch(command) { block in
                if case .view = block { openedView = true }
                sink(block)
            }
        } catch {
            state = before
            throw error
        }
        if !state.sameValues(as: before) {
            // An epoch drawn over other data does not go on over new data.
            if state.data != before.data { state.trainer?.abandonEpoch() }
            state.version = before.version + 1
            state.history.record(command, cancelled: cancelledDuringCommand, openedView: openedView)
        }
    }

    /// Advances a live view's run by one batch on the session's own trainer — how views train:
    /// the session keeps the one copy, and each step moves the state's version and joins the
    /// history as the `train` line that repeats it (a step that diverges leaves the trainer at
    /// its last finite weights, and counts too).
    public func advance(_ run: inout TrainingRun, data: TrainingData, beyondPlan: Bool = false) throws -> TrainingRun.Progress? {
        guard state.trainer != nil else { return nil }
        let continuedEpoch = state.trainer!.epochInFlight != nil
        do {
            let progress = try run.advance(&state.trainer!, data: data, beyondPlan: beyondPlan)
            if progress != nil {
                state.version += 1
                state.history.recordLiveBatch(batchSize: run.batchSize, continuedEpoch: continuedEpoch,
                                              leftEpochInFlight: state.trainer!.epochInFlight != nil)
                if progress?.epoch != nil, case .earlyStopped? = run.outcome, let patience = run.patience {
                    state.history.recordEarlyStop(plannedEpochs: run.epochs, patience: patience,
                                                  runEpochs: run.epochsDone(by: state.trainer!))
                }
            }
            return progress
        } catch {
            state.version += 1
            state.history.markUnreplayable("the network diverged in a live view, which a script cannot replay; "
                                           + "build it again with `net` and train with `train epochs=N`", networkOnly: true)
            throw error
        }
    }

    /// Puts back a state a view saw before a command it has to refuse (the version still
    /// goes up: what is shown changes again).
    func restore(_ earlier: SessionState) {
        let version = state.version
        state = earlier
        state.version = version + 1
    }

    /// Runs one parsed command on the state in place: the registered command of its name.
    private func dispatch(_ command: Command, sink: Sink) throws(CommandError) {
        guard let type = CommandRegistry.command(named: command.name) else {
            // The parser and `Command(name:words:)` make commands of registered names only.
            throw CommandError("unknown command '\(InputExcerpt.cut(command.name))'; type 'help' for the list of commands",
                               column: command.column, length: command.name.count)
        }
        try type.run(command, in: self, sink: sink)
    }
}

/// The sample the pass commands inspect: a training row, or an input and target set by hand.
public struct InspectionTarget: Sendable, Equatable {
    /// The training row, when no input is set by hand.
    public var sample = 0
    /// An input set with `set x=[…]`.
    public var input: [Double]?
    /// A target set with `set y=…`.
    public var target: Double?
}
