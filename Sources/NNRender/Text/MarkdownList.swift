/// A bulleted or numbered Markdown list.
public struct MarkdownList: Hashable, Sendable {
    public var isOrdered: Bool
    /// The number of the first item of a numbered list.
    public var start: Int
    /// Each item's blocks: usually a paragraph, sometimes followed by a nested list.
    public var items: [[MarkdownBlock]]

    public init(isOrdered: Bool, start: Int = 1, items: [[MarkdownBlock]]) {
        self.isOrdered = isOrdered
        self.start = start
        self.items = items
    }
}
