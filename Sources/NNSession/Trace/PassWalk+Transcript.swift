extension PassWalk {
    /// The whole walk as plain lines, phase by phase, each step's heading followed by its
    /// formulas: what `trace` prints when no terminal is attached.
    public func transcript() -> [String] {
        var lines = ["trace: \(summary)"]
        var phase: PassStep.Phase?
        var elided = 0
        // Steps alike (a conv's every position) are counted, not printed: the explorer shows each.
        func flushElided() {
            guard elided > 0 else { return }
            lines.append("… \(elided) more step\(elided == 1 ? "" : "s") like these (the explorer on a terminal shows each)")
            elided = 0
        }
        for step in steps {
            if step.phase != phase {
                flushElided()
                phase = step.phase
                lines.append("")
                lines.append("== \(heading(of: step.phase)) ==")
            }
            if step.elided {
                elided += 1
                continue
            }
            flushElided()
            lines.append(step.title)
            lines += step.lines.map { "  " + $0 }
        }
        flushElided()
        return lines
    }

    /// One line naming the network, the sample and the loss, e.g.
    /// "2-2:sigmoid-1:sigmoid, sample 0, loss bce 0.1234".
    public var summary: String {
        "\(networkName), \(label), loss \(objective.loss.rawValue) \(TraceNotation.number(loss))"
    }

    /// The heading of a phase, as the transcript and the view name it.
    public func heading(of phase: PassStep.Phase) -> String {
        switch phase {
        case .input: return "input"
        case .forward: return isStack ? "forward: layer by layer, conv position by position" : "forward: z = W·a + b, a = σ(z)"
        case .loss: return "loss"
        case .backward: return isStack ? "backward: δ = ∂L/∂z, ∂L/∂W, ∂L/∂b, layer by layer" : "backward: δ = ∂L/∂z, ∂L/∂W = δ·aᵀ, ∂L/∂b = δ"
        case .update:
            if usesPerceptronRule { return "update: the perceptron rule w ← w + η(y − ŷ)x (shown, not applied)" }
            return "update: \(optimizerSettings.summary), step \(stepNumber) (shown, not applied)"
        }
    }
}
