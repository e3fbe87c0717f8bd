/// One block of a Markdown document, as the lessons use them.
public indirect enum MarkdownBlock: Hashable, Sendable {
    /// An ATX heading (`#` to `######`), with its inline text.
    case heading(level: Int, text: String)
    /// A paragraph; soft line breaks are spaces, hard breaks (two trailing spaces or `\`) are `\n`.
    case paragraph(text: String)
    /// A fenced code block: its info string (```` ```nnlab ```` gives `nnlab`) and its code.
    case codeBlock(info: String, code: String)
    /// A bulleted or numbered list.
    case list(MarkdownList)
    /// A pipe table.
    case table(MarkdownTable)
    /// A block quote and the blocks inside it.
    case quote([MarkdownBlock])
    /// A horizontal rule (`---`).
    case thematicBreak
}
