/// The one list of the language's commands, in the order `help` lists them.
///
/// `CommandCatalog` (and through it the parser, `help` and the completer) and `Session`'s
/// dispatch read this list; adding a command means writing its file and adding it here.
enum CommandRegistry {
    /// Every command, in help order.
    static let all: [any SessionCommand.Type] = [
        DataCommand.self, FeaturesCommand.self,
        NetCommand.self, LayerCommand.self, LossCommand.self, DropoutCommand.self, BatchNormCommand.self,
        OptCommand.self, RegCommand.self, SchedCommand.self, ClipCommand.self,
        TrainCommand.self, StepCommand.self, EvalCommand.self, RunsCommand.self, EntropyCommand.self, ResetCommand.self,
        LrfindCommand.self,
        ForwardCommand.self, BackwardCommand.self, UpdateCommand.self, GradcheckCommand.self, GradsCommand.self,
        SaveCommand.self, LoadCommand.self, ExportCommand.self, HistoryCommand.self, ShowCommand.self, SetCommand.self, TraceCommand.self, ExprCommand.self,
        PlotCommand.self,
        LessonsCommand.self, LessonCommand.self, NextCommand.self, QuizCommand.self, ProgressCommand.self,
        SeedCommand.self, HelpCommand.self, QuitCommand.self,
    ]

    /// The commands by name (aliases are resolved by `CommandCatalog.spec` before a command
    /// is parsed, so a parsed command always carries its own name).
    static let byName: [String: any SessionCommand.Type] =
        Dictionary(all.map { ($0.spec.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The command with a name, if there is one.
    static func command(named name: String) -> (any SessionCommand.Type)? { byName[name] }
}
