/// Limits gradients before the update: by their global norm across all parameters, or each
/// element to a range.
public enum GradientClipping: Equatable, Sendable, CustomStringConvertible {
    case off
    /// Rescales all gradients together when their global L2 norm exceeds the limit.
    case norm(Double)
    /// Clamps every element to [−limit, limit].
    case value(Double)

    /// The global L2 norm of a list of gradients.
    public static func globalNorm(_ gradients: [Tensor]) -> Double {
        gradients.reduce(0.0) { $0 + $1.sumOfSquares }.squareRoot()
    }

    /// Applies the clipping in place.
    public func apply(to gradients: inout [Tensor]) {
        switch self {
        case .off:
            break
        case .norm(let limit):
            let total = GradientClipping.globalNorm(gradients)
            if total > limit, total > 0 {
                let factor = limit / total
                for i in gradients.indices { gradients[i] = gradients[i].scaled(by: factor) }
            }
        case .value(let limit):
            for i in gradients.indices { gradients[i] = gradients[i].map { min(max($0, -limit), limit) } }
        }
    }

    public var description: String {
        switch self {
        case .off: return "off"
        case .norm(let x): return "norm=\(x)"
        case .value(let x): return "value=\(x)"
        }
    }
}
