import Foundation
import NNKernels

/// Label smoothing for `ce`, as PyTorch's `CrossEntropyLoss(label_smoothing=ε)`: the target of
/// a sample of class k over K classes is the distribution t = (1 − ε)·onehot(k) + ε/K, and the
/// loss is the cross-entropy −Σⱼ tⱼ·log qⱼ of softmax(z) = q against it, averaged over samples.
///
/// Written out, a sample's loss is (1 − ε)·(−log q_k) + (ε/K)·Σⱼ(−log qⱼ), and its gradient
/// with respect to the logits is (q − t)/n. With ε = 0 it is plain `ce`.
extension Loss {
    /// Whether ε is a smoothing strength `ce` accepts: 0 ≤ ε < 1.
    public static func isValidSmoothing(_ epsilon: Double) -> Bool { epsilon.isFinite && epsilon >= 0 && epsilon < 1 }

    /// The smoothed target distribution of one sample of class `label` over `classes` classes.
    public static func smoothedTarget(label: Int, classes: Int, smoothing epsilon: Double) -> [Double] {
        var t = [Double](repeating: epsilon / Double(classes), count: classes)
        t[label] += 1 - epsilon
        return t
    }

    /// The loss of a batch and its gradient with label smoothing ε (see `evaluate(head:targets:)`).
    ///
    /// ε = 0 is the plain loss, computed by the same code; any other ε is for `ce` only.
    public func evaluate(head: Tensor, targets: Tensor, smoothing epsilon: Double) throws(TargetError) -> (value: Double, gradient: Tensor) {
        guard epsilon != 0 else { return try evaluate(head: head, targets: targets) }
        precondition(self == .ce, "label smoothing is defined for ce only")
        precondition(Loss.isValidSmoothing(epsilon), "label smoothing must be in [0, 1)")
        try validate(targets, rows: head.rows, outputs: head.columns)
        return Loss.smoothedCrossEntropy(logits: head, classes: targets, smoothing: epsilon)
    }

    /// Cross-entropy of softmax(logits) against smoothed class targets, averaged over samples.
    static func smoothedCrossEntropy(logits z: Tensor, classes: Tensor, smoothing epsilon: Double) -> (value: Double, gradient: Tensor) {
        let rows = z.rows, c = z.columns
        precondition(classes.count == rows, "ce needs one class index per row")
        let n = Double(max(rows, 1))
        let spread = epsilon / Double(c), keep = 1 - epsilon
        // Per row, with m = max z and s = Σ e^(zⱼ − m): −log qⱼ = log s − (zⱼ − m), so the
        // loss is log s − Σⱼ tⱼ·(zⱼ − m) (Σ t = 1), and the gradient (softmax − t)/n.
        var total = 0.0
        var (terms, softmax) = SoftmaxRows.of(z)
        z.scalars.withUnsafeBufferPointer { zp in
            terms.withUnsafeMutableBufferPointer { gp in
                for r in 0..<rows {
                    let row = zp.baseAddress! + r * c
                    let out = gp.baseAddress! + r * c
                    let m = softmax.maximum(r)
                    let k = Int(classes.scalars[r])
                    var shiftedSum = 0.0
                    for j in 0..<c { shiftedSum += row[j] - m }
                    total += softmax.logSum(r) - keep * (row[k] - m) - spread * shiftedSum
                    let scale = 1 / (softmax.sum(r) * n)
                    for j in 0..<c { out[j] = out[j] * scale - spread / n }
                    out[k] -= keep / n
                }
            }
        }
        return (total / n, Tensor(shape: z.shape, scalars: terms))
    }
}
