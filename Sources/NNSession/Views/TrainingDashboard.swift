import Foundation
import NNData
import NNEngine
import NNRender

/// The training dashboard: trains the session's network a few batches at a time and shows
/// the loss curves, the decision boundary (or the regression fit), the per-layer gradient
/// norms and health lenses, with keys to pause, step, change the learning rate and stop.
public final class TrainingDashboard: InteractiveView {
    /// The smallest terminal the dashboard draws in.
    public static let minimumSize = (width: ViewMinimumSize.width, height: ViewMinimumSize.height)
    /// The least time between two redraws of the decision boundary while training runs: it
    /// costs a forward pass per pixel and a screenful of colour changes, so it is redrawn a
    /// few times a second while the cheap parts (numbers, loss curve) follow every frame.
    static let boundaryRefresh = 0.25
    /// The least time between two redraws of the loss curves and the health panel.
    static let chartRefresh = 0.1

    /// Where training stands.
    public enum Phase: Equatable, Sendable {
        case running, paused, finished(String), failed(String)
    }

    let session: Session
    /// The data trained on (the session's, after its feature map; taken again when a `:`
    /// command changes the data).
    private(set) var data: TrainingData
    private(set) var raw: Dataset?
    let totalEpochs: Int
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant

    /// The run this view drives a slice at a time: the engine's one training loop.
    private(set) var run: TrainingRun
    /// The network being trained: the session's own trainer (the view keeps no copy). The
    /// view opens only on a session with a trainer, and `runCommand` undoes any line that
    /// would leave it without one, so it is always there.
    public var trainer: Trainer { session.trainer! }
    /// Where training stands.
    public private(set) var phase: Phase = .running
    /// Whether test points are drawn on the boundary.
    public private(set) var showsTestPoints = true
    /// Whether the boundary is drawn without confidence shading.
    public private(set) var discretize = false
    /// Whether the key help overlay is up.
    public private(set) var showsHelp = false
    /// A line of feedback for the bottom row (command results, warnings).
    public private(set) var message: String?
    /// The terminal size last seen.
    public private(set) var size: (width: Int, height: Int)
    /// Training samples processed in this view.
    public private(set) var samples = 0

    var health: NetworkHealth?
    /// The weights before the last step, kept only before a step whose health is measured
    /// (holding them makes the optimizer copy every weight matrix instead of updating it in place).
    var weightsBeforeStep: [Tensor]?
    var boundaryCache = PanelCache()
    var lossCache = PanelCache()
    var healthCache = PanelCache()
    var lastHealth: ContinuousClock.Instant?
    var trainingSeconds = 0.0
    var runningSeconds = 0.0
    var lastWorkCall: ContinuousClock.Instant?

    /// Opens a dashboard that will train the session's network for `epochs` epochs.
    public init(session: Session, epochs: Int, batch: Int?, patience: Int?, width: Int, height: Int) throws(CommandError) {
        guard let trainer = session.trainer, let dataset = session.data else {
            throw CommandError("the dashboard needs a net and data; build them first (`data spiral`, `net 2-16-3`)")
        }
        self.session = session
        let data = session.trainingData(dataset)
        self.data = data
        self.raw = session.rawData
        self.totalEpochs = epochs
        self.size = (width, height)
        self.started = ContinuousClock().now
        do {
            run = try TrainingRun(trainer: trainer, data: data, epochs: epochs, batchSize: batch, patience: patience)
        } catch {
            throw CommandError(EngineErrorWording.sentence(for: error))
        }
        measureHealth()
    }

    // MARK: Update

    public func update(_ message: ViewMessage) -> ViewEffect {
        switch message {
        case .resize(let width, let height):
            size = (width, height)
            boundaryCache.reset()
        case .tick:
            break
        case .key(let key):
            if showsHelp { showsHelp = false; return .none }
            switch key {
            case .character(" "):
                switch phase {
                case .running: phase = .paused
                case .paused: phase = .running
                default: break
                }
            case .character("s"):
                if phase == .paused || isDone { singleStep() }
            case .character("+"), .character("="):
                changeLearningRate(by: 2)
            case .character("-"), .character("_"):
                changeLearningRate(by: 0.5)
            case .character("r"):
                self.message = runCommand("reset")
                if case .failed = phase {} else if !isDone { phase = .paused }
            case .character("t"):
                showsTestPoints.toggle()
                boundaryCache.reset()
            case .character("d"):
                discretize.toggle()
                boundaryCache.reset()
            case .character("?"):
                showsHelp = true
            case .character(":"):
                return .openPrompt
            case .character("q"), .escape:
                if !isDone { phase = .finished("stopped by you") }
                return .close
            default:
                break
            }
        }
        return .none
    }

    var isDone: Bool {
        switch phase {
        case .finished, .failed: return true
        default: return false
        }
    }

    public var isBusy: Bool { phase == .running }

    /// Doubles or halves the learning rate through the command that does it (`opt lr=…`).
    func changeLearningRate(by factor: Double) {
        let rate = trainer.optimizer.settings.learningRate * factor
        message = runCommand("opt lr=\(rate)")
    }

    func singleStep() {
        if isDone {
            // Stepping after the planned epochs keeps training by hand.
            if case .failed = phase { return }
            phase = .paused
        }
        _ = trainSome(maximumBatches: 1, budget: .infinity)
    }

    // MARK: Training

    public func work(budget: Double) -> Bool {
        guard phase == .running else {
            lastWorkCall = nil
            return false
        }
        // Wall-clock time while running counts from one slice of work to the next, so the
        // frames drawn in between are charged to training's throughput.
        let now = clock.now
        if let last = lastWorkCall { runningSeconds += seconds(now - last) }
        lastWorkCall = now
        return trainSome(maximumBatches: .max, budget: budget)
    }

    /// Trains batches until the budget is spent, the batch limit is reached or training ends.
    func trainSome(maximumBatches: Int, budget: Double) -> Bool {
        guard session.trainer != nil else { return false }
        let start = clock.now
        let phaseBefore = phase
        var batches = 0
        var measuredAfterLastBatch = false
        // A single step by hand goes on past the planned epochs; running stops at them.
        let byHand = maximumBatches == 1
        // Steps by hand after the run ended leave the view paused, not done again.
        let runWasFinished = run.isFinished
        while batches < maximumBatches {
            if !byHand && run.isFinished {
                finishPhase()
                break
            }
            do {
                // The health lenses cost a forward pass over a probe batch: measured after a
                // single step, and after one step in each chart refresh while running. The
                // weights before an epoch's last step are kept too, for the final reading
                // when training stops at the epoch's end.
                let measuresHealth = byHand || healthIsDue
                weightsBeforeStep = measuresHealth || run.nextBatchEndsEpoch(data) ? trainer.network.layers.map(\.weights) : nil
                guard let progress = try run.advance(&session.trainer!, data: data, beyondPlan: byHand) else { break }
                samples += progress.batch.size
                batches += 1
                if measuresHealth { measureHealth() }
                measuredAfterLastBatch = measuresHealth
                if run.isFinished && !runWasFinished { finishPhase() }
            } catch {
                phase = .failed(EngineErrorWording.sentence(for: error))
                break
            }
            if seconds(clock.now - start) >= budget || isDone { break }
        }
        trainingSeconds += seconds(clock.now - start)
        // When training stops (finished, early stopping, failed), the panel shows the final state.
        if batches > 0, !measuredAfterLastBatch, phase != .running || healthIsDue {
            measureHealth()
        }
        return batches > 0 || phase != phaseBefore
    }

    /// Marks the view done when its run has ended, saying why.
    func finishPhase() {
        guard !isDone, let outcome = run.outcome else { return }
        switch outcome {
        case .completed: phase = .finished("\(totalEpochs) epochs done")
        case .earlyStopped(let bestEpoch): phase = .finished("early stop: best test loss at epoch \(bestEpoch), its weights restored")
        }
    }

    /// Whether a chart refresh has passed since the health was last measured.
    var healthIsDue: Bool { lastHealth.map { seconds(clock.now - $0) >= Self.chartRefresh } ?? true }

    /// Measures the health lenses on a probe batch. Without the weights before the last step,
    /// the update ratios stay those last measured.
    func measureHealth() {
        lastHealth = clock.now
        let rows = Array(0..<min(data.trainCount, 256))
        var measured = NetworkHealth.measure(trainer.network, probe: data.trainInputs.gatherRows(rows),
                                             previousWeights: weightsBeforeStep)
        if weightsBeforeStep == nil, let previous = health, previous.layers.count == measured.layers.count {
            for i in measured.layers.indices { measured.layers[i].updateRatio = previous.layers[i].updateRatio }
        }
        health = measured
        weightsBeforeStep = nil
    }

    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

    /// Training samples per second in this view, by the wall clock while training ran (the
    /// time spent drawing included), so it compares with the rate of plain `train`.
    public var samplesPerSecond: Double {
        if runningSeconds > 0.2 { return Double(samples) / runningSeconds }
        return trainingSeconds > 0 ? Double(samples) / trainingSeconds : 0
    }

    // MARK: Commands from the prompt

    /// Runs a command line for the view (a `:` line, or a key's command) and takes its effect:
    /// settings apply on the fly; a new net, a reset or new data restart the run from the
    /// session's state; a line that leaves nothing to train is undone and refused.
    public func runCommand(_ line: String) -> String {
        let before = session.state
        let last: String
        do {
            last = try session.statusLine(running: line)
        } catch {
            return "error: \(error.message)"
        }
        guard let updated = session.trainer, let dataset = session.data else {
            session.restore(before)
            return "error: the dashboard needs a net and data, so that command was undone"
        }
        let newData = dataset != before.data
        let rebuilt = updated.epochsDone < (before.trainer?.epochsDone ?? 0) || updated.network.widths != before.trainer?.network.widths
        if newData || rebuilt {
            data = session.trainingData(dataset)
            raw = session.rawData
            do {
                run = try TrainingRun(trainer: updated, data: data, epochs: totalEpochs, batchSize: run.batchSize, patience: run.patience)
            } catch {
                session.restore(before)
                return "error: \(EngineErrorWording.sentence(for: error)); that command was undone"
            }
            if !isDone || newData || rebuilt { phase = .paused }
        }
        boundaryCache.reset()
        measureHealth()
        return last
    }

    // MARK: Closing

    public func closingOutput() -> [OutputBlock] {
        let classification = data.classCount != nil
        var blocks: [OutputBlock] = []
        let why: String
        switch phase {
        case .finished(let reason): why = reason
        case .failed(let reason): why = "stopped: \(reason)"
        case .running, .paused: why = "stopped by you"
        }
        var line = "dashboard: \(why) · \(run.epochsDone(by: trainer)) epochs here, \(trainer.epochsDone) in all, step \(trainer.stepsDone)"
        if let last = trainer.history.last {
            line += " · train loss \(Numbers.format(last.trainLoss))"
            if classification, let acc = last.trainAccuracy { line += " acc \(Numbers.percent(acc))" }
            if let testLoss = last.testLoss { line += " · test loss \(Numbers.format(testLoss))" }
            if classification, let acc = last.testAccuracy { line += " acc \(Numbers.percent(acc))" }
        }
        line += String(format: " · %@ samples/s", Numbers.count(Int(samplesPerSecond.rounded())))
        blocks.append(.text(line))
        if let chart = lossChart(glyphs: session.environment.colorMode == .none ? .ascii : .unicode) {
            blocks.append(.widget(chart, height: 14))
        }
        if let plot = boundaryWidget(colorMode: session.environment.colorMode) {
            blocks.append(.widget(plot, height: session.plotHeight))
        }
        return blocks
    }
}
