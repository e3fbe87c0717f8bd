/// A planned stretch of training — so many epochs of minibatches, with early stopping when a
/// patience is given — advanced one batch at a time.
///
/// This is the one training loop: `Trainer.train` runs it to the end in one call, and a live
/// view drives it in slices between frames. The run holds only its own progress (the
/// best validation loss so far); the trainer it advances stays with its owner, and so does
/// the epoch in flight (`Trainer.epochInFlight`), which a run picks up where the last left it.
public struct TrainingRun: Sendable {
    /// Why a run ended.
    public enum Outcome: Sendable, Equatable {
        /// Every planned epoch was trained.
        case completed
        /// The validation loss stopped improving for `patience` epochs; the best weights were
        /// restored.
        case earlyStopped(bestEpoch: Int)
    }

    /// What one call to `advance` did.
    public struct Progress: Sendable {
        /// The batch trained.
        public var batch: BatchReport
        /// The epoch it finished, if it was the epoch's last batch.
        public var epoch: EpochReport?
    }

    /// The epochs planned.
    public let epochs: Int
    /// The minibatch size, nil for the whole training split (a live view may change it
    /// between batches).
    public var batchSize: Int?
    /// Epochs without a better validation loss after which training stops, if any.
    public let patience: Int?
    /// The trainer's epoch count when the run started.
    public private(set) var startEpoch: Int
    /// Why the run ended, nil while it goes on.
    public private(set) var outcome: Outcome?
    /// The best validation loss so far, its epoch and the network that reached it (with patience).
    private var best: (loss: Double, epoch: Int, network: Network)?
    /// Epochs since the best validation loss.
    private var stale = 0

    /// Plans a run for a trainer on data that fits it (checked here).
    public init(trainer: Trainer, data: TrainingData, epochs: Int, batchSize: Int?, patience: Int? = nil) throws {
        try trainer.validate(data)
        // Early stopping watches a validation split, never the test split: a test split that
        // chose the epoch would no longer be unseen.
        if patience != nil, data.validationCount == 0 { throw TrainingError.noValidationSplit }
        self.epochs = epochs
        self.batchSize = batchSize
        self.patience = patience
        self.startEpoch = trainer.epochsDone
        if epochs <= 0 { outcome = .completed }
    }

    /// Whether the run has ended.
    public var isFinished: Bool { outcome != nil }

    /// Epochs finished in this run.
    public func epochsDone(by trainer: Trainer) -> Int { trainer.epochsDone - startEpoch }

    /// Whether the batch `advance` trains next ends an epoch.
    public func nextBatchEndsEpoch(_ trainer: Trainer, data: TrainingData) -> Bool {
        let position = trainer.epochInFlight?.position ?? 0
        return position + (batchSize ?? data.trainCount) >= data.trainCount
    }

    /// Trains the next batch; finishes its epoch when it was the last (and checks early
    /// stopping); ends the run after the last planned epoch.
    ///
    /// With `beyondPlan`, a finished run trains on by hand: the batch is trained and the run
    /// stays finished. Throws, leaving the trainer at its last finite weights, on divergence.
    @discardableResult
    public mutating func advance(_ trainer: inout Trainer, data: TrainingData, beyondPlan: Bool = false) throws -> Progress? {
        if isFinished && !beyondPlan { return nil }
        // An epoch drawn for other data (a different number of rows) cannot go on.
        if let open = trainer.epochInFlight, open.order.count != data.trainCount { trainer.abandonEpoch() }
        var cursor = trainer.epochInFlight ?? trainer.beginEpoch(data)
        trainer.epochInFlight = nil
        let batch = try trainer.trainBatch(data, batchSize: batchSize, cursor: &cursor)
        guard cursor.isFinished else {
            trainer.epochInFlight = cursor
            return Progress(batch: batch, epoch: nil)
        }
        return Progress(batch: batch, epoch: try finishEpoch(&trainer, data: data, cursor: cursor))
    }

    /// Ends the epoch in flight now (the part trained counts as an epoch), as a stop between
    /// batches does; nil when no epoch is in flight.
    public mutating func finishEpochEarly(_ trainer: inout Trainer, data: TrainingData) throws -> EpochReport? {
        guard let cursor = trainer.epochInFlight else { return nil }
        trainer.epochInFlight = nil
        return try finishEpoch(&trainer, data: data, cursor: cursor)
    }

    /// Ends the run where it stands (a run of so many batches that trained them all): an
    /// epoch in flight stays in flight.
    public mutating func complete() {
        if outcome == nil { outcome = .completed }
    }

    private mutating func finishEpoch(_ trainer: inout Trainer, data: TrainingData, cursor: EpochCursor) throws -> EpochReport {
        let report = try trainer.finishEpoch(data, cursor: cursor)
        if isFinished { return report }
        // Early stopping watches the validation loss only (init checked there is a split).
        if let patience, let watched = report.validationLoss {
            if best == nil || watched < best!.loss {
                best = (watched, report.epoch, trainer.network)
                stale = 0
            } else {
                stale += 1
                if stale >= patience {
                    trainer.network = best!.network
                    outcome = .earlyStopped(bestEpoch: best!.epoch)
                    return report
                }
            }
        }
        if epochsDone(by: trainer) >= epochs { outcome = .completed }
        return report
    }
}
