import NNText
import Foundation
import NNEngine

/// Turns a line of the command language into `Command` values.
///
/// `;` separates commands and `#` starts a comment (outside quotes). Words are separated by
/// spaces, except inside quotes, brackets and parentheses, so `sin(x1)`, `[1, 2]` and
/// `sigmoid(w*x + b)` are single words. A word with `=` outside brackets is `key=value`.
/// Unknown commands and options, malformed values and unbalanced quotes or brackets are
/// errors that point at their column and, where one is close, name the valid word meant.
public enum CommandParser {
    /// How deep lists may nest in a value (`[[1, 2], [3, 4]]` is 2 deep).
    public static let maximumListDepth = 200

    /// Parses a line into its commands (none for a blank or comment-only line).
    public static func parse(_ line: String) throws(CommandError) -> [Command] {
        var commands: [Command] = []
        for segment in try segments(of: line) {
            let words = try split(segment.text, offset: segment.column)
            guard let first = words.first else { continue }
            commands.append(try command(from: words, first: first, text: segment.text))
        }
        return commands
    }

    // MARK: Segments and words

    struct Piece {
        var text: String
        var column: Int
    }

    /// Splits a line at `;` outside quotes and brackets and drops a `#` comment.
    static func segments(of line: String) throws(CommandError) -> [Piece] {
        var pieces: [Piece] = []
        var current = ""
        var start = 0
        var quote: Character?
        var quoteColumn = 0
        var depth: [(Character, Int)] = []
        for (column, ch) in line.enumerated() {
            if let q = quote {
                current.append(ch)
                if ch == q { quote = nil }
                continue
            }
            switch ch {
            case "\"", "'":
                quote = ch
                quoteColumn = column
                current.append(ch)
            case "#" where depth.isEmpty:
                pieces.append(Piece(text: current, column: start))
                return pieces
            case ";" where depth.isEmpty:
                pieces.append(Piece(text: current, column: start))
                current = ""
                start = column + 1
            case "[", "(":
                depth.append((ch, column))
                current.append(ch)
            case "]", ")":
                let opener: Character = ch == "]" ? "[" : "("
                guard let last = depth.last, last.0 == opener else {
                    throw CommandError("'\(ch)' has no matching '\(opener)'", column: column)
                }
                depth.removeLast()
                current.append(ch)
            default:
                current.append(ch)
            }
        }
        if quote != nil {
            throw CommandError("unterminated quote: add a closing \(quote!) to the string", column: quoteColumn)
        }
        if let open = depth.last {
            throw CommandError("'\(open.0)' is never closed: add '\(open.0 == "[" ? "]" : ")")'", column: open.1)
        }
        pieces.append(Piece(text: current, column: start))
        return pieces
    }

    /// Splits a command's text into words at spaces outside quotes and brackets.
    static func split(_ text: String, offset: Int) throws(CommandError) -> [Piece] {
        var words: [Piece] = []
        var current = ""
        var start = 0
        var quote: Character?
        var depth = 0
        for (i, ch) in text.enumerated() {
            if let q = quote {
                current.append(ch)
                if ch == q { quote = nil }
                continue
            }
            if ch == " " || ch == "\t" {
                if depth == 0 {
                    if !current.isEmpty { words.append(Piece(text: current, column: offset + start)) }
                    current = ""
                    start = i + 1
                    continue
                }
                current.append(ch)
                continue
            }
            if current.isEmpty { start = i }
            if ch == "\"" || ch == "'" { quote = ch }
            if ch == "[" || ch == "(" { depth += 1 }
            if ch == "]" || ch == ")" { depth -= 1 }
            current.append(ch)
        }
        if !current.isEmpty { words.append(Piece(text: current, column: offset + start)) }
        return words
    }

    // MARK: Commands

    static func command(from words: [Piece], first: Piece, text: String) throws(CommandError) -> Command {
        let name = first.text.lowercased()
        guard let spec = CommandCatalog.spec(name) else {
            let hint = Suggestion.hint(for: name, in: CommandCatalog.names)
                ?? "; type 'help' for the list of commands"
            throw CommandError("unknown command '\(InputExcerpt.cut(first.text))'\(hint)", column: first.column, length: first.text.count)
        }
        var arguments: [Command.Argument] = []
        for word in words.dropFirst() {
            arguments.append(try argument(from: word, spec: spec))
        }
        return Command(name: spec.name, arguments: arguments, column: first.column,
                       text: text.trimmingCharacters(in: .whitespaces))
    }

    static func argument(from word: Piece, spec: CommandSpec) throws(CommandError) -> Command.Argument {
        guard let eq = topLevelEquals(word.text) else {
            return Command.Argument(key: nil, value: typedWord(word.text), raw: word.text, column: word.column)
        }
        let key = String(word.text[..<eq])
        let rawValue = String(word.text[word.text.index(after: eq)...])
        let valueColumn = word.column + key.count + 1
        if key.isEmpty {
            throw CommandError("'=' needs a name before it, like lr=0.1", column: word.column)
        }
        let shownKey = InputExcerpt.cut(key)
        if rawValue.isEmpty {
            throw CommandError("\(shownKey)= needs a value after '=', like \(example(for: spec.option(key)?.kind, key: shownKey))",
                               column: word.column, length: word.text.count)
        }
        let option = spec.option(key)
        if option == nil && !spec.freeKeys {
            let known = spec.options.map(\.key)
            let message: String
            if known.isEmpty {
                message = "'\(spec.name)' takes no options like '\(shownKey)='"
            } else if let near = Suggestion.closest(to: key, in: known) {
                message = "unknown option '\(shownKey)' for '\(spec.name)' — did you mean '\(near)'?"
            } else {
                message = "unknown option '\(shownKey)' for '\(spec.name)'; it takes \(known.map { $0 + "=" }.joined(separator: ", "))"
            }
            throw CommandError(message, column: word.column, length: key.count)
        }
        let value = try parseValue(rawValue, column: valueColumn)
        if let option { try check(value, raw: rawValue, against: option, column: valueColumn) }
        return Command.Argument(key: key, value: value, raw: word.text, column: word.column)
    }

    /// The position of the first `=` outside brackets, parentheses and quotes.
    static func topLevelEquals(_ text: String) -> String.Index? {
        var depth = 0
        var quote: Character?
        for i in text.indices {
            let ch = text[i]
            if let q = quote { if ch == q { quote = nil }; continue }
            switch ch {
            case "\"", "'": quote = ch
            case "[", "(": depth += 1
            case "]", ")": depth -= 1
            case "=" where depth == 0: return i
            default: break
            }
        }
        return nil
    }

    static func example(for kind: CommandSpec.ValueKind?, key: String) -> String {
        switch kind {
        case .integer: return "\(key)=10"
        case .choice(let names): return "\(key)=\(names.first ?? "name")"
        case .list: return "\(key)=[1, 2]"
        case .text: return "\(key)=name"
        default: return "\(key)=0.1"
        }
    }

    static func check(_ value: Value, raw fullRaw: String, against option: CommandSpec.Option, column: Int) throws(CommandError) {
        let raw = InputExcerpt.cut(fullRaw)
        let length = fullRaw.count
        switch option.kind {
        case .number:
            guard let x = value.number else {
                throw CommandError("\(option.key) needs a number, like \(option.key)=0.1; got '\(raw)'", column: column, length: length)
            }
            if !x.isFinite { throw CommandError("\(option.key) must be a finite number; got '\(raw)'", column: column, length: length) }
        case .integer:
            guard let x = value.number, x == x.rounded() else {
                throw CommandError("\(option.key) needs a whole number, like \(option.key)=10; got '\(raw)'", column: column, length: length)
            }
            // Bounded here so no command converts a huge number to Int (which would trap);
            // each command checks its own, narrower range.
            guard abs(x) <= Double(maximumWholeNumber) else {
                throw CommandError("\(option.key) is out of range: \(raw); whole numbers here go from -\(maximumWholeNumberText) to \(maximumWholeNumberText)",
                                   column: column, length: length)
            }
        case .choice(let names):
            let text = value.text.lowercased()
            if !names.contains(text) {
                let hint = Suggestion.hint(for: text, in: names)
                    ?? "; choose one of \(names.joined(separator: ", "))"
                throw CommandError("unknown \(option.key) '\(raw)'\(hint)", column: column, length: length)
            }
        case .list:
            guard case .list = value else {
                throw CommandError("\(option.key) needs a list, like \(option.key)=[1, 2]; got '\(raw)'", column: column, length: length)
            }
        case .text:
            break
        }
    }

    /// The largest whole number an integer option may hold before its command's own range check.
    public static let maximumWholeNumber = 999_999_999_999
    static let maximumWholeNumberText = "999,999,999,999"

    // MARK: Values

    /// A positional word, typed: a number when it reads as one, else a word (or a string
    /// without its quotes).
    static func typedWord(_ text: String) -> Value {
        if let x = number(text) { return .number(x) }
        if text.count >= 2, let f = text.first, (f == "\"" || f == "'"), text.last == f {
            return .string(String(text.dropFirst().dropLast()))
        }
        return .word(text)
    }

    /// Parses the value part of `key=value`.
    static func parseValue(_ text: String, column: Int) throws(CommandError) -> Value {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("[") {
            var parser = ListParser(characters: Array(trimmed), column: column)
            let value = try parser.parseList()
            parser.skipSpaces()
            if parser.position < parser.characters.count {
                throw CommandError("unexpected '\(InputExcerpt.cut(String(parser.characters[parser.position])))' after the list", column: column + parser.position)
            }
            return value
        }
        if let f = trimmed.first, f == "\"" || f == "'" {
            guard trimmed.count >= 2, trimmed.last == f else {
                throw CommandError("unterminated quote: add a closing \(f)", column: column)
            }
            return .string(String(trimmed.dropFirst().dropLast()))
        }
        if let x = number(trimmed) { return .number(x) }
        // A shape such as 1x8x8 (`shape=1x8x8`) is a word, not a malformed number.
        if isShape(trimmed) { return .word(trimmed) }
        // Numbers joined by commas without brackets (`runs=1,3,4`) read as the list [1, 3, 4].
        if trimmed.contains(",") {
            let items = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { number(String($0)) }
            if items.allSatisfy({ $0 != nil }) { return .list(items.map { .number($0!) }) }
        }
        if looksNumeric(trimmed) {
            throw CommandError("malformed number '\(InputExcerpt.cut(trimmed))'; write numbers like 0.01, -2 or 1e-3", column: column, length: trimmed.count)
        }
        return .word(trimmed)
    }

    /// Whether a word is a shape: whole numbers joined by x or ×, like 1x8x8 or 20x1.
    static func isShape(_ text: String) -> Bool {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "×", omittingEmptySubsequences: false) }
        return parts.count >= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// A number as the language writes it: 0.1, -2, 1e-3, .5 (not inf or nan).
    static func number(_ text: String) -> Double? {
        guard let first = text.first, first.isNumber || first == "-" || first == "+" || first == "." else { return nil }
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
        return Double(text)
    }

    /// Whether a word starts like a number (so a failure to read it is a typo, not a name).
    static func looksNumeric(_ text: String) -> Bool {
        guard let first = text.first else { return false }
        if first.isNumber { return true }
        if (first == "-" || first == "+" || first == "."), let second = text.dropFirst().first, second.isNumber || second == "." { return true }
        return false
    }

    /// Reads nested lists like `[[1, 2], [3, 4]]`.
    struct ListParser {
        var characters: [Character]
        var column: Int
        var position = 0

        mutating func skipSpaces() { while position < characters.count, characters[position] == " " { position += 1 } }

        /// Reads the list that starts at `position`, nested `depth` lists deep (1 for the outermost).
        mutating func parseList(depth: Int = 1) throws(CommandError) -> Value {
            let open = position
            guard depth <= CommandParser.maximumListDepth else {
                throw CommandError("lists nest more than \(CommandParser.maximumListDepth) levels deep here (column \(column + open + 1)); "
                    + "a value holds numbers, or lists of them, like [[1, 2], [3, 4]]", column: column + open)
            }
            position += 1 // "["
            var items: [Value] = []
            skipSpaces()
            if position < characters.count, characters[position] == "]" { position += 1; return .list([]) }
            while true {
                skipSpaces()
                guard position < characters.count else {
                    throw CommandError("the list is never closed: add ']'", column: column + open)
                }
                if characters[position] == "[" {
                    items.append(try parseList(depth: depth + 1))
                } else {
                    let start = position
                    while position < characters.count, !",]".contains(characters[position]) { position += 1 }
                    let token = String(characters[start..<position]).trimmingCharacters(in: .whitespaces)
                    if token.isEmpty {
                        throw CommandError("empty entry in the list; separate values with single commas, like [1, 2]", column: column + start)
                    }
                    if let x = CommandParser.number(token) {
                        items.append(.number(x))
                    } else if CommandParser.looksNumeric(token) {
                        throw CommandError("malformed number '\(InputExcerpt.cut(token))' in the list", column: column + start, length: token.count)
                    } else {
                        items.append(.word(token))
                    }
                }
                skipSpaces()
                guard position < characters.count else {
                    throw CommandError("the list is never closed: add ']'", column: column + open)
                }
                if characters[position] == "," { position += 1; continue }
                if characters[position] == "]" { position += 1; return .list(items) }
                throw CommandError("expected ',' or ']' in the list, found '\(InputExcerpt.cut(String(characters[position])))'", column: column + position)
            }
        }
    }
}
