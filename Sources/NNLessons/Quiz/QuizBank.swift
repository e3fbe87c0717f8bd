/// The quiz questions of a course, by topic: what the quiz draws from.
public struct QuizBank: Sendable {
    /// Every question, in course order.
    public var questions: [QuizQuestion]

    /// Makes a bank from questions.
    public init(questions: [QuizQuestion]) { self.questions = questions }

    /// The bank of a course's lessons.
    public init(course: Course) { self.init(questions: course.questions) }

    /// The topics, in the order they first appear.
    public var topics: [String] {
        var seen: [String] = []
        for q in questions where !seen.contains(q.topic) { seen.append(q.topic) }
        return seen
    }

    /// The questions on a topic, or of a lesson when `topic` names a lesson.
    public func questions(topic: String) -> [QuizQuestion] {
        questions.filter { $0.topic == topic || $0.lesson == topic }
    }

    /// The question with an id.
    public func question(id: String) -> QuizQuestion? { questions.first { $0.id == id } }

    /// One line per question, `ID<TAB>TOPIC<TAB>KIND<TAB>QUESTION` (the question on one line).
    public var listing: [String] {
        questions.map { q in
            let text = q.question.split(whereSeparator: \.isNewline).map { String($0).trimmed }.joined(separator: " ")
            return [q.id, q.topic, q.kind.rawValue, text].joined(separator: "\t")
        }
    }
}
