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
            let count = parameters[i].count
            parameters[i].scalars.withUnsafeMutableBufferPointer { w in
                gradients[i].scalars.withUnsafeBufferPointer { g in
                    firstMoments[i].scalars.withUnsafeMutableBufferPointer { m in
                        secondMoments[i].scalars.withUnsafeMutableBufferPointer { v in
                            Optimizer.update(s, count: count, lr: lr, correction1: correction1, correction2: correction2,
                                             w: w.baseAddress!, g: g.baseAddress!, m: m.baseAddress!, v: v.baseAddress!)
                        }
                    }
                }
            }
        }
    }

    /// One rule over raw buffers: plain loops the compiler turns into vector instructions.
    private static func update(_ s: OptimizerSettings, count n: Int, lr: Double, correction1: Double, correction2: Double,
                               w: UnsafeMutablePointer<Double>, g: UnsafePointer<Double>,
                               m: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>) {
        switch s.kind {
        case .sgd:
            for j in 0..<n { w[j] -= lr * g[j] }
        case .momentum:
            let mu = s.momentum
            for j in 0..<n { m[j] = mu * m[j] + g[j]; w[j] -= lr * m[j] }
        case .nesterov:
            let mu = s.momentum
            for j in 0..<n { m[j] = mu * m[j] + g[j]; w[j] -= lr * (g[j] + mu * m[j]) }
        case .rmsprop:
            let rho = s.rho, eps = s.epsilon
            for j in 0..<n {
                v[j] = rho * v[j] + (1 - rho) * g[j] * g[j]
                w[j] -= lr * g[j] / (v[j].squareRoot() + eps)
            }
        case .adagrad:
            let eps = s.epsilon
            for j in 0..<n {
                v[j] += g[j] * g[j]
                w[j] -= lr * g[j] / (v[j].squareRoot() + eps)
            }
        case .adam, .adamw:
            let b1 = s.beta1, b2 = s.beta2, eps = s.epsilon
            let decay = s.kind == .adamw ? s.decay : 0
            let inverse1 = 1 / correction1, inverse2 = 1 / correction2
            // Eight lanes at a time: the compiler does not vectorize the square root of a
            // plain loop (it must keep errno for negative inputs), so the lanes are explicit.
            typealias V = SIMD8<Double>
            var j = 0
            while j + 8 <= n {
                let gj = UnsafeRawPointer(g + j).loadUnaligned(as: V.self)
                let mj = b1 * UnsafeRawPointer(m + j).loadUnaligned(as: V.self) + (1 - b1) * gj
                let vj = b2 * UnsafeRawPointer(v + j).loadUnaligned(as: V.self) + (1 - b2) * gj * gj
                let wj = UnsafeRawPointer(w + j).loadUnaligned(as: V.self)
                let step = lr * (mj * inverse1 / ((vj * inverse2).squareRoot() + eps) + decay * wj)
                UnsafeMutableRawPointer(m + j).storeBytes(of: mj, as: V.self)
                UnsafeMutableRawPointer(v + j).storeBytes(of: vj, as: V.self)
                UnsafeMutableRawPointer(w + j).storeBytes(of: wj - step, as: V.self)
                j += 8
            }
            while j < n {
                let gj = g[j]
                let mj = b1 * m[j] + (1 - b1) * gj
                let vj = b2 * v[j] + (1 - b2) * gj * gj
                m[j] = mj
                v[j] = vj
                w[j] -= lr * (mj * inverse1 / ((vj * inverse2).squareRoot() + eps) + decay * w[j])
                j += 1
            }
        }
    }
}
