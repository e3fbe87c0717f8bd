/// The samples training works on: inputs and targets of a training split, a test split and
/// an optional validation split (the one early stopping watches; it needs rows).
///
/// Targets are class indices ([n]) for classification and values ([n, k]) for regression.
public struct TrainingData: Sendable {
    public var trainInputs: Tensor
    public var trainTargets: Tensor
    public var testInputs: Tensor
    public var testTargets: Tensor
    /// Validation inputs (zero rows when there is no validation split).
    public var validationInputs: Tensor
    /// Validation targets, shaped like `trainTargets`.
    public var validationTargets: Tensor
    /// The number of classes, or nil for regression.
    public var classCount: Int?

    /// Makes training data from its splits (no validation split unless given).
    public init(trainInputs: Tensor, trainTargets: Tensor, testInputs: Tensor, testTargets: Tensor, classCount: Int?,
                validationInputs: Tensor? = nil, validationTargets: Tensor? = nil) {
        self.trainInputs = trainInputs
        self.trainTargets = trainTargets
        self.testInputs = testInputs
        self.testTargets = testTargets
        self.validationInputs = validationInputs ?? Tensor.zeros([0, trainInputs.columns])
        self.validationTargets = validationTargets
            ?? Tensor.zeros(trainTargets.rank == 1 ? [0] : [0, trainTargets.columns])
        self.classCount = classCount
    }

    /// The number of validation samples.
    public var validationCount: Int { validationInputs.rows }

    /// The number of training samples.
    public var trainCount: Int { trainInputs.rows }
    /// The number of test samples.
    public var testCount: Int { testInputs.rows }
    /// The number of input features.
    public var featureCount: Int { trainInputs.columns }
}
