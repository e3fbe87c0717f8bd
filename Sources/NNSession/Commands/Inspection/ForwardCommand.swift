import NNData
import NNEngine

/// `forward [sample=I]`: z and a of every layer for one sample.
enum ForwardCommand: SessionCommand {
    static let spec = CommandSpec("forward", summary: "show z and a of every layer for one sample",
                                  details: "Dense layers print a table of z and a per unit; conv and pooling layers print " +
                                      "their maps as small grids (a few filters, and how many more).",
                                  usage: "forward [sample=I]", example: "forward sample=0",
                                  options: [.init("sample", .integer, "training sample index")])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        let (trainer, result, x, y, label, dataset) = try session.inspectedPass(command)
        let tape = result.tape
        let superscript = session.superscript
        sink(.text(StackPassReport.fitted("forward pass, \(label): x = \(session.vectorText(x.scalars)), y = \(session.targetText(y, dataset))")))
        if let stack = trainer.network.stack {
            // A net built layer by layer: tables for flat layers, maps for image-shaped ones.
            for block in StackPassReport(stack: stack, result: result, objective: trainer.objective).forwardBlocks() { sink(block) }
            sink(.text(StackPassReport.fitted(closing(trainer, result, tape.value(result.stackPass!.output), dataset, session))))
            return
        }
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
        sink(.text(closing(trainer, result, tape.value(result.pass.output), dataset, session)))
    }

    /// The last line: the predicted class (for classification) and the loss.
    static func closing(_ trainer: Trainer, _ result: GradientResult, _ output: Tensor, _ dataset: Dataset, _ session: Session) -> String {
        var closing = "loss \(trainer.objective.loss.rawValue) = \(Numbers.format(result.dataLoss, digits: 8))"
        if trainer.objective.regularization.isActive { closing += " (with penalties \(Numbers.format(result.loss, digits: 8)))" }
        if dataset.task == .classification {
            let predicted = Metrics.predictedClasses(output, threshold: trainer.classThreshold)[0]
            closing = "predicted class \(session.className(predicted, dataset)) · " + closing
        }
        return closing
    }
}
