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
    /// How long a message stays in the bottom row before the key bar comes back.
    public static let messageSeconds = 3.0
    /// How long a lesson's live run plays when its block sets no speed.
    public static let lessonRunSeconds = 8.0

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
    public internal(set) var phase: Phase = .running
    /// The playground controls while their strip is shown (`c`; TrainingDashboard+Controls).
    public internal(set) var controls: PlaygroundControls?
    /// The commands the last control change ran.
    public internal(set) var lastCommands: [String] = []
    /// Whether test points are drawn on the boundary.
    public private(set) var showsTestPoints = true
    /// The two features the data is projected on (`f` cycles through the pairs), for
    /// classification with more than two inputs; nil shows the confusion matrix.
    public private(set) var projection: (Int, Int)?
    /// Whether the left panel shows the network diagram instead of the model's fit.
    public private(set) var showsNetwork = false
    /// Whether the boundary is drawn without confidence shading.
    public private(set) var discretize = false
    /// Whether the key help overlay is up.
    public private(set) var showsHelp = false
    /// Whether the loss chart overlays earlier runs' curves (`o`).
    public private(set) var showsEarlierRuns = false
    /// The number of the record this view's current run left (nil until it left one), and
    /// the step count it was made at: a run is recorded once, when it ends or the view closes.
    public private(set) var recordedRun: Int?
    var recordedAtStep: Int?
    /// How fast training runs: steps a second, or no limit.
    public private(set) var pace: TrainingPace
    /// A line of feedback for the bottom row (command results, warnings), for a few seconds.
    public private(set) var message: String?
    /// When the message was said.
    var messageTime: ContinuousClock.Instant?
    /// How long messages stay (`messageSeconds`; tests shorten it).
    public var messageLifetime = TrainingDashboard.messageSeconds
    /// When paced training (re)started, and the steps taken since.
    var paceStart: ContinuousClock.Instant?
    var pacedSteps = 0
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
    public init(session: Session, epochs: Int, batch: Int?, patience: Int?, pace: TrainingPace = .unlimited,
                width: Int, height: Int) throws(CommandError) {
        guard let trainer = session.trainer, let dataset = session.data else {
            throw CommandError("the dashboard needs a net and data; build them first (`data spiral`, `net 2-16-3`)")
        }
        self.session = session
        let data = session.trainingData(dataset)
        self.data = data
        self.raw = session.rawData
        self.totalEpochs = epochs
        self.pace = pace
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
        case .tick, .taskFinished:
            break
        case .key(let key):
            if showsHelp { showsHelp = false; return .none }
            if let effect = handleControlKey(key) { return effect }
            if handleImageKey(key) || handleSequenceKey(key) { return .none }
            switch key {
            case .character(" "):
                switch phase {
                case .running: phase = .paused
                case .paused: phase = .running
                case .finished:
                    // Play again: the same start as the run just watched.
                    resetToBuiltWeights()
                    if !isDone { phase = .running }
                case .failed: break
                }
                paceStart = nil
            case .character("s"):
                if phase == .paused || isDone { singleStep() }
            case .character("+"), .character("="):
                changeLearningRate(by: 2)
            case .character("-"), .character("_"):
                changeLearningRate(by: 0.5)
            case .character("<"), .character("["):
                changePace(to: pace.slower)
            case .character(">"), .character("]"):
                changePace(to: pace.faster)
            case .character("r"):
                resetToBuiltWeights()
            case .character("f"):
                if let raw, raw.featureCount > 2, raw.task == .classification {
                    projection = ModelFitPlot.nextProjection(after: projection, featureCount: raw.featureCount)
                    showsNetwork = false
                    boundaryCache.reset()
                    say(projection.map { "the data on \(raw.featureNames[$0.0]) and \(raw.featureNames[$0.1]), marked with the net's class" }
                        ?? "the confusion matrix")
                } else {
                    say("f projects data with more than two features; this data has \(raw?.featureCount ?? 0)")
                }
            case .character("n"):
                showsNetwork.toggle()
                boundaryCache.reset()
                say(showsNetwork ? "the network diagram (n again for the model's fit)" : "the model's fit")
            case .character("t"):
                if hasPoints {
                    showsTestPoints.toggle()
                    boundaryCache.reset()
                    say(showsTestPoints ? "test points shown (hollow marks)" : "test points hidden")
                } else {
                    say("this view draws no points: \(featureCountText)")
                }
            case .character("d"):
                if raw?.featureCount == 2 {
                    discretize.toggle()
                    boundaryCache.reset()
                    say(discretize ? "flat class colors" : "shaded by confidence")
                } else {
                    say("this view draws no boundary: \(featureCountText)")
                }
            case .character("o"):
                if earlierRuns.isEmpty {
                    say("no earlier runs to overlay: each train keeps one (`runs` lists them)")
                } else {
                    showsEarlierRuns.toggle()
                    say(showsEarlierRuns ? "earlier runs overlaid: " + earlierRuns.map { "#\($0.number)" }.joined(separator: " ")
                        + " (dotted, \(earlierRunsSplit.rawValue) loss)" : "earlier runs hidden")
                }
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

    /// Whether there is training to do now: always while running at full speed, and when a
    /// step is due at a set pace (between steps the loop may sleep).
    public var isBusy: Bool { phase == .running && stepsDue(at: clock.now) > 0 }

    /// Whether the left panel draws data points (one-input regression, two inputs).
    var hasPoints: Bool { raw.map { $0.featureCount == 2 || ($0.featureCount == 1 && $0.task == .regression) } ?? false }

    /// "the data has 1 feature", "… 4 features".
    var featureCountText: String {
        let n = raw?.featureCount ?? 0
        return "the data has \(n) feature\(n == 1 ? "" : "s")"
    }

    /// Shows a message in the bottom row for a few seconds.
    func say(_ text: String) {
        message = text
        messageTime = clock.now
    }

    /// Doubles or halves the learning rate through the command that does it (`opt lr=…`).
    func changeLearningRate(by factor: Double) {
        let rate = trainer.optimizer.settings.learningRate * factor
        say(runCommand("opt lr=\(rate)"))
    }

    /// Sets the pace; paced steps count again from now.
    func changePace(to newPace: TrainingPace) {
        pace = newPace
        paceStart = nil
        say("speed: \(pace)")
    }

    /// Puts back the weights the net was built with (`reset seed=…` with the net's own seed) and
    /// starts the run again from epoch 0, paused.
    func resetToBuiltWeights() {
        let seed = session.netRecipe.map { " seed=\($0.seed)" } ?? ""
        let reply = runCommand("reset" + seed)
        say(reply)
        if case .failed = phase { return }
        if !reply.hasPrefix("error") { phase = .paused }
    }

    func singleStep() {
        if isDone {
            // Stepping after the planned epochs keeps training by hand.
            if case .failed = phase { return }
            phase = .paused
        }
        _ = trainSome(maximumBatches: 1, budget: .infinity, byHand: true)
    }

    // MARK: Training

    public func work(budget: Double) -> Bool {
        let now = clock.now
        // A message goes after a few seconds, and the key bar comes back.
        var expired = false
        if let said = messageTime, seconds(now - said) >= messageLifetime {
            message = nil
            messageTime = nil
            expired = true
        }
        guard phase == .running else {
            lastWorkCall = nil
            return expired
        }
        // Wall-clock time while running counts from one slice of work to the next, so the
        // frames drawn in between are charged to training's throughput.
        if let last = lastWorkCall { runningSeconds += seconds(now - last) }
        lastWorkCall = now
        if paceStart == nil { paceStart = now; pacedSteps = 0 }
        keepPaceWithin(oneSecondAt: now)
        let due = stepsDue(at: now)
        guard due > 0 else { return expired }
        let stepsBefore = trainer.stepsDone
        let changed = trainSome(maximumBatches: due, budget: budget)
        pacedSteps += max(trainer.stepsDone - stepsBefore, 0)
        return changed || expired
    }

    /// The steps the pace allows now: without limit at full speed; at a set pace, those due
    /// since the pace started, never more than a second's worth behind (after a slow frame
    /// the run does not rush to catch up).
    func stepsDue(at now: ContinuousClock.Instant) -> Int {
        guard case .stepsPerSecond(let perSecond) = pace else { return .max }
        guard let start = paceStart else { return 1 }
        let target = Int(seconds(now - start) * Double(perSecond)) + 1
        return max(0, min(target - pacedSteps, perSecond))
    }

    /// Forgets steps more than a second overdue (a slow frame, a pause in the machine).
    func keepPaceWithin(oneSecondAt now: ContinuousClock.Instant) {
        guard case .stepsPerSecond(let perSecond) = pace, let start = paceStart else { return }
        let target = Int(seconds(now - start) * Double(perSecond)) + 1
        if target - pacedSteps > perSecond { pacedSteps = target - perSecond }
    }

    /// Trains batches until the budget is spent, the batch limit is reached or training ends;
    /// `byHand` steps go on past the planned epochs.
    func trainSome(maximumBatches: Int, budget: Double, byHand: Bool = false) -> Bool {
        guard session.trainer != nil else { return false }
        let start = clock.now
        let phaseBefore = phase
        var batches = 0
        var measuredAfterLastBatch = false
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
                weightsBeforeStep = measuresHealth || run.nextBatchEndsEpoch(trainer, data: data)
                    ? NetworkHealth.measuredWeights(of: trainer.network) : nil
                guard let progress = try session.advance(&run, data: data, beyondPlan: byHand) else { break }
                samples += progress.batch.size
                batches += 1
                if measuresHealth { measureHealth() }
                measuredAfterLastBatch = measuresHealth
                if run.isFinished && !runWasFinished { finishPhase() }
            } catch {
                var reason = EngineErrorWording.sentence(for: error)
                if case TrainingError.diverged = error { reason += " The weights are those of the last finite step." }
                phase = .failed(reason)
                recordRun()
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

    /// Marks the view done when its run has ended, saying why, and records the run.
    func finishPhase() {
        guard !isDone, let outcome = run.outcome else { return }
        switch outcome {
        case .completed: phase = .finished("\(totalEpochs) epochs done")
        case .earlyStopped(let bestEpoch):
            phase = .finished("early stop: best val loss at epoch \(bestEpoch), its weights restored")
        }
        recordRun()
    }

    /// Keeps the session's record of this view's run (`runs`), once per run: when it ends,
    /// diverges or the view closes after at least an epoch since the last record.
    func recordRun() {
        guard session.trainer != nil, run.epochsDone(by: trainer) > 0, recordedAtStep != trainer.stepsDone else { return }
        let startEpoch = trainer.epochsDone - run.epochsDone(by: trainer)
        recordedRun = session.recordRun(startEpoch: startEpoch, batch: run.batchSize, live: true)?.number
        recordedAtStep = trainer.stepsDone
    }

    /// The runs the loss chart can overlay: the three latest records before this view's own.
    public var earlierRuns: [RunRecord] {
        Array(session.runs.records.filter { $0.number != recordedRun }.suffix(3))
    }

    /// The curve overlaid for earlier runs: test loss when they all have one, else training.
    public var earlierRunsSplit: RunSplit {
        earlierRuns.allSatisfy { $0.testLoss != nil } ? .test : .train
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
    public func runCommand(_ line: String) -> String { runCommands([line]) }

    /// Runs command lines one after the other as one change (a control's `features` and `net`):
    /// when one fails, the state is put back as it was before the first.
    public func runCommands(_ lines: [String]) -> String {
        let before = session.state
        var last = "done"
        for line in lines {
            do {
                last = try session.statusLine(running: line)
            } catch {
                session.restore(before)
                return "error: \(error.message)"
            }
        }
        guard let updated = session.trainer, let dataset = session.data else {
            session.restore(before)
            return "error: the dashboard needs a net and data, so that command was undone"
        }
        let newData = dataset != before.data
        let rebuilt = updated.epochsDone < (before.trainer?.epochsDone ?? 0) || updated.network.widths != before.trainer?.network.widths
            || updated.stepsDone < (before.trainer?.stepsDone ?? 0)
        // A batch size set on the fly (`set batch=`) applies from the next batch.
        if session.batchSize != before.batchSize { run.batchSize = session.batchSize }
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
            // A new run: the one this view recorded (if any) is an earlier run now.
            recordedRun = nil
            recordedAtStep = nil
        }
        boundaryCache.reset()
        measureHealth()
        return last
    }

    // MARK: Closing

    public func closingOutput() -> [OutputBlock] {
        recordRun()
        let classification = data.classCount != nil
        var blocks: [OutputBlock] = []
        let why: String
        switch phase {
        case .finished(let reason): why = reason
        case .failed(let reason): why = "stopped: \(reason)"
        case .running, .paused: why = "stopped by you"
        }
        // Three short lines (80 columns): why it stopped, how far and how fast, the metrics.
        var lines = ["dashboard: \(why)",
                     "  \(run.epochsDone(by: trainer)) epochs here (\(trainer.epochsDone) in all), \(Numbers.count(trainer.stepsDone)) steps, " +
                         "\(Numbers.count(Int(samplesPerSecond.rounded()))) samples/s"]
        if let last = trainer.history.last {
            var metrics = "  loss \(TrainCommand.lossText(last.trainLoss))"
            if classification, let acc = last.trainAccuracy { metrics += " acc \(Numbers.percent(acc))" }
            if let testLoss = last.testLoss { metrics += "  test \(TrainCommand.lossText(testLoss))" }
            if classification, let acc = last.testAccuracy { metrics += " acc \(Numbers.percent(acc))" }
            lines.append(metrics)
        }
        if let open = trainer.epochInFlight {
            let perEpoch = session.batchesPerEpoch(batch: run.batchSize)
            lines.append("  " + TrainCommand.partWayLine(epoch: trainer.epochsDone + 1, batches: open.batches, of: perEpoch))
        }
        blocks.append(.text(lines.joined(separator: "\n")))
        if let chart = lossChart(glyphs: session.environment.colorMode == .none ? .ascii : .unicode) {
            blocks.append(.widget(chart, height: 14))
        }
        if let plot = boundaryWidget(colorMode: session.environment.colorMode) {
            blocks.append(.widget(plot, height: session.plotHeight))
        }
        blocks += imageClosingBlocks() + sequenceClosingBlocks()
        return blocks
    }
}
