import NNData
import NNEngine

/// The type of a fact or of a check expression.
public enum FactType: String, Sendable {
    case number, text, bool
}

/// A fact's value in a session.
public enum FactValue: Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case bool(Bool)

    /// The value's type.
    public var type: FactType {
        switch self {
        case .number: return .number
        case .text: return .text
        case .bool: return .bool
        }
    }

    /// The value as a learner reads it.
    public var description: String {
        switch self {
        case .number(let x): return CheckNumber.format(x)
        case .text(let s): return s
        case .bool(let b): return b ? "true" : "false"
        }
    }
}

/// Why a fact has no value in a session (no network yet, no data yet …).
public struct FactUnavailable: Error, Equatable, Sendable {
    /// A sentence saying what is missing and how to get it.
    public var reason: String

    /// Makes the reason.
    public init(_ reason: String) { self.reason = reason }
}

/// A fact an exercise check may name: its type, meaning and, for text facts, its values.
public struct FactSpec: Sendable {
    /// The name used in checks.
    public var name: String
    /// The type of its value.
    public var type: FactType
    /// What it means, for authors.
    public var summary: String
    /// The values a text fact takes, when they form a closed set (bare words in checks are
    /// validated against them; quoted strings are not).
    public var values: [String]?

    /// Makes a spec.
    public init(_ name: String, _ type: FactType, _ summary: String, values: [String]? = nil) {
        self.name = name
        self.type = type
        self.summary = summary
        self.values = values
    }
}

/// Every fact exercise checks can name. The session computes them (`SessionFacts`).
public enum FactCatalog {
    /// The facts, grouped as the authors' guide lists them.
    public static let all: [FactSpec] = [
        // Data
        FactSpec("data", .text, "the dataset's name (a built-in name, a CSV's file name, or none)",
                 values: BuiltInDataset.allCases.map(\.rawValue) + ["iris", "digits", "none"]),
        FactSpec("task", .text, "classification, regression, or none", values: ["classification", "regression", "none"]),
        FactSpec("classes", .number, "number of classes (0 for regression)"),
        FactSpec("features", .number, "number of inputs the network sees (after any feature map)"),
        FactSpec("feature_map", .bool, "whether a feature map (`features …`) is in use"),
        FactSpec("train_size", .number, "number of training rows"),
        FactSpec("test_size", .number, "number of held-out rows"),
        FactSpec("val_size", .number, "number of validation rows (0 without val=)"),
        // Network
        FactSpec("has_net", .bool, "whether there is a network"),
        FactSpec("layers", .number, "number of weight layers (2-8-1 has 2)"),
        FactSpec("hidden_layers", .number, "number of hidden layers (2-8-1 has 1, a perceptron 0)"),
        FactSpec("hidden_units", .number, "hidden units in all hidden layers together"),
        FactSpec("widest", .number, "units in the widest hidden layer (0 without hidden layers)"),
        FactSpec("params", .number, "number of trainable parameters"),
        FactSpec("inputs", .number, "width of the input layer"),
        FactSpec("outputs", .number, "width of the output layer"),
        FactSpec("activation", .text, "activation of the hidden layers (none without them, mixed when they differ)",
                 values: Activation.names + ["none", "mixed"]),
        FactSpec("output", .text, "activation of the output layer", values: Activation.names + ["none"]),
        FactSpec("init", .text, "the initializer the net was built with (file for a loaded net)",
                 values: Initializer.names + ["file", "none"]),
        FactSpec("perceptron_rule", .bool, "whether training uses the perceptron rule (a net like 2-1:step)"),
        FactSpec("conv_layers", .number, "conv layers of a net built layer by layer (0 for net SPEC)"),
        FactSpec("skip_layers", .number, "dense layers with skip=on (residual connections)"),
        FactSpec("layernorm_layers", .number, "layernorm layers of a net built layer by layer"),
        FactSpec("cell", .text, "the recurrent cell of the net's recurrent layers (none without one, mixed when they differ)",
                 values: ["rnn", "lstm", "none", "mixed"]),
        // Training settings
        FactSpec("loss", .text, "the loss in force", values: Loss.names + ["none"]),
        FactSpec("opt", .text, "the optimizer", values: OptimizerSettings.names),
        FactSpec("lr", .number, "the optimizer's base learning rate"),
        FactSpec("momentum", .number, "μ of momentum and nesterov"),
        FactSpec("l1", .number, "the L1 strength λ"),
        FactSpec("l2", .number, "the L2 strength λ"),
        FactSpec("dropout", .number, "the drop probability p (0 when off)"),
        FactSpec("dropout_scaling", .text, "inverted, classic, or off", values: ["inverted", "classic", "off"]),
        FactSpec("batchnorm", .bool, "whether hidden layers batch-normalize"),
        FactSpec("batch", .number, "the minibatch size (0 for the whole training split)"),
        FactSpec("sched", .text, "the learning-rate schedule", values: ["none", "step", "exp", "cosine", "warmup"]),
        FactSpec("clip", .text, "gradient clipping: off, norm or value", values: ["off", "norm", "value"]),
        FactSpec("seed", .number, "the session's seed"),
        FactSpec("class_weights", .bool, "whether loss ce weighs its classes (loss ce weights=[…])"),
        FactSpec("pos_weight", .number, "the positive-class weight of loss bce (1 when not set)"),
        FactSpec("threshold", .number, "the decision threshold of a single sigmoid output (0.5 unless set)"),
        // Training results
        FactSpec("epochs", .number, "epochs trained since the net was built or reset"),
        FactSpec("steps", .number, "optimizer steps taken since the net was built or reset"),
        FactSpec("train_loss", .number, "loss on the training split now"),
        FactSpec("test_loss", .number, "loss on the test split now"),
        FactSpec("train_acc", .number, "accuracy on the training split now, from 0 to 1"),
        FactSpec("test_acc", .number, "accuracy on the test split now, from 0 to 1"),
        FactSpec("best_test_loss", .number, "the lowest test loss in the training history"),
        FactSpec("val_loss", .number, "loss on the validation split now"),
        FactSpec("val_acc", .number, "accuracy on the validation split now, from 0 to 1"),
        FactSpec("precision", .number, "test split: precision of class 1 (two classes) or the macro average"),
        FactSpec("recall", .number, "test split: recall of class 1 (two classes) or the macro average"),
        FactSpec("f1", .number, "test split: F1 of class 1 (two classes) or the macro average of the F1s"),
        // Inside the network
        FactSpec("grad_first", .number, "‖∂L/∂W‖ of the first layer on the training split"),
        FactSpec("grad_last", .number, "‖∂L/∂W‖ of the last layer on the training split"),
        FactSpec("grad_ratio", .number, "grad_first / grad_last: far below 1 means vanishing gradients"),
        FactSpec("gradtime_first", .number, "‖∂L/∂h₁‖, the first step's hidden-state gradient of the first recurrent layer"),
        FactSpec("gradtime_last", .number, "‖∂L/∂h_T‖, the last step's hidden-state gradient of the first recurrent layer"),
        FactSpec("gradtime_ratio", .number, "gradtime_first / gradtime_last: far below 1 means the gradient vanishes through time"),
        FactSpec("dead_units", .number, "hidden units whose activation has zero slope on every training sample"),
        FactSpec("weight_norm", .number, "√(ΣW²) over all weights (not biases)"),
        FactSpec("small_weights", .number, "share of weights with |w| < 0.001, from 0 to 1"),
        // Information (as `entropy` prints them, in nats, means per sample)
        FactSpec("smoothing", .number, "label smoothing ε of loss ce (0 when off)"),
        FactSpec("label_entropy", .number, "H(Y), the entropy of the training labels' class frequencies"),
        FactSpec("baseline_ce", .number, "cross-entropy of the constant predictor on the training split"),
        FactSpec("kl", .number, "mean KL(p‖q) of the net's predictions from the targets, training split"),
        FactSpec("test_kl", .number, "mean KL(p‖q) on the test split"),
        FactSpec("pred_entropy", .number, "mean entropy H(q) of the net's predictions, training split"),
        // Debugging
        FactSpec("initial_loss", .number, "training loss of the net as it was built (its recipe and seed), before any update"),
        FactSpec("chance_loss", .number, "loss of a uniform prediction: ln k for ce with k classes, ln 2 for bce"),
        FactSpec("update_ratio", .number, "largest ‖ΔW‖/‖W‖ over layers that one update on the training split makes now"),
        FactSpec("inputs_standardized", .bool, "whether every input feature has mean ≈ 0 and deviation ≈ 1 on the training split"),
        FactSpec("input_scale", .number, "largest standard deviation of an input feature on the training split"),
    ]

    /// The names of all facts.
    public static let names: [String] = all.map(\.name)

    /// The spec of a fact by name.
    public static func spec(_ name: String) -> FactSpec? { all.first { $0.name == name } }
}

/// How checks write numbers: short, and exact enough to compare by eye.
public enum CheckNumber {
    /// A number with up to six significant digits.
    public static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        var text = String(format: "%.6g", x)
        if text.contains("e") { return text }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
