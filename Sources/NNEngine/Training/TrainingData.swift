/// The samples training works on: inputs and targets of a training split and a test split.
///
/// Targets are class indices ([n]) for classification and values ([n, k]) for regression.
public struct TrainingData: Sendable {
    public var trainInputs: Tensor
    public var trainTargets: Tensor
    public var testInputs: Tensor
    public var testTargets: Tensor
    /// The number of classes, or nil for regression.
    public var classCount: Int?

    /// Makes training data from its splits.
    public init(trainInputs: Tensor, trainTargets: Tensor, testInputs: Tensor, testTargets: Tensor, classCount: Int?) {
        self.trainInputs = trainInputs
        self.trainTargets = trainTargets
        self.testInputs = testInputs
        self.testTargets = testTargets
        self.classCount = classCount
    }

    /// The number of training samples.
    public var trainCount: Int { trainInputs.rows }
    /// The number of test samples.
    public var testCount: Int { testInputs.rows }
    /// The number of input features.
    public var featureCount: Int { trainInputs.columns }
}
