/// Renders Markdown into styled lines for a given width.
///
/// Headings are bold and underlined with a rule, paragraphs are word-wrapped by display width,
/// code blocks are framed with their info string on top (so ```` ```nnlab ```` blocks stand out),
/// lists get bullets or numbers with hanging indents, tables are sized to their content and
/// squeezed (wrapping cells) to fit, and quotes get a bar. Math written in plain Unicode
/// (σ, ∂, Σ, x², x₁) is measured correctly.
public struct MarkdownRenderer: Sendable {
    public var theme: MarkdownTheme
    public var glyphs: GlyphSet

    public init(theme: MarkdownTheme = .standard, glyphs: GlyphSet = .unicode) {
        self.theme = theme
        self.glyphs = glyphs
    }

    /// The rendered lines of Markdown text.
    public func render(_ markdown: String, width: Int) -> [StyledLine] {
        render(MarkdownDocument(parsing: markdown), width: width).lines
    }

    /// The rendered lines of a document, with the lines each top-level block occupies.
    public func render(_ document: MarkdownDocument, width: Int) -> MarkdownRendering {
        var lines: [StyledLine] = []
        var ranges: [Range<Int>] = []
        for (index, block) in document.blocks.enumerated() {
            if index > 0 { lines.append(StyledLine()) }
            let start = lines.count
            lines += renderBlock(block, width: max(1, width), listLevel: 0)
            ranges.append(start..<lines.count)
        }
        return MarkdownRendering(lines: lines, blockLineRanges: ranges)
    }

    /// The rendered lines of a sequence of blocks, separated by blank lines.
    public func renderBlocks(_ blocks: [MarkdownBlock], width: Int) -> [StyledLine] {
        renderBlocks(blocks, width: width, listLevel: 0)
    }

    private var u: Bool { glyphs == .unicode }
    private var inline: InlineMarkdown { InlineMarkdown(theme: theme) }

    private func renderBlocks(_ blocks: [MarkdownBlock], width: Int, listLevel: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        for (index, block) in blocks.enumerated() {
            if index > 0 { lines.append(StyledLine()) }
            lines += renderBlock(block, width: width, listLevel: listLevel)
        }
        return lines
    }

    private func renderBlock(_ block: MarkdownBlock, width: Int, listLevel: Int) -> [StyledLine] {
        let width = max(1, width)
        switch block {
        case .heading(let level, let text):
            let style = level == 1 ? theme.heading1 : (level == 2 ? theme.heading2 : theme.heading3)
            var lines = TextWrapper(width: width).wrap(inline.spans(text, base: style))
            if level <= 2 {
                let ruleWidth = min(width, lines.map(\.width).max() ?? 0)
                let symbol = level == 1 ? (u ? "━" : "=") : (u ? "─" : "-")
                lines.append(StyledLine(String(repeating: symbol, count: max(1, ruleWidth)), style: style))
            }
            return lines
        case .paragraph(let text):
            return TextWrapper(width: width).wrap(inline.spans(text))
        case .codeBlock(let info, let code):
            return renderCode(info: info, code: code, width: width)
        case .list(let list):
            return renderList(list, width: width, level: listLevel)
        case .table(let table):
            return renderTable(table, width: width)
        case .quote(let blocks):
            let bar = u ? "│ " : "| "
            return renderBlocks(blocks, width: width - 2, listLevel: listLevel).map { line in
                if line.isBlank { return StyledLine(u ? "│" : "|", style: theme.quoteBar) }
                var prefixed = StyledLine(bar, style: theme.quoteBar)
                prefixed.append(contentsOf: line.spans)
                return prefixed
            }
        case .thematicBreak:
            return [StyledLine(String(repeating: u ? "─" : "-", count: width), style: theme.rule)]
        }
    }

    private func renderCode(info: String, code: String, width: Int) -> [StyledLine] {
        let top = (u ? "┌─" : "+-") + (info.isEmpty ? "" : " " + info)
        var lines = [StyledLine(DisplayWidth.truncate(top, toWidth: width), style: theme.codeFrame)]
        let gutter = u ? "│ " : "| "
        let contentWidth = max(1, width - 2)
        let mark = Self.codeContinuationMark(glyphs)
        for raw in code.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = String(raw).replacingTabs()
            // Long lines wrap at spaces; the later pieces start with a continuation mark.
            let pieces = DisplayWidth.codeWrap(text, width: contentWidth, continuationWidth: contentWidth - DisplayWidth.of(mark))
            for (index, piece) in pieces.enumerated() {
                var line = StyledLine(gutter, style: theme.codeFrame)
                if index > 0 { line.append(mark, style: theme.codeFrame) }
                line.append(piece, style: theme.codeBlock)
                lines.append(line)
            }
        }
        lines.append(StyledLine(u ? "└─" : "+-", style: theme.codeFrame))
        return lines
    }

    /// What starts the continuation of a code line wrapped to fit (`↪ `).
    public static func codeContinuationMark(_ glyphs: GlyphSet) -> String { glyphs == .unicode ? "↪ " : "> " }

    private func renderList(_ list: MarkdownList, width: Int, level: Int) -> [StyledLine] {
        let bullets = u ? ["•", "◦", "▪"] : ["*", "-", "+"]
        let lastNumber = list.start + list.items.count - 1
        let numberWidth = String(lastNumber).count
        var lines: [StyledLine] = []
        for (index, item) in list.items.enumerated() {
            let marker: String
            if list.isOrdered {
                let n = String(list.start + index)
                marker = String(repeating: " ", count: max(0, numberWidth - n.count)) + n + ". "
            } else {
                marker = bullets[level % bullets.count] + " "
            }
            let markerWidth = DisplayWidth.of(marker)
            let hanging = [StyledSpan(String(repeating: " ", count: markerWidth))]
            var blocks = item
            if case .paragraph(let text)? = blocks.first {
                lines += TextWrapper(width: width).wrap(inline.spans(text), firstPrefix: [StyledSpan(marker, style: theme.bullet)],
                                                        continuationPrefix: hanging)
                blocks.removeFirst()
            } else {
                lines.append(StyledLine(marker, style: theme.bullet))
            }
            for (blockIndex, block) in blocks.enumerated() {
                var isNestedList = false
                if case .list = block { isNestedList = true }
                if !isNestedList || blockIndex > 0 { if !isNestedList { lines.append(StyledLine()) } }
                let inner = renderBlock(block, width: width - markerWidth, listLevel: level + 1)
                lines += inner.map { line in
                    var prefixed = StyledLine(hanging)
                    prefixed.append(contentsOf: line.spans)
                    return prefixed
                }
            }
        }
        return lines
    }

    private func renderTable(_ table: MarkdownTable, width: Int) -> [StyledLine] {
        let columns = table.header.count
        guard columns > 0 else { return [] }
        let header = table.header.map { inline.spans($0, base: theme.tableHeader) }
        let rows = table.rows.map { $0.map { inline.spans($0) } }
        func naturalWidth(_ spans: [StyledSpan]) -> Int { spans.reduce(0) { $0 + $1.width } }
        var widths = (0..<columns).map { j in
            max(1, ([header[j]] + rows.map { $0[j] }).map(naturalWidth).max() ?? 1)
        }
        let separatorWidth = 3
        let available = width - separatorWidth * (columns - 1)
        if available < 4 * columns {
            return renderTableAsRecords(header: header, rows: rows, width: width)
        }
        // Squeeze the widest column, one column at a time, until the table fits.
        while widths.reduce(0, +) > available {
            guard let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 3 else { break }
            widths[widest] -= 1
        }
        let bar = u ? " │ " : " | "
        func renderRow(_ cells: [[StyledSpan]]) -> [StyledLine] {
            let wrapped = (0..<columns).map { j in TextWrapper(width: widths[j]).wrap(cells[j]) }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { r in
                var line = StyledLine()
                for j in 0..<columns {
                    if j > 0 { line.append(bar, style: theme.tableRule) }
                    let cell = r < wrapped[j].count ? wrapped[j][r] : StyledLine()
                    let free = max(0, widths[j] - cell.width)
                    let left: Int
                    switch table.alignments[j] {
                    case .left: left = 0
                    case .right: left = free
                    case .center: left = free / 2
                    }
                    line.append(String(repeating: " ", count: left))
                    line.append(contentsOf: cell.spans)
                    if j < columns - 1 { line.append(String(repeating: " ", count: free - left)) }
                }
                return trimmed(line)
            }
        }
        var lines = renderRow(header)
        let rule = widths.map { String(repeating: u ? "─" : "-", count: $0) }.joined(separator: u ? "─┼─" : "-+-")
        lines.append(StyledLine(rule, style: theme.tableRule))
        for row in rows { lines += renderRow(row) }
        return lines
    }

    /// A table too wide for any column layout: each row as "header: value" lines, rows
    /// separated by rules.
    private func renderTableAsRecords(header: [[StyledSpan]], rows: [[[StyledSpan]]], width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        let wrapper = TextWrapper(width: width)
        for (index, row) in rows.enumerated() {
            if index > 0 { lines.append(StyledLine(String(repeating: u ? "─" : "-", count: min(width, 3)), style: theme.tableRule)) }
            for (name, cell) in zip(header, row) {
                lines += wrapper.wrap(name + [StyledSpan(": ", style: theme.tableHeader)] + cell, continuationPrefix: [StyledSpan("  ")])
            }
        }
        return lines
    }

    private func trimmed(_ line: StyledLine) -> StyledLine {
        var l = line
        while let last = l.spans.last, last.text.hasSuffix(" ") {
            var text = last.text
            while text.hasSuffix(" ") { text.removeLast() }
            if text.isEmpty { l.spans.removeLast() } else { l.spans[l.spans.count - 1].text = text; break }
        }
        return l
    }
}
