import Foundation
import NNData
import NNEngine
import NNLessons

extension Session {
    /// The value of a fact exercise checks name (see `FactCatalog`), or why it has none.
    public func fact(_ name: String) -> Result<FactValue, FactUnavailable> {
        do { return .success(try factValue(name)) } catch { return .failure(error) }
    }

    /// Evaluates a check on the session as it is now.
    public func evaluate(_ check: Check) -> CheckOutcome {
        check.evaluate { [self] name in fact(name) }
    }

    /// Evaluates an exercise's check on the session as it is now.
    public func check(_ exercise: Exercise) -> CheckOutcome { evaluate(exercise.check) }

    // MARK: Computing facts

    private func needData() throws(FactUnavailable) -> Dataset {
        guard let data else { throw FactUnavailable("there is no data yet; make some with `data …`") }
        return data
    }

    private func needNetwork() throws(FactUnavailable) -> Trainer {
        guard let trainer else { throw FactUnavailable("there is no network yet; build one with `net …`") }
        return trainer
    }

    /// Network and data that fit together.
    private func needReady() throws(FactUnavailable) -> (Trainer, Dataset) {
        let trainer = try needNetwork()
        let dataset = try needData()
        if let problem = fitProblem(dataset) { throw FactUnavailable("the net does not fit the data: \(problem)") }
        return (trainer, dataset)
    }

    /// Runs engine work on the data's targets; one the loss cannot read makes the fact unavailable.
    private func readingFactTargets<T>(_ work: () throws(TargetError) -> T) throws(FactUnavailable) -> T {
        do { return try work() } catch { throw FactUnavailable("\(error)") }
    }

    private func evaluation(test: Bool) throws(FactUnavailable) -> (loss: Double, accuracy: Double?) {
        let (trainer, dataset) = try needReady()
        if test && dataset.testCount == 0 { throw FactUnavailable("the data has no test split; make it with test=0.2") }
        let classes = dataset.task == .classification ? dataset.classCount : nil
        return try readingFactTargets { () throws(TargetError) in
            test ? try trainer.evaluate(inputs: dataset.testInputs, targets: dataset.testTargets, classCount: classes)
                : try trainer.evaluate(inputs: dataset.trainInputs, targets: dataset.trainTargets, classCount: classes)
        }
    }

    /// Loss and accuracy on the validation split.
    private func validationEvaluation() throws(FactUnavailable) -> (loss: Double, accuracy: Double?) {
        let (trainer, dataset) = try needReady()
        if dataset.validationCount == 0 { throw FactUnavailable("the data has no validation split; make it with val=0.2") }
        let classes = dataset.task == .classification ? dataset.classCount : nil
        return try readingFactTargets { () throws(TargetError) in
            try trainer.evaluate(inputs: dataset.validationInputs, targets: dataset.validationTargets, classCount: classes)
        }
    }

    /// The confusion matrix of the test split (classification).
    private func testConfusion() throws(FactUnavailable) -> ConfusionMatrix {
        let (trainer, dataset) = try needReady()
        guard dataset.task == .classification else {
            throw FactUnavailable("precision and recall are for classification, but the data is a regression set")
        }
        guard let matrix = confusion(on: .test, trainer, dataset) else {
            throw FactUnavailable("the data has no test split; make it with test=0.2")
        }
        return matrix
    }

    /// The loss weights in force: the trainer's, or before a net exists, those of the chosen loss.
    private var weightsInForce: LossWeights {
        trainer?.objective.weights ?? lossWeights.applying(to: chosenLoss ?? .mse)
    }

    private func accuracy(test: Bool) throws(FactUnavailable) -> Double {
        let (_, dataset) = try needReady()
        guard dataset.task == .classification else {
            throw FactUnavailable("accuracy is for classification, but the data is a regression set")
        }
        return try evaluation(test: test).accuracy ?? .nan
    }

    /// The ‖∂L/∂W‖ of each weight layer on the training split (as `show grads` prints them).
    private func layerGradientNorms() throws(FactUnavailable) -> [Double] {
        let (trainer, dataset) = try needReady()
        return try readingFactTargets { () throws(TargetError) in try weightGradients(trainer, dataset).map(\.norm) }
    }

    /// The activations of the dense and conv layers of a net built layer by layer, in order.
    private func weightActivations(_ stack: LayerStack) -> [Activation] {
        stack.layers.compactMap { layer in
            switch layer {
            case .dense(let d, _): return d.activation
            case .conv(let c): return c.activation
            default: return nil
            }
        }
    }

    /// The layers of a net built layer by layer (none for a dense net) that satisfy a test.
    private func stackLayerCount(_ test: (StackLayer) -> Bool) throws(FactUnavailable) -> Int {
        (try needNetwork().network.stack?.layers ?? []).filter(test).count
    }

    /// ‖∂L/∂hₜ‖ of the first recurrent layer, t = 1 … T (as `plot gradtime` draws them).
    private func hiddenGradientNorms() throws(FactUnavailable) -> [Double] {
        let (trainer, dataset) = try needReady()
        let found = try readingFactTargets { () throws(TargetError) in try Session.hiddenGradientNorms(trainer, dataset) }
        guard let found else { throw FactUnavailable("the net has no recurrent layer; add one with `layer rnn H` or `layer lstm H`") }
        return found.norms
    }

    /// Hidden units whose activation has zero slope on every training sample (at inference).
    private func deadUnits() throws(FactUnavailable) -> Int {
        let (trainer, dataset) = try needReady()
        var generator = SeededGenerator(seed: seed)
        let result = try readingFactTargets { () throws(TargetError) in
            try trainer.network.gradients(inputs: dataset.trainInputs, targets: dataset.trainTargets,
                                          objective: trainer.objective, mode: .inference, generator: &generator)
        }
        var dead = 0
        for (l, record) in result.pass.layers.dropLast().enumerated() {
            let activation = trainer.network.layers[l].activation
            guard activation.isElementwise else { continue }
            let z = result.tape.value(record.normalized ?? record.z)
            for j in 0..<z.columns where (0..<z.rows).allSatisfy({ activation.derivative(z[$0, j]) == 0 }) {
                dead += 1
            }
        }
        return dead
    }

    /// The `entropy` readings of both splits.
    private func information() throws(FactUnavailable) -> (train: InformationReport, test: InformationReport?) {
        let (trainer, dataset) = try needReady()
        if let problem = informationProblem(trainer, dataset) { throw FactUnavailable(problem) }
        return informationReports(trainer, dataset)
    }

    /// The training loss of the net as its recipe and seed build it, before any update.
    private func initialLoss() throws(FactUnavailable) -> Double {
        let (trainer, dataset) = try needReady()
        guard let recipe = netRecipe else {
            throw FactUnavailable("this net was loaded from a file, so nnlab cannot rebuild its first weights")
        }
        var fresh = trainer
        fresh.network = Network(spec: recipe.spec, initializer: recipe.initializer, seed: recipe.seed)
        fresh.network.dropout = trainer.network.dropout
        if trainer.network.usesBatchNorm { fresh.network.setBatchNorm(true) }
        return try readingFactTargets { () throws(TargetError) in
            try fresh.evaluate(inputs: dataset.trainInputs, targets: dataset.trainTargets, classCount: nil).loss
        }
    }

    /// The loss of a prediction that gives every class the same probability.
    private func chanceLoss() throws(FactUnavailable) -> Double {
        let dataset = try needData()
        guard dataset.task == .classification else {
            throw FactUnavailable("a uniform prediction's loss is for classification, but the data is a regression set")
        }
        switch effectiveLoss {
        case .ce: return Foundation.log(Double(dataset.classCount))
        case .bce: return Foundation.log(2.0)
        default: throw FactUnavailable("chance_loss is ln k for ce and ln 2 for bce; the loss in force is \(effectiveLoss.rawValue)")
        }
    }

    /// The largest ‖ΔW‖/‖W‖ over layers of one update from now on the whole training split,
    /// made on a copy (the optimizer, its state, clipping and penalties in force).
    private func updateRatio() throws(FactUnavailable) -> Double {
        let (trainer, dataset) = try needReady()
        var copy = trainer
        let before = NetworkHealth.measuredWeights(of: trainer.network)
        do {
            try copy.step(inputs: dataset.trainInputs, targets: dataset.trainTargets)
        } catch {
            throw FactUnavailable("one update from here does not give finite numbers: \(EngineErrorWording.sentence(for: error))")
        }
        let health = NetworkHealth.measure(copy.network, probe: dataset.trainInputs.gatherRows([0]), previousWeights: before)
        return health.layers.compactMap(\.updateRatio).max() ?? 0
    }

    /// The mean and standard deviation of each input feature on the training split.
    private func inputStatistics() throws(FactUnavailable) -> FeatureScaling {
        FeatureScaling(fitting: try needData().trainInputs)
    }

    private func factValue(_ name: String) throws(FactUnavailable) -> FactValue {
        switch name {
        // Data
        case "data": return .text(rawData?.name ?? data?.name ?? "none")
        case "task": return .text(data?.task.rawValue ?? "none")
        case "classes":
            let d = try needData()
            return .number(Double(d.task == .classification ? d.classCount : 0))
        case "features": return .number(Double(try needData().featureCount))
        case "feature_map": return .bool(featureMap != nil)
        case "train_size": return .number(Double(try needData().trainCount))
        case "test_size": return .number(Double(try needData().testCount))
        case "val_size": return .number(Double(try needData().validationCount))
        // Network
        case "has_net": return .bool(trainer != nil)
        case "layers":
            let network = try needNetwork().network
            return .number(Double(network.stack?.layers.count ?? network.layers.count))
        case "hidden_layers":
            let network = try needNetwork().network
            if let stack = network.stack {
                return .number(Double(max(weightActivations(stack).count - 1, 0)))
            }
            return .number(Double(network.layers.count - 1))
        case "hidden_units": return .number(Double(try needNetwork().network.layers.dropLast().reduce(0) { $0 + $1.outputs }))
        case "widest": return .number(Double(try needNetwork().network.layers.dropLast().map(\.outputs).max() ?? 0))
        case "params": return .number(Double(try needNetwork().network.parameterCount))
        case "inputs": return .number(Double(try needNetwork().network.inputs))
        case "outputs": return .number(Double(try needNetwork().network.outputs))
        case "activation":
            guard let trainer else { return .text("none") }
            let hidden = Set(trainer.network.stack.map { weightActivations($0).dropLast().map(\.rawValue) }
                ?? trainer.network.layers.dropLast().map(\.activation.rawValue))
            return .text(hidden.isEmpty ? "none" : (hidden.count == 1 ? hidden.first! : "mixed"))
        case "output": return .text(trainer?.network.outputActivation.rawValue ?? "none")
        case "init":
            guard let trainer else { return .text("none") }
            guard let recipe = netRecipe else { return .text("file") }
            let rule = recipe.initializer ?? Initializer.default(for: trainer.network.layers[0].activation)
            let text = "\(rule)"
            return .text(String(text.prefix { $0 != "(" }))
        case "perceptron_rule": return .bool(trainer?.usesPerceptronRule ?? false)
        case "conv_layers": return .number(Double(try stackLayerCount { if case .conv = $0 { true } else { false } }))
        case "skip_layers": return .number(Double(try stackLayerCount { if case .dense(_, true) = $0 { true } else { false } }))
        case "layernorm_layers": return .number(Double(try stackLayerCount { if case .layerNorm = $0 { true } else { false } }))
        case "cell":
            let cells = Set((trainer?.network.stack?.layers ?? []).compactMap { layer -> String? in
                if case .recurrent(let r) = layer { return r.cell.rawValue }
                return nil
            })
            return .text(cells.isEmpty ? "none" : (cells.count == 1 ? cells.first! : "mixed"))
        // Settings
        case "loss": return .text(trainer != nil ? effectiveLoss.rawValue : (chosenLoss?.rawValue ?? "none"))
        case "opt": return .text(optimizerSettings.kind.rawValue)
        case "lr": return .number(optimizerSettings.learningRate)
        case "momentum": return .number(optimizerSettings.momentum)
        case "l1": return .number(regularization.l1)
        case "l2": return .number(regularization.l2)
        case "dropout": return .number(dropout?.probability ?? 0)
        case "dropout_scaling": return .text(dropout?.scaling.rawValue ?? "off")
        case "batchnorm": return .bool(batchNorm)
        case "batch": return .number(Double(batchSize ?? 0))
        case "sched":
            switch schedule {
            case .constant: return .text("none")
            case .step: return .text("step")
            case .exponential: return .text("exp")
            case .cosine: return .text("cosine")
            case .warmup: return .text("warmup")
            }
        case "clip":
            switch clipping {
            case .off: return .text("off")
            case .norm: return .text("norm")
            case .value: return .text("value")
            }
        case "seed": return .number(Double(seed))
        // Results
        case "epochs": return .number(Double(try needNetwork().epochsDone))
        case "steps": return .number(Double(try needNetwork().stepsDone))
        case "train_loss": return .number(try evaluation(test: false).loss)
        case "test_loss": return .number(try evaluation(test: true).loss)
        case "train_acc": return .number(try accuracy(test: false))
        case "test_acc": return .number(try accuracy(test: true))
        case "val_loss": return .number(try validationEvaluation().loss)
        case "val_acc":
            guard try needData().task == .classification else {
                throw FactUnavailable("accuracy is for classification, but the data is a regression set")
            }
            return .number(try validationEvaluation().accuracy ?? .nan)
        case "precision": return .number(try testConfusion().headline.precision)
        case "recall": return .number(try testConfusion().headline.recall)
        case "f1": return .number(try testConfusion().headline.f1)
        case "class_weights": return .bool(weightsInForce.classes != nil)
        case "pos_weight": return .number(weightsInForce.positive ?? 1)
        case "threshold": return .number(trainer?.classThreshold ?? decisionThreshold ?? 0.5)
        case "best_test_loss":
            let losses = try needNetwork().history.compactMap(\.testLoss)
            guard let best = losses.min() else { throw FactUnavailable("nothing trained yet with a test split; `train` first") }
            return .number(best)
        // Inside
        case "grad_first": return .number(try layerGradientNorms().first ?? .nan)
        case "grad_last": return .number(try layerGradientNorms().last ?? .nan)
        case "grad_ratio":
            let norms = try layerGradientNorms()
            guard let first = norms.first, let last = norms.last else { return .number(.nan) }
            return .number(last == 0 ? (first == 0 ? .nan : .infinity) : first / last)
        case "dead_units": return .number(Double(try deadUnits()))
        case "gradtime_first": return .number(try hiddenGradientNorms().first ?? .nan)
        case "gradtime_last": return .number(try hiddenGradientNorms().last ?? .nan)
        case "gradtime_ratio":
            let norms = try hiddenGradientNorms()
            guard let first = norms.first, let last = norms.last else { return .number(.nan) }
            return .number(last == 0 ? (first == 0 ? .nan : .infinity) : first / last)
        case "weight_norm":
            let network = try needNetwork().network
            if let stack = network.stack {
                let weights = zip(stack.parameters, stack.parameterIsWeight).filter(\.1)
                return .number(weights.reduce(0) { $0 + $1.0.sumOfSquares }.squareRoot())
            }
            return .number(network.layers.reduce(0) { $0 + $1.weights.sumOfSquares }.squareRoot())
        case "small_weights":
            let weights = try needNetwork().network.layers.flatMap(\.weights.scalars)
            return .number(weights.isEmpty ? 0 : Double(weights.filter { abs($0) < 1e-3 }.count) / Double(weights.count))
        // Information (as `entropy` prints them, in nats)
        case "smoothing": return .number(trainer?.objective.labelSmoothing ?? (chosenLoss == .ce ? labelSmoothing : 0))
        case "label_entropy": return .number(try information().train.labelEntropy)
        case "baseline_ce": return .number(try information().train.baselineCrossEntropy)
        case "kl": return .number(try information().train.divergence)
        case "test_kl":
            guard let test = try information().test else { throw FactUnavailable("the data has no test split; make it with test=0.2") }
            return .number(test.divergence)
        case "pred_entropy": return .number(try information().train.predictionEntropy)
        // Debugging
        case "initial_loss": return .number(try initialLoss())
        case "chance_loss": return .number(try chanceLoss())
        case "update_ratio": return .number(try updateRatio())
        case "inputs_standardized":
            let stats = try inputStatistics()
            let standardized = zip(stats.means, stats.deviations).allSatisfy { mean, deviation in
                abs(mean) <= 0.1 && (deviation == 0 || (0.9...1.1).contains(deviation))
            }
            return .bool(standardized)
        case "input_scale": return .number(try inputStatistics().deviations.max() ?? 0)
        default:
            throw FactUnavailable("nnlab does not know the fact '\(InputExcerpt.cut(name))'")
        }
    }
}
