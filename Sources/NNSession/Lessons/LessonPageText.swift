import NNLessons
import NNRender

/// One page of a lesson laid out as styled lines for the explorer's prose column: Markdown
/// prose, runnable blocks framed as code (the selected one marked, with how it ran), exercises
/// with their goal, the hints revealed so far and whether they are solved, and quiz questions
/// without their answers.
///
/// It also records which lines each selectable item (block or exercise) took, so the explorer
/// can scroll the selected one into view.
public struct LessonPageText {
    /// How a runnable block last ran.
    public enum BlockState: Equatable, Sendable {
        case notRun, ran, failed, waiting
    }

    /// What the layout needs to know about the learner's progress on the page.
    public struct State {
        /// The index (among the page's blocks and exercises) of the selected item.
        public var selected: Int?
        /// How each block of the page ran, by its index among the page's items.
        public var blocks: [Int: BlockState] = [:]
        /// The ids of the exercises solved.
        public var solved: Set<String> = []
        /// How many hints are revealed, by exercise id.
        public var hints: [String: Int] = [:]

        public init(selected: Int? = nil) { self.selected = selected }
    }

    /// The lines.
    public private(set) var lines: [StyledLine] = []
    /// The lines of each selectable item (blocks and exercises, in page order).
    public private(set) var itemRanges: [Range<Int>] = []

    /// The page's items a learner acts on: blocks (Enter runs) and exercises (h, c).
    public static func selectableItems(of page: LessonPage) -> [LessonItem] {
        page.items.filter {
            switch $0 {
            case .commands, .exercise: return true
            case .prose, .question: return false
            }
        }
    }

    static let renderer = MarkdownRenderer(theme: .standard, glyphs: .unicode)

    /// Lays out a page at a width.
    public init(page: LessonPage, width: Int, state: State) {
        let width = max(10, width)
        let blockCount = page.items.filter { if case .commands = $0 { return true } else { return false } }.count
        var blockNumber = 0
        var selectable = 0
        for item in page.items {
            if !lines.isEmpty { lines.append(StyledLine()) }
            switch item {
            case .prose(let prose):
                lines += Self.renderer.render(prose.markdown, width: width)
            case .commands(let block):
                blockNumber += 1
                let start = lines.count
                lines += blockLines(block, number: blockNumber, of: blockCount, width: width,
                                    selected: state.selected == selectable, state: state.blocks[selectable] ?? .notRun)
                itemRanges.append(start..<lines.count)
                selectable += 1
            case .exercise(let exercise):
                let start = lines.count
                lines += exerciseLines(exercise, width: width, selected: state.selected == selectable,
                                       solved: state.solved.contains(exercise.id), hintsShown: state.hints[exercise.id] ?? 0)
                itemRanges.append(start..<lines.count)
                selectable += 1
            case .question(let question):
                lines += questionLines(question, width: width)
            }
        }
    }

    // MARK: Blocks

    func blockLines(_ block: CommandBlock, number: Int, of count: Int, width: Int, selected: Bool, state: BlockState) -> [StyledLine] {
        let frame = selected ? Style(fg: .yellow, bold: true) : Style(dim: true)
        var top = StyledLine(selected ? "┏━ ▶ " : "┌─ ", style: frame)
        top.append("nnlab", style: selected ? Style(fg: .yellow, bold: true) : Style(fg: .cyan))
        if count > 1 { top.append(" \(number)/\(count)", style: frame) }
        switch state {
        case .notRun: break
        case .ran: top.append("  ✓ ran", style: Style(fg: .green))
        case .failed: top.append("  ✗ failed", style: Style(fg: .red, bold: true))
        case .waiting: top.append("  … live view open", style: Style(fg: .yellow))
        }
        if block.expectsFailure { top.append("  (fails on purpose)", style: Style(dim: true)) }
        if selected { top.append("  Enter runs", style: Style(fg: .yellow)) }
        var lines = [clipped(top, width)]
        let gutter = selected ? "┃ " : "│ "
        for line in block.lines {
            let comment = line.text.trimmingCharacters(in: .whitespaces).hasPrefix("#")
            for piece in DisplayWidth.hardWrap(line.text, width: width - 2) {
                var row = StyledLine(gutter, style: frame)
                row.append(piece, style: comment ? Style(dim: true) : Style(fg: .cyan))
                lines.append(row)
            }
        }
        lines.append(StyledLine(selected ? "┗━" : "└─", style: frame))
        return lines
    }

    // MARK: Exercises

    func exerciseLines(_ exercise: Exercise, width: Int, selected: Bool, solved: Bool, hintsShown: Int) -> [StyledLine] {
        let barStyle = selected ? Style(fg: .yellow, bold: true) : (solved ? Style(fg: .green) : Style(fg: .magenta))
        let inner = width - 2
        var body: [StyledLine] = []
        var title = StyledLine(selected ? "▶ " : "◆ ", style: barStyle)
        title.append("Exercise: ", style: Style(fg: .magenta, bold: true))
        title.append(contentsOf: InlineMarkdown(theme: .standard).spans(exercise.title, base: Style(bold: true)))
        if solved { title.append("  ✓ solved", style: Style(fg: .green, bold: true)) }
        body += TextWrapper(width: inner).wrap(title.spans)
        body += Self.renderer.render(exercise.goal, width: inner)
        // The check breaks only between conditions (a number stays with its fact).
        for (index, line) in LessonRunner.doneWhenLines(exercise.check.source, width: inner).enumerated() {
            var done = StyledLine(index == 0 ? LessonRunner.doneWhenPrefix : "", style: Style(dim: true))
            done.append(index == 0 ? String(line.dropFirst(LessonRunner.doneWhenPrefix.count)) : line, style: Style(fg: .cyan))
            body += TextWrapper(width: inner).wrap(done.spans)
        }
        let shown = min(hintsShown, exercise.hints.count)
        for index in 0..<shown {
            let prefix = [StyledSpan("Hint \(index + 1): ", style: Style(fg: .yellow, bold: true))]
            body += TextWrapper(width: inner).wrap(InlineMarkdown(theme: .standard).spans(exercise.hints[index]), firstPrefix: prefix)
        }
        let keys: String
        if solved {
            keys = "solved — c checks again"
        } else if exercise.hints.isEmpty {
            keys = "c check"
        } else if shown < exercise.hints.count {
            keys = "h hint (\(shown) of \(exercise.hints.count) shown) · c check"
        } else {
            keys = "all \(exercise.hints.count) hints shown · c check"
        }
        body += TextWrapper(width: inner).wrap([StyledSpan(keys, style: Style(dim: true))])
        return body.map { line in
            var row = StyledLine(selected ? "┃ " : "▌ ", style: barStyle)
            row.append(contentsOf: line.spans)
            return row
        }
    }

    // MARK: Questions

    func questionLines(_ question: QuizQuestion, width: Int) -> [StyledLine] {
        let inner = width - 2
        var body = TextWrapper(width: inner).wrap(InlineMarkdown(theme: .standard).spans(question.question),
                                                  firstPrefix: [StyledSpan("? ", style: Style(fg: .blue, bold: true))],
                                                  continuationPrefix: [StyledSpan("  ")])
        if let code = question.code {
            body += code.split(separator: "\n", omittingEmptySubsequences: false).map { StyledLine("  " + $0, style: Style(fg: .cyan)) }
        }
        let marker = question.kind == .multi ? "□ " : "○ "
        for option in question.options {
            body += TextWrapper(width: inner).wrap(InlineMarkdown(theme: .standard).spans(option.text),
                                                   firstPrefix: [StyledSpan("  " + marker, style: Style(dim: true))],
                                                   continuationPrefix: [StyledSpan("    ")])
        }
        if question.kind == .order {
            for item in question.items.sorted() {
                body += TextWrapper(width: inner).wrap(InlineMarkdown(theme: .standard).spans(item),
                                                       firstPrefix: [StyledSpan("  · ", style: Style(dim: true))],
                                                       continuationPrefix: [StyledSpan("    ")])
            }
        }
        let answer = question.kind == .short ? "think it through, then `quiz` checks you" : "`quiz` asks it and shows the answer"
        body.append(StyledLine("  (\(answer))", style: Style(dim: true)))
        return body.map { line in
            var row = StyledLine("│ ", style: Style(fg: .blue, dim: true))
            row.append(contentsOf: line.spans)
            return row
        }
    }

    /// Adds closing lines after a blank one (the explorer's "next page" line).
    public mutating func appendFooter(_ footer: [StyledLine]) {
        lines += [StyledLine()] + footer
    }

    // MARK: Helpers

    /// A line cut to a width.
    func clipped(_ line: StyledLine, _ width: Int) -> StyledLine {
        guard line.width > width else { return line }
        var out = StyledLine()
        var used = 0
        for span in line.spans {
            let room = width - used
            if room <= 0 { break }
            let text = DisplayWidth.truncate(span.text, toWidth: room, ellipsis: "")
            out.append(text, style: span.style)
            used += DisplayWidth.of(text)
        }
        return out
    }
}
