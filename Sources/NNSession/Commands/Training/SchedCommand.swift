import NNText
import NNEngine

/// `sched none|step|exp|cosine|warmup …`: change the learning rate by epoch.
enum SchedCommand: SessionCommand {
    static let spec = CommandSpec(
        "sched", summary: "change the learning rate by epoch",
        usage: "sched none | step every=K gamma=G | exp gamma=G | cosine [period=T] [min=X] | warmup epochs=W",
        example: "sched cosine period=200",
        options: [
            .init("every", .integer, "epochs between steps"),
            .init("gamma", .number, "factor per step or epoch"),
            .init("period", .integer, "epochs of the cosine half-wave"),
            .init("min", .number, "lowest learning rate of cosine"),
            .init("epochs", .integer, "warm-up length in epochs"),
        ],
        words: [.fixed(LearningRateSchedule.names)])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let kindWord = try session.word(command, 0, expected: "a schedule: \(LearningRateSchedule.names.joined(separator: ", "))")
        try session.noExtraWords(command, allowed: 1)
        let gamma = try session.numberOption(command, "gamma", valid: { $0 > 0 && $0 <= 1 }, rule: "must be in (0, 1]")
        let next: LearningRateSchedule
        switch kindWord.raw.lowercased() {
        case "none", "constant", "off": next = .constant
        case "step":
            next = .step(every: try session.integerOption(command, "every", minimum: 1) ?? 10, gamma: gamma ?? 0.5)
        case "exp", "exponential":
            next = .exponential(gamma: gamma ?? 0.95)
        case "cosine":
            let minimum = try session.numberOption(command, "min", valid: { $0 >= 0 }, rule: "must be zero or positive") ?? 0
            next = .cosine(period: try session.integerOption(command, "period", minimum: 1) ?? 100, minimum: minimum)
        case "warmup":
            next = .warmup(epochs: try session.integerOption(command, "epochs", minimum: 1) ?? 5)
        default:
            let hint = Suggestion.hint(for: kindWord.raw, in: LearningRateSchedule.names)
                ?? "; choose one of \(LearningRateSchedule.names.joined(separator: ", "))"
            throw CommandError("unknown schedule '\(InputExcerpt.cut(kindWord.raw))'\(hint)", at: kindWord)
        }
        session.schedule = next
        session.syncTrainer()
        sink(.text("sched \(next)"))
    }
}
