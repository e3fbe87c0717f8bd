/// Accuracy and loss of a network on a set of samples.
public enum Metrics {
    /// The predicted class of each row of outputs: argmax for several outputs, and for one
    /// output a threshold at 0.5 (sigmoid and mse) or 0 (hinge and identity).
    public static func predictedClasses(_ outputs: Tensor, threshold: Double) -> [Int] {
        let c = outputs.columns
        return (0..<outputs.rows).map { r in
            if c == 1 { return outputs.scalars[r] >= threshold ? 1 : 0 }
            var best = 0
            for j in 1..<c where outputs.scalars[r * c + j] > outputs.scalars[r * c + best] { best = j }
            return best
        }
    }

    /// The threshold that splits a single output into two classes: 0 for hinge scores (labels
    /// ±1), 0.5 for everything trained towards 0/1 targets.
    public static func threshold(for loss: Loss) -> Double { loss == .hinge ? 0 : 0.5 }

    /// The share of rows whose predicted class equals the target class.
    public static func accuracy(_ outputs: Tensor, targets: Tensor, threshold: Double) -> Double {
        guard outputs.rows > 0 else { return .nan }
        let predicted = predictedClasses(outputs, threshold: threshold)
        var correct = 0
        // Compared as numbers: a target that is not a whole class index never matches (and never traps).
        for (i, p) in predicted.enumerated() where Double(p) == targets.scalars[i] { correct += 1 }
        return Double(correct) / Double(predicted.count)
    }
}
