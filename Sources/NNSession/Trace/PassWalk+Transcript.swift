extension PassWalk {
    /// The whole walk as plain lines, phase by phase, each step's heading followed by its
    /// formulas: what `trace` prints when no terminal is attached.
    public func transcript() -> [String] {
        var lines = ["trace: \(summary)"]
        var phase: PassStep.Phase?
        for step in steps {
            if step.phase != phase {
                phase = step.phase
                lines.append("")
                lines.append("== \(heading(of: step.phase)) ==")
            }
            lines.append(step.title)
            lines += step.lines.map { "  " + $0 }
        }
        return lines
    }

    /// One line naming the network, the sample and the loss, e.g.
    /// "2-2:sigmoid-1:sigmoid, sample 0, loss bce 0.1234".
    public var summary: String {
        "\(network.spec), \(label), loss \(objective.loss.rawValue) \(TraceNotation.number(loss))"
    }

    /// The heading of a phase, as the transcript and the view name it.
    public func heading(of phase: PassStep.Phase) -> String {
        switch phase {
        case .input: return "input"
        case .forward: return "forward: z = W·a + b, a = σ(z)"
        case .loss: return "loss"
        case .backward: return "backward: δ = ∂L/∂z, ∂L/∂W = δ·aᵀ, ∂L/∂b = δ"
        case .update:
            if usesPerceptronRule { return "update: the perceptron rule w ← w + η(y − ŷ)x (shown, not applied)" }
            return "update: \(optimizerSettings.summary), step \(stepNumber) (shown, not applied)"
        }
    }
}
