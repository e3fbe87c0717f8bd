import Foundation
import NNKernels

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

    /// What is wrong with pairing this loss with an output layer (and the data's classes), or nil.
    public func mismatch(output: Activation, width: Int, classes: Int?) -> LossMismatch? {
        if let needed = requiredOutput, needed != output {
            return .output(loss: self, needs: needed, has: output)
        }
        switch self {
        case .bce, .hinge:
            if width != 1 { return .oneOutput(loss: self, has: width) }
            if let k = classes, k != 2 { return .twoClasses(loss: self, classes: k) }
        case .ce:
            if let k = classes, width != k { return .outputPerClass(classes: k, outputs: width) }
            if classes == nil { return .needsClasses }
        case .mse:
            if let k = classes, width != 1 && width != k { return .oneHotWidth(classes: k, outputs: width) }
        }
        return nil
    }
}

/// Why a loss does not fit a network's output layer or the data.
public enum LossMismatch: Equatable, Sendable, CustomStringConvertible {
    /// The loss needs another output activation.
    case output(loss: Loss, needs: Activation, has: Activation)
    /// bce and hinge need exactly one output unit.
    case oneOutput(loss: Loss, has: Int)
    /// bce and hinge are for two classes.
    case twoClasses(loss: Loss, classes: Int)
    /// ce needs one output per class.
    case outputPerClass(classes: Int, outputs: Int)
    /// ce needs class labels, and the data is a regression set.
    case needsClasses
    /// mse on classes needs one output (the index) or one per class (one-hot).
    case oneHotWidth(classes: Int, outputs: Int)
    /// The loss's class weights or positive weight do not fit (see `LossWeights.problem`).
    case weights(String)

    /// The article for an activation's name: "an identity", "a softmax".
    public static func article(_ activation: Activation) -> String {
        "aeiou".contains(activation.rawValue.first!) ? "an" : "a"
    }

    public var description: String {
        switch self {
        case let .output(loss, needs, has):
            return "loss \(loss.rawValue) needs \(LossMismatch.article(needs)) \(needs.rawValue) output layer, but the net ends in \(has.rawValue)"
        case let .oneOutput(loss, has):
            return "loss \(loss.rawValue) needs exactly one output unit, but the net has \(has)"
        case let .twoClasses(loss, classes):
            return "loss \(loss.rawValue) is for two classes, but the data has \(classes)"
        case let .outputPerClass(classes, outputs):
            return "loss ce needs one output per class: the data has \(classes) classes, the net \(outputs) outputs"
        case .needsClasses:
            return "loss ce needs class labels, but the data is a regression set"
        case let .oneHotWidth(classes, outputs):
            return "loss mse on \(classes) classes needs 1 output (the class index) or \(classes) outputs (one-hot), but the net has \(outputs)"
        case let .weights(problem):
            return problem
        }
    }
}

extension Loss {
    /// The loss of a batch and its gradient with respect to the head, ∂L/∂head.
    ///
    /// `head` is the net's pre-activation zᴸ when the loss works from logits (`bce`, `ce`) and
    /// its activation aᴸ otherwise; `targets` holds class indices ([n]) for classification or
    /// values ([n, k]) for regression. The tape's loss operations and the tape-free training
    /// pass (`DenseTrainingPass`) both compute losses here.
    ///
    /// The targets are checked first (`validate`): a class index out of range, a label that is
    /// not 0/1, or a value that is not finite throws `TargetError` before any buffer is read.
    /// `weights` are the class weights of `ce` and the positive weight of `bce` (`LossWeights`);
    /// other losses ignore them.
    public func evaluate(head: Tensor, targets: Tensor, weights: LossWeights = .none) throws(TargetError) -> (value: Double, gradient: Tensor) {
        try validate(targets, rows: head.rows, outputs: head.columns)
        switch self {
        case .mse: return Loss.meanSquaredError(head, targets: targets)
        case .bce:
            if let p = weights.positive { return Loss.binaryCrossEntropy(logits: head, labels: targets, positiveWeight: p) }
            return Loss.binaryCrossEntropy(logits: head, labels: targets)
        case .ce:
            if let w = weights.classes { return Loss.crossEntropy(logits: head, classes: targets, weights: w) }
            return Loss.crossEntropy(logits: head, classes: targets)
        case .hinge: return Loss.hinge(scores: head, labels: targets)
        }
    }

    /// Binary cross-entropy from logits with the positive term weighted by `p` (PyTorch's
    /// `pos_weight`), averaged over samples: ℓ = p·y·softplus(−z) + (1 − y)·softplus(z), so
    /// ∂ℓ/∂z = p·y·(σ(z) − 1) + (1 − y)·σ(z).
    static func binaryCrossEntropy(logits z: Tensor, labels: Tensor, positiveWeight p: Double) -> (value: Double, gradient: Tensor) {
        precondition(z.count == labels.count, "bce needs one logit per label")
        let n = Double(max(z.rows, 1))
        var total = 0.0
        var grad = [Double](repeating: 0, count: z.count)
        for i in 0..<z.count {
            let zi = z.scalars[i], yi = labels.scalars[i]
            let tail = Foundation.log1p(Foundation.exp(-abs(zi)))
            let softplusZ = max(zi, 0) + tail, softplusMinusZ = max(-zi, 0) + tail
            total += p * yi * softplusMinusZ + (1 - yi) * softplusZ
            let s = Activation.sigmoid(zi)
            grad[i] = (p * yi * (s - 1) + (1 - yi) * s) / n
        }
        return (total / n, Tensor(shape: z.shape, scalars: grad))
    }

    /// Cross-entropy with class weights (PyTorch's `weight` with `reduction='mean'`):
    /// Σᵢ w[yᵢ]·(−ln softmax(zᵢ)[yᵢ]) / Σᵢ w[yᵢ]; the gradient of row i is
    /// w[yᵢ]·(softmax(zᵢ) − one-hot(yᵢ)) / Σᵢ w[yᵢ]. A batch of total weight 0 gives 0.
    static func crossEntropy(logits z: Tensor, classes: Tensor, weights w: [Double]) -> (value: Double, gradient: Tensor) {
        let rows = z.rows, c = z.columns
        precondition(classes.count == rows, "ce needs one class index per row")
        func weight(_ k: Int) -> Double { k < w.count ? w[k] : 1 }
        var sum = 0.0
        for r in 0..<rows { sum += weight(Int(classes.scalars[r])) }
        var total = 0.0
        guard sum > 0 else { return (0, Tensor.zeros(z.shape)) }
        var (terms, softmax) = SoftmaxRows.of(z)
        z.scalars.withUnsafeBufferPointer { zp in
            terms.withUnsafeMutableBufferPointer { gp in
                for r in 0..<rows {
                    let row = zp.baseAddress! + r * c
                    let out = gp.baseAddress! + r * c
                    let k = Int(classes.scalars[r])
                    let wk = weight(k)
                    total += wk * (softmax.logSum(r) - (row[k] - softmax.maximum(r)))
                    let scale = wk / (softmax.sum(r) * sum)
                    for j in 0..<c { out[j] *= scale }
                    out[k] -= wk / sum
                }
            }
        }
        return (total / sum, Tensor(shape: z.shape, scalars: terms))
    }

    /// The mean of (ŷ − y)² over all elements. Class-index targets are turned into one-hot
    /// rows when the prediction has more than one column.
    static func meanSquaredError(_ p: Tensor, targets: Tensor) -> (value: Double, gradient: Tensor) {
        let y = Loss.regressionTargets(targets, like: p)
        let n = Double(max(p.count, 1))
        let diff = p.zipMap(y, -)
        return (diff.sumOfSquares / n, diff.scaled(by: 2 / n))
    }

    /// Binary cross-entropy from logits, averaged over samples; labels are 0 or 1.
    static func binaryCrossEntropy(logits z: Tensor, labels: Tensor) -> (value: Double, gradient: Tensor) {
        precondition(z.count == labels.count, "bce needs one logit per label")
        let n = Double(max(z.rows, 1))
        var total = 0.0
        var grad = [Double](repeating: 0, count: z.count)
        for i in 0..<z.count {
            let zi = z.scalars[i], yi = labels.scalars[i]
            total += max(zi, 0) - zi * yi + Foundation.log1p(Foundation.exp(-abs(zi)))
            grad[i] = (Activation.sigmoid(zi) - yi) / n
        }
        return (total / n, Tensor(shape: z.shape, scalars: grad))
    }

    /// Cross-entropy of softmax(logits) against class indices, through log-softmax, averaged
    /// over samples.
    static func crossEntropy(logits z: Tensor, classes: Tensor) -> (value: Double, gradient: Tensor) {
        let rows = z.rows, c = z.columns
        precondition(classes.count == rows, "ce needs one class index per row")
        let n = Double(max(rows, 1))
        // One pass per row: eⱼ = exp(zⱼ − max) gives both softmax (eⱼ/Σe) and the loss
        // log Σe − (z_k − max); the gradient is (softmax − one-hot)/n.
        var total = 0.0
        var (terms, softmax) = SoftmaxRows.of(z)
        z.scalars.withUnsafeBufferPointer { zp in
            terms.withUnsafeMutableBufferPointer { gp in
                for r in 0..<rows {
                    let row = zp.baseAddress! + r * c
                    let out = gp.baseAddress! + r * c
                    let k = Int(classes.scalars[r])
                    total += softmax.logSum(r) - (row[k] - softmax.maximum(r))
                    let scale = 1 / (softmax.sum(r) * n)
                    for j in 0..<c { out[j] *= scale }
                    out[k] -= 1 / n
                }
            }
        }
        return (total / n, Tensor(shape: z.shape, scalars: terms))
    }

    /// The hinge loss max(0, 1 − y·s) averaged over samples; class 1 is y = +1, class 0 is
    /// y = −1 (labels already ±1 are taken as they are).
    static func hinge(scores s: Tensor, labels: Tensor) -> (value: Double, gradient: Tensor) {
        let n = Double(max(s.rows, 1))
        var total = 0.0
        var grad = [Double](repeating: 0, count: s.count)
        for i in 0..<s.count {
            let y = labels.scalars[i] > 0 ? 1.0 : -1.0
            let margin = 1 - y * s.scalars[i]
            if margin > 0 { total += margin; grad[i] = -y / n }
        }
        return (total / n, Tensor(shape: s.shape, scalars: grad))
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

extension Tape {
    /// The loss of a batch (see `Loss.evaluate`), recorded with its gradient rule; `smoothing`
    /// is `ce`'s label smoothing ε and `weights` the class or positive weights — at most one
    /// of the two is in use (see `Objective`).
    public func loss(_ kind: Loss, output: Variable, targets: Tensor, smoothing: Double = 0,
                     weights: LossWeights = .none) throws(TargetError) -> Variable {
        let (loss, gradient) = smoothing != 0
            ? try kind.evaluate(head: value(output), targets: targets, smoothing: smoothing)
            : try kind.evaluate(head: value(output), targets: targets, weights: weights)
        return record(Tensor(loss), inputs: [output]) { g in
            [g.scalar == 1 ? gradient : gradient.scaled(by: g.scalar)]
        }
    }

    /// The mean squared error of a prediction (see `Loss.mse`).
    public func meanSquaredError(_ prediction: Variable, targets: Tensor) throws(TargetError) -> Variable {
        try loss(.mse, output: prediction, targets: targets)
    }

    /// Binary cross-entropy from logits (see `Loss.bce`).
    public func binaryCrossEntropyFromLogits(_ logits: Variable, labels: Tensor) throws(TargetError) -> Variable {
        try loss(.bce, output: logits, targets: labels)
    }

    /// Cross-entropy of softmax(logits) against class indices (see `Loss.ce`).
    public func crossEntropyFromLogits(_ logits: Variable, classes: Tensor) throws(TargetError) -> Variable {
        try loss(.ce, output: logits, targets: classes)
    }

    /// The hinge loss of scores against 0/1 or ±1 labels (see `Loss.hinge`).
    public func hinge(_ scores: Variable, labels: Tensor) throws(TargetError) -> Variable {
        try loss(.hinge, output: scores, targets: labels)
    }
}
