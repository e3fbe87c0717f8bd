import NNText
import NNData
import NNEngine

/// `net SPEC [act=] [out=] [init=] [seed=]`: build a network from layer widths.
enum NetCommand: SessionCommand {
    static let spec = CommandSpec(
        "net", summary: "build a network from layer widths",
        usage: "net SPEC [act=NAME] [out=NAME] [init=NAME] [seed=S]   (SPEC like 2-8-8-1 or 2-8:relu-3:softmax)\n"
            + "net input SHAPE [init=NAME] [seed=S]   (N, CxHxW like 1x8x8, or TxN; then `layer …`)",
        example: "net 2-16-16-3 act=relu out=softmax init=he",
        options: [
            .init("act", .choice(Activation.names), "activation of hidden layers"),
            .init("out", .choice(Activation.names), "activation of the output layer"),
            .init("init", .text, "weight initializer: \(Initializer.names.joined(separator: ", "))", values: .initializers),
            .init("seed", .integer, "random seed for the initial weights"),
        ])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let specWord = try session.word(command, 0, expected: "layer widths like 2-8-1")
        if specWord.raw.lowercased() == "input" { return try NetInput.run(command, in: session, sink: sink) }
        try session.noExtraWords(command, allowed: 1)
        let hidden = command.option("act").flatMap { Activation(rawValue: $0.text.lowercased()) } ?? .tanh
        var output: Activation
        if let out = command.option("out") {
            output = Activation(rawValue: out.text.lowercased())!
        } else {
            output = defaultOutput(width: Int(specWord.raw.split(separator: "-").last?.split(separator: ":").first ?? "") ?? 1, in: session)
        }
        if hidden == .softmax, let arg = command.optionArgument("act") {
            throw CommandError("softmax works on a whole layer and belongs on the output layer; use act=relu or act=tanh for hidden layers", at: arg)
        }
        let spec: NetworkSpec
        do { spec = try NetworkSpec.parse(specWord.raw, hidden: hidden, output: output) } catch {
            throw CommandError(EngineErrorWording.sentence(for: error), at: specWord)
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
        let netSeed = try session.integerOption(command, "seed", minimum: Int.min) ?? session.seed
        var network = Network(spec: spec, initializer: initializer, seed: netSeed)
        network.dropout = session.dropout
        if session.batchNorm { network.setBatchNorm(true) }
        session.trainer = Trainer(network: network, objective: Objective(loss: session.effectiveLoss),
                                  optimizer: session.optimizerSettings, seed: netSeed)
        session.netRecipe = NetRecipe(spec: spec, initializer: initializer, seed: netSeed)
        session.stackDraft = nil
        session.syncTrainer()
        session.inspection = InspectionTarget(sample: session.inspection.sample)
        let initText = initializer.map { "\($0)" }
            ?? "\(Initializer.default(for: spec.activations.first!)) (default for \(spec.activations.first!.rawValue))"
        let lossText = "\(session.effectiveLoss.rawValue)\(session.chosenLoss == nil ? " (follows the output)" : "")"
        sink(.text(confirmation(spec, parameters: network.parameterCount, initializer: initText, loss: lossText).joined(separator: "\n")))
        if let data = session.data, let problem = session.fitProblem(data) { sink(.text("note: \(problem)")) }
    }

    /// What `net` says it built, in lines that fit 80 columns by design (a number never parts
    /// from its noun): the widths, the parameter count and the activations, then the
    /// initializer and the loss on an indented line.
    /// `net 2-64-64-1: 4,417 parameters, relu hidden, sigmoid output`
    /// `  init he (default for relu), loss bce (follows the output)`
    /// Hidden layers with different activations are listed in order, runs counted
    /// (`hidden tanh×2, relu; sigmoid output`); when that makes the first line too long, the
    /// activations get their own indented line.
    static func confirmation(_ spec: NetworkSpec, parameters: Int, initializer: String, loss: String, width: Int = 80) -> [String] {
        let widths = spec.widths.map(String.init).joined(separator: "-")
        let hidden = spec.activations.dropLast().map(\.rawValue)
        let output = "\(spec.activations.last!.rawValue) output"
        let activations: String
        if hidden.isEmpty {
            activations = output
        } else if Set(hidden).count == 1 {
            activations = "\(hidden[0]) hidden, \(output)"
        } else {
            // Runs of one activation are counted (`sigmoid×3`), so a deep net's list stays short.
            var runs: [(name: String, count: Int)] = []
            for name in hidden {
                if runs.last?.name == name { runs[runs.count - 1].count += 1 } else { runs.append((name, 1)) }
            }
            activations = "hidden \(runs.map { $0.count == 1 ? $0.name : "\($0.name)×\($0.count)" }.joined(separator: ", ")); \(output)"
        }
        let head = "net \(widths): \(Numbers.count(parameters)) parameters"
        let details = "  init \(initializer), loss \(loss)"
        let oneLine = "\(head), \(activations)"
        if oneLine.count <= width { return [oneLine, details] }
        return [head, "  \(activations)", details]
    }

    /// The output activation a net gets when `out=` is not given.
    static func defaultOutput(width: Int, in session: Session) -> Activation {
        if let data = session.data, data.task == .regression { return .identity }
        if session.chosenLoss == .mse, session.data == nil { return .identity }
        if let loss = session.chosenLoss, let needed = loss.requiredOutput { return needed }
        return width == 1 ? .sigmoid : .softmax
    }
}
