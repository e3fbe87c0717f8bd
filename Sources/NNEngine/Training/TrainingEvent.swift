/// What the training loop reports as it goes, for any view to consume.
public enum TrainingEvent: Sendable {
    /// One optimizer update finished.
    case batch(BatchReport)
    /// One pass over the training split finished.
    case epoch(EpochReport)
}

/// What the training loop tells the caller to do next.
public enum TrainingControl: Sendable {
    case proceed
    /// Stop before the next batch.
    case stop
}

/// The outcome of one optimizer update.
public struct BatchReport: Sendable, Equatable {
    /// The epoch the batch belongs to (from 1, counted over the session).
    public var epoch: Int
    /// The batch's position in its epoch (from 1).
    public var batch: Int
    /// The number of updates made so far in the session.
    public var step: Int
    /// The objective's value on the batch before the update.
    public var loss: Double
    /// The learning rate used.
    public var learningRate: Double
    /// ‖∂L/∂W‖ of each layer's weights.
    public var gradientNorms: [Double]
    /// The number of samples in the batch.
    public var size: Int
}

/// The state of training after an epoch.
public struct EpochReport: Sendable, Equatable {
    /// The epoch (from 1, counted over the session).
    public var epoch: Int
    /// The number of updates made so far in the session.
    public var step: Int
    /// The data loss on the training split over the epoch: each batch's loss before its update,
    /// averaged over the samples (at inference on the whole split under the perceptron rule).
    public var trainLoss: Double
    /// Training accuracy over the epoch, for classification, counted the same way.
    public var trainAccuracy: Double?
    /// The data loss on the test split, if there is one.
    public var testLoss: Double?
    /// Test accuracy, for classification with a test split.
    public var testAccuracy: Double?
    /// The learning rate used in this epoch.
    public var learningRate: Double
    /// The mean over the epoch's batches of each layer's ‖∂L/∂W‖.
    public var gradientNorms: [Double]
    /// The data loss on the validation split, if there is one.
    public var validationLoss: Double? = nil
    /// Validation accuracy, for classification with a validation split.
    public var validationAccuracy: Double? = nil
}
