/// Dropout of hidden units: each unit is zeroed with probability p while training.
///
/// `inverted` (the default, and what frameworks do) scales the kept units by 1/(1−p) while
/// training and leaves inference alone, so the expected activation is the same in both.
/// `classic` (the original paper's form) keeps units unscaled while training and multiplies
/// every activation by (1−p) at inference instead. Both give the same expected values; the
/// lesson on regularization compares them.
public struct Dropout: Equatable, Sendable {
    /// How dropout keeps the expected activation unchanged.
    public enum Scaling: String, Sendable, CaseIterable { case inverted, classic }

    /// The probability of dropping a unit, in [0, 1).
    public var probability: Double
    /// Where the 1/(1−p) correction is applied.
    public var scaling: Scaling

    /// Makes dropout with drop probability `probability`.
    public init(probability: Double, scaling: Scaling = .inverted) {
        precondition(probability >= 0 && probability < 1, "dropout p must be in [0, 1)")
        self.probability = probability
        self.scaling = scaling
    }

    /// Draws a training mask of the given shape: 0 for dropped units, the kept units' scale otherwise.
    public func trainingMask(shape: [Int], generator: inout SeededGenerator) -> Tensor {
        let keep = scaling == .inverted ? 1 / (1 - probability) : 1
        var mask = Tensor.zeros(shape)
        for i in 0..<mask.count where generator.nextUnit() >= probability { mask.scalars[i] = keep }
        return mask
    }

    /// The factor applied to every activation at inference.
    public var inferenceScale: Double { scaling == .inverted ? 1 : 1 - probability }
}
