import NNEngine

/// `dropout P [scaling=]` or `dropout off`: drop hidden units with probability P while training.
enum DropoutCommand: SessionCommand {
    static let spec = CommandSpec(
        "dropout", summary: "drop hidden units with probability P while training",
        usage: "dropout P [scaling=inverted|classic] | dropout off", example: "dropout 0.2",
        options: [.init("scaling", .choice(["inverted", "classic"]), "where the 1/(1−p) correction goes")],
        words: [.fixed(["off"])])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let value = try session.word(command, 0, expected: "a drop probability in [0, 1) or `off`")
        try session.noExtraWords(command, allowed: 1)
        let scaling = command.option("scaling").flatMap { Dropout.Scaling(rawValue: $0.text.lowercased()) } ?? .inverted
        if value.raw.lowercased() == "off" {
            session.dropout = nil
        } else {
            guard let p = value.value.number, p >= 0, p < 1 else {
                throw CommandError("dropout needs a probability in [0, 1), like `dropout 0.2`, or `dropout off`", at: value)
            }
            session.dropout = p == 0 ? nil : Dropout(probability: p, scaling: scaling)
        }
        session.syncTrainer()
        if let dropout = session.dropout {
            let note = dropout.scaling == .inverted
                ? "kept units ×\(Numbers.format(1 / (1 - dropout.probability), digits: 4)) while training, nothing at inference"
                : "kept units unscaled while training, every unit ×\(Numbers.format(1 - dropout.probability, digits: 4)) at inference"
            sink(.text("dropout p=\(Numbers.format(dropout.probability)) (\(dropout.scaling.rawValue): \(note))"))
        } else {
            sink(.text("dropout off"))
        }
    }
}
