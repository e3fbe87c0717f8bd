import NNEngine

/// The `smoothing=ε` option of `loss ce`: label smoothing as PyTorch's
/// `CrossEntropyLoss(label_smoothing=ε)` (targets (1 − ε)·one-hot + ε/K).
enum LossSmoothingOption {
    /// The option as `loss` lists it.
    static let option = CommandSpec.Option("smoothing", .number, "label smoothing ε of ce, 0 ≤ ε < 1")

    /// The ε the command asks for: its `smoothing=` (0 when absent), checked against the loss.
    static func parse(_ command: Command, loss: Loss) throws(CommandError) -> Double {
        guard let argument = command.optionArgument("smoothing"), let epsilon = argument.value.number else { return 0 }
        guard loss == .ce else {
            throw CommandError("smoothing is an option of loss ce (label smoothing spreads a softmax target); "
                + "\(loss.rawValue) has none", at: argument)
        }
        guard Loss.isValidSmoothing(epsilon) else {
            throw CommandError("smoothing needs ε in [0, 1), like `loss ce smoothing=0.1`, got \(Numbers.format(epsilon))",
                               at: argument)
        }
        return epsilon
    }

    /// What `loss` prints about ε: the targets it gives, for `classes` classes when known.
    static func description(_ epsilon: Double, classes: Int?) -> String {
        var text = " smoothing=\(Numbers.format(epsilon)): targets (1 − ε)·one-hot + ε/K"
        if let k = classes, k > 1 {
            text += "\n(\(k) classes: \(Numbers.format(1 - epsilon + epsilon / Double(k), digits: 4)) for the label, "
                + "\(Numbers.format(epsilon / Double(k), digits: 4)) for each other class)"
        }
        return text
    }
}
