import Foundation
import NNKernels

/// Trains a network: holds the network, its objective, optimizer, schedule and clipping,
/// and runs seeded minibatch epochs, reporting events as it goes.
///
/// A network whose only layer ends in `step` cannot follow a gradient (the derivative is
/// zero everywhere); such a net is trained with the perceptron learning rule instead:
/// w ← w + lr·(y − ŷ)·x, b ← b + lr·(y − ŷ), one sample at a time.
public struct Trainer: Sendable, Equatable {
    /// The network being trained.
    public var network: Network
    /// The loss and penalties.
    public var objective: Objective
    /// The optimizer and its state.
    public var optimizer: Optimizer
    /// How the learning rate changes with the epoch.
    public var schedule: LearningRateSchedule = .constant
    /// How gradients are limited before each update.
    public var clipping: GradientClipping = .off
    /// Epochs finished so far (the schedule's clock).
    public private(set) var epochsDone = 0
    /// Updates made so far.
    public private(set) var stepsDone = 0
    /// Every epoch's report so far, for loss curves.
    public private(set) var history: [EpochReport] = []
    /// The epoch begun and not yet finished, nil between epochs: a live view closed part way
    /// through one, or `train batches=` stopped inside one. The next batch trained continues it.
    public internal(set) var epochInFlight: EpochCursor?
    /// The shuffling and dropout generator.
    public var generator: SeededGenerator
    /// The decision threshold of a single sigmoid output (`set threshold=`), nil for 0.5.
    public var decisionThreshold: Double?
    /// The buffers of tape-free training steps, for the networks that can take them.
    private var densePass = DenseTrainingPass()
    /// The buffers of tape-free training steps of networks built layer by layer.
    private var stackPass = StackTrainingPass()

    /// Two trainers are equal when they hold the same network, settings, state and history
    /// (the tape-free pass's buffers are scratch space, not state).
    public static func == (a: Trainer, b: Trainer) -> Bool {
        a.network == b.network && a.objective == b.objective && a.optimizer == b.optimizer && a.schedule == b.schedule
            && a.clipping == b.clipping && a.epochsDone == b.epochsDone && a.stepsDone == b.stepsDone
            && a.history == b.history && a.generator == b.generator && a.decisionThreshold == b.decisionThreshold
            && a.epochInFlight == b.epochInFlight
    }

    /// Makes a trainer for a network.
    public init(network: Network, objective: Objective, optimizer: OptimizerSettings, seed: Int = 0) {
        _ = AllocatorTuning.applied
        self.network = network
        self.objective = objective
        self.optimizer = Optimizer(settings: optimizer)
        self.generator = SeededGenerator(seed: seed)
    }

    /// Whether the perceptron rule trains this network rather than gradients.
    public var usesPerceptronRule: Bool { network.stack == nil && network.layers.count == 1 && network.outputActivation == .step }

    /// The learning rate the schedule gives for the coming epoch.
    public var currentLearningRate: Double {
        schedule.learningRate(base: optimizer.settings.learningRate, epoch: epochsDone)
    }

    /// Forgets the optimizer state, counters and history (after a reset or a new net).
    public mutating func restart(seed: Int) {
        optimizer.resetState()
        epochsDone = 0
        stepsDone = 0
        history = []
        epochInFlight = nil
        generator = SeededGenerator(seed: seed)
    }

    /// Forgets the epoch in flight (the data it was drawn from changed): the next batch
    /// begins a new epoch.
    public mutating func abandonEpoch() {
        epochInFlight = nil
    }

    /// Checks that the network, loss and data fit together.
    public func validate(_ data: TrainingData) throws(TrainingError) {
        if data.featureCount != network.inputs {
            throw .inputWidth(network: network.inputs, data: data.featureCount, outputs: network.outputs)
        }
        if let problem = objective.loss.mismatch(output: network.outputActivation, width: network.outputs,
                                                 classes: data.classCount) {
            throw .loss(problem)
        }
        if let problem = objective.weights.problem(loss: objective.loss, classes: data.classCount) {
            throw .loss(.weights(problem))
        }
        if data.classCount == nil, data.trainTargets.columns != network.outputs {
            throw .targetWidth(data: data.trainTargets.columns, network: network.outputs)
        }
        if network.layers.count > 1, network.layers.contains(where: { $0.activation == .step }) {
            throw .stepInDeepNetwork
        }
        if data.trainCount == 0 { throw .emptyTrainingSplit }
    }

    /// One update on one batch; returns its report. Throws, leaving the network untouched,
    /// when the loss or a gradient is not finite.
    @discardableResult
    public mutating func step(inputs: Tensor, targets: Tensor, batchIndex: Int = 1) throws -> BatchReport {
        try step(inputs: inputs, targets: targets, batchIndex: batchIndex, classCount: nil).report
    }

    /// One update on one batch, with the batch's data loss before the update and, when
    /// `classCount` is given, how many of its rows the net classified right (both read from the
    /// step's own forward pass; nil for the perceptron rule, whose epoch is evaluated instead).
    mutating func step(inputs: Tensor, targets: Tensor, batchIndex: Int, classCount: Int?) throws
        -> (report: BatchReport, dataLoss: Double?, correct: Int?) {
        let lr = currentLearningRate
        if usesPerceptronRule {
            return (perceptronStep(inputs: inputs, targets: targets, learningRate: lr, batchIndex: batchIndex), nil, nil)
        }
        // Plain dense stacks and conv nets train without a tape (`DenseTrainingPass`,
        // `StackTrainingPass`: same numbers, reused buffers). Otherwise the tape goes out of scope before the update, so the weights it
        // saw are not shared and the optimizer changes them in place.
        let loss: Double, dataLoss: Double, head: Tensor, statistics: [BatchStatistics?], computed: [Tensor]
        if let stack = network.stack, StackTrainingPass.supports(stack, objective: objective) {
            (loss, computed) = try stackPass.gradients(of: stack, inputs: inputs, targets: targets, objective: objective)
            (dataLoss, head) = (stackPass.lastDataLoss, stackPass.lastHead)
            statistics = []
        } else if let stack = network.stack {
            (loss, dataLoss, head, computed) = try { () throws(TargetError) -> (Double, Double, Tensor, [Tensor]) in
                let result = try stack.gradients(inputs: inputs, targets: targets, objective: objective, generator: &generator)
                let head = objective.readsLogits ? result.pass.logits : result.pass.output
                return (result.loss, result.dataLoss, result.tape.value(head), result.gradients)
            }()
            statistics = []
        } else if DenseTrainingPass.supports(network, objective: objective) {
            (loss, computed) = try densePass.gradients(of: network, inputs: inputs, targets: targets, objective: objective)
            (dataLoss, head) = (densePass.lastDataLoss, densePass.lastHead)
            statistics = []
        } else {
            (loss, dataLoss, head, statistics, computed) = try {
                () throws(TargetError) -> (Double, Double, Tensor, [BatchStatistics?], [Tensor]) in
                let result = try network.gradients(inputs: inputs, targets: targets, objective: objective,
                                               generator: &generator, lean: true)
                let head = objective.readsLogits ? result.pass.logits : result.pass.output
                return (result.loss, result.dataLoss, result.tape.value(head), result.pass.layers.map(\.statistics), result.gradients)
            }()
        }
        let correct = classCount.map { _ in correctCount(head: head, targets: targets) }
        var gradients = computed
        if !loss.isFinite {
            throw TrainingError.diverged(epoch: epochsDone + 1, batch: batchIndex, learningRate: lr, what: "loss")
        }
        // One pass per gradient: a sum of squares is finite exactly when every element is,
        // unless a huge finite element overflows its square (then the exact test decides).
        let squares = gradients.map(\.sumOfSquares)
        if squares.contains(where: { !$0.isFinite }), gradients.contains(where: { !$0.isFinite }) {
            throw TrainingError.diverged(epoch: epochsDone + 1, batch: batchIndex, learningRate: lr, what: "gradient")
        }
        clipping.apply(to: &gradients)
        network.updateParameters { optimizer.step(&$0, gradients: gradients, learningRate: lr) }
        for (i, stats) in statistics.enumerated() {
            if let stats { network.layers[i].batchNorm?.update(with: stats, batchSize: inputs.rows) }
        }
        stepsDone += 1
        // Each layer's ‖∂L/∂W‖ as applied (after clipping); without clipping, from the sums above.
        var norms: [Double] = []
        norms.reserveCapacity(network.layers.count)
        var k = 0
        if network.stack != nil {
            // One norm per weight tensor (dense and conv layers), in layer order.
            for (i, isWeight) in network.parameterIsWeight.enumerated() where isWeight {
                norms.append(clipping == .off && squares[i].isFinite ? squares[i].squareRoot() : gradients[i].norm)
            }
        }
        for layer in network.layers {
            norms.append(clipping == .off && squares[k].isFinite ? squares[k].squareRoot() : gradients[k].norm)
            k += layer.batchNorm == nil ? 2 : 4
        }
        let report = BatchReport(epoch: epochsDone + 1, batch: batchIndex, step: stepsDone, loss: loss,
                                 learningRate: lr, gradientNorms: norms, size: inputs.rows)
        return (report, dataLoss, correct)
    }

    /// How many rows of a batch the net's outputs classify right, from the head the loss read
    /// (the output activation is applied first when the head is the logits, as at inference).
    private func correctCount(head: Tensor, targets: Tensor) -> Int {
        let columns = head.columns
        if objective.readsLogits && network.outputActivation == .softmax && columns > 1 {
            // Softmax keeps the order of a row, so the class is the first largest logit (the
            // class `Metrics.predictedClasses` reads from the probabilities), found without
            // computing them.
            return head.scalars.withUnsafeBufferPointer { z in
                targets.scalars.withUnsafeBufferPointer { y in
                    guard let z = z.baseAddress, let y = y.baseAddress else { return 0 }
                    return ElementwiseKernels.firstLargestHits(z, rows: head.rows, columns: columns, classes: y)
                }
            }
        }
        var outputs = head
        if objective.readsLogits {
            let activation = network.outputActivation
            if activation == .softmax {
                outputs = Activation.softmaxRows(head)
            } else if activation.isElementwise, outputs.count > 0 {
                outputs.scalars.withUnsafeMutableBufferPointer { activation.apply(inPlace: $0.baseAddress!, count: $0.count) }
            }
        }
        let predicted = Metrics.predictedClasses(outputs, threshold: classThreshold)
        var correct = 0
        for (i, p) in predicted.enumerated() where Double(p) == targets.scalars[i] { correct += 1 }
        return correct
    }

    private mutating func perceptronStep(inputs: Tensor, targets: Tensor, learningRate lr: Double, batchIndex: Int) -> BatchReport {
        var layer = network.layers[0]
        let f = inputs.columns
        var mistakes = 0.0
        for r in 0..<inputs.rows {
            var z = layer.bias.scalars[0]
            for j in 0..<f { z += layer.weights.scalars[j] * inputs.scalars[r * f + j] }
            let predicted = z >= 0 ? 1.0 : 0.0
            let error = (targets.scalars[r] > 0.5 ? 1.0 : 0.0) - predicted
            if error != 0 {
                mistakes += 1
                for j in 0..<f { layer.weights.scalars[j] += lr * error * inputs.scalars[r * f + j] }
                layer.bias.scalars[0] += lr * error
            }
        }
        network.layers[0] = layer
        stepsDone += 1
        return BatchReport(epoch: epochsDone + 1, batch: batchIndex, step: stepsDone,
                           loss: mistakes / Double(max(inputs.rows, 1)), learningRate: lr, gradientNorms: [0], size: inputs.rows)
    }

    /// The data loss and accuracy of the network on a split, at inference.
    public func evaluate(inputs: Tensor, targets: Tensor, classCount: Int?) throws(TargetError) -> (loss: Double, accuracy: Double?) {
        guard inputs.rows > 0 else { return (.nan, nil) }
        // One inference pass gives both heads: the loss reads the logits (bce, ce) or the
        // outputs, accuracy reads the outputs.
        let (logits, outputs) = network.infer(inputs)
        let loss = try objective.dataLoss(head: objective.readsLogits ? logits : outputs, targets: targets).value
        guard classCount != nil else { return (loss, nil) }
        return (loss, Metrics.accuracy(outputs, targets: targets, threshold: classThreshold))
    }

    /// The threshold that splits a single output into classes: the decision threshold for a
    /// sigmoid output when one is set, else `Metrics.threshold(for:)` (0.5, or 0 for hinge).
    public var classThreshold: Double {
        if let t = decisionThreshold, network.outputs == 1, network.outputActivation == .sigmoid { return t }
        return Metrics.threshold(for: objective.loss)
    }

    /// Starts an epoch: draws the shuffled order of the training split.
    public mutating func beginEpoch(_ data: TrainingData) -> EpochCursor {
        EpochCursor(order: generator.permutation(data.trainCount), learningRate: currentLearningRate,
                    normSums: [Double](repeating: 0, count: network.stack == nil
                                           ? network.layers.count : network.parameterIsWeight.filter { $0 }.count))
    }

    /// Trains on the epoch's next minibatch (the whole split when `batchSize` is nil).
    @discardableResult
    public mutating func trainBatch(_ data: TrainingData, batchSize: Int?, cursor: inout EpochCursor) throws -> BatchReport {
        let n = cursor.order.count
        precondition(!cursor.isFinished, "the epoch is already finished")
        let size = min(max(batchSize ?? n, 1), n)
        let end = min(cursor.position + size, n)
        let indices = size == n ? cursor.order : Array(cursor.order[cursor.position..<end])
        let (report, dataLoss, correct) = try step(inputs: data.trainInputs.gatherRows(indices),
                                                   targets: data.trainTargets.gatherRows(indices),
                                                   batchIndex: cursor.batches + 1, classCount: data.classCount)
        for i in cursor.normSums.indices where i < report.gradientNorms.count { cursor.normSums[i] += report.gradientNorms[i] }
        if let dataLoss {
            cursor.lossSum += dataLoss * Double(report.size)
            cursor.correct += correct ?? 0
            cursor.samples += report.size
        } else {
            cursor.fromSteps = false
        }
        cursor.batches += 1
        cursor.position = end
        return report
    }

    /// Ends an epoch: records its report, with the training figures of the epoch's own steps
    /// (each batch's data loss and hits before its update, averaged over the samples) and the
    /// test split evaluated at inference. The perceptron rule's epoch is evaluated at inference.
    ///
    /// The training figures come from the steps because evaluating the whole training split
    /// after every epoch cost a quarter of the time of training itself (a forward pass over
    /// every sample again); the exact figures of the final weights are one `evaluate` away.
    public mutating func finishEpoch(_ data: TrainingData, cursor: EpochCursor) throws -> EpochReport {
        epochsDone += 1
        let train: (loss: Double, accuracy: Double?)
        if cursor.fromSteps && cursor.samples > 0 {
            let n = Double(cursor.samples)
            train = (cursor.lossSum / n, data.classCount == nil ? nil : Double(cursor.correct) / n)
        } else {
            train = try evaluate(inputs: data.trainInputs, targets: data.trainTargets, classCount: data.classCount)
        }
        let test = data.testCount > 0
            ? try evaluate(inputs: data.testInputs, targets: data.testTargets, classCount: data.classCount) : nil
        let validation = data.validationCount > 0
            ? try evaluate(inputs: data.validationInputs, targets: data.validationTargets, classCount: data.classCount) : nil
        let report = EpochReport(epoch: epochsDone, step: stepsDone, trainLoss: train.loss, trainAccuracy: train.accuracy,
                                 testLoss: test?.loss, testAccuracy: test?.accuracy, learningRate: cursor.learningRate,
                                 gradientNorms: cursor.normSums.map { $0 / Double(max(cursor.batches, 1)) },
                                 validationLoss: validation?.loss, validationAccuracy: validation?.accuracy)
        history.append(report)
        if !train.loss.isFinite {
            throw TrainingError.diverged(epoch: epochsDone, batch: cursor.batches, learningRate: cursor.learningRate, what: "loss")
        }
        return report
    }

    /// Trains for a number of epochs, with early stopping when `patience` is given (on the
    /// validation loss, which needs a validation split; the best weights are restored): runs
    /// a `TrainingRun` to its end. Reports every batch and epoch through `onEvent`, which may
    /// stop training between batches (the part of the epoch trained still counts as an epoch).
    ///
    /// With `batches`, training stops after that many batches instead, and an epoch it stops
    /// inside stays in flight (`epochInFlight`) for the next batches to continue, as a live
    /// view leaves it.
    public mutating func train(_ data: TrainingData, epochs: Int, batchSize: Int?, patience: Int? = nil, batches: Int? = nil,
                               onEvent: (TrainingEvent) -> TrainingControl = { _ in .proceed }) throws -> TrainingSummary {
        var run = try TrainingRun(trainer: self, data: data, epochs: epochs, batchSize: batchSize, patience: patience)
        let clock = ContinuousClock()
        let started = clock.now
        var samples = 0
        var trained = 0
        var cancelled = false
        while !run.isFinished && trained < (batches ?? .max) {
            guard let progress = try run.advance(&self, data: data) else { break }
            samples += progress.batch.size
            trained += 1
            var stop = onEvent(.batch(progress.batch)) == .stop
            var epoch = progress.epoch
            if stop, epoch == nil { epoch = try run.finishEpochEarly(&self, data: data) }
            if let epoch, onEvent(.epoch(epoch)) == .stop { stop = true }
            if stop { cancelled = true; break }
        }
        if batches != nil, !cancelled, run.outcome == nil { run.complete() }
        let reason: TrainingSummary.Reason
        switch run.outcome {
        case .earlyStopped(let bestEpoch)?: reason = .earlyStopped(bestEpoch: bestEpoch)
        case .completed? where !cancelled: reason = .completed
        default: reason = .cancelled
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return TrainingSummary(reason: reason, seconds: seconds, samples: samples, last: history.last)
    }
}

/// Where an epoch in progress stands: its shuffled order and how far training has got.
public struct EpochCursor: Sendable, Equatable {
    /// The training rows in this epoch's order.
    public let order: [Int]
    /// The learning rate of this epoch.
    public let learningRate: Double
    /// The sum over the epoch's batches of each layer's ‖∂L/∂W‖.
    var normSums: [Double]
    /// The next row to train on.
    public internal(set) var position = 0
    /// Batches trained so far.
    public internal(set) var batches = 0
    /// The epoch's training figures so far: Σ data loss × batch rows, rows classified right,
    /// rows trained, and whether every step gave them (not so under the perceptron rule).
    var lossSum = 0.0
    var correct = 0
    var samples = 0
    var fromSteps = true

    init(order: [Int], learningRate: Double, normSums: [Double]) {
        self.order = order
        self.learningRate = learningRate
        self.normSums = normSums
    }

    /// Whether every row has been trained on.
    public var isFinished: Bool { position >= order.count }
}

/// How a call to `Trainer.train` ended.
public struct TrainingSummary: Sendable, Equatable {
    /// Why training ended.
    public enum Reason: Sendable, Equatable {
        case completed
        case cancelled
        case earlyStopped(bestEpoch: Int)
    }

    public var reason: Reason
    /// Wall-clock seconds spent.
    public var seconds: Double
    /// Training samples processed (summed over batches).
    public var samples: Int
    /// The last epoch's report.
    public var last: EpochReport?

    /// Training samples per second.
    public var samplesPerSecond: Double { seconds > 0 ? Double(samples) / seconds : 0 }
}
