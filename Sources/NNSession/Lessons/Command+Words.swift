extension Command {
    /// A command built from separate words (nnlab's own arguments, a lesson's name) without
    /// ever joining them into a line that is parsed again.
    ///
    /// Each word stays one argument whatever it holds: quotes, `;`, `#`, spaces and newlines are
    /// part of the word, never syntax. A word `key=value` whose key the command takes (or any
    /// key, for commands with free keys) becomes that option, its value read by the language's
    /// value rules; every other word is positional: a number when it reads as one and back
    /// as the same text, else the word as it is.
    public init(name: String, words: [String]) throws(CommandError) {
        guard let spec = CommandCatalog.spec(name.lowercased()) else {
            throw CommandError("unknown command '\(name)'")
        }
        var arguments: [Argument] = []
        var column = spec.name.count + 1
        for word in words {
            arguments.append(try Self.argument(word, spec: spec, column: column))
            column += word.count + 1
        }
        self.init(name: spec.name, arguments: arguments, column: 0,
                  text: ([spec.name] + words).joined(separator: " "))
    }

    /// One word as an argument of a command with this spec.
    static func argument(_ word: String, spec: CommandSpec, column: Int) throws(CommandError) -> Argument {
        if let eq = word.firstIndex(of: "="), eq != word.startIndex {
            let key = String(word[..<eq])
            let isKey = key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            if isKey, spec.option(key) != nil || spec.freeKeys {
                let raw = String(word[word.index(after: eq)...])
                if raw.isEmpty {
                    throw CommandError("\(key)= needs a value after '='", column: column, length: word.count)
                }
                let value = try CommandParser.parseValue(raw, column: column + key.count + 1)
                if let option = spec.option(key) {
                    try CommandParser.check(value, raw: raw, against: option, column: column + key.count + 1)
                }
                return Argument(key: key, value: value, raw: word, column: column)
            }
        }
        // A number only when it reads back as the same text, so `value.text` is always the word
        // (a file named `1e5` stays `1e5`, not `100000`).
        if let x = CommandParser.number(word), Value.number(x).text == word {
            return Argument(key: nil, value: .number(x), raw: word, column: column)
        }
        return Argument(key: nil, value: .word(word), raw: word, column: column)
    }
}
