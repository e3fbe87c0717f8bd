import Foundation

/// Information-theoretic readings of a classifier on one split: the entropy of the labels,
/// the cross-entropy of the best constant predictor, and the model's cross-entropy split into
/// the targets' own entropy and the divergence of the predictions from them.
///
/// Every quantity is a mean over the split's samples, in nats (natural logarithms); divide by
/// ln 2 for bits. For sample i with target distribution pᵢ (one-hot, or smoothed under label
/// smoothing) and predicted distribution qᵢ (softmax for `ce`; (1 − σ, σ) for `bce`):
///
/// - cross-entropy  H(pᵢ, qᵢ) = −Σⱼ pᵢⱼ·ln qᵢⱼ — the loss the net is trained on;
/// - target entropy H(pᵢ) = −Σⱼ pᵢⱼ·ln pᵢⱼ (0 for one-hot targets);
/// - divergence     KL(pᵢ‖qᵢ) = Σⱼ pᵢⱼ·ln(pᵢⱼ/qᵢⱼ), so that H(pᵢ, qᵢ) = H(pᵢ) + KL(pᵢ‖qᵢ);
/// - prediction entropy H(qᵢ), how unsure the net's own answers are.
public struct InformationReport: Sendable, Equatable {
    /// Samples in the split.
    public var samples: Int
    /// Classes (2 for a sigmoid output).
    public var classes: Int
    /// H(Y): the entropy of the split's label frequencies.
    public var labelEntropy: Double
    /// The mean cross-entropy of the baseline, a constant predictor that ignores the inputs and
    /// always answers the training split's mean target distribution (its class frequencies
    /// without smoothing) — the best any constant does on the training split.
    public var baselineCrossEntropy: Double
    /// The model's mean cross-entropy H(p, q).
    public var crossEntropy: Double
    /// The targets' mean entropy H(p).
    public var targetEntropy: Double
    /// The mean KL(p‖q), computed term by term (not as a difference).
    public var divergence: Double
    /// The mean entropy H(q) of the model's predictions.
    public var predictionEntropy: Double

    /// What the inputs save: the baseline's cross-entropy minus the model's.
    public var gain: Double { baselineCrossEntropy - crossEntropy }

    /// Measures a network on one split.
    ///
    /// `logits` are the net's output pre-activations (one column per class for `ce`, one for
    /// `bce`), `labels` the class indices, `smoothing` `ce`'s label smoothing ε, and `baseline`
    /// the constant predictor's distribution (`meanTarget` of the training split).
    public static func measure(logits: Tensor, labels: Tensor, loss: Loss, classes: Int, smoothing: Double,
                               baseline: [Double]) -> InformationReport {
        precondition(loss == .ce || loss == .bce, "information readings need ce or bce")
        let n = logits.rows
        let logBaseline = baseline.map { Foundation.log($0) }
        var report = InformationReport(samples: n, classes: classes, labelEntropy: entropy(frequencies(labels: labels, classes: classes)),
                                       baselineCrossEntropy: 0, crossEntropy: 0, targetEntropy: 0, divergence: 0,
                                       predictionEntropy: 0)
        guard n > 0 else { return report }
        for r in 0..<n {
            let logQ = logProbabilities(logits: logits, row: r, loss: loss)
            let p = smoothing > 0 ? Loss.smoothedTarget(label: Int(labels.scalars[r]), classes: classes, smoothing: smoothing)
                                  : oneHot(Int(labels.scalars[r]), classes: classes)
            report.crossEntropy += crossEntropy(p, logQ: logQ)
            report.targetEntropy += entropy(p)
            report.divergence += divergence(p, logQ: logQ)
            report.predictionEntropy += entropy(logQ.map { Foundation.exp($0) })
            report.baselineCrossEntropy += crossEntropy(p, logQ: logBaseline)
        }
        let count = Double(n)
        report.crossEntropy /= count
        report.targetEntropy /= count
        report.divergence /= count
        report.predictionEntropy /= count
        report.baselineCrossEntropy /= count
        return report
    }

    /// The share of each class among the labels.
    public static func frequencies(labels: Tensor, classes: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: classes)
        for label in labels.scalars { counts[Int(label)] += 1 }
        let n = Double(max(labels.count, 1))
        return counts.map { $0 / n }
    }

    /// The mean target distribution of a split: its class frequencies, smoothed as the targets
    /// are ((1 − ε)·frequency + ε/K). The constant predictor with the lowest mean cross-entropy.
    public static func meanTarget(labels: Tensor, classes: Int, smoothing: Double) -> [Double] {
        frequencies(labels: labels, classes: classes).map { (1 - smoothing) * $0 + smoothing / Double(classes) }
    }

    /// The entropy −Σ p·ln p of a distribution in nats, with 0·ln 0 = 0.
    public static func entropy(_ p: [Double]) -> Double {
        p.reduce(0) { $1 > 0 ? $0 - $1 * Foundation.log($1) : $0 }
    }

    /// The cross-entropy −Σ p·ln q of q relative to p, from ln q (terms with p = 0 count 0).
    public static func crossEntropy(_ p: [Double], logQ: [Double]) -> Double {
        zip(p, logQ).reduce(0) { $1.0 > 0 ? $0 - $1.0 * $1.1 : $0 }
    }

    /// The divergence KL(p‖q) = Σ p·ln(p/q) from ln q (terms with p = 0 count 0).
    public static func divergence(_ p: [Double], logQ: [Double]) -> Double {
        zip(p, logQ).reduce(0) { $1.0 > 0 ? $0 + $1.0 * (Foundation.log($1.0) - $1.1) : $0 }
    }

    /// ln q of one row's predicted distribution: log-softmax for `ce`, (ln(1 − σ), ln σ) for `bce`.
    static func logProbabilities(logits: Tensor, row r: Int, loss: Loss) -> [Double] {
        let c = logits.columns
        let z = Array(logits.scalars[(r * c)..<(r * c + c)])
        if loss == .bce {
            // ln σ(z) = −softplus(−z), ln(1 − σ(z)) = −softplus(z), computed without overflow.
            func softplus(_ x: Double) -> Double { max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x))) }
            return [-softplus(z[0]), -softplus(-z[0])]
        }
        let m = z.max() ?? 0
        let logSum = Foundation.log(z.reduce(0) { $0 + Foundation.exp($1 - m) }) + m
        return z.map { $0 - logSum }
    }

    private static func oneHot(_ k: Int, classes: Int) -> [Double] {
        var p = [Double](repeating: 0, count: classes)
        p[k] = 1
        return p
    }
}
