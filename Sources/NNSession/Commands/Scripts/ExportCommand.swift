import NNText
import NNData
import NNEngine

/// `export numpy PATH` / `export pytorch PATH`: the model as a standalone Python script.
enum ExportCommand: SessionCommand {
    static let spec = CommandSpec(
        "export", summary: "write the model as a standalone numpy or PyTorch script",
        details: "`python3 PATH data.csv` prints the outputs for a CSV's rows. The PyTorch script also "
            + "trains: `python3 PATH --train EPOCHS` continues training where nnlab stopped (weights, "
            + "optimizer state, schedule, batch size) on the session's training split, which it carries "
            + "(up to 200,000 numbers) or, for a larger CSV, reads from that CSV; "
            + "`python3 PATH data.csv --train EPOCHS` trains on a CSV's rows instead.",
        usage: "export numpy|pytorch PATH", example: "export numpy model.py",
        words: [.fixed(["numpy", "pytorch"])], followers: ["numpy": [.path], "pytorch": [.path]])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let kind = try session.word(command, 0, expected: "`numpy PATH` or `pytorch PATH`")
        let format = kind.raw.lowercased()
        guard format == "numpy" || format == "pytorch" else {
            let hint = Suggestion.hint(for: format, in: ["numpy", "pytorch"]) ?? "."
            throw CommandError("export writes `numpy` or `pytorch` scripts, not '\(InputExcerpt.cut(kind.raw))'\(hint) "
                               + "Example: export numpy model.py", at: kind)
        }
        let pathWord = try session.word(command, 1, expected: "a file path after `\(format)`, like model.py")
        try session.noExtraWords(command, allowed: 2)
        let trainer = try session.requireNetwork(command)
        if let stack = trainer.network.stack,
           let index = stack.layers.firstIndex(where: { !PythonNetworkCode.exportedKinds.contains($0.kind) }) {
            let layerKind = stack.layers[index].kind
            throw CommandError("export does not write \(layerKind) layers yet (layer \(index + 1) of \(stack.outline)); "
                               + "it writes dense, conv, maxpool, avgpool, flatten, layernorm and dropout. "
                               + "Save the model instead: save model.json", at: kind)
        }
        let target = try session.outputPath(pathWord, verb: "export \(format)", example: "model.py")
        let model = ExportedModel(session: session, trainer: trainer)
        let text = format == "numpy" ? NumpyScript.text(model) : PyTorchScript.text(model)
        do { try ModelFile.writeText(text, to: target) } catch {
            throw CommandError("\(error)", at: pathWord)
        }
        let path = pathWord.value.text
        var lines = "exported \(model.title) to \(path)\nrun it: python3 \(path) data.csv"
        if format == "pytorch" {
            switch model.trainingData {
            case .literal(let inputs, _):
                lines += "\ntrain more: python3 \(path) --train EPOCHS\n(the script carries the \(inputs.rows) "
                    + "training rows)"
            case .csv:
                lines += "\ntrain more: python3 \(path) --train EPOCHS\n(the script reads the training rows "
                    + "from the CSV nnlab loaded)"
            case .none:
                lines += "\ntrain: python3 \(path) --train EPOCHS data.csv\n(the script carries no training data)"
            }
        }
        sink(.text(lines))
    }
}
