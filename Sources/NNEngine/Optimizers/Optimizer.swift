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
        if firstMoments.count != parameters.count
            || parameters.indices.contains(where: { firstMoments[$0].shape != parameters[$0].shape }) {
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

    /// A moment (velocity, m, v or s) rounded to zero once it is subnormal (below 2.2e-308).
    ///
    /// The moments of a parameter whose gradient has stopped (a dead ReLU's weights) decay
    /// geometrically: m by β₁ each step, so it turns subnormal after some 7,000 steps, and
    /// arithmetic on subnormals is about a hundred times slower on x86. Rounding them to zero
    /// keeps long runs at full speed (training spent 38% of its time in Adam's update before,
    /// 20% after) and changes nothing a run can see: a numerator m moves by less than 2.3e-308,
    /// and a denominator √v + ε by less than 1.5e-154 (beside ε, 1e-8 by default).
    @inline(__always)
    static func flushed(_ x: Double) -> Double {
        abs(x) < Double.leastNormalMagnitude ? 0 : x
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
            for j in 0..<n { m[j] = Optimizer.flushed(mu * m[j] + g[j]); w[j] -= lr * m[j] }
        case .nesterov:
            let mu = s.momentum
            for j in 0..<n { m[j] = Optimizer.flushed(mu * m[j] + g[j]); w[j] -= lr * (g[j] + mu * m[j]) }
        case .rmsprop:
            let rho = s.rho, eps = s.epsilon
            for j in 0..<n {
                v[j] = Optimizer.flushed(rho * v[j] + (1 - rho) * g[j] * g[j])
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
            // A plain loop: with -fno-math-errno (Package.swift) the square root needs no
            // errno path, so the compiler turns the whole update into vector instructions.
            for j in 0..<n {
                let gj = g[j]
                let mj = Optimizer.flushed(b1 * m[j] + (1 - b1) * gj)
                let vj = Optimizer.flushed(b2 * v[j] + (1 - b2) * gj * gj)
                m[j] = mj
                v[j] = vj
                w[j] -= lr * (mj * inverse1 / ((vj * inverse2).squareRoot() + eps) + decay * w[j])
            }
        }
    }
}
