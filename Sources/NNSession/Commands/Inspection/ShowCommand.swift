import NNText
import NNData
import NNEngine

/// `show net|data|opt|settings|grads|w1|b1|gamma1|beta1`: show the net, a weight matrix, a bias,
/// the data, the settings or each layer's gradient norm.
enum ShowCommand: SessionCommand {
    static let spec = CommandSpec("show", summary: "show the net, a weight matrix, a bias, the data, settings or grads",
                                  usage: "show net|data|opt|grads|w1|b1|…", example: "show w1", words: [.fixed(["net", "data", "opt", "settings", "grads"])])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let what = try session.word(command, 0, expected: "what to show: net, data, opt, settings, w1, b1 …")
        try session.noExtraWords(command, allowed: 1)
        let name = what.raw.lowercased()
        switch name {
        case "net":
            if session.trainer == nil, let draft = session.stackDraft {
                sink(.table(stackSummary(draft, title: "net input \(draft.inputShape) · no layers yet")))
                return
            }
            let trainer = try session.requireNetwork(command)
            let network = trainer.network
            if let stack = network.stack {
                let title = "net input \(stack.inputShape) · loss \(trainer.objective.loss.rawValue) · \(Numbers.count(stack.parameterCount)) parameters"
                sink(.table(stackSummary(stack, title: title)))
                return
            }
            let rows: [[String]] = network.layers.enumerated().map { i, layer in
                ["\(i + 1)", "\(layer.outputs)", "\(layer.outputs) × \(layer.inputs)", layer.activation.rawValue,
                 layer.batchNorm == nil ? "" : "batchnorm", Numbers.count(layer.parameterCount),
                 Numbers.format(layer.weights.norm, digits: 4)]
            }
            var title = "net \(network.spec) · loss \(trainer.objective.loss.rawValue) · \(Numbers.count(network.parameterCount)) parameters"
            if trainer.objective.labelSmoothing > 0 {
                title = title.replacingOccurrences(of: " · loss ce ·", with: " · loss ce smoothing=\(Numbers.format(trainer.objective.labelSmoothing)) ·")
            }
            if let d = network.dropout { title += " · dropout \(Numbers.format(d.probability)) (\(d.scaling.rawValue))" }
            sink(.table(TextTable(title: title, headers: ["layer", "output", "W shape", "activation", "norm", "params", "‖W‖"], rows: rows)))
        case "grads":
            let (trainer, dataset) = try session.requireReady(command)
            let norms = try session.readingTargets(command) { () throws(TargetError) in try session.weightGradients(trainer, dataset) }
            let rows = norms.map { ["\($0.layer)", $0.description, Numbers.format($0.norm, digits: 4)] }
            sink(.table(TextTable(title: "‖∂L/∂W‖ per layer on the training split", headers: ["layer", "type", "‖∂L/∂W‖"], rows: rows)))
        case "data":
            let dataset = try session.requireData(command)
            sink(.text(dataset.summary.joined(separator: "\n")))
        case "opt", "settings":
            let s = session
            var lines = ["opt \(s.optimizerSettings.summary)",
                         "loss \(s.effectiveLoss.rawValue)\(s.chosenLoss == nil ? " (follows the output layer)" : "")"
                            + (s.effectiveLoss == .ce && s.labelSmoothing > 0 ? " smoothing=\(Numbers.format(s.labelSmoothing))" : ""),
                         "reg \(s.regularization.isActive ? "l1=\(Numbers.format(s.regularization.l1)) l2=\(Numbers.format(s.regularization.l2))" : "off")",
                         "sched \(s.schedule)", "clip \(s.clipping)",
                         "batch \(s.batchSize.map(String.init) ?? "whole training split")",
                         "dropout \(s.dropout.map { "\(Numbers.format($0.probability)) (\($0.scaling.rawValue))" } ?? "off")",
                         "batchnorm \(s.batchNorm ? "on" : "off")", "seed \(s.seed)"]
            if let trainer = s.trainer { lines.append("trained \(trainer.epochsDone) epochs, \(trainer.stepsDone) steps") }
            sink(.text(lines.joined(separator: "\n")))
        default:
            let trainer = try session.requireNetwork(command)
            let names = trainer.network.parameterNames
            guard let p = names.firstIndex(of: name) else {
                let hint = Suggestion.hint(for: name, in: names + ["net", "data", "opt"])
                    ?? "; this net has \(names.joined(separator: ", "))"
                throw CommandError("nothing called '\(InputExcerpt.cut(what.raw))' to show\(hint)", at: what)
            }
            let t = trainer.network.parameters[p]
            if t.rank == 2 {
                let shownColumns = min(t.columns, 10)
                let rows: [[String]] = (0..<min(t.rows, 40)).map { r in
                    ["\(r)"] + (0..<shownColumns).map { c in Numbers.fixed(t[r, c], 4) }
                }
                var title = "\(name): \(t.rows) × \(t.columns) (row = output unit, column = input)"
                if t.rows > 40 || t.columns > 10 { title += ", showing \(min(t.rows, 40)) × \(shownColumns)" }
                sink(.table(TextTable(title: title, headers: ["row"] + (0..<shownColumns).map { "\($0)" }, rows: rows)))
            } else {
                sink(.text("\(name): \(vectorTextFull(t.scalars))"))
            }
        }
    }

    /// A summary of a net built layer by layer, like Keras' `model.summary()`: each layer,
    /// the shape it hands on (per sample), its parameter count, and the total.
    static func stackSummary(_ stack: LayerStack, title: String) -> TextTable {
        var rows: [[String]] = [["0", "input", "\(stack.inputShape)", "0"]]
        for index in stack.layers.indices {
            rows.append(["\(index + 1)", stack.describe(index), "\(stack.shapes[index])",
                         Numbers.count(stack.layers[index].parameterCount)])
        }
        rows.append(["", "total", "", Numbers.count(stack.parameterCount)])
        return TextTable(title: title, headers: ["layer", "type", "output shape", "params"], rows: rows)
    }

    /// Up to 64 numbers of a vector, with four decimals.
    static func vectorTextFull(_ xs: [Double]) -> String {
        "[" + xs.prefix(64).map { Numbers.fixed($0, 4) }.joined(separator: ", ") + (xs.count > 64 ? ", … (\(xs.count))" : "") + "]"
    }
}
