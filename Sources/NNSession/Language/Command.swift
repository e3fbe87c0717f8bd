/// One parsed command: its name and its words, with their columns in the line they came from.
public struct Command: Equatable, Sendable {
    /// One word after the command name: positional (`live`, `2-8-1`) or `key=value`.
    public struct Argument: Equatable, Sendable {
        /// The key of a `key=value` word, nil for a positional word.
        public var key: String?
        /// The value (for a positional word, the word itself, typed).
        public var value: Value
        /// The word exactly as written.
        public var raw: String
        /// The column (0-based, in characters) where the word starts in its line.
        public var column: Int
    }

    /// The command's name, as written (lower case).
    public var name: String
    /// The words after the name.
    public var arguments: [Argument]
    /// The column where the command starts.
    public var column: Int
    /// The command's text as written.
    public var text: String

    /// The positional words, in order.
    public var positionals: [Argument] { arguments.filter { $0.key == nil } }

    /// The value of `key=value`, if given.
    public func option(_ key: String) -> Value? { arguments.last { $0.key == key }?.value }

    /// The argument of `key=value`, if given.
    public func optionArgument(_ key: String) -> Argument? { arguments.last { $0.key == key } }

    /// Whether a positional word equals `word` (for flags like `live`).
    public func hasFlag(_ word: String) -> Bool { positionals.contains { $0.raw.lowercased() == word } }
}
