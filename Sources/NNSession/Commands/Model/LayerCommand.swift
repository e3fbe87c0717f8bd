import NNText
import NNEngine

/// `layer KIND …`: add a layer to a network begun with `net input SHAPE`, its shape checked
/// against what the layer before hands on.
enum LayerCommand: SessionCommand {
    static let kinds = ["dense", "conv", "maxpool", "avgpool", "flatten", "layernorm", "dropout", "rnn", "lstm"]

    static let spec = CommandSpec(
        "layer", summary: "add a layer to a net begun with `net input SHAPE`",
        usage: "layer dense N [act=NAME] [skip=on] | layer conv F [size=K] [stride=S] [pad=P] [act=NAME]\n"
            + "layer maxpool|avgpool [size=K] [stride=S] | layer flatten | layer layernorm | layer dropout P\n"
            + "layer rnn H [act=tanh] [seq=last|all] | layer lstm H [seq=last|all]",
        example: "layer conv 8 size=3 pad=1 act=relu",
        options: [
            .init("act", .choice(Activation.names), "the layer's activation (dense, rnn: tanh, conv: relu by default)"),
            .init("seq", .choice(["last", "all"]), "rnn, lstm: hand on the last hidden state (default) or every step's"),
            .init("skip", .choice(["on", "off"]), "dense: add the layer's input to its output (widths must match)"),
            .init("size", .integer, "conv and pooling: the window's side K (conv 3, pooling 2 by default)"),
            .init("stride", .integer, "conv and pooling: the step between windows (conv 1, pooling the size)"),
            .init("pad", .integer, "conv: zeros added on every side (default 0)"),
        ],
        words: [.fixed(kinds)])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let kindWord = try session.word(command, 0, expected: "a layer kind: \(kinds.joined(separator: ", "))")
        let kind = kindWord.raw.lowercased()
        guard kinds.contains(kind) else {
            let hint = Suggestion.hint(for: kind, in: kinds) ?? "; choose one of \(kinds.joined(separator: ", "))"
            throw CommandError("unknown layer kind '\(InputExcerpt.cut(kindWord.raw))'\(hint)", at: kindWord)
        }
        var stack: LayerStack
        if let draft = session.stackDraft {
            stack = draft
        } else if let existing = session.trainer?.network.stack {
            stack = existing
        } else if session.trainer != nil {
            throw CommandError("`layer` adds to a net begun with `net input SHAPE`; this net was built with `net SPEC` — start again with `net input \(session.trainer!.network.inputs)`",
                               column: command.column, length: command.name.count)
        } else {
            throw CommandError("there is no net to add a layer to; begin one with `net input SHAPE`, like `net input 1x8x8`",
                               column: command.column, length: command.name.count)
        }
        let allowed: Set<String>
        switch kind {
        case "dense": allowed = ["act", "skip"]
        case "conv": allowed = ["act", "size", "stride", "pad"]
        case "maxpool", "avgpool": allowed = ["size", "stride"]
        case "rnn": allowed = ["act", "seq"]
        case "lstm": allowed = ["seq"]
        default: allowed = []
        }
        for argument in command.arguments {
            if let key = argument.key, !allowed.contains(key) {
                let takes = allowed.isEmpty ? "takes no options" : "takes \(allowed.sorted().map { "\($0)=" }.joined(separator: ", "))"
                throw CommandError("layer \(kind) has no option \(key)=; it \(takes)", at: argument)
            }
        }
        let request = try self.request(kind, command, session)
        let before = stack.layers.count
        do { try stack.add(request) } catch {
            throw CommandError(error.message, column: command.column, length: command.text.count)
        }
        session.stackDraft = nil
        let network = Network(stack: stack)
        // A new layer makes a new net: the optimizer state and history start again.
        session.trainer = Trainer(network: network, objective: Objective(loss: session.effectiveLoss),
                                  optimizer: session.optimizerSettings, seed: session.seed)
        session.syncTrainer()
        session.inspection = InspectionTarget(sample: session.inspection.sample)
        var lines: [String] = []
        for index in before..<stack.layers.count {
            lines.append("layer \(index + 1): \(stack.describe(index)) → \(stack.shapes[index]), "
                         + "\(Numbers.count(stack.layers[index].parameterCount)) parameters")
        }
        lines.append("net: \(stack.layers.count) layer\(stack.layers.count == 1 ? "" : "s"), \(Numbers.count(stack.parameterCount)) parameters, output \(stack.outputShape)")
        sink(.text(lines.joined(separator: "\n")))
    }

    /// The request a `layer` line makes, its numbers checked.
    static func request(_ kind: String, _ command: Command, _ session: Session) throws(CommandError) -> LayerStack.Request {
        func count(_ what: String, example: String) throws(CommandError) -> Int {
            let word = try session.word(command, 1, expected: what)
            guard let n = word.value.number, n == n.rounded(), n >= 1, n <= Double(LayerStack.maximumWidth) else {
                throw CommandError("layer \(kind) needs \(what) from 1 to \(LayerStack.maximumWidth), like `\(example)`; got '\(InputExcerpt.cut(word.raw))'", at: word)
            }
            return Int(n)
        }
        func activation(default value: Activation) throws(CommandError) -> Activation {
            var act = command.option("act").flatMap { Activation(rawValue: $0.text.lowercased()) } ?? value
            // `layer dense 8 relu`: the activation as a word after the count.
            if command.positionals.count == 3 {
                let word = command.positionals[2]
                guard let named = Activation(rawValue: word.raw.lowercased()) else {
                    let hint = Suggestion.hint(for: word.raw, in: Activation.names) ?? "; write act=NAME"
                    throw CommandError("'\(InputExcerpt.cut(word.raw))' is not an activation\(hint)", at: word)
                }
                act = named
            } else {
                try session.noExtraWords(command, allowed: 2)
            }
            return act
        }
        func integer(_ key: String, minimum: Int) throws(CommandError) -> Int? {
            try session.integerOption(command, key, minimum: minimum)
        }
        switch kind {
        case "dense":
            let units = try count("a number of units", example: "layer dense 8 act=relu")
            let act = try activation(default: .tanh)
            return .dense(units: units, activation: act, skip: command.option("skip")?.text.lowercased() == "on")
        case "conv":
            let filters = try count("a number of filters", example: "layer conv 8 size=3 pad=1 act=relu")
            let act = try activation(default: .relu)
            let size = try integer("size", minimum: 1) ?? 3
            return .conv(filters: filters, size: size, stride: try integer("stride", minimum: 1) ?? 1,
                         padding: try integer("pad", minimum: 0) ?? 0, activation: act)
        case "maxpool", "avgpool":
            try session.noExtraWords(command, allowed: 1)
            let size = try integer("size", minimum: 1) ?? 2
            let stride = try integer("stride", minimum: 1) ?? size
            return kind == "maxpool" ? .maxPool(size: size, stride: stride) : .avgPool(size: size, stride: stride)
        case "dropout":
            let word = try session.word(command, 1, expected: "a drop probability in [0, 1)")
            try session.noExtraWords(command, allowed: 2)
            guard let p = word.value.number, p >= 0, p < 1 else {
                throw CommandError("layer dropout needs a probability in [0, 1), like `layer dropout 0.2`", at: word)
            }
            return .dropout(p)
        case "layernorm":
            try session.noExtraWords(command, allowed: 1)
            return .layerNorm
        case "rnn", "lstm":
            let hidden = try count("a number of hidden units", example: "layer \(kind) 16 seq=last")
            let act = kind == "rnn" ? try activation(default: .tanh) : .tanh
            if kind == "lstm" { try session.noExtraWords(command, allowed: 2) }
            guard act.isElementwise else {
                throw CommandError("softmax belongs on the output layer; give the rnn act=tanh (or another activation) and add `layer dense K act=softmax` after it",
                                   at: command.optionArgument("act") ?? command.positionals[command.positionals.count - 1])
            }
            var sequence = false
            if let word = command.optionArgument("seq") {
                switch word.value.text.lowercased() {
                case "last": sequence = false
                case "all": sequence = true
                default:
                    throw CommandError("seq= is last (hand on the final hidden state) or all (every step's); got '\(InputExcerpt.cut(word.value.text))'", at: word)
                }
            }
            return .recurrent(cell: kind == "rnn" ? .rnn : .lstm, hidden: hidden, activation: act, sequence: sequence)
        default:
            try session.noExtraWords(command, allowed: 1)
            return .flatten
        }
    }
}
