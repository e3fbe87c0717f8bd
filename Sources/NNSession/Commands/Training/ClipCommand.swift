import NNEngine

/// `clip norm=X`, `clip value=X` or `clip off`: clip gradients by global norm or by value.
enum ClipCommand: SessionCommand {
    static let spec = CommandSpec(
        "clip", summary: "clip gradients by global norm or by value",
        usage: "clip norm=X | clip value=X | clip off", example: "clip norm=1",
        options: [.init("norm", .number, "largest global gradient norm"), .init("value", .number, "largest gradient element")],
        words: [.fixed(["off"])])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        if command.positionals.first?.raw.lowercased() == "off" {
            try session.noExtraWords(command, allowed: 1)
            session.clipping = .off
        } else {
            try session.noExtraWords(command, allowed: 0)
            let norm = try session.numberOption(command, "norm", valid: { $0 > 0 }, rule: "must be positive")
            let value = try session.numberOption(command, "value", valid: { $0 > 0 }, rule: "must be positive")
            switch (norm, value) {
            case (let n?, nil): session.clipping = .norm(n)
            case (nil, let v?): session.clipping = .value(v)
            case (nil, nil): sink(.text("clip \(session.clipping)")); return
            default: throw CommandError("choose one: clip norm=X or clip value=X", column: command.column, length: command.text.count)
            }
        }
        session.syncTrainer()
        sink(.text("clip \(session.clipping)"))
    }
}
