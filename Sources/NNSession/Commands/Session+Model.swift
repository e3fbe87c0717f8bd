import Foundation
import NNData
import NNEngine

extension Session {
    /// `net SPEC [act=] [out=] [init=] [seed=]`.
    func runNet(_ command: Command, sink: Sink) throws(CommandError) {
        let specWord = try word(command, 0, expected: "layer widths like 2-8-1")
        try noExtraWords(command, allowed: 1)
        let hidden = command.option("act").flatMap { Activation(rawValue: $0.text.lowercased()) } ?? .tanh
        var output: Activation
        if let out = command.option("out") {
            output = Activation(rawValue: out.text.lowercased())!
        } else {
            output = defaultOutput(width: Int(specWord.raw.split(separator: "-").last?.split(separator: ":").first ?? "") ?? 1)
        }
        if hidden == .softmax, let arg = command.optionArgument("act") {
            throw CommandError("softmax works on a whole layer and belongs on the output layer; use act=relu or act=tanh for hidden layers", at: arg)
        }
        let spec: NetworkSpec
        do { spec = try NetworkSpec.parse(specWord.raw, hidden: hidden, output: output) } catch {
            throw CommandError("\(error)", at: specWord)
        }
        output = spec.activations.last!
        var initializer: Initializer?
        if let arg = command.optionArgument("init") {
            guard let rule = Initializer(parsing: arg.value.text) else {
                let hint = Suggestion.hint(for: arg.value.text, in: Initializer.names)
                    ?? "; choose one of \(Initializer.names.joined(separator: ", "))"
                throw CommandError("unknown initializer '\(InputExcerpt.cut(arg.value.text))'\(hint)", at: arg)
            }
            initializer = rule
        }
        let netSeed = try integerOption(command, "seed", minimum: Int.min) ?? seed
        var network = Network(spec: spec, initializer: initializer, seed: netSeed)
        network.dropout = dropout
        if batchNorm { network.setBatchNorm(true) }
        trainer = Trainer(network: network, objective: Objective(loss: effectiveLoss), optimizer: optimizerSettings, seed: netSeed)
        netRecipe = NetRecipe(spec: spec, initializer: initializer, seed: netSeed)
        syncTrainer()
        inspection = InspectionTarget(sample: inspection.sample)
        var line = "net \(spec): \(Numbers.count(network.parameterCount)) parameters, " +
            "init \(initializer.map { "\($0)" } ?? "\(Initializer.default(for: spec.activations.first!)) (default for \(spec.activations.first!.rawValue))")"
        line += ", loss \(effectiveLoss.rawValue)\(chosenLoss == nil ? " (follows the output)" : "")"
        sink(.text(line))
        if let data, let problem = fitProblem(data) { sink(.text("note: \(problem)")) }
    }

    /// The output activation a net gets when `out=` is not given.
    func defaultOutput(width: Int) -> Activation {
        if let data, data.task == .regression { return .identity }
        if chosenLoss == .mse, data == nil { return .identity }
        if let loss = chosenLoss, let needed = loss.requiredOutput { return needed }
        return width == 1 ? .sigmoid : .softmax
    }

    /// Why the current net, loss and data do not fit, if they don't.
    func fitProblem(_ dataset: Dataset) -> String? {
        guard let trainer else { return nil }
        do { try trainer.validate(trainingData(dataset)); return nil } catch { return EngineErrorWording.sentence(for: error) }
    }

    /// `loss NAME`.
    func runLoss(_ command: Command, sink: Sink) throws(CommandError) {
        let nameWord = try word(command, 0, expected: "a loss: \(Loss.names.joined(separator: ", "))")
        try noExtraWords(command, allowed: 1)
        guard let loss = Loss(rawValue: nameWord.raw.lowercased()) else {
            let hint = Suggestion.hint(for: nameWord.raw, in: Loss.names)
                ?? "; choose one of \(Loss.names.joined(separator: ", "))"
            throw CommandError("unknown loss '\(InputExcerpt.cut(nameWord.raw))'\(hint)", at: nameWord)
        }
        chosenLoss = loss
        syncTrainer()
        var line = "loss \(loss.rawValue)"
        if let trainer, let problem = loss.mismatch(output: trainer.network.outputActivation, width: trainer.network.outputs,
                                                     classes: data.flatMap { $0.task == .classification ? $0.classCount : nil }) {
            line += "\nnote: \(EngineErrorWording.sentence(for: problem))"
        }
        sink(.text(line))
    }

    /// `dropout P [scaling=]` or `dropout off`.
    func runDropout(_ command: Command, sink: Sink) throws(CommandError) {
        let value = try word(command, 0, expected: "a drop probability in [0, 1) or `off`")
        try noExtraWords(command, allowed: 1)
        let scaling = command.option("scaling").flatMap { Dropout.Scaling(rawValue: $0.text.lowercased()) } ?? .inverted
        if value.raw.lowercased() == "off" {
            dropout = nil
        } else {
            guard let p = value.value.number, p >= 0, p < 1 else {
                throw CommandError("dropout needs a probability in [0, 1), like `dropout 0.2`, or `dropout off`", at: value)
            }
            dropout = p == 0 ? nil : Dropout(probability: p, scaling: scaling)
        }
        syncTrainer()
        if let dropout {
            let note = dropout.scaling == .inverted
                ? "kept units ×\(Numbers.format(1 / (1 - dropout.probability), digits: 4)) while training, nothing at inference"
                : "kept units unscaled while training, every unit ×\(Numbers.format(1 - dropout.probability, digits: 4)) at inference"
            sink(.text("dropout p=\(Numbers.format(dropout.probability)) (\(dropout.scaling.rawValue): \(note))"))
        } else {
            sink(.text("dropout off"))
        }
    }

    /// `batchnorm on|off`.
    func runBatchNorm(_ command: Command, sink: Sink) throws(CommandError) {
        let value = try word(command, 0, expected: "`on` or `off`")
        try noExtraWords(command, allowed: 1)
        switch value.raw.lowercased() {
        case "on": batchNorm = true
        case "off": batchNorm = false
        default: throw CommandError("batchnorm takes `on` or `off`", at: value)
        }
        syncTrainer()
        sink(.text("batchnorm \(batchNorm ? "on: hidden layers normalize z over each batch (γ, β learnable)" : "off")"))
    }

    /// `reset [seed=N]`: new initial weights from the current seed (or the one given), training
    /// state cleared.
    func runReset(_ command: Command, sink: Sink) throws(CommandError) {
        _ = try requireNetwork(command)
        try noExtraWords(command, allowed: 0)
        guard let recipe = netRecipe else {
            throw CommandError("this net was loaded from a file and has no recipe to redraw; build one with `net`", column: command.column)
        }
        let seed = try integerOption(command, "seed", minimum: Int.min) ?? self.seed
        var network = Network(spec: recipe.spec, initializer: recipe.initializer, seed: seed)
        network.dropout = dropout
        if batchNorm { network.setBatchNorm(true) }
        trainer!.network = network
        trainer!.restart(seed: seed)
        netRecipe = NetRecipe(spec: recipe.spec, initializer: recipe.initializer, seed: seed)
        syncTrainer()
        sink(.text("reset: new weights for \(recipe.spec) from seed \(seed); optimizer state and history cleared"))
    }

    /// `seed N`.
    func runSeed(_ command: Command, sink: Sink) throws(CommandError) {
        let value = try word(command, 0, expected: "a whole number")
        try noExtraWords(command, allowed: 1)
        guard let x = value.value.number, x == x.rounded(), abs(x) < 1e15 else {
            throw CommandError("seed needs a whole number, like `seed 42`", at: value)
        }
        seed = Int(x)
        sink(.text("seed \(seed)"))
    }

    /// `save PATH`.
    func runSave(_ command: Command, sink: Sink) throws(CommandError) {
        let pathWord = try word(command, 0, expected: "a file path")
        try noExtraWords(command, allowed: 1)
        let trainer = try requireNetwork(command)
        let path = pathWord.value.text
        let target = try outputPath(pathWord, verb: "save", example: "model.json")
        do { try ModelFile.write(trainer.network, loss: effectiveLoss, to: target) } catch {
            throw CommandError("\(error)", at: pathWord)
        }
        sink(.text("saved \(trainer.network.spec) (\(Numbers.count(trainer.network.parameterCount)) parameters) to \(path)"))
    }

    /// The file a command writes (`save`, `grads save`): the path a person gave, checked (it
    /// must name a file, not a folder or a device, in a folder that exists) and returned with
    /// its folder's real path, so the writer never sees a bare one-character path.
    /// `verb` (`save`, `grads save`) starts the messages; `example` is the file name they suggest.
    func outputPath(_ pathWord: Command.Argument, verb: String, example: String) throws(CommandError) -> String {
        let text = pathWord.value.text
        let given = UserPath(text)
        let excerpt = given.excerpt
        let shown = "\(verb) \(excerpt)"
        guard let name = given.lastComponent, !given.namesFolder else {
            let folder = text.isEmpty ? "an empty path" : "'\(excerpt)' is a folder"
            throw CommandError("\(shown): \(folder); give a file name like \(example)", at: pathWord)
        }
        switch UserFile.kind(of: text) {
        case .folder:
            throw CommandError("\(shown): '\(excerpt)' is a folder; give a file name like \(UserPath(excerpt).appending(example))", at: pathWord)
        case .special(let kind):
            throw CommandError("\(shown): '\(excerpt)' is \(kind), not a regular file; give a file name like \(example)", at: pathWord)
        case .missing, .regular:
            break
        }
        let folder = given.parent
        switch UserFile.kind(of: folder.string) {
        case .folder:
            break
        case .missing:
            throw CommandError("\(shown): the folder '\(folder.excerpt)' does not exist; create it first or save somewhere else", at: pathWord)
        default:
            throw CommandError("\(shown): '\(folder.excerpt)' is not a folder; give a path like \(example)", at: pathWord)
        }
        guard let real = folder.realPath() else {
            throw CommandError("\(shown): cannot resolve the folder '\(folder.excerpt)'; check its permissions", at: pathWord)
        }
        return real.appending(name).string
    }

    /// `load PATH`: the whole file is checked before anything changes.
    func runLoad(_ command: Command, sink: Sink) throws(CommandError) {
        let pathWord = try word(command, 0, expected: "a model file path")
        try noExtraWords(command, allowed: 1)
        let path = pathWord.value.text
        do { try UserFile.check(path, maximumBytes: ModelFile.maximumBytes) } catch {
            let reason = error == .missing
                ? "no such file; check the path (it is relative to the folder nnlab was started in)"
                : error == .folder ? "it is a folder; name a model file written by `save`, like model.json"
                : "\(error.reason); `load` reads a model file written by `save`"
            throw CommandError("\(UserPath(path).excerpt): \(reason)", at: pathWord)
        }
        let contents: ModelFile.Contents
        do { contents = try ModelFile.read(path: path) } catch {
            throw CommandError("\(error)", at: pathWord)
        }
        var network = contents.network
        if let loss = contents.loss { chosenLoss = loss }
        dropout = network.dropout
        batchNorm = network.usesBatchNorm
        network.dropout = dropout
        trainer = Trainer(network: network, objective: Objective(loss: effectiveLoss), optimizer: optimizerSettings, seed: seed)
        netRecipe = nil
        syncTrainer()
        var line = "loaded \(network.spec) (\(Numbers.count(network.parameterCount)) parameters, loss \(effectiveLoss.rawValue)) from \(pathWord.value.text)"
        if let data, let problem = fitProblem(data) { line += "\nnote: \(problem)" }
        sink(.text(line))
    }
}
