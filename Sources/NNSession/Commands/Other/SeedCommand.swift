/// `seed N`: set the seed used by data, net and training.
enum SeedCommand: SessionCommand {
    static let spec = CommandSpec("seed", summary: "set the seed used by data, net and training", usage: "seed N", example: "seed 42")

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let value = try session.word(command, 0, expected: "a whole number")
        try session.noExtraWords(command, allowed: 1)
        guard let x = value.value.number, x == x.rounded(), abs(x) < 1e15 else {
            throw CommandError("seed needs a whole number, like `seed 42`", at: value)
        }
        session.seed = Int(x)
        sink(.text("seed \(session.seed)"))
    }
}
