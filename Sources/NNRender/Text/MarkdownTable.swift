/// A Markdown pipe table.
public struct MarkdownTable: Hashable, Sendable {
    /// How a column's cells are aligned (from the `:---:` separator row).
    public enum Alignment: Hashable, Sendable { case left, center, right }

    public var header: [String]
    public var alignments: [Alignment]
    public var rows: [[String]]

    public init(header: [String], alignments: [Alignment], rows: [[String]]) {
        self.header = header
        self.alignments = alignments
        self.rows = rows
    }
}
