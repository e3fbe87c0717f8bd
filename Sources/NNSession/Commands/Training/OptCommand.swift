import NNText
import NNEngine

/// `opt NAME [lr=] [momentum=] …`: choose the optimizer and its settings.
enum OptCommand: SessionCommand {
    static let spec = CommandSpec(
        "opt", summary: "choose the optimizer and its settings",
        usage: "opt sgd|momentum|nesterov|rmsprop|adagrad|adam|adamw [lr=X] [momentum=X] [beta1=X] [beta2=X] [rho=X] [eps=X] [decay=X]",
        example: "opt adam lr=0.01",
        options: [
            .init("lr", .number, "learning rate"),
            .init("momentum", .number, "μ of momentum and nesterov"),
            .init("beta1", .number, "β₁ of adam"),
            .init("beta2", .number, "β₂ of adam"),
            .init("rho", .number, "ρ of rmsprop"),
            .init("eps", .number, "ε"),
            .init("decay", .number, "decoupled weight decay of adamw"),
        ],
        words: [.optimizers])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let words = command.positionals
        let current = session.optimizerSettings
        var settings: OptimizerSettings
        if let nameWord = words.first {
            try session.noExtraWords(command, allowed: 1)
            guard let kind = OptimizerSettings.Kind(rawValue: nameWord.raw.lowercased()) else {
                let hint = Suggestion.hint(for: nameWord.raw, in: OptimizerSettings.names)
                    ?? "; choose one of \(OptimizerSettings.names.joined(separator: ", "))"
                throw CommandError("unknown optimizer '\(InputExcerpt.cut(nameWord.raw))'\(hint)", at: nameWord)
            }
            settings = kind == current.kind ? current : OptimizerSettings(kind: kind)
            if kind != current.kind { settings.learningRate = OptimizerSettings.defaultLearningRate(kind) }
        } else {
            guard !command.arguments.isEmpty else {
                sink(.text("opt \(current.summary)"))
                return
            }
            settings = current
        }
        for argument in command.arguments where argument.key != nil {
            let x = argument.value.number!
            switch argument.key! {
            case "lr": settings.learningRate = x
            case "momentum": settings.momentum = x
            case "beta1": settings.beta1 = x
            case "beta2": settings.beta2 = x
            case "rho": settings.rho = x
            case "eps": settings.epsilon = x
            case "decay": settings.decay = x
            default: break
            }
        }
        if let problem = settings.validationError() {
            let key = problem.split(separator: " ").first.map(String.init) ?? ""
            if let argument = command.optionArgument(key) { throw CommandError(problem, at: argument) }
            throw CommandError(problem, column: command.column)
        }
        let keepState = settings.kind == current.kind
        session.optimizerSettings = settings
        if session.trainer != nil {
            session.trainer!.optimizer.settings = settings
            if !keepState { session.trainer!.optimizer.resetState() }
        }
        sink(.text("opt \(settings.summary)"))
    }
}
