import NNEngine

/// The short record one `train` leaves in the session: its number, its settings as named values,
/// its loss curves per epoch and its final metrics — what `runs` lists and `plot loss runs=`
/// overlays.
public struct RunRecord: Equatable, Sendable {
    /// One setting as `runs` and the legends word it: a name (`lr`) and its value (`0.01`).
    public struct Setting: Equatable, Sendable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The run's number in the session, from 1.
    public var number: Int
    /// The settings in a fixed order: data and its options, features, net, act, out, init, net
    /// seed, loss, optimizer and its hyper-parameters, reg, dropout, batchnorm, batch, sched, clip.
    public var settings: [Setting]
    /// The epochs this run trained (those before it, of a net trained further, not counted).
    public var epochs: Int
    /// The epoch the run started after (0 for a new net; more when it trained a net further).
    public var startEpoch: Int
    /// Whether the run trained in the dashboard.
    public var live: Bool
    /// The training loss after each epoch of the net's history (from epoch 1).
    public var trainLoss: [Double]
    /// The test loss after each epoch, when the data has a test split.
    public var testLoss: [Double]?
    /// The validation loss after each epoch, when the data has a validation split.
    public var validationLoss: [Double]?
    /// The final training loss and accuracy (accuracy for classification).
    public var finalTrainLoss: Double?
    public var finalTrainAccuracy: Double?
    /// The final test loss and accuracy, when the data has a test split.
    public var finalTestLoss: Double?
    public var finalTestAccuracy: Double?

    public init(number: Int, settings: [Setting], epochs: Int, startEpoch: Int, live: Bool, trainLoss: [Double],
                testLoss: [Double]?, validationLoss: [Double]?, finalTrainLoss: Double?, finalTrainAccuracy: Double?,
                finalTestLoss: Double?, finalTestAccuracy: Double?) {
        self.number = number
        self.settings = settings
        self.epochs = epochs
        self.startEpoch = startEpoch
        self.live = live
        self.trainLoss = trainLoss
        self.testLoss = testLoss
        self.validationLoss = validationLoss
        self.finalTrainLoss = finalTrainLoss
        self.finalTrainAccuracy = finalTrainAccuracy
        self.finalTestLoss = finalTestLoss
        self.finalTestAccuracy = finalTestAccuracy
    }

    /// The value of the setting called `name`, nil when the run has none.
    public func value(of name: String) -> String? { settings.first { $0.name == name }?.value }

    /// The curve of one split, nil when the run's data has no such split.
    public func curve(_ split: RunSplit) -> [Double]? {
        switch split {
        case .train: return trainLoss
        case .test: return testLoss
        case .validation: return validationLoss
        }
    }
}

/// Which loss curve of a run: training, test or validation.
public enum RunSplit: String, Sendable, CaseIterable {
    case train, test, validation = "val"
}
