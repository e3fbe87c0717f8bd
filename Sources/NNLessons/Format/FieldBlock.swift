/// The `key: value` lines of an ```` ```exercise ```` or ```` ```quiz ```` block.
///
/// - `key: value` starts a field at the left margin; keys are lower-case words.
/// - Lines indented by at least one space continue the field above them (for long text,
///   code and solutions); their common indentation is removed. A blank line inside a field
///   is kept when an indented line follows it.
/// - `- text` at the left margin is a list item (an option or an ordering item), and indented
///   lines continue it too.
/// - `#` at the left margin starts a comment line.
struct FieldBlock {
    /// One field or list item.
    struct Entry: Equatable {
        /// The key, or `-` for a list item.
        var key: String
        /// The text after `key:` on the key's own line.
        var inline: String
        /// The continuation lines, common indentation removed.
        var continuation: [String]
        /// The continuation lines' file lines.
        var continuationLines: [Int]
        /// The line of the key.
        var line: Int

        /// The whole value: the inline text and the continuation lines joined by newlines.
        var value: String {
            var parts: [String] = []
            if !inline.isEmpty { parts.append(inline) }
            parts += continuation
            return parts.joined(separator: "\n")
        }
    }

    var entries: [Entry] = []
    var problems: [(line: Int, message: String)] = []

    /// Reads the lines of a block (each with its file line).
    init(lines: [BlockLine]) {
        var current: Entry?
        var pendingBlank: [Int] = []
        var rawContinuation: [(String, Int)] = []

        func finish() {
            guard var entry = current else { return }
            let indents = rawContinuation.filter { !$0.0.allSatisfy(\.isWhitespace) }.map { line in
                line.0.prefix { $0 == " " || $0 == "\t" }.count
            }
            let common = indents.min() ?? 0
            entry.continuation = rawContinuation.map { line in
                line.0.allSatisfy(\.isWhitespace) ? "" : String(line.0.dropFirst(common))
            }
            entry.continuationLines = rawContinuation.map(\.1)
            entries.append(entry)
            current = nil
            rawContinuation = []
        }

        for line in lines {
            let text = line.text.replacingTabs()
            if text.allSatisfy(\.isWhitespace) {
                if current != nil { pendingBlank.append(line.line) }
                continue
            }
            if text.first == " " {
                if current == nil {
                    problems.append((line.line, "an indented line continues a field, but no `key:` line comes before it"))
                    continue
                }
                for blank in pendingBlank { rawContinuation.append(("", blank)) }
                pendingBlank = []
                rawContinuation.append((text, line.line))
                continue
            }
            pendingBlank = []
            if text.hasPrefix("#") { continue }
            finish()
            if text == "-" || text.hasPrefix("- ") {
                current = Entry(key: "-", inline: String(text.dropFirst()).trimmed, continuation: [], continuationLines: [], line: line.line)
                continue
            }
            if let colon = text.firstIndex(of: ":") {
                let key = String(text[..<colon])
                if !key.isEmpty, key.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0 == "_" }) {
                    current = Entry(key: key, inline: String(text[text.index(after: colon)...]).trimmed,
                                    continuation: [], continuationLines: [], line: line.line)
                    continue
                }
            }
            problems.append((line.line, "expected `key: value`, `- item` or an indented continuation line, found '\(text.trimmed.prefix(40))'"))
        }
        finish()
    }
}

extension String {
    /// The string without spaces and tabs at either end.
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }

    /// The string with tabs expanded to four spaces (indentation is counted in spaces).
    func replacingTabs() -> String {
        contains("\t") ? split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ") : self
    }

    /// Whether the string is a lesson-style name: lower-case letters and digits joined by `-`.
    var isKebabName: Bool {
        guard let first = first, first.isLetter || first.isNumber, last != "-" else { return false }
        return allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" } && !contains("--")
    }
}
