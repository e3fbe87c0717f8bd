/// One command of the language: what it accepts (its spec) and what it does (its effect),
/// kept together in one type.
///
/// Each command lives in its own file under `Commands/<area>/` and is listed once in
/// `CommandRegistry.all`; the catalog, `help`, the completer and `Session`'s dispatch all read
/// that list. `run` changes the session's state in place: `Session.run` wraps it, so a command
/// that throws leaves the state as it was before it started.
protocol SessionCommand: Sendable {
    /// The command's name, options, usage, example and what its words complete to.
    static var spec: CommandSpec { get }

    /// Checks the command's words and applies its effect to the session, sending output to `sink`.
    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError)
}
