/// Why training stopped with an error.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The loss or a gradient stopped being a finite number.
    case diverged(epoch: Int, batch: Int, learningRate: Double, what: String)
    /// The network, loss and data do not fit together.
    case mismatch(String)

    public var description: String {
        switch self {
        case let .diverged(epoch, batch, lr, what):
            return "training diverged at epoch \(epoch), batch \(batch): the \(what) became NaN or infinite. " +
                "The weights are left as they were before that batch. Try a smaller learning rate " +
                "(opt ... lr=\(TrainingError.suggestedRate(below: lr))) or gradient clipping (clip norm=1)."
        case let .mismatch(message):
            return message
        }
    }

    /// A tenth of a learning rate, rounded to one significant digit and written as a person
    /// would type it: 0.01, 100000, 1e-05.
    static func suggestedRate(below lr: Double) -> String {
        let rounded = Double(String(format: "%.1g", lr / 10)) ?? lr / 10
        return rounded >= 1 && rounded < 1e15 ? String(Int(rounded)) : "\(rounded)"
    }
}
