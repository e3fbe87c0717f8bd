/// Parses the inline markup of a Markdown text — `*emphasis*`, `**strong**`, `` `code` ``,
/// `[links](url)` and backslash escapes — into styled spans.
public struct InlineMarkdown: Sendable {
    public var theme: MarkdownTheme

    public init(theme: MarkdownTheme = .standard) {
        self.theme = theme
    }

    /// The spans of `text`, on top of `base`.
    public func spans(_ text: String, base: Style = .plain) -> [StyledSpan] {
        var line = StyledLine()
        parse(Array(text), base: base, into: &line)
        return line.spans
    }

    private func parse(_ chars: [Character], base: Style, into line: inout StyledLine) {
        var i = 0
        var literal = ""
        func flush() {
            line.append(literal, style: base)
            literal = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
                literal.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "`" {
                let run = count(of: "`", in: chars, from: i)
                if let close = findRun(of: "`", length: run, in: chars, from: i + run) {
                    flush()
                    var code = String(chars[(i + run)..<close])
                    if code.count >= 2, code.first == " ", code.last == " ", !code.allSatisfy({ $0 == " " }) {
                        code.removeFirst()
                        code.removeLast()
                    }
                    line.append(code, style: base.patched(with: theme.inlineCode))
                    i = close + run
                    continue
                }
                literal += String(repeating: "`", count: run)
                i += run
                continue
            }
            if c == "*" || c == "_" {
                let run = min(2, count(of: c, in: chars, from: i))
                let previous: Character? = i > 0 ? chars[i - 1] : nil
                let next: Character? = i + run < chars.count ? chars[i + run] : nil
                // An opener must touch the text after it; `_` inside a word is not markup.
                let opens = next.map { !$0.isWhitespace } ?? false
                let intraword = c == "_" && (previous.map { $0.isLetter || $0.isNumber } ?? false)
                if opens && !intraword, let close = findDelimiter(c, length: run, in: chars, from: i + run) {
                    flush()
                    let style = base.patched(with: run == 2 ? theme.strong : theme.emphasis)
                    parse(Array(chars[(i + run)..<close]), base: style, into: &line)
                    i = close + run
                    continue
                }
                literal.append(c)
                i += 1
                continue
            }
            if c == "[", let link = parseLink(chars, from: i) {
                flush()
                parse(link.text, base: base.patched(with: theme.link), into: &line)
                if String(link.text) != link.url && !link.url.isEmpty {
                    line.append(" (\(link.url))", style: base.patched(with: Style(dim: true)))
                }
                i = link.end
                continue
            }
            literal.append(c)
            i += 1
        }
        flush()
    }

    private func count(of c: Character, in chars: [Character], from i: Int) -> Int {
        var n = 0
        while i + n < chars.count && chars[i + n] == c { n += 1 }
        return n
    }

    /// The index of the next run of exactly `length` copies of `c`.
    private func findRun(of c: Character, length: Int, in chars: [Character], from start: Int) -> Int? {
        var i = start
        while i < chars.count {
            if chars[i] == c {
                let run = count(of: c, in: chars, from: i)
                if run == length { return i }
                i += run
            } else {
                i += 1
            }
        }
        return nil
    }

    /// The closing delimiter of an emphasis or strong run, skipping code spans and escapes.
    private func findDelimiter(_ c: Character, length: Int, in chars: [Character], from start: Int) -> Int? {
        var i = start
        while i < chars.count {
            let ch = chars[i]
            if ch == "\\" { i += 2; continue }
            if ch == "`" {
                let run = count(of: "`", in: chars, from: i)
                if let close = findRun(of: "`", length: run, in: chars, from: i + run) { i = close + run; continue }
                i += run
                continue
            }
            if ch == c {
                let run = count(of: c, in: chars, from: i)
                let previous = chars[i - 1]
                let after: Character? = i + run < chars.count ? chars[i + run] : nil
                let closes = !previous.isWhitespace && (c != "_" || !(after.map { $0.isLetter || $0.isNumber } ?? false))
                if closes && i > start {
                    if run == length { return i }
                    if length == 1 && run >= 2 { i += run; continue }
                    if length == 2 && run >= 2 { return i }
                }
                i += run
                continue
            }
            i += 1
        }
        return nil
    }

    private func parseLink(_ chars: [Character], from start: Int) -> (text: [Character], url: String, end: Int)? {
        var depth = 0
        var i = start
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if chars[i] == "[" { depth += 1 }
            if chars[i] == "]" {
                depth -= 1
                if depth == 0 { break }
            }
            i += 1
        }
        guard i < chars.count, i + 1 < chars.count, chars[i + 1] == "(" else { return nil }
        guard let close = chars[(i + 2)...].firstIndex(of: ")") else { return nil }
        let url = String(chars[(i + 2)..<close])
        return (Array(chars[(start + 1)..<i]), url, close + 1)
    }
}
