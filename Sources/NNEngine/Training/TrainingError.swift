import Foundation

/// Why training could not start or stopped with an error.
///
/// The cases carry the facts; their descriptions are plain sentences that name no command.
/// The session words them with the commands that fix them.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The loss or a gradient stopped being a finite number.
    case diverged(epoch: Int, batch: Int, learningRate: Double, what: String)
    /// The network's input width is not the data's feature count.
    case inputWidth(network: Int, data: Int, outputs: Int)
    /// The loss does not fit the output layer or the data.
    case loss(LossMismatch)
    /// A regression set's target count per sample is not the network's output width.
    case targetWidth(data: Int, network: Int)
    /// A step activation sits in a network deeper than one layer.
    case stepInDeepNetwork
    /// The training split has no rows.
    case emptyTrainingSplit
    /// Early stopping was asked for, but there is no validation split to watch (it never
    /// watches the test split).
    case noValidationSplit

    public var description: String {
        switch self {
        case let .diverged(epoch, batch, _, what):
            return "training diverged at epoch \(epoch), batch \(batch): the \(what) became NaN or infinite. " +
                "The weights are left as they were before that batch. Try a smaller learning rate or gradient clipping."
        case let .inputWidth(network, data, _):
            return "the net takes \(network) inputs but the data has \(data) features"
        case .loss(let mismatch):
            return mismatch.description
        case let .targetWidth(data, network):
            return "the data has \(data) target values per sample but the net has \(network) outputs"
        case .stepInDeepNetwork:
            return "step has a zero derivative, so gradients cannot pass through it; only a single-layer perceptron trains with step"
        case .emptyTrainingSplit:
            return "the training split is empty"
        case .noValidationSplit:
            return "patience watches a validation split, and this data has none; the test split is never watched"
        }
    }

    /// A tenth of a learning rate, rounded to one significant digit and written as a person
    /// would type it: 0.01, 100000, 1e-05.
    public static func suggestedRate(below lr: Double) -> String {
        let rounded = Double(String(format: "%.1g", lr / 10)) ?? lr / 10
        return rounded >= 1 && rounded < 1e15 ? String(Int(rounded)) : "\(rounded)"
    }
}
