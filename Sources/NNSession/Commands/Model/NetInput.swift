import NNEngine

/// `net input SHAPE [init=] [seed=]`: start a network built layer by layer, with an input of
/// `SHAPE` (N features, an image CxHxW or a sequence TxN) and no layers yet.
enum NetInput {
    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let shapeWord = try session.word(command, 1, expected: "an input shape: N, CxHxW (like 1x8x8) or TxN")
        try session.noExtraWords(command, allowed: 2)
        for key in ["act", "out"] {
            if let arg = command.optionArgument(key) {
                throw CommandError("\(key)= is for `net SPEC`; after `net input` give each layer its own act=, like `layer dense 8 act=relu`", at: arg)
            }
        }
        let shape: LayerShape
        do { shape = try LayerShape.parse(shapeWord.raw) } catch {
            throw CommandError(error.message, at: shapeWord)
        }
        var initializer: Initializer?
        if let arg = command.optionArgument("init") {
            guard let rule = Initializer(parsing: arg.value.text) else {
                throw CommandError("unknown initializer '\(InputExcerpt.cut(arg.value.text))'; choose one of \(Initializer.names.joined(separator: ", "))", at: arg)
            }
            initializer = rule
        }
        let seed = try session.integerOption(command, "seed", minimum: Int.min) ?? session.seed
        session.stackDraft = LayerStack(input: shape, initializer: initializer, seed: seed)
        session.trainer = nil
        session.netRecipe = nil
        session.inspection = InspectionTarget(sample: session.inspection.sample)
        var line = "net input \(shape): no layers yet; add them with `layer`, e.g. "
        if case .image = shape { line += "`layer conv 8 size=3 pad=1 act=relu`" } else { line += "`layer dense 8 act=relu`" }
        sink(.text(line))
        if let data = session.data, data.featureCount != shape.count {
            sink(.text("note: the data has \(data.featureCount) features per row, this input \(shape.count) (\(shape))"))
        }
    }
}
