import Foundation

/// Per-class weights of a cross-entropy loss, with PyTorch's semantics.
///
/// - `classes` (for `ce`): sample i counts w[yᵢ] times, and the mean divides by the batch's
///   weight sum Σᵢ w[yᵢ] rather than by n — `CrossEntropyLoss(weight=w)` with
///   `reduction='mean'`. A batch whose targets all weigh 0 has loss 0 and gradient 0 (PyTorch
///   gives NaN).
/// - `positive` (for `bce`): the positive term is multiplied by p,
///   ℓ = −[p·y·ln σ(z) + (1 − y)·ln(1 − σ(z))], still averaged over n —
///   `BCEWithLogitsLoss(pos_weight=p)`.
///
/// Weights belong to the objective, not to the model: model files do not store them.
public struct LossWeights: Equatable, Sendable {
    /// One weight per class for `ce`, or nil.
    public var classes: [Double]?
    /// The weight of the positive term for `bce`, or nil.
    public var positive: Double?

    /// Makes weights.
    public init(classes: [Double]? = nil, positive: Double? = nil) {
        self.classes = classes
        self.positive = positive
    }

    /// No weights: every sample counts once.
    public static let none = LossWeights()

    /// Whether any weight is set.
    public var isActive: Bool { classes != nil || positive != nil }

    /// The weights a loss reads: class weights only for `ce`, the positive weight only for `bce`.
    public func applying(to loss: Loss) -> LossWeights {
        switch loss {
        case .ce: return LossWeights(classes: classes)
        case .bce: return LossWeights(positive: positive)
        default: return .none
        }
    }

    /// Why these weights cannot be used with a loss on `classes` classes, or nil.
    ///
    /// Checks what PyTorch checks and a little more: one class weight per class, no negative
    /// or non-finite weight, at least one positive class weight.
    public func problem(loss: Loss, classes count: Int?) -> String? {
        if let w = classes {
            if loss != .ce { return "class weights are for loss ce" }
            if let k = count, w.count != k {
                return "weights= has \(w.count) value\(w.count == 1 ? "" : "s") but the data has \(k) classes; give one weight per class"
            }
            if let bad = w.first(where: { !$0.isFinite || $0 < 0 }) {
                return "class weights must be zero or positive numbers (got \(TargetError.format(bad)))"
            }
            if !w.contains(where: { $0 > 0 }) { return "at least one class weight must be positive" }
        }
        if let p = positive {
            if loss != .bce { return "pos_weight is for loss bce" }
            if !p.isFinite || p < 0 { return "pos_weight must be zero or a positive number (got \(TargetError.format(p)))" }
        }
        return nil
    }
}
