/// What training minimizes: a loss on the network's output plus weight penalties.
public struct Objective: Equatable, Sendable {
    /// The data loss.
    public var loss: Loss
    /// The weight penalties.
    public var regularization: Regularization
    /// `ce`'s label smoothing ε, 0 ≤ ε < 1 (0 for every other loss).
    public var labelSmoothing: Double
    /// Class weights of `ce`, or the positive weight of `bce` (see `LossWeights`); the session
    /// never sets them together with label smoothing.
    public var weights: LossWeights = .none

    /// Makes an objective.
    public init(loss: Loss, regularization: Regularization = .none, labelSmoothing: Double = 0,
                weights: LossWeights = .none) {
        self.loss = loss
        self.regularization = regularization
        self.labelSmoothing = labelSmoothing
        self.weights = weights.applying(to: loss)
    }

    /// The data loss of a batch and ∂L/∂head, with the objective's label smoothing or weights
    /// (see `Loss.evaluate`).
    public func dataLoss(head: Tensor, targets: Tensor) throws(TargetError) -> (value: Double, gradient: Tensor) {
        labelSmoothing != 0
            ? try loss.evaluate(head: head, targets: targets, smoothing: labelSmoothing)
            : try loss.evaluate(head: head, targets: targets, weights: weights)
    }

    /// Whether the loss reads the logits zᴸ (bce, ce) rather than the output aᴸ.
    public var readsLogits: Bool { loss == .bce || loss == .ce }

    /// Records the objective on a tape: the data loss of `head` against `targets`, and the
    /// total with the penalties on `weights` (the weight matrices, never biases) added.
    public func record(on tape: Tape, head: Variable, targets: Tensor,
                       weights: [Variable]) throws(TargetError) -> (dataLoss: Variable, total: Variable) {
        let dataLoss = try tape.loss(loss, output: head, targets: targets, smoothing: labelSmoothing, weights: self.weights)
        var total = dataLoss
        if regularization.isActive {
            for w in weights {
                if regularization.l2 != 0 { total = tape.add(total, tape.scale(tape.sumOfSquares(w), by: regularization.l2)) }
                if regularization.l1 != 0 { total = tape.add(total, tape.scale(tape.sumOfAbsolutes(w), by: regularization.l1)) }
            }
        }
        return (dataLoss, total)
    }
}

/// The result of one forward and backward pass over a batch.
public struct GradientResult {
    /// The objective's value: data loss plus penalties.
    public var loss: Double
    /// The data loss alone.
    public var dataLoss: Double
    /// ∂L/∂θ for every tensor of `Network.parameters`, in that order.
    public var gradients: [Tensor]
    /// The tape, for reading any intermediate value or gradient.
    public var tape: Tape
    /// Where each layer's values sit on the tape (no layers for a network built layer by
    /// layer: see `stackPass`).
    public var pass: ForwardPass
    /// Where each layer's values sit on the tape, for a network built layer by layer.
    public var stackPass: StackPass? = nil
}

extension Network {
    /// Runs a batch forward and backward and returns the loss and every parameter's gradient.
    ///
    /// With `lean`, for a training step that reads nothing but the loss, the parameters'
    /// gradients and the batch statistics, the pass is recorded lean (see `record`) and the
    /// output activation is skipped when the loss reads the logits.
    public func gradients(inputs: Tensor, targets: Tensor, objective: Objective, mode: PassMode = .training,
                          generator: inout SeededGenerator, watchInput: Bool = false, lean: Bool = false) throws(TargetError) -> GradientResult {
        if let stack {
            let r = try stack.gradients(inputs: inputs, targets: targets, objective: objective, mode: mode,
                                        generator: &generator, watchInput: watchInput)
            return GradientResult(loss: r.loss, dataLoss: r.dataLoss, gradients: r.gradients, tape: r.tape,
                                  pass: ForwardPass(input: r.pass.input, layers: []), stackPass: r.pass)
        }
        let tape = Tape()
        let pass = record(on: tape, inputs: inputs, mode: mode, generator: &generator, watchInput: watchInput,
                          lean: lean, outputActivation: !(lean && objective.readsLogits))
        let (dataLoss, total) = try objective.record(on: tape, head: objective.readsLogits ? pass.logits : pass.output,
                                                     targets: targets, weights: pass.layers.map { $0.parameters[0] })
        // A training step reads only the parameters' gradients; inspection reads every one.
        tape.backward(from: total, keepingIntermediates: !lean)
        return GradientResult(loss: tape.value(total).scalar, dataLoss: tape.value(dataLoss).scalar,
                              gradients: pass.parameters.map { tape.gradient($0) }, tape: tape, pass: pass)
    }

    /// The objective's value on a batch without gradients (for gradient checks and evaluation).
    public func objectiveValue(inputs: Tensor, targets: Tensor, objective: Objective, mode: PassMode,
                               generator: inout SeededGenerator) throws(TargetError) -> Double {
        let tape = Tape()
        if let stack {
            let pass = stack.record(on: tape, inputs: inputs, mode: mode, generator: &generator, trainable: false)
            let view = stack.lossView(head: objective.readsLogits ? pass.logits : pass.output, targets: targets, on: tape)
            return try objective.dataLoss(head: tape.value(view.head), targets: view.targets).value
                + objective.regularization.penalty(self)
        }
        let pass = record(on: tape, inputs: inputs, mode: mode, generator: &generator, trainable: false)
        let head = objective.readsLogits ? pass.logits : pass.output
        return try objective.dataLoss(head: tape.value(head), targets: targets).value
            + objective.regularization.penalty(self)
    }
}
