import Foundation
import NNKernels

/// An optimizer with its state: applies `OptimizerSettings`' update rule to a list of
/// parameter tensors, step after step.
public struct Optimizer: Sendable, Equatable {
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
        let pool = WorkerPool.shared
        let shareFrom = s.kind.dividesBySquareRoot ? Optimizer.sharedElements : Optimizer.sharedElements * 16
        for i in parameters.indices {
            let count = parameters[i].count
            parameters[i].scalars.withUnsafeMutableBufferPointer { w in
                gradients[i].scalars.withUnsafeBufferPointer { g in
                    firstMoments[i].scalars.withUnsafeMutableBufferPointer { m in
                        secondMoments[i].scalars.withUnsafeMutableBufferPointer { v in
                            let (w, g, m, v) = (w.baseAddress!, g.baseAddress!, m.baseAddress!, v.baseAddress!)
                            guard count >= shareFrom, pool.threads > 1 else {
                                return Optimizer.update(s, count: count, lr: lr, correction1: correction1, correction2: correction2,
                                                        w: w, g: g, m: m, v: v)
                            }
                            // Each element's update reads only its own numbers: any split gives the same bits.
                            let chunk = Optimizer.sharedElements / 4
                            pool.run(blocks: (count + chunk - 1) / chunk) { block in
                                let start = block * chunk
                                Optimizer.update(s, count: min(chunk, count - start), lr: lr, correction1: correction1,
                                                 correction2: correction2, w: w + start, g: g + start, m: m + start, v: v + start)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The fewest weights in one tensor whose update by a rule with a square root and a
    /// division per weight (Adam, RMSprop, Adagrad; about 1 ns a weight) is shared over the
    /// worker pool, in blocks of a quarter as many; the cheaper rules (SGD, momentum) share
    /// from 16 times as many. Measured with `nnlab-bench train`: sharing 4,096 weights (a
    /// 64×64 layer) cost (b) 4 %, while the 65,536 of (c)'s 256×256 layer gained about 7 %.
    static let sharedElements = 32768

    /// One rule over raw buffers (the loops are `OptimizerKernels`').
    private static func update(_ s: OptimizerSettings, count n: Int, lr: Double, correction1: Double, correction2: Double,
                               w: UnsafeMutablePointer<Double>, g: UnsafePointer<Double>,
                               m: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>) {
        switch s.kind {
        case .sgd:
            OptimizerKernels.sgd(count: n, lr: lr, w: w, g: g)
        case .momentum, .nesterov:
            OptimizerKernels.momentum(count: n, lr: lr, mu: s.momentum, nesterov: s.kind == .nesterov, w: w, g: g, m: m)
        case .rmsprop:
            OptimizerKernels.rmsprop(count: n, lr: lr, rho: s.rho, eps: s.epsilon, w: w, g: g, v: v)
        case .adagrad:
            OptimizerKernels.adagrad(count: n, lr: lr, eps: s.epsilon, w: w, g: g, v: v)
        case .adam, .adamw:
            OptimizerKernels.adam(count: n, lr: lr, beta1: s.beta1, beta2: s.beta2, eps: s.epsilon,
                                  decay: s.kind == .adamw ? s.decay : 0,
                                  correction1: correction1, correction2: correction2, w: w, g: g, m: m, v: v)
        }
    }
}
