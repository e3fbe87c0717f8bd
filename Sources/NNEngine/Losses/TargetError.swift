/// A target a loss cannot read: a class index out of range or not whole, a label that is not
/// 0/1 (or ±1 for hinge), a value that is not finite, or a count that does not fit the output.
///
/// Losses index their buffers by class targets, so every loss checks its targets before it
/// reads them (`Loss.validate`) and throws this instead of reading past a row.
public struct TargetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with the target.
    public enum Problem: Equatable, Sendable {
        /// Not a whole number from 0 to `classes` − 1.
        case notAClass(classes: Int)
        /// Not 0 or 1 (binary cross-entropy).
        case notBinary
        /// Not −1, 0, 1 (hinge; 0 stands for −1).
        case notAHingeLabel
        /// NaN or infinite.
        case notFinite
        /// There are `given` targets where the output needs `expected`.
        case count(given: Int, expected: Int)
    }

    /// The loss that read the target.
    public var loss: Loss
    /// What is wrong.
    public var problem: Problem
    /// The sample (row) whose target is wrong, counted from 0.
    public var sample: Int
    /// The target's value.
    public var value: Double

    /// Makes an error.
    public init(loss: Loss, problem: Problem, sample: Int = 0, value: Double = 0) {
        self.loss = loss
        self.problem = problem
        self.sample = sample
        self.value = value
    }

    public var description: String {
        let shown = TargetError.format(value)
        switch problem {
        case .notAClass(let classes):
            return "the target of sample \(sample) is \(shown), but \(loss.longName) reads a class index: " +
                "a whole number from 0 to \(classes - 1) for a net with \(classes) outputs"
        case .notBinary:
            return "the target of sample \(sample) is \(shown), but \(loss.longName) reads a label of 0 or 1"
        case .notAHingeLabel:
            return "the target of sample \(sample) is \(shown), but \(loss.longName) reads a label of −1 or 1 (0 counts as −1)"
        case .notFinite:
            return "the target of sample \(sample) is \(shown); \(loss.longName) needs a finite number"
        case let .count(given, expected):
            return "there are \(given) target values but the net's output needs \(expected)"
        }
    }

    /// A target as a person reads it: whole numbers without a decimal point.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "infinite" : "−infinite" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}

extension Loss {
    /// The loss's name in words, for messages.
    public var longName: String {
        switch self {
        case .mse: return "mean squared error"
        case .bce: return "binary cross-entropy"
        case .ce: return "cross-entropy"
        case .hinge: return "the hinge loss"
        }
    }

    /// Checks that `targets` can be read against a head of `rows` × `outputs` values: class
    /// indices in range and whole (cross-entropy, and mean squared error against one-hot rows),
    /// labels 0/1 (binary cross-entropy) or ±1/0/1 (hinge), finite values (mean squared error).
    public func validate(_ targets: Tensor, rows: Int, outputs: Int) throws(TargetError) {
        let y = targets.scalars
        switch self {
        case .ce:
            guard y.count == rows else { throw TargetError(loss: self, problem: .count(given: y.count, expected: rows)) }
            try Loss.checkClasses(y, classes: outputs, loss: self)
        case .mse:
            if y.count == rows * outputs {
                for (i, v) in y.enumerated() where !v.isFinite {
                    throw TargetError(loss: self, problem: .notFinite, sample: i / max(outputs, 1), value: v)
                }
            } else if y.count == rows {
                // Class indices against one-hot rows.
                try Loss.checkClasses(y, classes: outputs, loss: self)
            } else {
                throw TargetError(loss: self, problem: .count(given: y.count, expected: rows * outputs))
            }
        case .bce:
            guard y.count == rows * outputs else {
                throw TargetError(loss: self, problem: .count(given: y.count, expected: rows * outputs))
            }
            for (i, v) in y.enumerated() where v != 0 && v != 1 {
                throw TargetError(loss: self, problem: .notBinary, sample: i / max(outputs, 1), value: v)
            }
        case .hinge:
            guard y.count == rows * outputs else {
                throw TargetError(loss: self, problem: .count(given: y.count, expected: rows * outputs))
            }
            for (i, v) in y.enumerated() where v != 0 && v != 1 && v != -1 {
                throw TargetError(loss: self, problem: .notAHingeLabel, sample: i / max(outputs, 1), value: v)
            }
        }
    }

    /// Throws unless every value is a whole number from 0 to `classes` − 1.
    private static func checkClasses(_ y: [Double], classes: Int, loss: Loss) throws(TargetError) {
        for (i, v) in y.enumerated() where !(v >= 0 && v < Double(classes) && v == v.rounded(.down)) {
            throw TargetError(loss: loss, problem: .notAClass(classes: classes), sample: i, value: v)
        }
    }
}
