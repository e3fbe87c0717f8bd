import NNRender
import NNText
import NNEngine

/// `help` lists the commands; `help COMMAND` shows usage, options and an example.
///
/// Both are laid out for the output's width: a summary too long for its line goes on under
/// itself (a hanging indent), and a usage line breaks between its words, so nothing is cut
/// or folded mid-word.
enum HelpCommand: SessionCommand {
    static let spec = CommandSpec("help", summary: "list commands, or show one command's usage and an example",
                                  usage: "help [COMMAND]", example: "help train", words: [.commands], aliases: ["?"])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 1)
        let width = max(session.environment.width, 20)
        guard let topic = command.positionals.first else {
            let nameWidth = CommandCatalog.names.map(\.count).max() ?? 8
            var lines = wrapped("Commands (`help COMMAND` shows one's usage and an example):", width: width)
            for spec in CommandCatalog.all {
                let name = "  " + spec.name + String(repeating: " ", count: nameWidth - spec.name.count + 2)
                lines += wrapped(spec.summary, width: width, first: name, rest: String(repeating: " ", count: name.count))
            }
            lines += wrapped("`;` separates commands on one line; `#` starts a comment.", width: width)
            sink(.text(lines.joined(separator: "\n")))
            return
        }
        guard let spec = CommandCatalog.spec(topic.raw.lowercased()) else {
            let hint = Suggestion.hint(for: topic.raw, in: CommandCatalog.names) ?? ""
            throw CommandError("no command '\(InputExcerpt.cut(topic.raw))'\(hint)", at: topic)
        }
        var lines = wrapped(spec.summary, width: width, first: "\(spec.name) — ", rest: "  ")
        if let details = spec.details { lines += wrapped(details, width: width, first: "  ", rest: "  ") }
        lines += ["", "usage:"]
        for usage in spec.usage.split(separator: "\n") {
            lines += wrapped(String(usage), width: width, first: "  ", rest: "      ")
        }
        if !spec.options.isEmpty {
            lines.append("options:")
            let keyWidth = spec.options.map(\.key.count).max()! + 1
            for option in spec.options {
                let key = "  \(option.key)=" + String(repeating: " ", count: keyWidth - option.key.count)
                lines += wrapped(option.summary, width: width, first: key, rest: String(repeating: " ", count: key.count + 1))
            }
        }
        lines += ["example:"] + wrapped(spec.example, width: width, first: "  ", rest: "      ")
        sink(.text(lines.joined(separator: "\n")))
    }

    /// Text wrapped between words to a width, the first line after `first`, the others after `rest`.
    static func wrapped(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
        TextWrapper(width: width)
            .wrap([StyledSpan(text)], firstPrefix: first.isEmpty ? [] : [StyledSpan(first)], continuationPrefix: rest.isEmpty ? [] : [StyledSpan(rest)])
            .map { String($0.plainText.reversed().drop { $0 == " " }.reversed()) }
    }
}
