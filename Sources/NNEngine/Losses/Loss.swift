import Foundation

/// A loss function: the mean over the samples of a batch, as the command language fixes it.
///
/// - `mse`: the mean of (ŷ − y)² over all elements.
/// - `bce`: binary cross-entropy; pairs with a sigmoid output and is computed from the logit z
///   as max(z, 0) − z·y + log(1 + e^−|z|), which never overflows.
/// - `ce`: cross-entropy with class-index targets; pairs with softmax and is computed through
///   log-softmax.
/// - `hinge`: max(0, 1 − y·s) with labels y = ±1 (class 1 → +1, class 0 → −1) and an
///   identity output s.
public enum Loss: String, CaseIterable, Sendable {
    case mse, bce, ce, hinge

    /// The names the command language accepts.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// The output activation this loss needs, if it needs a particular one.
    public var requiredOutput: Activation? {
        switch self {
        case .mse: return nil
        case .bce: return .sigmoid
        case .ce: return .softmax
        case .hinge: return .identity
        }
    }

    /// A sentence naming what is wrong with pairing this loss with an output layer, or nil.
    public func mismatch(output: Activation, width: Int, classes: Int?) -> String? {
        if let needed = requiredOutput, needed != output {
            return "loss \(rawValue) needs a \(needed.rawValue) output layer, but the net ends in \(output.rawValue); " +
                "rebuild it with `net ... out=\(needed.rawValue)`"
        }
        switch self {
        case .bce, .hinge:
            if width != 1 {
                return "loss \(rawValue) needs exactly one output unit, but the net has \(width); end the net spec in -1"
            }
            if let k = classes, k != 2 {
                return "loss \(rawValue) is for two classes, but the data has \(k); use `loss ce` with a softmax output of \(k)"
            }
        case .ce:
            if let k = classes, width != k {
                return "loss ce needs one output per class: the data has \(k) classes, the net \(width) outputs; end the net spec in -\(k)"
            }
            if classes == nil {
                return "loss ce needs class labels, but the data is a regression set; use `loss mse`"
            }
        case .mse:
            if let k = classes, width != 1 && width != k {
                return "loss mse on \(k) classes needs 1 output (the class index) or \(k) outputs (one-hot), but the net has \(width)"
            }
        }
        return nil
    }
}

extension Tape {
    /// The loss of a batch. `output` is the net's pre-activation zᴸ when the loss works from
    /// logits (`bce`, `ce`) and its activation aᴸ otherwise; `targets` holds class indices
    /// ([n]) for classification or values ([n, k]) for regression.
    public func loss(_ kind: Loss, output: Variable, targets: Tensor) -> Variable {
        switch kind {
        case .mse: return meanSquaredError(output, targets: targets)
        case .bce: return binaryCrossEntropyFromLogits(output, labels: targets)
        case .ce: return crossEntropyFromLogits(output, classes: targets)
        case .hinge: return hinge(output, labels: targets)
        }
    }

    /// The mean of (ŷ − y)² over all elements. Class-index targets are turned into one-hot
    /// rows when the prediction has more than one column.
    public func meanSquaredError(_ prediction: Variable, targets: Tensor) -> Variable {
        let p = value(prediction)
        let y = Tape.regressionTargets(targets, like: p)
        let n = Double(max(p.count, 1))
        let diff = p.zipMap(y, -)
        let value = diff.sumOfSquares / n
        return record(Tensor(value), inputs: [prediction]) { g in [diff.scaled(by: 2 * g.scalar / n)] }
    }

    /// Binary cross-entropy from logits, averaged over samples; labels are 0 or 1.
    public func binaryCrossEntropyFromLogits(_ logits: Variable, labels: Tensor) -> Variable {
        let z = value(logits)
        precondition(z.count == labels.count, "bce needs one logit per label")
        let n = Double(max(z.rows, 1))
        var total = 0.0
        var grad = [Double](repeating: 0, count: z.count)
        for i in 0..<z.count {
            let zi = z.scalars[i], yi = labels.scalars[i]
            total += max(zi, 0) - zi * yi + Foundation.log1p(Foundation.exp(-abs(zi)))
            grad[i] = (Activation.sigmoid(zi) - yi) / n
        }
        let gradient = Tensor(shape: z.shape, scalars: grad)
        return record(Tensor(total / n), inputs: [logits]) { g in [g.scalar == 1 ? gradient : gradient.scaled(by: g.scalar)] }
    }

    /// Cross-entropy of softmax(logits) against class indices, through log-softmax, averaged
    /// over samples.
    public func crossEntropyFromLogits(_ logits: Variable, classes: Tensor) -> Variable {
        let z = value(logits)
        let rows = z.rows, c = z.columns
        precondition(classes.count == rows, "ce needs one class index per row")
        let n = Double(max(rows, 1))
        // One pass per row: eⱼ = exp(zⱼ − max) gives both softmax (eⱼ/Σe) and the loss
        // log Σe − (z_k − max); the gradient is (softmax − one-hot)/n.
        var grad = [Double](repeating: 0, count: z.count)
        var total = 0.0
        z.scalars.withUnsafeBufferPointer { zp in
            grad.withUnsafeMutableBufferPointer { gp in
                for r in 0..<rows {
                    let row = zp.baseAddress! + r * c
                    let out = gp.baseAddress! + r * c
                    let (m, s) = Activation.shiftedExponentials(row, count: c, into: out)
                    let k = Int(classes.scalars[r])
                    total += Foundation.log(s) - (row[k] - m)
                    let scale = 1 / (s * n)
                    for j in 0..<c { out[j] *= scale }
                    out[k] -= 1 / n
                }
            }
        }
        let gradient = Tensor(shape: z.shape, scalars: grad)
        return record(Tensor(total / n), inputs: [logits]) { g in [g.scalar == 1 ? gradient : gradient.scaled(by: g.scalar)] }
    }

    /// The hinge loss max(0, 1 − y·s) averaged over samples; class 1 is y = +1, class 0 is
    /// y = −1 (labels already ±1 are taken as they are).
    public func hinge(_ scores: Variable, labels: Tensor) -> Variable {
        let s = value(scores)
        let n = Double(max(s.rows, 1))
        var total = 0.0
        var grad = [Double](repeating: 0, count: s.count)
        for i in 0..<s.count {
            let y = labels.scalars[i] > 0 ? 1.0 : -1.0
            let margin = 1 - y * s.scalars[i]
            if margin > 0 { total += margin; grad[i] = -y / n }
        }
        let gradient = Tensor(shape: s.shape, scalars: grad)
        return record(Tensor(total / n), inputs: [scores]) { g in [gradient.scaled(by: g.scalar)] }
    }

    /// Targets shaped like a prediction: one-hot rows for class indices when the prediction
    /// has several columns, else the targets as a column.
    static func regressionTargets(_ targets: Tensor, like p: Tensor) -> Tensor {
        if targets.count == p.count { return targets.reshaped(p.shape) }
        precondition(targets.count == p.rows, "targets do not fit the prediction's shape \(p.shape)")
        var oneHot = Tensor.zeros(p.shape)
        for r in 0..<p.rows { oneHot.scalars[r * p.columns + Int(targets.scalars[r])] = 1 }
        return oneHot
    }
}
