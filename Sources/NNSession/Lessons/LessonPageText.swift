import NNLessons
import NNRender

/// One page of a lesson laid out as styled lines for the explorer's prose column: Markdown
/// prose, runnable blocks framed as code (the selected one marked, with how it ran), exercises
/// with their goal, the hints revealed so far and whether they are solved, and quiz questions
/// with their numbered options, the learner's answer and, once answered, the verdict.
///
/// Nothing is cut at the width: text wraps at spaces, and code lines too, their later pieces
/// marked `↪`. It also records which lines each selectable item (block, exercise or question)
/// took, so the explorer can scroll the selected one into view.
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
        /// How each question stands, by question id (a question without one shows its
        /// options in the written order).
        public var questions: [String: QuestionState] = [:]

        public init(selected: Int? = nil) { self.selected = selected }
    }

    /// A question as the learner answers it on the page.
    public struct QuestionState {
        /// The question as asked this time: its options in the order shown (numbered from 1)
        /// and, for a numeric question, the values drawn.
        public var card: QuizCard
        /// The options (or, for `order`, the items) chosen, as positions in the order shown,
        /// in the order they were pressed.
        public var chosen: [Int] = []
        /// The number typed (numeric questions).
        public var entry = ""
        /// How the answer was judged, once answered.
        public var feedback: QuizFeedback?
        /// Whether a short answer waits for the learner's own grade.
        public var awaitsGrade = false
        /// The learner's own grade of a short answer.
        public var grade: ReviewGrade?
        /// Why the last answer could not be read.
        public var problem: String?

        public init(card: QuizCard) { self.card = card }

        /// The right answer as the numbers shown ("2", "1 3") or, numeric, the number.
        public var expected: String {
            let question = card.question
            switch question.kind {
            case .choice, .bug, .multi:
                return card.displayOrder.indices.filter { question.options[card.displayOrder[$0]].isCorrect }
                    .map { String($0 + 1) }.joined(separator: " ")
            case .order:
                return question.items.indices.compactMap { card.displayOrder.firstIndex(of: $0) }
                    .map { String($0 + 1) }.joined(separator: " ")
            case .numeric, .short:
                return card.expected
            }
        }
    }

    /// The lines.
    public private(set) var lines: [StyledLine] = []
    /// The lines of each selectable item (blocks and exercises, in page order).
    public private(set) var itemRanges: [Range<Int>] = []

    /// The page's items a learner acts on: blocks (Enter runs) and exercises (h, c).
    public static func selectableItems(of page: LessonPage) -> [LessonItem] {
        page.items.filter {
            switch $0 {
            case .commands, .exercise, .question: return true
            case .prose: return false
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
                let start = lines.count
                lines += questionLines(question, state: state.questions[question.id], width: width,
                                       selected: state.selected == selectable)
                itemRanges.append(start..<lines.count)
                selectable += 1
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
        let gutter = selected ? "┃ " : "│ "
        var lines = top.width <= width ? [top]
            : TextWrapper(width: width).wrap(top.spans, continuationPrefix: [StyledSpan(gutter + "  ", style: frame)])
        for line in block.lines {
            let comment = line.text.trimmingCharacters(in: .whitespaces).hasPrefix("#")
            lines += Self.codeLines(line.text, gutter: StyledSpan(gutter, style: frame), style: comment ? Style(dim: true) : Style(fg: .cyan),
                                    width: width)
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
        for (index, line) in LessonRunner.doneWhenLines(Self.joiningLines(exercise.check.source), width: inner).enumerated() {
            var done = StyledLine(index == 0 ? LessonRunner.doneWhenPrefix : "", style: Style(dim: true))
            done.append(index == 0 ? String(line.dropFirst(LessonRunner.doneWhenPrefix.count)) : line, style: Style(fg: .cyan))
            body += TextWrapper(width: inner).wrap(done.spans)
        }
        let shown = min(hintsShown, exercise.hints.count)
        for index in 0..<shown {
            let prefix = [StyledSpan("Hint \(index + 1): ", style: Style(fg: .yellow, bold: true))]
            body += TextWrapper(width: inner).wrap(InlineMarkdown(theme: .standard).spans(Self.joiningLines(exercise.hints[index])),
                                                   firstPrefix: prefix, continuationPrefix: [StyledSpan("  ")])
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

    /// A code line behind a gutter, wrapped at spaces to the width; the later pieces start
    /// with the continuation mark.
    static func codeLines(_ text: String, gutter: StyledSpan, style: Style, width: Int) -> [StyledLine] {
        let mark = MarkdownRenderer.codeContinuationMark(.unicode)
        let room = max(1, width - gutter.width)
        let pieces = DisplayWidth.codeWrap(text, width: room, continuationWidth: room - DisplayWidth.of(mark))
        return pieces.enumerated().map { index, piece in
            var row = StyledLine([gutter])
            if index > 0 { row.append(mark, style: Style(dim: true)) }
            row.append(piece, style: style)
            return row
        }
    }

    // MARK: Questions

    func questionLines(_ question: QuizQuestion, state: QuestionState?, width: Int, selected: Bool) -> [StyledLine] {
        let inner = width - 2
        let inline = InlineMarkdown(theme: .standard)
        let wrapper = TextWrapper(width: inner)
        let key = Style(fg: .yellow, bold: true)
        let hint = Style(dim: true)
        let asking = state?.feedback == nil
        var body: [StyledLine] = []
        let mark = [StyledSpan(selected ? "▶ " : "? ", style: selected ? key : Style(fg: .blue, bold: true))]
        if question.kind == .numeric, let prompt = state?.card.problem?.prompt {
            body += wrapper.wrap([StyledSpan(Self.joiningLines(question.question), style: Style(bold: true))], firstPrefix: mark,
                                 continuationPrefix: [StyledSpan("  ")])
            body += Self.renderer.render(prompt, width: inner - 2).map { Self.indented($0) }
        } else {
            // Markdown: lines of a paragraph join, a blank line starts the next.
            let text = Self.renderer.render(question.question, width: inner - 2)
            body += text.enumerated().map { index, line in
                var row = StyledLine(index == 0 ? mark : [StyledSpan("  ")])
                row.append(contentsOf: line.spans)
                return row
            }
        }
        if let code = question.code {
            for line in code.split(separator: "\n", omittingEmptySubsequences: false) {
                body += Self.codeLines(String(line), gutter: StyledSpan("  "), style: Style(fg: .cyan), width: inner)
            }
        }
        // The options (or items), numbered in the order shown, with the learner's choice and,
        // once answered, which were right.
        let order = state?.card.displayOrder ?? Array(question.kind == .order ? question.items.indices : question.options.indices)
        let chosen = state?.chosen ?? []
        for (position, index) in order.enumerated() {
            let text = question.kind == .order ? question.items[index] : question.options[index].text
            let picked = chosen.contains(position)
            var prefix = [StyledSpan("  \(position + 1) ", style: selected && asking ? key : hint)]
            switch question.kind {
            case .multi: prefix.append(StyledSpan(picked ? "■ " : "□ ", style: picked ? key : hint))
            case .order:
                // Where the learner put it: 1st, 2nd, … (blank while not placed).
                let rank = chosen.firstIndex(of: position).map { Self.ordinal($0 + 1) } ?? ""
                prefix.append(StyledSpan(rank.padding(toLength: 5, withPad: " ", startingAt: 0), style: Style(fg: .green, bold: true)))
            default: prefix.append(StyledSpan(picked ? "● " : "○ ", style: picked ? key : hint))
            }
            // Answered: ✓ before each right option, ✗ before a wrong one chosen.
            if !asking, question.kind != .order, question.options.indices.contains(index) {
                let right = question.options[index].isCorrect
                if right { prefix.append(StyledSpan("✓ ", style: Style(fg: .green, bold: true))) }
                else if picked { prefix.append(StyledSpan("✗ ", style: Style(fg: .red, bold: true))) }
                else { prefix.append(StyledSpan("  ")) }
            }
            let spans = inline.spans(Self.joiningLines(text))
            let indent = String(repeating: " ", count: prefix.reduce(0) { $0 + $1.width })
            body += wrapper.wrap(spans, firstPrefix: prefix, continuationPrefix: [StyledSpan(indent)])
        }
        if let state, !asking, question.kind == .numeric, !state.entry.isEmpty {
            body += wrapper.wrap([StyledSpan("your answer: " + state.entry, style: Style(dim: true))], firstPrefix: [StyledSpan("  ")],
                                 continuationPrefix: [StyledSpan("  ")])
        }
        if let state, asking, question.kind == .numeric, selected || !state.entry.isEmpty {
            var entry = StyledLine("  your answer › ", style: Style(fg: .cyan, bold: true))
            entry.append(state.entry, style: Style(bold: true))
            if selected { entry.append("▏", style: Style(fg: .cyan)) }
            body += wrapper.wrap(entry.spans)
        }
        if let state, let feedback = state.feedback {
            body += answeredLines(state, feedback: feedback, width: inner, selected: selected)
        } else {
            if let problem = state?.problem {
                body += wrapper.wrap([StyledSpan(problem, style: Style(fg: .red))], firstPrefix: [StyledSpan("  ")],
                                     continuationPrefix: [StyledSpan("  ")])
            }
            let count = order.count
            let keys: String
            if !selected {
                keys = "Tab selects it; answer it here"
            } else {
                switch question.kind {
                case .choice, .bug: keys = "1–\(count) choose one · Enter answers"
                case .multi: keys = "1–\(count) tick every right one · Enter answers"
                case .order: keys = "1–\(count) in the right order · Backspace takes back · Enter answers"
                case .numeric: keys = "type the number · Enter answers"
                case .short: keys = "Enter shows the model answer"
                }
            }
            body += wrapper.wrap([StyledSpan(keys, style: hint)], firstPrefix: [StyledSpan("  ")], continuationPrefix: [StyledSpan("  ")])
        }
        let bar = selected ? Style(fg: .yellow, bold: true) : Style(fg: .blue, dim: true)
        return body.map { line in
            var row = StyledLine(selected ? "┃ " : "│ ", style: bar)
            row.append(contentsOf: line.spans)
            return row
        }
    }

    /// The verdict, the explanation and what the learner can do next.
    func answeredLines(_ state: QuestionState, feedback: QuizFeedback, width: Int, selected: Bool) -> [StyledLine] {
        let wrapper = TextWrapper(width: width)
        let indent = [StyledSpan("  ")]
        var body: [StyledLine] = [StyledLine()]
        switch feedback.verdict {
        case .right:
            body += wrapper.wrap([StyledSpan("✓ right", style: Style(fg: .green, bold: true))], firstPrefix: indent)
        case .wrong:
            body += wrapper.wrap([StyledSpan("✗ not quite: the answer is \(state.expected)", style: Style(fg: .red, bold: true))],
                                 firstPrefix: indent, continuationPrefix: indent)
        case .selfGraded:
            body += wrapper.wrap([StyledSpan("model answer:", style: Style(fg: .cyan, bold: true))], firstPrefix: indent)
        }
        if let diagnosis = feedback.diagnosis {
            body += wrapper.wrap([StyledSpan("diagnosis: " + diagnosis, style: Style(fg: .yellow))], firstPrefix: indent,
                                 continuationPrefix: indent)
        }
        body += Self.renderer.render(feedback.explanation, width: width - 2).map { Self.indented($0) }
        body.append(StyledLine())
        let key = Style(fg: .yellow, bold: true)
        if state.awaitsGrade {
            // A key and its grade stay on one line (a no-break space joins them).
            body += wrapper.wrap([StyledSpan("grade yourself: ", style: Style(fg: .cyan, bold: true)),
                                  StyledSpan("1", style: key), StyledSpan("\u{00A0}again · "), StyledSpan("2", style: key),
                                  StyledSpan("\u{00A0}hard · "), StyledSpan("3", style: key), StyledSpan("\u{00A0}good · "),
                                  StyledSpan("4", style: key), StyledSpan("\u{00A0}easy")],
                                 firstPrefix: indent, continuationPrefix: indent)
        } else {
            var done = "saved for review"
            if let grade = state.grade { done = "you graded it \(grade.rawValue); " + done }
            body += wrapper.wrap([StyledSpan(done + (selected ? " · r asks it again" : ""), style: Style(dim: true))],
                                 firstPrefix: indent, continuationPrefix: indent)
        }
        return body
    }

    /// Text whose single line breaks become spaces (a field continued on indented lines is one
    /// paragraph); a blank line still separates paragraphs.
    static func joiningLines(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n\n")
    }

    /// 1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, … 21st.
    static func ordinal(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }

    /// A line moved two columns right.
    static func indented(_ line: StyledLine) -> StyledLine {
        guard !line.spans.isEmpty else { return line }
        var row = StyledLine("  ")
        row.append(contentsOf: line.spans)
        return row
    }

    /// Adds closing lines after a blank one (the explorer's "next page" line).
    public mutating func appendFooter(_ footer: [StyledLine]) {
        lines += [StyledLine()] + footer
    }
}
