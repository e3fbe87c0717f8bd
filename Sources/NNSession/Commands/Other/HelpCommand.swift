import NNText
import NNEngine

/// `help` lists the commands; `help COMMAND` shows usage, options and an example.
enum HelpCommand: SessionCommand {
    static let spec = CommandSpec("help", summary: "list commands, or show one command's usage and an example",
                                  usage: "help [COMMAND]", example: "help train", words: [.commands], aliases: ["?"])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 1)
        guard let topic = command.positionals.first else {
            let width = CommandCatalog.names.map(\.count).max() ?? 8
            let lines = CommandCatalog.all.map { spec in
                spec.name + String(repeating: " ", count: width - spec.name.count + 2) + spec.summary
            }
            sink(.text((["Commands (help COMMAND for usage and an example; ; separates commands, # starts a comment):"] + lines.map { "  " + $0 }).joined(separator: "\n")))
            return
        }
        guard let spec = CommandCatalog.spec(topic.raw.lowercased()) else {
            let hint = Suggestion.hint(for: topic.raw, in: CommandCatalog.names) ?? ""
            throw CommandError("no command '\(InputExcerpt.cut(topic.raw))'\(hint)", at: topic)
        }
        var lines = ["\(spec.name) — \(spec.summary)", "", "usage:"]
        lines += spec.usage.split(separator: "\n").map { "  " + $0 }
        if !spec.options.isEmpty {
            lines.append("options:")
            let width = spec.options.map(\.key.count).max()! + 1
            lines += spec.options.map { "  \($0.key)=" + String(repeating: " ", count: width - $0.key.count) + $0.summary }
        }
        lines += ["example:", "  " + spec.example]
        sink(.text(lines.joined(separator: "\n")))
    }
}
