import NNData
import NNRender

/// Every command of the language, with its options, usage and an example, read from the
/// commands themselves (`CommandRegistry`), and the names their words take.
public enum CommandCatalog {
    /// The dataset generator names.
    public static let datasetNames = BuiltInDataset.allCases.map(\.rawValue)
    /// The loss surfaces `plot path` draws.
    public static let surfaceNames = LossSurface.all.map(\.name)
    /// What `plot` draws.
    public static let plotKinds = PlotCommand.kinds

    /// All commands, in the order `help` lists them.
    public static let all: [CommandSpec] = CommandRegistry.all.map { $0.spec }

    /// The names of all commands.
    public static let names: [String] = all.map(\.name)

    /// Words accepted for a command besides its name (`exit` for `quit`).
    public static let aliases: [String: String] =
        Dictionary(all.flatMap { spec in spec.aliases.map { ($0, spec.name) } }, uniquingKeysWith: { first, _ in first })

    /// The spec of a command by name or alias.
    public static func spec(_ name: String) -> CommandSpec? {
        let key = aliases[name] ?? name
        return all.first { $0.name == key }
    }
}
