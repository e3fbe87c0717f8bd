import NNEngine

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

extension Command.Argument {
    /// The value as a whole number from `minimum` to `maximum`, or an error that names the
    /// option (`name`, or the argument's key) and its valid range.
    ///
    /// The range is checked on the number as written, before it becomes an `Int`, so a value
    /// like `1e19` is an error instead of a trap.
    public func wholeNumber(minimum: Int, maximum: Int = Int.max, name: String? = nil) throws(CommandError) -> Int {
        let label = name ?? key ?? "the value"
        let range: String
        switch (minimum == Int.min, maximum == Int.max) {
        case (true, true): range = "from \(minimum) to \(maximum)"
        case (true, false): range = "at most \(maximum)"
        case (false, true): range = "at least \(minimum)"
        case (false, false): range = "from \(minimum) to \(maximum)"
        }
        let shown = InputExcerpt.cut(value.description)
        guard let x = value.number, x.isFinite, x == x.rounded() else {
            throw CommandError("\(label) must be a whole number (\(range)), got '\(shown)'", at: self)
        }
        // 2^63 is the first Double beyond Int; compare as Doubles until the value is known to fit.
        guard x >= Double(minimum), x < 9_223_372_036_854_775_808.0, x <= Double(maximum) else {
            throw CommandError("\(label) must be \(range), got \(shown)", at: self)
        }
        let n = Int(x)
        guard n >= minimum, n <= maximum else { throw CommandError("\(label) must be \(range), got \(shown)", at: self) }
        return n
    }
}
