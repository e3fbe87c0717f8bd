/// L1 and L2 penalties on weight matrices (never on biases or batch-norm parameters):
/// the loss gains λ₂·ΣW² + λ₁·Σ|W|.
public struct Regularization: Equatable, Sendable {
    /// λ₁, the L1 strength.
    public var l1: Double
    /// λ₂, the L2 strength.
    public var l2: Double

    /// Makes penalties with the given strengths (0 switches one off).
    public init(l1: Double = 0, l2: Double = 0) {
        self.l1 = l1
        self.l2 = l2
    }

    /// No penalty.
    public static let none = Regularization()

    /// Whether any penalty is on.
    public var isActive: Bool { l1 != 0 || l2 != 0 }

    /// The penalty's value for a network's weights.
    public func penalty(_ network: Network) -> Double {
        var total = 0.0
        if network.stack != nil {
            for (w, isWeight) in zip(network.parameters, network.parameterIsWeight) where isWeight {
                for x in w.scalars { total += l2 * x * x + l1 * abs(x) }
            }
            return total
        }
        for layer in network.layers {
            for w in layer.weights.scalars { total += l2 * w * w + l1 * abs(w) }
        }
        return total
    }
}
