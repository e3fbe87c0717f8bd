import Foundation

/// How the learning rate changes with the epoch (counted from 0), as a factor of the
/// optimizer's base rate lr₀.
///
/// - `constant`: lr₀
/// - `step(every: k, gamma: γ)`: lr₀·γ^⌊e/k⌋
/// - `exponential(gamma: γ)`: lr₀·γ^e
/// - `cosine(period: T, minimum: m)`: m + (lr₀ − m)·(1 + cos(π·min(e, T)/T))/2
/// - `warmup(epochs: w)`: lr₀·min(1, (e + 1)/w), a linear ramp then constant
public enum LearningRateSchedule: Equatable, Sendable, CustomStringConvertible {
    case constant
    case step(every: Int, gamma: Double)
    case exponential(gamma: Double)
    case cosine(period: Int, minimum: Double)
    case warmup(epochs: Int)

    /// The names the command language accepts.
    public static let names = ["none", "step", "exp", "cosine", "warmup"]

    /// The learning rate at an epoch.
    public func learningRate(base: Double, epoch: Int) -> Double {
        let e = Double(max(epoch, 0))
        switch self {
        case .constant:
            return base
        case .step(let every, let gamma):
            return base * Foundation.pow(gamma, Double(epoch / max(every, 1)))
        case .exponential(let gamma):
            return base * Foundation.pow(gamma, e)
        case .cosine(let period, let minimum):
            let t = min(e, Double(max(period, 1))) / Double(max(period, 1))
            return minimum + (base - minimum) * (1 + Foundation.cos(Double.pi * t)) / 2
        case .warmup(let epochs):
            return base * min(1, (e + 1) / Double(max(epochs, 1)))
        }
    }

    public var description: String {
        switch self {
        case .constant: return "none"
        case .step(let every, let gamma): return "step every=\(every) gamma=\(gamma)"
        case .exponential(let gamma): return "exp gamma=\(gamma)"
        case .cosine(let period, let minimum): return "cosine period=\(period) min=\(minimum)"
        case .warmup(let epochs): return "warmup epochs=\(epochs)"
        }
    }
}
