import NNEngine

/// `reg [l1=] [l2=]` or `reg off`: penalize weights.
enum RegCommand: SessionCommand {
    static let spec = CommandSpec(
        "reg", summary: "penalize weights: l1 adds λ·Σ|W|, l2 adds λ·ΣW²",
        usage: "reg [l1=X] [l2=X] | reg off", example: "reg l2=0.001",
        options: [.init("l1", .number, "L1 strength"), .init("l2", .number, "L2 strength")],
        words: [.fixed(["off"])])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        if command.positionals.first?.raw.lowercased() == "off" {
            try session.noExtraWords(command, allowed: 1)
            session.regularization = .none
        } else {
            try session.noExtraWords(command, allowed: 0)
            var reg = session.regularization
            if let l1 = try session.numberOption(command, "l1", valid: { $0 >= 0 }, rule: "must be zero or positive") { reg.l1 = l1 }
            if let l2 = try session.numberOption(command, "l2", valid: { $0 >= 0 }, rule: "must be zero or positive") { reg.l2 = l2 }
            session.regularization = reg
        }
        session.syncTrainer()
        let regularization = session.regularization
        sink(.text(regularization.isActive
            ? "reg l1=\(Numbers.format(regularization.l1)) l2=\(Numbers.format(regularization.l2)) (on weights only, never biases)"
            : "reg off"))
    }
}
