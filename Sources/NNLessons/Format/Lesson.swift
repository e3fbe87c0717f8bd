/// One lesson: its header and its pages of prose, runnable blocks, exercises and quiz questions.
///
/// A lesson is a plain value parsed from one Markdown file (see `LessonParser` and
/// `lessons/README.md`); nothing in it runs by itself.
public struct Lesson: Equatable, Sendable {
    /// The front matter.
    public var header: LessonHeader
    /// The file it was read from, as named to the parser.
    public var file: String
    /// The pages: the text up to the first `##` heading, then one page per `##` heading.
    public var pages: [LessonPage]

    /// Makes a lesson.
    public init(header: LessonHeader, file: String, pages: [LessonPage]) {
        self.header = header
        self.file = file
        self.pages = pages
    }

    /// The lesson's id (its file name without `.md`).
    public var id: String { header.id }
    /// The lesson's title.
    public var title: String { header.title }
    /// Every item of every page, in reading order.
    public var items: [LessonItem] { pages.flatMap(\.items) }

    /// The runnable ```` ```nnlab ```` blocks, in order.
    public var commandBlocks: [CommandBlock] {
        items.compactMap { if case .commands(let block) = $0 { return block } else { return nil } }
    }

    /// The exercises, in order.
    public var exercises: [Exercise] {
        items.compactMap { if case .exercise(let exercise) = $0 { return exercise } else { return nil } }
    }

    /// The quiz questions, in order.
    public var questions: [QuizQuestion] {
        items.compactMap { if case .question(let question) = $0 { return question } else { return nil } }
    }

    /// The exercise with an id, if the lesson has it.
    public func exercise(id: String) -> Exercise? { exercises.first { $0.id == id } }

    /// The index of the page holding the exercise with an id.
    public func page(ofExercise id: String) -> Int? {
        pages.firstIndex { page in page.items.contains { if case .exercise(let e) = $0 { return e.id == id } else { return false } } }
    }
}

/// One page of a lesson: what the explorer shows at once, and the unit of "pages seen".
public struct LessonPage: Equatable, Sendable {
    /// The page's `##` heading (the lesson title for the first page).
    public var title: String
    /// The line the page starts on.
    public var line: Int
    /// The page's content, in reading order.
    public var items: [LessonItem]

    /// Makes a page.
    public init(title: String, line: Int, items: [LessonItem]) {
        self.title = title
        self.line = line
        self.items = items
    }
}

/// One piece of a page.
public enum LessonItem: Equatable, Sendable {
    /// Markdown prose (including headings and non-runnable code blocks).
    case prose(Prose)
    /// A runnable ```` ```nnlab ```` block.
    case commands(CommandBlock)
    /// An exercise (a ```` ```exercise ```` block).
    case exercise(Exercise)
    /// A quiz question (a ```` ```quiz ```` block).
    case question(QuizQuestion)
}

/// A stretch of Markdown prose.
public struct Prose: Equatable, Sendable {
    /// The Markdown text, with formulas in plain Unicode.
    public var markdown: String
    /// The line it starts on.
    public var line: Int

    /// Makes prose.
    public init(markdown: String, line: Int) {
        self.markdown = markdown
        self.line = line
    }
}

/// One line of nnlab commands in a lesson, with the file line it is on.
public struct BlockLine: Equatable, Hashable, Sendable {
    /// The command line as written (commands separated by `;`, `#` comments allowed).
    public var text: String
    /// The 1-based line in the lesson file.
    public var line: Int

    /// Makes a line.
    public init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}

/// A runnable ```` ```nnlab ```` block: command lines run one after another in the session.
///
/// A block opened with ```` ```nnlab fails ```` shows a command that fails on purpose (a
/// training run that diverges, a loss that does not fit the net): its last command line must
/// fail, and running the lesson reports a problem if it does not.
public struct CommandBlock: Equatable, Sendable {
    /// The line of the opening fence.
    public var line: Int
    /// The command lines (blank and comment-only lines are kept: they show as written).
    public var lines: [BlockLine]
    /// Whether the last command line is meant to fail.
    public var expectsFailure: Bool

    /// Makes a block.
    public init(line: Int, lines: [BlockLine], expectsFailure: Bool = false) {
        self.line = line
        self.lines = lines
        self.expectsFailure = expectsFailure
    }

    /// The options the info string may carry after `nnlab`.
    public static let options = ["fails"]

    /// The line that must fail, in a block that expects a failure.
    public var failingLine: BlockLine? { expectsFailure ? commandLines.last : nil }

    /// The lines that hold commands (not blank, not only a comment).
    public var commandLines: [BlockLine] {
        lines.filter { line in
            let trimmed = line.text.drop { $0 == " " || $0 == "\t" }
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
    }

    /// The block's text as written.
    public var text: String { lines.map(\.text).joined(separator: "\n") }
}
