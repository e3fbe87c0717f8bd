import Foundation
import NNEngine

/// One training step of a network on one sample, as a list of values to walk through: the
/// forward pass neuron by neuron (each weighted sum term by term, then its activation), the
/// loss, the backward pass (each δ, each ∂L/∂w and ∂L/∂b) and the optimizer's update.
///
/// Every number comes from the engine: one recorded forward and backward pass on a tape (in
/// training mode, so dropout masks are drawn and shown) and one step of the engine's
/// `Optimizer` (or the `Trainer`'s perceptron rule). The walk only arranges and explains them.
/// When the network batch-normalizes, one sample has no spread, so the pass runs on a small
/// batch whose first row is the sample; the values shown are that row's.
public struct PassWalk {
    /// A value a learner may edit or gradient-check. Layers count from 0, as do units.
    public enum Target: Sendable, Equatable {
        /// An input feature of the sample.
        case input(Int)
        /// The sample's target (a class index, a label or a regression value).
        case target
        /// W[row][column] of a dense layer.
        case weight(layer: Int, row: Int, column: Int)
        /// b[unit] of a dense layer.
        case bias(layer: Int, unit: Int)

        /// The name the `set` command uses: `w1[0,1]`, `b2[0]`, `x`, `y`.
        public var settingName: String {
            switch self {
            case .input: return "x"
            case .target: return "y"
            case let .weight(l, r, c): return "w\(l + 1)[\(r),\(c)]"
            case let .bias(l, u): return "b\(l + 1)[\(u)]"
            }
        }

        /// The name in the walk's notation: x₁, y, w¹₁₂, b²₁.
        public var symbol: String {
            switch self {
            case .input(let i): return "x" + TraceNotation.subscripted(i + 1)
            case .target: return "y"
            case let .weight(l, r, c): return TraceNotation.weight(layer: l, row: r, column: c)
            case let .bias(l, u): return TraceNotation.unit("b", layer: l, unit: u)
            }
        }
    }

    /// The values of one dense layer for the walked sample (the batch's first row).
    public struct LayerValues: Sendable {
        /// W before the update (outputs × inputs) and b.
        public var weights: [[Double]]
        public var bias: [Double]
        /// The layer's input a (x for the first layer).
        public var input: [Double]
        /// z = W·a + b.
        public var z: [Double]
        /// Batch normalization, when the layer normalizes: μ, σ², x̂ over the batch and
        /// ẑ = γ·x̂ + β; γ and β.
        public var mean: [Double]?
        public var variance: [Double]?
        public var normalizedInput: [Double]?
        public var normalized: [Double]?
        public var gamma: [Double]?
        public var beta: [Double]?
        /// a = act(z) (or of ẑ).
        public var activation: [Double]
        /// The dropout mask on a, when dropout ran.
        public var mask: [Double]?
        /// What the next layer receives (a, times the mask when there is one).
        public var output: [Double]
        /// ∂L/∂(output): the gradient arriving from the layer above (or from the loss).
        public var outputGradient: [Double]
        /// ∂L/∂a.
        public var activationGradient: [Double]
        /// ∂L/∂ẑ, when the layer normalizes.
        public var normalizedGradient: [Double]?
        /// δ = ∂L/∂z.
        public var delta: [Double]
        /// ∂L/∂W (penalties included) and ∂L/∂b, over the whole batch.
        public var weightGradient: [[Double]]
        public var biasGradient: [Double]
        /// ∂L/∂γ and ∂L/∂β, when the layer normalizes.
        public var gammaGradient: [Double]?
        public var betaGradient: [Double]?
    }

    /// One parameter tensor's update: before, the gradient the optimizer used, the state, after.
    public struct ParameterUpdate: Sendable {
        /// The tensor's name (w1, b1, gamma1 …) and whether it is a weight matrix.
        public var name: String
        public var shape: [Int]
        /// The values before the step.
        public var before: [Double]
        /// The gradient the optimizer used (after clipping).
        public var gradient: [Double]
        /// First-moment state (velocity, or Adam's m) before and after the step.
        public var firstMomentBefore: [Double]
        public var firstMomentAfter: [Double]
        /// Second-moment state (rmsprop's s, adagrad's G, Adam's v) before and after.
        public var secondMomentBefore: [Double]
        public var secondMomentAfter: [Double]
        /// The values after the step.
        public var after: [Double]
    }

    /// The network walked (before the update).
    public let network: Network
    /// The loss and penalties.
    public let objective: Objective
    /// What the walked sample is, e.g. "sample 0" or "x set by hand".
    public let label: String
    /// The sample's input row.
    public let inputs: [Double]
    /// The sample's target row: one class index or label, or the regression values.
    public let target: [Double]
    /// Whether the target is a class index (ce, or mse on one-hot rows).
    public let targetIsClassIndex: Bool
    /// The number of rows in the pass (1, or a small batch when batch norm needs one).
    public let batchRows: Int
    /// The objective's value on the pass (data loss plus penalties), and the data loss alone.
    public let loss: Double
    public let dataLoss: Double
    /// The values of every dense layer (none for a net built layer by layer: its steps carry
    /// their values and grids).
    public let layers: [LayerValues]
    /// The output row of a net built layer by layer; nil for a dense net.
    public let stackOutput: [Double]?
    /// The optimizer's settings, learning rate and the step number t of the update shown.
    public let optimizerSettings: OptimizerSettings
    public let learningRate: Double
    public let stepNumber: Int
    /// Whether the update is the perceptron rule (a single step layer) rather than a gradient step.
    public let usesPerceptronRule: Bool
    /// Whether gradients are clipped before the update, and how.
    public let clipping: GradientClipping
    /// One entry per tensor of `Network.parameters`.
    public let updates: [ParameterUpdate]
    /// The steps, in walking order.
    public private(set) var steps: [PassStep] = []

    let batchInputs: Tensor
    let batchTargets: Tensor
    let seed: Int
    let classNames: [String]
    private var revealedAt: [PassStep.Reveal: Int] = [:]

    /// Records one training pass of `trainer`'s network on a batch whose first row is the
    /// walked sample, and one update, and lays them out as steps.
    ///
    /// `seed` seeds the dropout masks (the same masks the gradient check sees). Throws, before
    /// anything is recorded, when the loss cannot read a target.
    public init(trainer: Trainer, inputs: Tensor, targets: Tensor, seed: Int, label: String, classNames: [String] = []) throws(TargetError) {
        let network = trainer.network
        self.network = network
        self.objective = trainer.objective
        self.label = label
        self.batchInputs = inputs
        self.batchTargets = targets
        self.seed = seed
        self.classNames = classNames
        self.batchRows = inputs.rows
        self.inputs = Array(inputs.scalars[0..<inputs.columns])
        let targetWidth = targets.rank == 2 ? targets.columns : 1
        self.target = Array(targets.scalars[0..<targetWidth])
        self.targetIsClassIndex = targets.rank == 1 && (trainer.objective.loss == .ce || network.outputs > 1)
        self.optimizerSettings = trainer.optimizer.settings
        self.learningRate = trainer.currentLearningRate
        self.usesPerceptronRule = trainer.usesPerceptronRule
        self.clipping = trainer.clipping

        var generator = SeededGenerator(seed: seed)
        let result = try network.gradients(inputs: inputs, targets: targets, objective: trainer.objective, generator: &generator)
        self.loss = result.loss
        self.dataLoss = result.dataLoss
        self.layers = network.stack == nil ? PassWalk.layerValues(network: network, result: result) : []
        self.stackOutput = result.stackPass.map { pass in
            let t = result.tape.value(pass.output)
            return Array(t.scalars[0..<t.columns])
        }

        // The update: the engine's optimizer on these gradients, or the perceptron rule.
        let before = network.parameters
        var after = before
        var optimizer = trainer.optimizer
        var gradients = result.gradients
        if trainer.usesPerceptronRule {
            var working = trainer
            _ = try? working.step(inputs: inputs, targets: targets)
            after = working.network.parameters
            optimizer = working.optimizer
        } else {
            trainer.clipping.apply(to: &gradients)
            optimizer.step(&after, gradients: gradients, learningRate: trainer.currentLearningRate)
        }
        self.stepNumber = optimizer.stepCount
        let names = network.parameterNames
        let old = trainer.optimizer
        func state(_ moments: [Tensor], _ p: Int) -> [Double] {
            p < moments.count && moments[p].count == before[p].count ? moments[p].scalars : [Double](repeating: 0, count: before[p].count)
        }
        let fresh = old.firstMoments.count != before.count
        self.updates = before.indices.map { p in
            ParameterUpdate(name: names[p], shape: before[p].shape, before: before[p].scalars, gradient: gradients[p].scalars,
                            firstMomentBefore: fresh ? state([], p) : state(old.firstMoments, p),
                            firstMomentAfter: state(optimizer.firstMoments, p),
                            secondMomentBefore: fresh ? state([], p) : state(old.secondMoments, p),
                            secondMomentAfter: state(optimizer.secondMoments, p),
                            after: after[p].scalars)
        }
        if let stack = network.stack {
            steps = StackWalkBuilder(walk: self, report: StackPassReport(stack: stack, result: result, objective: trainer.objective)).steps()
        } else {
            steps = PassWalkBuilder(walk: self).steps()
        }
        for (i, step) in steps.enumerated() {
            for reveal in step.reveals where revealedAt[reveal] == nil { revealedAt[reveal] = i }
        }
    }

    /// Reads the first row of every layer's values and gradients off the tape.
    private static func layerValues(network: Network, result: GradientResult) -> [LayerValues] {
        let tape = result.tape
        func row(_ t: Tensor) -> [Double] { t.rank == 2 ? Array(t.scalars[0..<t.columns]) : t.scalars }
        var k = 0
        var values: [LayerValues] = []
        var input = row(tape.value(result.pass.input))
        for (l, record) in result.pass.layers.enumerated() {
            let layer = network.layers[l]
            let dW = result.gradients[k], db = result.gradients[k + 1]
            var entry = LayerValues(
                weights: layer.weights.rowArrays, bias: layer.bias.scalars, input: input,
                z: row(tape.value(record.z)), activation: row(tape.value(record.activation)),
                mask: record.mask.map(row), output: row(tape.value(record.output)),
                outputGradient: row(tape.gradient(record.output)), activationGradient: row(tape.gradient(record.activation)),
                delta: row(tape.gradient(record.z)), weightGradient: dW.rowArrays, biasGradient: db.scalars)
            if let normalized = record.normalized, let bn = layer.batchNorm {
                entry.normalized = row(tape.value(normalized))
                entry.normalizedGradient = row(tape.gradient(normalized))
                entry.gamma = bn.gamma.scalars
                entry.beta = bn.beta.scalars
                entry.gammaGradient = result.gradients[k + 2].scalars
                entry.betaGradient = result.gradients[k + 3].scalars
                if let statistics = record.statistics {
                    entry.mean = statistics.mean.scalars
                    entry.variance = statistics.variance.scalars
                    entry.normalizedInput = row(statistics.normalized)
                } else {
                    // Inference statistics (a batch of one): the running averages.
                    entry.mean = bn.runningMean.scalars
                    entry.variance = bn.runningVariance.scalars
                    entry.normalizedInput = zip(entry.z, zip(bn.runningMean.scalars, bn.runningVariance.scalars)).map { z, mv in
                        (z - mv.0) / (mv.1 + bn.epsilon).squareRoot()
                    }
                }
            }
            values.append(entry)
            input = entry.output
            k += layer.batchNorm == nil ? 2 : 4
        }
        return values
    }

    // MARK: Reading the walk

    /// The index of the first step of a phase, if the walk has one.
    public func firstStep(of phase: PassStep.Phase) -> Int? { steps.firstIndex { $0.phase == phase } }

    /// The index of the first step after `index` that belongs to another layer or phase (the
    /// last step when there is none): what Enter jumps to.
    public func nextLayerStep(after index: Int) -> Int {
        guard index < steps.count - 1 else { return max(steps.count - 1, 0) }
        let here = steps[index]
        return steps[(index + 1)...].firstIndex { $0.phase != here.phase || $0.layer != here.layer || $0.part != here.part } ?? steps.count - 1
    }

    /// Whether a value has been shown by the step at `index` (or before it).
    public func isRevealed(_ reveal: PassStep.Reveal, by index: Int) -> Bool {
        guard let at = revealedAt[reveal] else { return false }
        return at <= index
    }

    /// The output the network predicts for the sample (aᴸ).
    public var prediction: [Double] { stackOutput ?? layers.last?.activation ?? [] }

    /// Whether the walked net is built layer by layer (steps carry grids, not a diagram).
    public var isStack: Bool { network.stack != nil }

    /// The net's name in titles: its spec (`2-4:tanh-1:sigmoid`) or its outline (`1×8×8 conv-…`).
    public var networkName: String { network.stack?.outline ?? "\(network.spec)" }

    /// The network's widths, input first.
    public var widths: [Int] { network.widths }

    // MARK: Gradient check

    /// Analytic and numeric ∂L/∂θ of one weight or bias, side by side.
    public struct GradientCheckResult: Sendable, Equatable {
        /// ∂L/∂θ from backpropagation (the walk's value).
        public var analytic: Double
        /// (L(θ + ε) − L(θ − ε)) / 2ε.
        public var numeric: Double
        /// ε.
        public var epsilon: Double
        /// |analytic − numeric| / (|analytic| + |numeric|), 0 when both are tiny.
        public var relativeError: Double
    }

    /// Checks the walk's gradient of one weight or bias against the central difference
    /// (L(θ+ε) − L(θ−ε))/2ε on the same batch, with the same dropout masks; nil for inputs
    /// and targets.
    public func gradientCheck(_ target: Target, epsilon: Double = 1e-5) -> GradientCheckResult? {
        let p: Int, element: Int, analytic: Double
        var k = 0
        for l in 0..<network.layers.count {
            if case let .weight(tl, r, c) = target, tl == l {
                guard r < layers[l].weights.count, c < layers[l].weights[r].count else { return nil }
                p = k; element = r * network.layers[l].inputs + c; analytic = layers[l].weightGradient[r][c]
                return check(p, element, analytic, epsilon)
            }
            if case let .bias(tl, u) = target, tl == l {
                guard u < layers[l].bias.count else { return nil }
                p = k + 1; element = u; analytic = layers[l].biasGradient[u]
                return check(p, element, analytic, epsilon)
            }
            k += network.layers[l].batchNorm == nil ? 2 : 4
        }
        return nil
    }

    private func check(_ p: Int, _ element: Int, _ analytic: Double, _ epsilon: Double) -> GradientCheckResult {
        var parameters = network.parameters
        var probe = network
        let original = parameters[p].scalars[element]
        // The walk was recorded on these targets, so the loss reads them (NaN only if it could not).
        func loss(at value: Double) -> Double {
            parameters[p].scalars[element] = value
            probe.parameters = parameters
            var generator = SeededGenerator(seed: seed)
            return (try? probe.objectiveValue(inputs: batchInputs, targets: batchTargets, objective: objective, mode: .training,
                                              generator: &generator)) ?? .nan
        }
        let numeric = (loss(at: original + epsilon) - loss(at: original - epsilon)) / (2 * epsilon)
        return GradientCheckResult(analytic: analytic, numeric: numeric, epsilon: epsilon,
                                   relativeError: GradientCheck.relativeError(analytic, numeric))
    }
}
