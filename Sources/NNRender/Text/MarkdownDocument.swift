import Foundation

/// A parsed Markdown document: the block structure of the subset lessons use — ATX headings,
/// paragraphs, fenced code blocks with info strings, bulleted and numbered lists (nested), pipe
/// tables, block quotes and rules. Inline markup stays as text until rendering.
public struct MarkdownDocument: Hashable, Sendable {
    public var blocks: [MarkdownBlock]

    public init(blocks: [MarkdownBlock]) {
        self.blocks = blocks
    }

    /// Parses Markdown text.
    public init(parsing text: String) {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        blocks = MarkdownDocument.parseBlocks(lines)
    }

    /// The top-level code blocks whose info string's first word is `info` (such as `nnlab`),
    /// with their index in `blocks`.
    public func codeBlocks(withInfo info: String) -> [(blockIndex: Int, code: String)] {
        blocks.enumerated().compactMap { index, block in
            guard case .codeBlock(let blockInfo, let code) = block,
                  blockInfo.split(separator: " ").first.map(String.init) == info else { return nil }
            return (index, code)
        }
    }

    // MARK: - Block parsing

    /// How deep block quotes and lists may nest; deeper text is kept as one plain paragraph, so
    /// a line like `> > > …` 50,000 levels deep neither recurses without bound nor copies its
    /// lines once per level.
    public static let maximumNesting = 32

    static func parseBlocks(_ lines: [String], depth: Int = 0) -> [MarkdownBlock] {
        if depth >= maximumNesting {
            let text = lines.map { $0.trimmingLeadingSpaces().trimmingTrailingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
            return text.isEmpty ? [] : [.paragraph(text: text)]
        }
        var blocks: [MarkdownBlock] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if isBlank(line) {
                i += 1
                continue
            }
            if let fence = fenceOpening(line) {
                var code: [String] = []
                i += 1
                while i < lines.count && !isFenceClosing(lines[i], fence: fence) {
                    code.append(removeIndent(lines[i], upTo: fence.indent))
                    i += 1
                }
                i += 1
                blocks.append(.codeBlock(info: fence.info, code: code.joined(separator: "\n")))
                continue
            }
            if let heading = heading(line) {
                blocks.append(.heading(level: heading.level, text: heading.text))
                i += 1
                continue
            }
            if isThematicBreak(line) {
                blocks.append(.thematicBreak)
                i += 1
                continue
            }
            if isQuote(line) {
                var inner: [String] = []
                while i < lines.count && !isBlank(lines[i]) && (isQuote(lines[i]) || !startsBlock(lines[i])) {
                    inner.append(stripQuote(lines[i]))
                    i += 1
                }
                blocks.append(.quote(parseBlocks(inner, depth: depth + 1)))
                continue
            }
            if i + 1 < lines.count, line.contains("|"), let alignments = tableSeparator(lines[i + 1]) {
                let header = tableCells(line)
                var rows: [[String]] = []
                i += 2
                while i < lines.count && !isBlank(lines[i]) && lines[i].contains("|") {
                    rows.append(tableCells(lines[i]))
                    i += 1
                }
                let columns = max(header.count, alignments.count)
                blocks.append(.table(MarkdownTable(header: pad(header, to: columns),
                                                   alignments: alignments + Array(repeating: .left, count: max(0, columns - alignments.count)),
                                                   rows: rows.map { pad(Array($0.prefix(columns)), to: columns) })))
                continue
            }
            if let marker = listMarker(line) {
                let (list, next) = parseList(lines, from: i, first: marker, depth: depth)
                blocks.append(.list(list))
                i = next
                continue
            }
            // A paragraph: lines up to a blank line or the start of another block.
            var text = ""
            while i < lines.count && !isBlank(lines[i]) && (text.isEmpty || !startsBlock(lines[i])) {
                var l = lines[i].trimmingLeadingSpaces()
                var hardBreak = false
                if l.hasSuffix("  ") { hardBreak = true }
                if l.hasSuffix("\\") { hardBreak = true; l.removeLast() }
                l = l.trimmingTrailingSpaces()
                text += l
                i += 1
                if i < lines.count && !isBlank(lines[i]) && !startsBlock(lines[i]) { text += hardBreak ? "\n" : " " }
            }
            blocks.append(.paragraph(text: text))
        }
        return blocks
    }

    private struct Fence {
        var character: Character
        var length: Int
        var indent: Int
        var info: String
    }

    private struct ListMarker {
        var indent: Int
        var isOrdered: Bool
        var number: Int
        var bullet: Character
        /// Where the item's text starts.
        var contentIndent: Int
        var text: String
    }

    private static func parseList(_ lines: [String], from start: Int, first: ListMarker, depth: Int) -> (MarkdownList, Int) {
        var items: [[MarkdownBlock]] = []
        var i = start
        var current: [String] = []
        var contentIndent = first.contentIndent
        func finishItem() {
            if !current.isEmpty { items.append(parseBlocks(current, depth: depth + 1)) }
            current = []
        }
        while i < lines.count {
            let line = lines[i]
            if isBlank(line) {
                // A blank line continues the list only if the next line is indented or another item.
                var j = i + 1
                while j < lines.count && isBlank(lines[j]) { j += 1 }
                guard j < lines.count else { break }
                let next = lines[j]
                if let m = listMarker(next), m.indent == first.indent, m.isOrdered == first.isOrdered {
                    i = j
                    continue
                }
                if indentation(next) >= contentIndent {
                    current.append("")
                    i += 1
                    continue
                }
                break
            }
            if let m = listMarker(line), m.indent <= first.indent {
                guard m.isOrdered == first.isOrdered else { break }
                finishItem()
                current = [m.text]
                contentIndent = m.contentIndent
                i += 1
                continue
            }
            if indentation(line) >= min(contentIndent, first.indent + 2) {
                current.append(removeIndent(line, upTo: contentIndent))
                i += 1
                continue
            }
            // A lazy continuation of the item's paragraph.
            if startsBlock(line) { break }
            current.append(line.trimmingLeadingSpaces())
            i += 1
        }
        finishItem()
        return (MarkdownList(isOrdered: first.isOrdered, start: first.number, items: items), i)
    }

    // MARK: - Line classification

    static func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }

    static func indentation(_ line: String) -> Int {
        var n = 0
        for c in line {
            if c == " " { n += 1 } else if c == "\t" { n += 4 } else { break }
        }
        return n
    }

    static func removeIndent(_ line: String, upTo count: Int) -> String {
        var removed = 0
        var index = line.startIndex
        while index < line.endIndex && removed < count && line[index] == " " {
            removed += 1
            index = line.index(after: index)
        }
        return String(line[index...])
    }

    private static func startsBlock(_ line: String) -> Bool {
        fenceOpening(line) != nil || heading(line) != nil || isThematicBreak(line) || isQuote(line) || listMarker(line) != nil
    }

    private static func fenceOpening(_ line: String) -> Fence? {
        let indent = indentation(line)
        guard indent <= 3 else { return nil }
        let rest = line.trimmingLeadingSpaces()
        guard let c = rest.first, c == "`" || c == "~" else { return nil }
        let length = rest.prefix { $0 == c }.count
        guard length >= 3 else { return nil }
        let info = String(rest.dropFirst(length)).trimmingLeadingSpaces().trimmingTrailingSpaces()
        if c == "`" && info.contains("`") { return nil }
        return Fence(character: c, length: length, indent: indent, info: info)
    }

    private static func isFenceClosing(_ line: String, fence: Fence) -> Bool {
        guard indentation(line) <= 3 else { return false }
        let rest = line.trimmingLeadingSpaces().trimmingTrailingSpaces()
        return rest.count >= fence.length && rest.allSatisfy { $0 == fence.character }
    }

    private static func heading(_ line: String) -> (level: Int, text: String)? {
        guard indentation(line) <= 3 else { return nil }
        let rest = line.trimmingLeadingSpaces()
        let level = rest.prefix { $0 == "#" }.count
        guard level >= 1 && level <= 6 else { return nil }
        let after = rest.dropFirst(level)
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        var text = String(after).trimmingLeadingSpaces().trimmingTrailingSpaces()
        // Closing hashes: "## Title ##".
        if let range = text.range(of: " #", options: .backwards), text[range.upperBound...].allSatisfy({ $0 == "#" }) {
            text = String(text[..<range.lowerBound]).trimmingTrailingSpaces()
        } else if text.allSatisfy({ $0 == "#" }) {
            text = ""
        }
        return (level, text)
    }

    private static func isThematicBreak(_ line: String) -> Bool {
        guard indentation(line) <= 3 else { return false }
        let chars = line.filter { $0 != " " && $0 != "\t" }
        guard chars.count >= 3, let c = chars.first, c == "-" || c == "*" || c == "_" else { return false }
        return chars.allSatisfy { $0 == c }
    }

    private static func isQuote(_ line: String) -> Bool {
        indentation(line) <= 3 && line.trimmingLeadingSpaces().hasPrefix(">")
    }

    private static func stripQuote(_ line: String) -> String {
        var rest = line.trimmingLeadingSpaces()
        guard rest.hasPrefix(">") else { return rest }
        rest.removeFirst()
        if rest.hasPrefix(" ") { rest.removeFirst() }
        return rest
    }

    private static func listMarker(_ line: String) -> ListMarker? {
        let indent = indentation(line)
        let rest = line.trimmingLeadingSpaces()
        guard let first = rest.first else { return nil }
        if first == "-" || first == "*" || first == "+" {
            let after = rest.dropFirst()
            guard after.first == " " || after.first == "\t" else { return nil }
            if isThematicBreak(line) { return nil }
            let spaces = after.prefix { $0 == " " }.count
            let text = String(after.dropFirst(spaces))
            return ListMarker(indent: indent, isOrdered: false, number: 1, bullet: first,
                              contentIndent: indent + 1 + min(max(1, spaces), 4), text: text)
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let after = rest.dropFirst(digits.count)
        guard let delimiter = after.first, delimiter == "." || delimiter == ")" else { return nil }
        let afterDelimiter = after.dropFirst()
        guard afterDelimiter.first == " " || afterDelimiter.first == "\t" else { return nil }
        let spaces = afterDelimiter.prefix { $0 == " " }.count
        return ListMarker(indent: indent, isOrdered: true, number: Int(digits) ?? 1, bullet: delimiter,
                          contentIndent: indent + digits.count + 1 + min(max(1, spaces), 4),
                          text: String(afterDelimiter.dropFirst(spaces)))
    }

    private static func tableSeparator(_ line: String) -> [MarkdownTable.Alignment]? {
        let cells = tableCells(line)
        guard !cells.isEmpty, line.contains("-") else { return nil }
        var alignments: [MarkdownTable.Alignment] = []
        for cell in cells {
            let c = cell.trimmingLeadingSpaces().trimmingTrailingSpaces()
            guard !c.isEmpty, c.allSatisfy({ $0 == "-" || $0 == ":" }), c.contains("-") else { return nil }
            let left = c.hasPrefix(":"), right = c.hasSuffix(":")
            alignments.append(left && right ? .center : (right ? .right : .left))
        }
        return alignments
    }

    /// The cells of a table row, without the outer pipes; `\|` stays a literal pipe.
    static func tableCells(_ line: String) -> [String] {
        var text = line.trimmingLeadingSpaces().trimmingTrailingSpaces()
        if text.hasPrefix("|") { text.removeFirst() }
        if text.hasSuffix("|") && !text.hasSuffix("\\|") { text.removeLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        var inCode = false
        for c in text {
            if escaped {
                current.append(c == "|" ? "|" : c)
                if c != "|" { current.insert("\\", at: current.index(before: current.endIndex)) }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "`" {
                inCode.toggle()
                current.append(c)
            } else if c == "|" && !inCode {
                cells.append(current.trimmingLeadingSpaces().trimmingTrailingSpaces())
                current = ""
            } else {
                current.append(c)
            }
        }
        cells.append(current.trimmingLeadingSpaces().trimmingTrailingSpaces())
        return cells
    }

    private static func pad(_ cells: [String], to count: Int) -> [String] {
        cells + Array(repeating: "", count: max(0, count - cells.count))
    }
}
