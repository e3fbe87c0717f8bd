import NNEngine
import NNLessons
import NNRender

/// One question as it is asked this time: a bank question with its options shuffled and, for a
/// numeric question, the values the engine drew and the answer it computed.
public struct QuizCard: Sendable {
    /// The question in the bank.
    public var question: QuizQuestion
    /// The order the options (or, for `order` questions, the items) are shown in: indices into
    /// `question.options` or `question.items`.
    public var displayOrder: [Int]
    /// The engine's problem for a `numeric` question.
    public var problem: NumericProblem?
    /// Whether the learner has never answered this card before.
    public var isNew: Bool

    /// Draws a card for a question; `random` shuffles the options and seeds a numeric problem.
    public init(question: QuizQuestion, isNew: Bool, random: inout SeededGenerator) {
        self.question = question
        self.isNew = isNew
        switch question.kind {
        case .order:
            displayOrder = Self.shuffledAwayFromIdentity(question.items.count, random: &random)
        case .choice, .multi, .bug:
            displayOrder = Array(question.options.indices).shuffled(using: &random)
        case .short, .numeric:
            displayOrder = []
        }
        if question.kind == .numeric, let id = question.generator, let generator = NumericGenerators.named(id) {
            problem = generator.make(seed: random.next())
        } else {
            problem = nil
        }
    }

    /// The letter shown for the option or item at display position `position` (a, b, c, …).
    public static func letter(_ position: Int) -> String {
        String(UnicodeScalar(UInt8(ascii: "a") + UInt8(position % 26)))
    }

    /// The question as Markdown: the text (with a numeric problem's values) and any code.
    public var questionMarkdown: String {
        var parts: [String] = [problem?.prompt ?? question.question]
        if let code = question.code {
            parts.append("```\n" + code + "\n```")
        }
        return parts.joined(separator: "\n\n")
    }

    /// The options or items as shown, lettered: ("a", text), ("b", text), ….
    public var choices: [(letter: String, text: String)] {
        let texts: [String]
        switch question.kind {
        case .choice, .bug, .multi: texts = displayOrder.map { question.options[$0].text }
        case .order: texts = displayOrder.map { question.items[$0] }
        case .short, .numeric: texts = []
        }
        return texts.enumerated().map { (Self.letter($0.offset), $0.element) }
    }

    /// The card drawn as styled lines at a width: the question, then its lettered choices, each
    /// wrapped under its letter.
    public func lines(width: Int, theme: MarkdownTheme) -> [StyledLine] {
        var lines = MarkdownRenderer(theme: theme).render(questionMarkdown, width: width)
        if !choices.isEmpty { lines.append("") }
        let inline = InlineMarkdown(theme: theme)
        let wrapper = TextWrapper(width: width)
        for choice in choices {
            let letter = StyledSpan("\(choice.letter)) ", style: Style(bold: true))
            lines += wrapper.wrap(inline.spans(choice.text), firstPrefix: [letter], continuationPrefix: [StyledSpan("   ")])
        }
        return lines
    }

    /// The card as plain text lines (for `--plain`).
    public func plainText(width: Int) -> String {
        lines(width: width, theme: .plain).map { line in
            String(line.plainText.reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
    }

    /// What to type, for the line under the question.
    public var instruction: String {
        let last = Self.letter(max(displayOrder.count - 1, 0))
        switch question.kind {
        case .choice, .bug: return "one letter, a to \(last)"
        case .multi: return "every right letter, e.g. a c (select all that apply)"
        case .order: return "the letters in the right order, e.g. \(Self.exampleOrder(displayOrder.count))"
        case .numeric: return "a number (rounded to 3 or 4 decimals is fine)"
        case .short: return "your answer in a line, or Enter to see the model answer"
        }
    }

    /// The right answer in the letters of this asking ("b", "a c", "c a d b"), or the number.
    public var expected: String {
        switch question.kind {
        case .choice, .bug, .multi:
            return displayOrder.indices.filter { question.options[displayOrder[$0]].isCorrect }
                .map(Self.letter).joined(separator: " ")
        case .order:
            return question.items.indices.compactMap { item in displayOrder.firstIndex(of: item) }
                .map(Self.letter).joined(separator: " ")
        case .numeric:
            return problem.map { Numbers.format($0.answer) } ?? ""
        case .short:
            return ""
        }
    }

    /// A permutation of 0..<count that is not the identity (when count > 1), so an ordering
    /// question never shows its items already in order.
    static func shuffledAwayFromIdentity(_ count: Int, random: inout SeededGenerator) -> [Int] {
        var order = Array(0..<count)
        guard count > 1 else { return order }
        repeat { order.shuffle(using: &random) } while order == Array(0..<count)
        return order
    }

    private static func exampleOrder(_ count: Int) -> String {
        (0..<min(count, 4)).reversed().map(letter).joined(separator: " ")
    }
}
