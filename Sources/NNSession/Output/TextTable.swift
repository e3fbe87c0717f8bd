import NNEngine
import NNRender

/// A table of text cells with a header row, laid out in aligned columns.
public struct TextTable: Equatable, Sendable {
    /// How a column's cells line up.
    public enum Alignment: Sendable { case left, right }

    /// An optional line printed above the table.
    public var title: String?
    /// The header row.
    public var headers: [String]
    /// The body rows; each as long as `headers`.
    public var rows: [[String]]
    /// The alignment of each column; numbers read best right-aligned.
    public var alignments: [Alignment]

    /// Makes a table; columns whose cells all read as numbers are right-aligned.
    public init(title: String? = nil, headers: [String], rows: [[String]], alignments: [Alignment]? = nil) {
        self.title = title
        self.headers = headers
        self.rows = rows
        self.alignments = alignments ?? headers.indices.map { column in
            let cells = rows.compactMap { column < $0.count ? $0[column] : nil }
            let numeric = !cells.isEmpty && cells.allSatisfy { cell in
                cell.isEmpty || cell == "—" || Double(cell.replacingOccurrences(of: "%", with: "")) != nil
            }
            return numeric ? .right : .left
        }
    }

    /// The table as lines of text, two spaces between columns, a rule under the header.
    ///
    /// Control characters in cells (a CSV header can hold any) are shown escaped, like `\x1b`,
    /// and the columns are measured after escaping so they stay aligned.
    public func lines() -> [String] {
        let headers = self.headers.map(Self.shown)
        let rows = self.rows.map { $0.map(Self.shown) }
        let title = self.title.map { InputExcerpt.escapingControls($0, keepingNewlines: true) }
        var widths = headers.map { DisplayWidth.of($0) }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        func format(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, width) in widths.enumerated() {
                let cell = i < cells.count ? cells[i] : ""
                let pad = String(repeating: " ", count: max(0, width - DisplayWidth.of(cell)))
                parts.append(alignments[i] == .right ? pad + cell : cell + pad)
            }
            return String(parts.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
        }
        var out: [String] = []
        if let title { out.append(title) }
        out.append(format(headers))
        out.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        out += rows.map(format)
        return out
    }

    /// The table as lines at most `width` columns wide: when its rows are wider, the columns
    /// are cut into blocks one under the other, each repeating the first column (the row's
    /// name), as R and pandas print wide tables; the title comes once, above the first block.
    public func lines(width: Int) -> [String] {
        let all = lines()
        guard headers.count > 2, all.dropFirst(title == nil ? 0 : 1).contains(where: { DisplayWidth.of($0) > width }) else { return all }
        var widths = headers.map { DisplayWidth.of(Self.shown($0)) }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(Self.shown(cell))) }
        }
        var blocks: [[Int]] = []
        var current = [0]
        var used = widths[0]
        for column in 1..<headers.count {
            if current.count > 1 && used + 2 + widths[column] > width {
                blocks.append(current)
                current = [0]
                used = widths[0]
            }
            current.append(column)
            used += 2 + widths[column]
        }
        blocks.append(current)
        var out: [String] = []
        if let title { out.append(InputExcerpt.escapingControls(title, keepingNewlines: true)) }
        for (index, columns) in blocks.enumerated() {
            if index > 0 { out.append("") }
            let part = TextTable(headers: columns.map { headers[$0] },
                                 rows: rows.map { row in columns.map { $0 < row.count ? row[$0] : "" } },
                                 alignments: columns.map { alignments[$0] })
            out += part.lines()
        }
        return out
    }

    /// A cell as printed: control characters (tabs and line breaks included, which would break
    /// the columns) escaped.
    static func shown(_ cell: String) -> String { InputExcerpt.escapingControls(cell) }
}

