import NNEngine

/// `reset [seed=N]`: new initial weights from the current seed (or the one given), training
/// state cleared.
enum ResetCommand: SessionCommand {
    static let spec = CommandSpec("reset", summary: "draw new initial weights with the current seed (or the seed given)",
                                  usage: "reset [seed=N]", example: "reset seed=3",
                                  options: [.init("seed", .integer, "the seed to draw the weights from")])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        _ = try session.requireNetwork(command)
        try session.noExtraWords(command, allowed: 0)
        if let stack = session.trainer!.network.stack, let seed = try resetSeed(command, session),
           let fresh = stack.rebuilt(seed: seed) {
            session.trainer!.network = Network(stack: fresh)
            session.trainer!.restart(seed: seed)
            session.syncTrainer()
            sink(.text("reset: new weights for \(fresh.outline) from seed \(seed); optimizer state and history cleared"))
            return
        }
        guard let recipe = session.netRecipe else {
            throw CommandError("this net was loaded from a file and has no recipe to redraw; build one with `net`", column: command.column)
        }
        let seed = try session.integerOption(command, "seed", minimum: Int.min) ?? session.seed
        var network = Network(spec: recipe.spec, initializer: recipe.initializer, seed: seed)
        network.dropout = session.dropout
        if session.batchNorm { network.setBatchNorm(true) }
        session.trainer!.network = network
        session.trainer!.restart(seed: seed)
        session.netRecipe = NetRecipe(spec: recipe.spec, initializer: recipe.initializer, seed: seed)
        session.syncTrainer()
        sink(.text("reset: new weights for \(recipe.spec) from seed \(seed); optimizer state and history cleared"))
    }

    private static func resetSeed(_ command: Command, _ session: Session) throws(CommandError) -> Int? {
        try session.integerOption(command, "seed", minimum: Int.min) ?? session.seed
    }
}
