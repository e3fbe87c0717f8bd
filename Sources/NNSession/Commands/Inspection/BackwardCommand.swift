import NNEngine

/// `backward [sample=I]`: δ, ∂L/∂W and ∂L/∂b of every layer, output first.
enum BackwardCommand: SessionCommand {
    static let spec = CommandSpec("backward", summary: "show δ, ∂L/∂W and ∂L/∂b of every layer for one sample",
                                  details: "Dense layers print a table per unit; conv layers print δ as maps and ∂L/∂W " +
                                      "as K×K grids per filter (or each filter's norm when there are many).",
                                  usage: "backward [sample=I]", example: "backward sample=0",
                                  options: [.init("sample", .integer, "training sample index")])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        let (trainer, result, _, _, label, _) = try session.inspectedPass(command)
        let tape = result.tape
        let layers = result.pass.layers
        let superscript = session.superscript
        sink(.text(StackPassReport.fitted("backward pass, \(label): loss \(Numbers.format(result.loss, digits: 8))")))
        if let stack = trainer.network.stack {
            // A net built layer by layer: δ as maps for image-shaped layers, ∂L/∂W per filter.
            for block in StackPassReport(stack: stack, result: result, objective: trainer.objective).backwardBlocks() { sink(block) }
            return
        }
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let n = l + 1
            let record = layers[l]
            let layer = trainer.network.layers[l]
            let delta = tape.gradient(record.z).scalars
            let formula: String
            if l == layers.count - 1 {
                let weights = trainer.objective.weights
                if let p = weights.positive {
                    formula = "δ\(superscript(n)) = ∂L/∂z\(superscript(n)) = p·y·(a\(superscript(n)) − 1) + (1 − y)·a\(superscript(n)) (bce with pos_weight p = \(Numbers.format(p)), per sample)"
                } else if weights.classes != nil {
                    formula = "δ\(superscript(n)) = ∂L/∂z\(superscript(n)) = w[y]·(a\(superscript(n)) − y) / Σ w[yᵢ] (ce with class weights)"
                } else {
                    formula = trainer.objective.readsLogits
                        ? "δ\(superscript(n)) = ∂L/∂z\(superscript(n)) = a\(superscript(n)) − \(trainer.objective.labelSmoothing > 0 ? "t" : "y") (\(trainer.objective.loss.rawValue) with \(layer.activation.rawValue)\(trainer.objective.labelSmoothing > 0 ? ", t the smoothed target" : ""), per sample)"
                        : "δ\(superscript(n)) = ∇ₐL ⊙ σ′(z\(superscript(n)))"
                }
            } else {
                formula = "δ\(superscript(n)) = (W\(superscript(n + 1)))ᵀδ\(superscript(n + 1)) ⊙ σ′(z\(superscript(n)))" +
                    (record.mask != nil ? " ⊙ mask" : "") + (record.normalized != nil ? " (through batch norm)" : "")
            }
            let grads = result.gradients
            let k = session.parameterIndex(of: l, in: trainer.network)
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
}
