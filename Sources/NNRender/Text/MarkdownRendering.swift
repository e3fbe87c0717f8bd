/// The result of rendering a document: its lines, and which lines each top-level block took
/// (so a caller can find, say, the lines of an `nnlab` code block to run or highlight it).
public struct MarkdownRendering: Hashable, Sendable {
    public var lines: [StyledLine]
    /// One range per block of the document, in order.
    public var blockLineRanges: [Range<Int>]

    public init(lines: [StyledLine], blockLineRanges: [Range<Int>]) {
        self.lines = lines
        self.blockLineRanges = blockLineRanges
    }
}
