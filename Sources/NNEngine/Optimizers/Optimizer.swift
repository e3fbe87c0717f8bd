import Foundation

/// An optimizer with its state: applies `OptimizerSettings`' update rule to a list of
/// parameter tensors, step after step.
public struct Optimizer: Sendable {
    /// The rule and its hyper-parameters; changing the learning rate keeps the state.
    public var settings: OptimizerSettings
    /// The number of steps taken (t in Adam's bias correction).
    public private(set) var stepCount = 0
    /// First-moment state per parameter: velocity (momentum, nesterov) or m (adam, adamw).
    public private(set) var firstMoments: [Tensor] = []
    /// Second-moment state per parameter: s (rmsprop), G (adagrad) or v (adam, adamw).
    public private(set) var secondMoments: [Tensor] = []

    /// Makes an optimizer with empty state.
    public init(settings: OptimizerSettings) { self.settings = settings }

    /// Forgets all state (after the network is rebuilt or reset).
    public mutating func resetState() {
        stepCount = 0
        firstMoments = []
        secondMoments = []
    }

    /// Applies one update to every parameter with its gradient, at the given learning rate
    /// (the schedule's current value; the settings' rate when nil).
    public mutating func step(_ parameters: inout [Tensor], gradients: [Tensor], learningRate: Double? = nil) {
        precondition(parameters.count == gradients.count)
        if firstMoments.count != parameters.count || zip(firstMoments, parameters).contains(where: { $0.shape != $1.shape }) {
            firstMoments = parameters.map { Tensor.zeros($0.shape) }
            secondMoments = parameters.map { Tensor.zeros($0.shape) }
            stepCount = 0
        }
        stepCount += 1
        let s = settings
        let lr = learningRate ?? s.learningRate
        let t = Double(stepCount)
        let correction1 = 1 - Foundation.pow(s.beta1, t)
        let correction2 = 1 - Foundation.pow(s.beta2, t)
        for i in parameters.indices {
            parameters[i].scalars.withUnsafeMutableBufferPointer { w in
                gradients[i].scalars.withUnsafeBufferPointer { g in
                    firstMoments[i].scalars.withUnsafeMutableBufferPointer { m in
                        secondMoments[i].scalars.withUnsafeMutableBufferPointer { v in
                            switch s.kind {
                            case .sgd:
                                for j in 0..<w.count { w[j] -= lr * g[j] }
                            case .momentum:
                                for j in 0..<w.count { m[j] = s.momentum * m[j] + g[j]; w[j] -= lr * m[j] }
                            case .nesterov:
                                for j in 0..<w.count {
                                    m[j] = s.momentum * m[j] + g[j]
                                    w[j] -= lr * (g[j] + s.momentum * m[j])
                                }
                            case .rmsprop:
                                for j in 0..<w.count {
                                    v[j] = s.rho * v[j] + (1 - s.rho) * g[j] * g[j]
                                    w[j] -= lr * g[j] / (v[j].squareRoot() + s.epsilon)
                                }
                            case .adagrad:
                                for j in 0..<w.count {
                                    v[j] += g[j] * g[j]
                                    w[j] -= lr * g[j] / (v[j].squareRoot() + s.epsilon)
                                }
                            case .adam, .adamw:
                                let decay = s.kind == .adamw ? s.decay : 0
                                for j in 0..<w.count {
                                    m[j] = s.beta1 * m[j] + (1 - s.beta1) * g[j]
                                    v[j] = s.beta2 * v[j] + (1 - s.beta2) * g[j] * g[j]
                                    let mHat = m[j] / correction1, vHat = v[j] / correction2
                                    w[j] -= lr * (mHat / (vHat.squareRoot() + s.epsilon) + decay * w[j])
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
