import Foundation
import NNData
import NNEngine

extension Session {
    /// The input row and target of the inspected sample.
    func inspectedSample(_ command: Command, dataset: Dataset) throws(CommandError) -> (x: Tensor, y: Tensor, label: String) {
        if let arg = command.optionArgument("sample"), let i = arg.value.number {
            let index = Int(i)
            guard index >= 0, index < dataset.trainCount else {
                throw CommandError("sample must be from 0 to \(dataset.trainCount - 1) (a training row), got \(index)", at: arg)
            }
            inspection = InspectionTarget(sample: index)
        }
        let i = min(inspection.sample, max(dataset.trainCount - 1, 0))
        var x = dataset.trainInputs.gatherRows([i])
        var y = dataset.trainTargets.gatherRows([i])
        var label = "sample \(i)"
        if let input = inspection.input {
            x = Tensor(shape: [1, input.count], scalars: input)
            label = "x set by hand"
        }
        if let target = inspection.target {
            y = Tensor(shape: y.shape, scalars: [Double](repeating: target, count: y.count))
            label += ", y set by hand"
        }
        return (x, y, label)
    }

    /// One forward and backward pass over the inspected sample.
    func inspectedPass(_ command: Command) throws(CommandError) -> (Trainer, GradientResult, x: Tensor, y: Tensor, label: String, Dataset) {
        let (trainer, dataset) = try requireReady(command)
        let (x, y, label) = try inspectedSample(command, dataset: dataset)
        guard x.columns == trainer.network.inputs else {
            throw CommandError("the input set by hand has \(x.columns) values but the net takes \(trainer.network.inputs); set x=[…] again",
                               column: command.column)
        }
        var generator = SeededGenerator(seed: seed)
        let result = try readingTargets(command) { () throws(TargetError) in
            try trainer.network.gradients(inputs: x, targets: y, objective: trainer.objective, generator: &generator)
        }
        return (trainer, result, x, y, label, dataset)
    }

    /// `forward [sample=I]`: z and a of every layer.
    func runForward(_ command: Command, sink: Sink) throws(CommandError) {
        try noExtraWords(command, allowed: 0)
        let (trainer, result, x, y, label, dataset) = try inspectedPass(command)
        let tape = result.tape
        sink(.text("forward pass, \(label): x = \(vectorText(x.scalars)), y = \(targetText(y, dataset))"))
        for (l, record) in result.pass.layers.enumerated() {
            let layer = trainer.network.layers[l]
            let n = l + 1
            let input = l == 0 ? "x" : "a\(superscript(l))"
            var formula = "layer \(n): z\(superscript(n)) = W\(superscript(n))·\(input) + b\(superscript(n)), a\(superscript(n)) = \(layer.activation.rawValue)(z\(superscript(n)))"
            if record.normalized != nil { formula = "layer \(n): z = W·\(input) + b, ẑ = γ·(z − μ)/√(σ² + ε) + β, a = \(layer.activation.rawValue)(ẑ)" }
            let z = tape.value(record.z).scalars, a = tape.value(record.activation).scalars
            var headers = ["unit", "z"]
            if record.normalized != nil { headers.append("ẑ") }
            headers.append("a")
            if record.mask != nil { headers.append("mask") }
            let rows: [[String]] = (0..<z.count).map { j in
                var row = ["\(j + 1)", Numbers.fixed(z[j], 6)]
                if let nz = record.normalized { row.append(Numbers.fixed(tape.value(nz).scalars[j], 6)) }
                row.append(Numbers.fixed(a[j], 6))
                if let mask = record.mask { row.append(Numbers.format(mask.scalars[j], digits: 4)) }
                return row
            }
            sink(.table(TextTable(title: formula, headers: headers, rows: rows)))
        }
        let output = tape.value(result.pass.output)
        var closing = "loss \(trainer.objective.loss.rawValue) = \(Numbers.format(result.dataLoss, digits: 8))"
        if trainer.objective.regularization.isActive { closing += " (with penalties \(Numbers.format(result.loss, digits: 8)))" }
        if dataset.task == .classification {
            let predicted = Metrics.predictedClasses(output, threshold: Metrics.threshold(for: trainer.objective.loss))[0]
            closing = "predicted class \(className(predicted, dataset)) · " + closing
        }
        sink(.text(closing))
    }

    /// `backward [sample=I]`: δ, ∂L/∂W and ∂L/∂b of every layer, output first.
    func runBackward(_ command: Command, sink: Sink) throws(CommandError) {
        try noExtraWords(command, allowed: 0)
        let (trainer, result, _, _, label, _) = try inspectedPass(command)
        let tape = result.tape
        let layers = result.pass.layers
        sink(.text("backward pass, \(label): loss \(Numbers.format(result.loss, digits: 8))"))
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let n = l + 1
            let record = layers[l]
            let layer = trainer.network.layers[l]
            let delta = tape.gradient(record.z).scalars
            let formula: String
            if l == layers.count - 1 {
                formula = trainer.objective.readsLogits
                    ? "δ\(superscript(n)) = ∂L/∂z\(superscript(n)) = a\(superscript(n)) − y (\(trainer.objective.loss.rawValue) with \(layer.activation.rawValue), per sample)"
                    : "δ\(superscript(n)) = ∇ₐL ⊙ σ′(z\(superscript(n)))"
            } else {
                formula = "δ\(superscript(n)) = (W\(superscript(n + 1)))ᵀδ\(superscript(n + 1)) ⊙ σ′(z\(superscript(n)))" +
                    (record.mask != nil ? " ⊙ mask" : "") + (record.normalized != nil ? " (through batch norm)" : "")
            }
            let grads = result.gradients
            let k = parameterIndex(of: l, in: trainer.network)
            let dW = grads[k], db = grads[k + 1]
            var headers = ["unit", "δ", "∂L/∂b"]
            headers += (0..<layer.inputs).map { "∂L/∂w\($0 + 1)" }
            let rows: [[String]] = (0..<delta.count).map { j in
                ["\(j + 1)", Numbers.fixed(delta[j], 6), Numbers.fixed(db.scalars[j], 6)] +
                    (0..<layer.inputs).map { i in Numbers.fixed(dW[j, i], 6) }
            }
            let shown = layer.inputs <= 8 ? rows : rows.map { Array($0.prefix(11)) }
            let shownHeaders = layer.inputs <= 8 ? headers : Array(headers.prefix(11))
            sink(.table(TextTable(title: "layer \(n): \(formula); ∂L/∂W = δ·aᵀ, ∂L/∂b = δ", headers: shownHeaders, rows: shown)))
        }
    }

    /// The index in `Network.parameters` of a layer's weights.
    func parameterIndex(of layer: Int, in network: Network) -> Int {
        network.layers.prefix(layer).reduce(0) { $0 + ($1.batchNorm == nil ? 2 : 4) }
    }

    /// `update`: W before, the optimizer's step with its state, W after — for every layer.
    func runUpdate(_ command: Command, sink: Sink) throws(CommandError) {
        try noExtraWords(command, allowed: 0)
        let (current, _, x, y, label, _) = try inspectedPass(command)
        var working = current
        let before = working.network.parameters
        do { try working.step(inputs: x, targets: y) } catch {
            throw CommandError("\(error)", column: command.column)
        }
        let after = working.network.parameters
        let names = working.network.parameterNames
        let settings = working.optimizer.settings
        if working.usesPerceptronRule {
            // A single step layer has no slope to follow: the trainer uses the perceptron rule.
            let predicted = current.network.predict(x).scalars[0]
            sink(.text("update on \(label) with the perceptron rule (step has no slope, so no gradient): " +
                       "w ← w + η·(y − ŷ)·x, b ← b + η·(y − ŷ), η = \(Numbers.format(working.currentLearningRate)); " +
                       "ŷ = \(Numbers.format(predicted)), y = \(Numbers.format(y.scalars[0] > 0.5 ? 1 : 0))"))
        } else {
            sink(.text("update on \(label) with \(settings.summary) (step \(working.optimizer.stepCount)); \(updateFormula(settings.kind))"))
        }
        for p in before.indices {
            var headers = ["element", "before", "step", "after"]
            let state = working.usesPerceptronRule ? [] : stateColumns(working.optimizer, p)
            headers += state.map(\.0)
            let rows: [[String]] = (0..<before[p].count).prefix(12).map { i in
                [elementName(names[p], before[p], i), Numbers.fixed(before[p].scalars[i], 6),
                 Numbers.fixed(after[p].scalars[i] - before[p].scalars[i], 6), Numbers.fixed(after[p].scalars[i], 6)] +
                    state.map { Numbers.fixed($0.1.scalars[i], 6) }
            }
            var title = names[p]
            if before[p].count > 12 { title += " (first 12 of \(before[p].count))" }
            sink(.table(TextTable(title: title, headers: headers, rows: rows)))
        }
        trainer = working
    }

    /// The optimizer's state columns for a parameter, named as the update rule names them.
    func stateColumns(_ optimizer: Optimizer, _ p: Int) -> [(String, Tensor)] {
        guard p < optimizer.firstMoments.count else { return [] }
        let s = optimizer.settings
        let t = Double(optimizer.stepCount)
        switch s.kind {
        case .sgd: return []
        case .momentum, .nesterov: return [("v", optimizer.firstMoments[p])]
        case .rmsprop: return [("s", optimizer.secondMoments[p])]
        case .adagrad: return [("G", optimizer.secondMoments[p])]
        case .adam, .adamw:
            let mHat = optimizer.firstMoments[p].scaled(by: 1 / (1 - pow(s.beta1, t)))
            let vHat = optimizer.secondMoments[p].scaled(by: 1 / (1 - pow(s.beta2, t)))
            return [("m̂", mHat), ("v̂", vHat)]
        }
    }

    func updateFormula(_ kind: OptimizerSettings.Kind) -> String {
        switch kind {
        case .sgd: return "W ← W − lr·g"
        case .momentum: return "v ← μv + g, W ← W − lr·v"
        case .nesterov: return "v ← μv + g, W ← W − lr·(g + μv)"
        case .rmsprop: return "s ← ρs + (1−ρ)g², W ← W − lr·g/(√s + ε)"
        case .adagrad: return "G ← G + g², W ← W − lr·g/(√G + ε)"
        case .adam: return "m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), W ← W − lr·m̂/(√v̂ + ε)"
        case .adamw: return "W ← W − lr·(m̂/(√v̂ + ε) + decay·W)"
        }
    }

    /// `w1[0,1]` for a matrix element, `b1[2]` for a vector one.
    func elementName(_ name: String, _ t: Tensor, _ i: Int) -> String {
        t.rank == 2 ? "\(name)[\(i / t.columns),\(i % t.columns)]" : "\(name)[\(i)]"
    }

    /// `gradcheck [eps=X]`: analytic against central differences on the training split.
    func runGradcheck(_ command: Command, sink: Sink) throws(CommandError) {
        try noExtraWords(command, allowed: 0)
        let (trainer, dataset) = try requireReady(command)
        let eps = try numberOption(command, "eps", valid: { $0 > 0 && $0 < 1 }, rule: "must be in (0, 1)") ?? 1e-4
        let rows = Array(0..<min(dataset.trainCount, 256))
        let x = dataset.trainInputs.gatherRows(rows), y = dataset.trainTargets.gatherRows(rows)
        let check = try readingTargets(command) { () throws(TargetError) in
            try GradientCheck.run(network: trainer.network, inputs: x, targets: y, objective: trainer.objective,
                                  epsilon: eps, seed: seed)
        }
        guard let worst = check.worst else { sink(.text("gradcheck: nothing to check")); return }
        let t = trainer.network.parameters[trainer.network.parameterNames.firstIndex(of: worst.parameter)!]
        let verdict = worst.relativeError < 1e-6 ? "ok" : (worst.relativeError < 1e-3 ? "suspicious" : "WRONG")
        var lines = ["gradcheck: \(Numbers.count(check.entries.count)) parameters on \(rows.count) training samples, ε = \(Numbers.format(eps))",
                     "largest relative error \(String(format: "%.3e", worst.relativeError)) at \(elementName(worst.parameter, t, worst.index)) " +
                        "(autodiff \(Numbers.format(worst.analytic, digits: 10)), numeric \(Numbers.format(worst.numeric, digits: 10))) — \(verdict)"]
        if trainer.network.layers.contains(where: { [.relu, .leakyRelu, .step].contains($0.activation) }) && worst.relativeError > 1e-6 {
            lines.append("note: relu, leaky_relu and step have kinks; a sample sitting within ε of one shows a large error there without any bug")
        }
        sink(.text(lines.joined(separator: "\n")))
    }

    /// `grads save PATH`: the gradient on the whole training split, in the model file's layout.
    func runGrads(_ command: Command, sink: Sink) throws(CommandError) {
        let verb = try word(command, 0, expected: "`save PATH`")
        guard verb.raw.lowercased() == "save" else {
            throw CommandError("'grads' knows only `grads save PATH`", at: verb)
        }
        let pathWord = try word(command, 1, expected: "a file path after `save`")
        try noExtraWords(command, allowed: 2)
        let (trainer, dataset) = try requireReady(command)
        let target = try outputPath(pathWord, verb: "grads save", example: "grads.json")
        var generator = SeededGenerator(seed: seed)
        let result = try readingTargets(command) { () throws(TargetError) in
            try trainer.network.gradients(inputs: dataset.trainInputs, targets: dataset.trainTargets,
                                          objective: trainer.objective, generator: &generator)
        }
        do {
            try ModelFile.writeText(ModelFile.encodeGradients(trainer.network, gradients: result.gradients, loss: result.loss),
                                    to: target)
        } catch {
            throw CommandError("\(error)", at: pathWord)
        }
        sink(.text("saved the gradient of loss \(Numbers.format(result.loss, digits: 8)) on \(Numbers.count(dataset.trainCount)) training samples to \(pathWord.value.text)"))
    }

    // MARK: Formatting

    func vectorText(_ xs: [Double]) -> String {
        "[" + xs.prefix(8).map { Numbers.format($0, digits: 4) }.joined(separator: ", ") + (xs.count > 8 ? ", …" : "") + "]"
    }

    func targetText(_ y: Tensor, _ dataset: Dataset) -> String {
        // A class index is a whole number in range; anything else is shown as the number it is.
        guard dataset.task == .classification, let v = y.scalars.first, v == v.rounded(), v >= 0, v < Double(dataset.classCount ?? 0) else {
            return vectorText(y.scalars)
        }
        return className(Int(v), dataset)
    }

    func className(_ index: Int, _ dataset: Dataset) -> String {
        index < dataset.classNames.count && dataset.classNames[index] != String(index) ? "\(index) (\(dataset.classNames[index]))" : "\(index)"
    }

    func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return String(String(n).compactMap { $0.wholeNumberValue.map { digits[$0] } })
    }
}
