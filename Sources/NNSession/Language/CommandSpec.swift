/// What one command accepts, for parsing, checking, completion and `help`.
public struct CommandSpec: Sendable {
    /// The kind of value an option takes.
    public enum ValueKind: Sendable, Equatable {
        case number
        case integer
        case choice([String])
        case list
        case text
    }

    /// One `key=value` option.
    public struct Option: Sendable {
        public var key: String
        public var kind: ValueKind
        public var summary: String
        /// The names the value completes to, for a text option that takes a name (`init=he`);
        /// a `.choice` option completes to its choices without it.
        public var values: WordKind?
        /// Whether the value is a comma-separated list of those names (`opts=sgd,adam`).
        public var isCommaList: Bool
        public init(_ key: String, _ kind: ValueKind, _ summary: String, values: WordKind? = nil, isCommaList: Bool = false) {
            self.key = key
            self.kind = kind
            self.summary = summary
            self.values = values
            self.isCommaList = isCommaList
        }
    }

    /// What positional words complete to.
    public enum WordKind: Sendable, Equatable {
        case fixed([String])
        case datasets, activations, losses, optimizers, initializers, path, lessons, topics, commands, surfaces
    }

    public var name: String
    /// One line for the `help` list: at most 67 columns, so it fits 80 after the name column.
    public var summary: String
    /// More about the command, printed by `help COMMAND` after the summary (nil: nothing more).
    public var details: String?
    public var usage: String
    public var example: String
    public var options: [Option]
    /// What the first positional word may be, for completion.
    public var words: [WordKind]
    /// What the second positional word may be, by the first one (`plot act` → activations,
    /// `data load` → a path), for completion.
    public var followers: [String: [WordKind]]
    /// Whether every positional word is one of `words`, each at most once (the terms of
    /// `features`), instead of only the first.
    public var wordsRepeat: Bool
    /// Whether `key=value` words with keys not listed are allowed (for `set` and `expr`).
    public var freeKeys: Bool
    /// Other words that name the command (`exit` for `quit`).
    public var aliases: [String]

    public init(_ name: String, summary: String, details: String? = nil, usage: String, example: String,
                options: [Option] = [], words: [WordKind] = [], followers: [String: [WordKind]] = [:], wordsRepeat: Bool = false,
                freeKeys: Bool = false, aliases: [String] = []) {
        self.name = name
        self.summary = summary
        self.details = details
        self.usage = usage
        self.example = example
        self.options = options
        self.words = words
        self.followers = followers
        self.wordsRepeat = wordsRepeat
        self.freeKeys = freeKeys
        self.aliases = aliases
    }

    /// The option with a key, if the command has it.
    public func option(_ key: String) -> Option? { options.first { $0.key == key } }
}
