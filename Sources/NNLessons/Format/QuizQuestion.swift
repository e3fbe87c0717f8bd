/// A quiz question written in a lesson (a ```` ```quiz ```` block), for the quiz and the
/// mock interview.
///
/// ````
/// ```quiz
/// id: relu-vs-sigmoid
/// topic: activations
/// kind: short
/// question: Why do hidden layers use ReLU rather than sigmoid?
/// answer: σ′ is at most 0.25 and near zero once |z| is large, so …
/// ```
/// ````
///
/// A `numeric` question names a generator instead of carrying its numbers: every time it is
/// asked, `NumericGenerators.named(generator)` makes fresh values, the engine's answer, a
/// worked solution and the known mistakes (see `numericProblem(seed:)`).
public struct QuizQuestion: Equatable, Sendable {
    /// How the question is asked and answered.
    public enum Kind: String, CaseIterable, Sendable {
        /// Multiple choice with exactly one right option.
        case choice
        /// Multiple choice with one or more right options ("select all that apply").
        case multi
        /// A free answer, shown next to the model answer and graded by the learner.
        case short
        /// Put the items in the right order (they are written in the right order).
        case order
        /// A number computed by the engine on fresh values from a generator (`generator:`).
        case numeric
        /// "Spot the bug": code or a formula (`code:`) and options, exactly one of them right.
        case bug
    }

    /// One option of a multiple-choice question.
    public struct Option: Equatable, Hashable, Sendable {
        /// The option's text (Markdown).
        public var text: String
        /// Whether choosing it is right.
        public var isCorrect: Bool

        /// Makes an option.
        public init(text: String, isCorrect: Bool) {
            self.text = text
            self.isCorrect = isCorrect
        }
    }

    /// A name unique in the course (lower-case words joined by `-`).
    public var id: String
    /// The lesson it is written in.
    public var lesson: String
    /// Its topic: one of the lesson's topics.
    public var topic: String
    /// How it is asked.
    public var kind: Kind
    /// The question (Markdown).
    public var question: String
    /// Code or a formula shown under the question, verbatim (for "spot the bug").
    public var code: String?
    /// The options of `choice` and `multi` questions, in the order written.
    public var options: [Option]
    /// The items of an `order` question, in the right order.
    public var items: [String]
    /// The model answer and explanation (Markdown), shown after answering; for `numeric`
    /// questions an optional remark after the generator's worked solution (empty when none).
    public var answer: String
    /// The id of the generator a `numeric` question draws its values from.
    public var generator: String?
    /// The file it is written in, and the line of its opening fence.
    public var file: String
    public var line: Int

    /// Makes a question.
    public init(id: String, lesson: String, topic: String, kind: Kind, question: String, code: String? = nil,
                options: [Option] = [], items: [String] = [], answer: String, generator: String? = nil,
                file: String, line: Int) {
        self.id = id
        self.lesson = lesson
        self.topic = topic
        self.kind = kind
        self.question = question
        self.code = code
        self.options = options
        self.items = items
        self.answer = answer
        self.generator = generator
        self.file = file
        self.line = line
    }

    /// The indices of the right options.
    public var correctOptions: [Int] { options.indices.filter { options[$0].isCorrect } }

    /// The keys a quiz block may hold (options and items are `- ` lines).
    public static let keys = ["id", "topic", "kind", "question", "code", "generator", "answer"]

    /// A fresh problem for a `numeric` question (the same seed gives the same problem); nil
    /// for other kinds or an unknown generator.
    public func numericProblem(seed: UInt64) -> NumericProblem? {
        guard kind == .numeric, let generator, let maker = NumericGenerators.named(generator) else { return nil }
        return maker.make(seed: seed)
    }
}
