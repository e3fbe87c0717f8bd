/// The styles Markdown is rendered with.
public struct MarkdownTheme: Hashable, Sendable {
    public var heading1: Style
    public var heading2: Style
    public var heading3: Style
    public var emphasis: Style
    public var strong: Style
    public var inlineCode: Style
    public var codeBlock: Style
    /// The gutter, frame and info string of code blocks.
    public var codeFrame: Style
    public var link: Style
    public var quoteBar: Style
    public var tableHeader: Style
    public var tableRule: Style
    public var bullet: Style
    public var rule: Style

    public init(heading1: Style, heading2: Style, heading3: Style, emphasis: Style, strong: Style, inlineCode: Style,
                codeBlock: Style, codeFrame: Style, link: Style, quoteBar: Style, tableHeader: Style, tableRule: Style,
                bullet: Style, rule: Style) {
        self.heading1 = heading1
        self.heading2 = heading2
        self.heading3 = heading3
        self.emphasis = emphasis
        self.strong = strong
        self.inlineCode = inlineCode
        self.codeBlock = codeBlock
        self.codeFrame = codeFrame
        self.link = link
        self.quoteBar = quoteBar
        self.tableHeader = tableHeader
        self.tableRule = tableRule
        self.bullet = bullet
        self.rule = rule
    }

    /// Bold headings, italic emphasis, cyan code (readable on dark and light backgrounds),
    /// dim frames and rules.
    public static let standard = MarkdownTheme(
        heading1: Style(fg: .cyan, bold: true), heading2: Style(fg: .cyan, bold: true), heading3: Style(bold: true),
        emphasis: Style(italic: true), strong: Style(bold: true), inlineCode: Style(fg: .cyan),
        codeBlock: Style(fg: .cyan), codeFrame: Style(dim: true), link: Style(underline: true),
        quoteBar: Style(dim: true), tableHeader: Style(bold: true), tableRule: Style(dim: true),
        bullet: Style(dim: false), rule: Style(dim: true))

    /// No styles at all (for plain output the styles are dropped anyway; this keeps buffers simple).
    public static let plain = MarkdownTheme(
        heading1: .plain, heading2: .plain, heading3: .plain, emphasis: .plain, strong: .plain, inlineCode: .plain,
        codeBlock: .plain, codeFrame: .plain, link: .plain, quoteBar: .plain, tableHeader: .plain, tableRule: .plain,
        bullet: .plain, rule: .plain)
}
