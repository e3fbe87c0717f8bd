/// The shape of what flows between layers, per sample: a flat vector of N features, an image
/// C × H × W, or a sequence of T steps of N features.
public enum LayerShape: Equatable, Sendable, CustomStringConvertible {
    case flat(Int)
    case image(channels: Int, height: Int, width: Int)
    case sequence(steps: Int, features: Int)

    /// The largest extent of any one axis.
    public static let maximumExtent = 4096

    /// The number of numbers per sample.
    public var count: Int {
        switch self {
        case .flat(let n): return n
        case .image(let c, let h, let w): return c * h * w
        case .sequence(let t, let n): return t * n
        }
    }

    /// The axes after the batch axis, as a tensor shape.
    public var dimensions: [Int] {
        switch self {
        case .flat(let n): return [n]
        case .image(let c, let h, let w): return [c, h, w]
        case .sequence(let t, let n): return [t, n]
        }
    }

    /// Parses `N`, `CxHxW` or `TxN` (`×` works as well as `x`).
    public static func parse(_ text: String) throws(EngineError) -> LayerShape {
        let parts = text.lowercased().replacingOccurrences(of: "×", with: "x")
            .split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else {
            throw EngineError("'\(InputExcerpt.cut(text))' is not a shape: write N (features), CxHxW (an image, like 1x8x8) or TxN (a sequence, like 20x1)")
        }
        let sizes = parts.map { $0! }
        guard sizes.allSatisfy({ $0 >= 1 && $0 <= maximumExtent }) else {
            throw EngineError("every extent in the shape '\(InputExcerpt.cut(text))' must be 1 to \(maximumExtent)")
        }
        switch sizes.count {
        case 1: return .flat(sizes[0])
        case 2: return .sequence(steps: sizes[0], features: sizes[1])
        default: return .image(channels: sizes[0], height: sizes[1], width: sizes[2])
        }
    }

    /// `8`, `1×8×8` or `20×1`.
    public var description: String { dimensions.map(String.init).joined(separator: "×") }
}
