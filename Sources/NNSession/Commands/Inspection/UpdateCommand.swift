import Foundation
import NNEngine

/// `update [sample=I]`: W before, the optimizer's step with its state, W after — for every layer.
enum UpdateCommand: SessionCommand {
    static let spec = CommandSpec("update", summary: "show one optimizer step: W before, the step, W after",
                                  usage: "update [sample=I]", example: "update",
                                  options: [.init("sample", .integer, "training sample index")])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        let (current, _, x, y, label, _) = try session.inspectedPass(command)
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
                [session.elementName(names[p], before[p], i), Numbers.fixed(before[p].scalars[i], 6),
                 Numbers.fixed(after[p].scalars[i] - before[p].scalars[i], 6), Numbers.fixed(after[p].scalars[i], 6)] +
                    state.map { Numbers.fixed($0.1.scalars[i], 6) }
            }
            var title = names[p]
            if before[p].count > 12 { title += " (first 12 of \(before[p].count))" }
            sink(.table(TextTable(title: title, headers: headers, rows: rows)))
        }
        session.trainer = working
    }

    /// The optimizer's state columns for a parameter, named as the update rule names them.
    static func stateColumns(_ optimizer: Optimizer, _ p: Int) -> [(String, Tensor)] {
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

    /// The update rule of an optimizer, as a formula.
    static func updateFormula(_ kind: OptimizerSettings.Kind) -> String {
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
}
