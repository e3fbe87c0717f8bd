/// Parses the inline markup of a Markdown text — `*emphasis*`, `**strong**`, `` `code` ``,
/// `[links](url)` and backslash escapes — into styled spans.
public struct InlineMarkdown: Sendable {
    public var theme: MarkdownTheme

    public init(theme: MarkdownTheme = .standard) {
        self.theme = theme
    }

    /// How deep emphasis and links may nest; deeper markup is kept as literal text, so
    /// `**…**` nested 50,000 times neither overflows the stack nor takes quadratic time.
    public static let maximumNesting = 16

    /// The spans of `text`, on top of `base`.
    public func spans(_ text: String, base: Style = .plain) -> [StyledSpan] {
        var line = StyledLine()
        parse(Array(text), base: base, into: &line, depth: 0)
        return line.spans
    }

    /// What one scan of a text has learned, so no search runs over the same text twice:
    /// the openers of emphasis known to have no closer from some index on, the matching `]`
    /// of every `[`, and the next `)` after each index.
    private final class Scan {
        var noCloserFrom: [String: Int] = [:]
        var bracketMatches: [Int: Int]?
        var nextParenthesis: [Int]?
    }

    private func parse(_ chars: [Character], base: Style, into line: inout StyledLine, depth: Int) {
        let scan = Scan()
        let nests = depth < InlineMarkdown.maximumNesting
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
                let run = count(of: c, in: chars, from: i, limit: 2)
                let previous: Character? = i > 0 ? chars[i - 1] : nil
                let next: Character? = i + run < chars.count ? chars[i + run] : nil
                // An opener must touch the text after it; `_` inside a word is not markup.
                let opens = next.map { !$0.isWhitespace } ?? false
                let intraword = c == "_" && (previous.map { $0.isLetter || $0.isNumber } ?? false)
                if nests && opens && !intraword, let close = findDelimiter(c, length: run, in: chars, from: i + run, scan: scan) {
                    flush()
                    let style = base.patched(with: run == 2 ? theme.strong : theme.emphasis)
                    parse(Array(chars[(i + run)..<close]), base: style, into: &line, depth: depth + 1)
                    i = close + run
                    continue
                }
                literal.append(c)
                i += 1
                continue
            }
            if c == "[", nests, let link = parseLink(chars, from: i, scan: scan) {
                flush()
                parse(link.text, base: base.patched(with: theme.link), into: &line, depth: depth + 1)
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

    /// How many copies of `c` start at `i` (counting at most `limit`).
    private func count(of c: Character, in chars: [Character], from i: Int, limit: Int = .max) -> Int {
        var n = 0
        while n < limit && i + n < chars.count && chars[i + n] == c { n += 1 }
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
    ///
    /// A search that finds none is remembered: a later opener of the same kind has no closer
    /// either, so a line of many unclosed openers is scanned once, not once per opener.
    private func findDelimiter(_ c: Character, length: Int, in chars: [Character], from start: Int, scan: Scan) -> Int? {
        let key = "\(c)\(length)"
        if let known = scan.noCloserFrom[key], start >= known { return nil }
        guard let found = searchDelimiter(c, length: length, in: chars, from: start) else {
            scan.noCloserFrom[key] = min(start, scan.noCloserFrom[key] ?? start)
            return nil
        }
        return found
    }

    private func searchDelimiter(_ c: Character, length: Int, in chars: [Character], from start: Int) -> Int? {
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

    /// A link `[text](url)` starting at `start`, found through the scan's bracket matches and
    /// next-`)` table (each built once, in one pass over the text).
    private func parseLink(_ chars: [Character], from start: Int, scan: Scan) -> (text: [Character], url: String, end: Int)? {
        if scan.bracketMatches == nil {
            var matches: [Int: Int] = [:]
            var open: [Int] = []
            var k = 0
            while k < chars.count {
                if chars[k] == "\\" { k += 2; continue }
                if chars[k] == "[" { open.append(k) }
                if chars[k] == "]", let j = open.popLast() { matches[j] = k }
                k += 1
            }
            scan.bracketMatches = matches
        }
        guard let i = scan.bracketMatches?[start], i + 1 < chars.count, chars[i + 1] == "(" else { return nil }
        if scan.nextParenthesis == nil {
            var next = [Int](repeating: -1, count: chars.count + 1)
            for k in stride(from: chars.count - 1, through: 0, by: -1) { next[k] = chars[k] == ")" ? k : next[k + 1] }
            scan.nextParenthesis = next
        }
        guard i + 2 <= chars.count, let close = scan.nextParenthesis.map({ $0[i + 2] }), close >= 0 else { return nil }
        let url = String(chars[(i + 2)..<close])
        return (Array(chars[(start + 1)..<i]), url, close + 1)
    }
}
