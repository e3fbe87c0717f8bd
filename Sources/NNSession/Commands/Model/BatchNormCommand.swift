import NNEngine

/// `batchnorm on|off`: batch-normalize hidden layers.
enum BatchNormCommand: SessionCommand {
    static let spec = CommandSpec("batchnorm", summary: "batch-normalize hidden layers",
                                  usage: "batchnorm on|off", example: "batchnorm on", words: [.fixed(["on", "off"])])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let value = try session.word(command, 0, expected: "`on` or `off`")
        try session.noExtraWords(command, allowed: 1)
        switch value.raw.lowercased() {
        case "on": session.batchNorm = true
        case "off": session.batchNorm = false
        default: throw CommandError("batchnorm takes `on` or `off`", at: value)
        }
        session.syncTrainer()
        sink(.text("batchnorm \(session.batchNorm ? "on: hidden layers normalize z over each batch (γ, β learnable)" : "off")"))
    }
}
