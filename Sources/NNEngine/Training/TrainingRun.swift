/// A planned stretch of training — so many epochs of minibatches, with early stopping when a
/// patience is given — advanced one batch at a time.
///
/// This is the one training loop: `Trainer.train` runs it to the end in one call, and a live
/// view drives it in slices between frames. The run holds only its own progress (the epoch in
/// flight, the best validation loss so far); the trainer it advances stays with its owner.
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
    /// The epoch in flight.
    public private(set) var cursor: EpochCursor?
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
    public func nextBatchEndsEpoch(_ data: TrainingData) -> Bool {
        let position = cursor?.position ?? 0
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
        if cursor == nil { cursor = trainer.beginEpoch(data) }
        let batch = try trainer.trainBatch(data, batchSize: batchSize, cursor: &cursor!)
        guard cursor!.isFinished else { return Progress(batch: batch, epoch: nil) }
        return Progress(batch: batch, epoch: try finishEpoch(&trainer, data: data))
    }

    /// Ends the epoch in flight now (the part trained counts as an epoch), as a stop between
    /// batches does; nil when no epoch is in flight.
    public mutating func finishEpochEarly(_ trainer: inout Trainer, data: TrainingData) throws -> EpochReport? {
        guard cursor != nil else { return nil }
        return try finishEpoch(&trainer, data: data)
    }

    /// Starts the run afresh on a trainer that was reset or rebuilt: no epoch in flight, no
    /// best weights, the planned epochs counted from the trainer's count now.
    public mutating func restart(from trainer: Trainer) {
        startEpoch = trainer.epochsDone
        outcome = nil
        cursor = nil
        best = nil
        stale = 0
    }

    private mutating func finishEpoch(_ trainer: inout Trainer, data: TrainingData) throws -> EpochReport {
        let report = try trainer.finishEpoch(data, cursor: cursor!)
        cursor = nil
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
