/// `trace [sample=I]`: the pass explorer on a terminal; in plain mode the whole walk as text.
enum TraceCommand: SessionCommand {
    static let spec = CommandSpec(
        "trace", summary: "walk one training step value by value (forward, backward, update)",
        details: "Forward, loss, backward and update, one value at a time, full screen; " +
            "a convolution steps one output position at a time with its receptive field marked; " +
            "in plain mode the whole walk prints as text (a few steps of each filter).",
        usage: "trace [sample=I]", example: "trace sample=0", options: [.init("sample", .integer, "training sample index")])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        let walk = try session.passWalk(command)
        if session.environment.interactive {
            sink(.view(.trace(sample: session.inspection.sample)))
            return
        }
        sink(.text(walk.transcript().joined(separator: "\n")))
    }
}
