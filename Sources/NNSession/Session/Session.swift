import Foundation
import NNData
import NNEngine
import NNRender

/// The state the command language acts on — data, network, training settings — and the
/// commands that change and show it.
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
    /// How the current net was built, for `reset`.
    var netRecipe: NetRecipe? {
        get { state.netRecipe }
        _modify { yield &state.netRecipe }
    }
    /// Set when a command asked to leave.
    public internal(set) var wantsToQuit = false
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
        do {
            try dispatch(command, sink: sink)
        } catch {
            state = before
            throw error
        }
        if !state.sameValues(as: before) { state.version = before.version + 1 }
    }

    /// Puts back a state a view saw before a command it has to refuse (the version still
    /// goes up: what is shown changes again).
    func restore(_ earlier: SessionState) {
        let version = state.version
        state = earlier
        state.version = version + 1
    }

    /// Runs one parsed command on the state in place.
    private func dispatch(_ command: Command, sink: Sink) throws(CommandError) {
        switch command.name {
        case "data": try runData(command, sink: sink)
        case "features": try runFeatures(command, sink: sink)
        case "net": try runNet(command, sink: sink)
        case "loss": try runLoss(command, sink: sink)
        case "dropout": try runDropout(command, sink: sink)
        case "batchnorm": try runBatchNorm(command, sink: sink)
        case "opt": try runOpt(command, sink: sink)
        case "reg": try runReg(command, sink: sink)
        case "sched": try runSched(command, sink: sink)
        case "clip": try runClip(command, sink: sink)
        case "train": try runTrain(command, sink: sink)
        case "step": try runStep(command, sink: sink)
        case "eval": try runEval(command, sink: sink)
        case "reset": try runReset(command, sink: sink)
        case "forward": try runForward(command, sink: sink)
        case "backward": try runBackward(command, sink: sink)
        case "update": try runUpdate(command, sink: sink)
        case "gradcheck": try runGradcheck(command, sink: sink)
        case "grads": try runGrads(command, sink: sink)
        case "save": try runSave(command, sink: sink)
        case "load": try runLoad(command, sink: sink)
        case "show": try runShow(command, sink: sink)
        case "set": try runSet(command, sink: sink)
        case "seed": try runSeed(command, sink: sink)
        case "help": try runHelp(command, sink: sink)
        case "quit": wantsToQuit = true
        case "plot": try runPlot(command, sink: sink)
        case "trace": try runTrace(command, sink: sink)
        case "expr": try runExpr(command, sink: sink)
        case "lessons", "lesson": try runLessonCommand(command, sink: sink)
        case "quiz": try runQuiz(command, sink: sink)
        case "progress": try runProgress(command, sink: sink)
        default:
            throw CommandError("'\(InputExcerpt.cut(command.name))' is not available yet", column: command.column, length: command.name.count)
        }
    }

    // MARK: Shared checks

    /// The positional word at an index, or an error naming what was expected.
    func word(_ command: Command, _ index: Int, expected: String) throws(CommandError) -> Command.Argument {
        let words = command.positionals
        guard index < words.count else {
            throw CommandError("'\(InputExcerpt.cut(command.name))' needs \(expected); usage: \(CommandCatalog.spec(command.name)?.usage.split(separator: "\n").first ?? "")",
                               column: command.column, length: command.text.count)
        }
        return words[index]
    }

    /// Rejects positional words beyond those a command takes.
    func noExtraWords(_ command: Command, allowed: Int) throws(CommandError) {
        let words = command.positionals
        if words.count > allowed {
            let extra = words[allowed]
            throw CommandError("'\(InputExcerpt.cut(command.name))' does not take '\(InputExcerpt.cut(extra.raw))' here; usage: \(CommandCatalog.spec(command.name)?.usage.split(separator: "\n").first ?? "")", at: extra)
        }
    }

    /// An integer option with a range check.
    func integerOption(_ command: Command, _ key: String, minimum: Int, maximum: Int = Int.max) throws(CommandError) -> Int? {
        guard let argument = command.optionArgument(key), argument.value.number != nil else { return nil }
        return try argument.wholeNumber(minimum: minimum, maximum: maximum, name: key)
    }

    /// A number option with a range check given as a predicate and its description.
    func numberOption(_ command: Command, _ key: String, valid: (Double) -> Bool, rule: String) throws(CommandError) -> Double? {
        guard let argument = command.optionArgument(key), let x = argument.value.number else { return nil }
        guard x.isFinite, valid(x) else { throw CommandError("\(key) \(rule), got \(Numbers.format(x))", at: argument) }
        return x
    }

    /// The current network, or an error telling how to build one.
    func requireNetwork(_ command: Command) throws(CommandError) -> Trainer {
        guard let trainer else {
            throw CommandError("there is no network yet; build one first, e.g. `net 2-8-1`", column: command.column, length: command.name.count)
        }
        return trainer
    }

    /// The current data, or an error telling how to get some.
    func requireData(_ command: Command) throws(CommandError) -> Dataset {
        guard let data else {
            throw CommandError("there is no data yet; make some first, e.g. `data xor` or `data load datasets/iris.csv`",
                               column: command.column, length: command.name.count)
        }
        return data
    }

    /// The current data in the engine's form.
    func trainingData(_ dataset: Dataset) -> TrainingData { dataset.trainingData }

    /// The loss in force: the chosen one, or the one the output layer implies.
    var effectiveLoss: Loss {
        if let chosenLoss { return chosenLoss }
        switch trainer?.network.outputActivation {
        case .softmax: return .ce
        case .sigmoid: return .bce
        case .step: return .mse
        default: return .mse
        }
    }

    /// Checks that network, loss and data fit together, as an error at the command.
    func checkFit(_ trainer: Trainer, _ dataset: Dataset, _ command: Command) throws(CommandError) {
        do { try trainer.validate(trainingData(dataset)) } catch {
            throw CommandError(EngineErrorWording.sentence(for: error), column: command.column, length: command.name.count)
        }
    }

    /// Pushes the session's settings into the trainer.
    func syncTrainer() {
        guard trainer != nil else { return }
        trainer!.objective = Objective(loss: effectiveLoss, regularization: regularization)
        trainer!.schedule = schedule
        trainer!.clipping = clipping
        trainer!.network.dropout = dropout
        if trainer!.network.usesBatchNorm != batchNorm { trainer!.network.setBatchNorm(batchNorm) }
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
