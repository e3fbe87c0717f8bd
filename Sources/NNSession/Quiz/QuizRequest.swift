/// What a `quiz` command asks for: a topic or a mock interview, how many questions, a seed.
public struct QuizRequest: Sendable, Equatable {
    /// A topic or lesson id to drill; nil for every topic.
    public var topic: String?
    /// How many questions (default 10).
    public var count: Int
    /// Whether this is a timed mock interview.
    public var interview: Bool
    /// The interview's time limit in minutes.
    public var minutes: Double
    /// The seed for option order and numeric values; nil draws a fresh one.
    public var seed: UInt64?

    /// The default number of questions in a round.
    public static let defaultCount = 10

    /// Makes a request.
    public init(topic: String? = nil, count: Int = QuizRequest.defaultCount, interview: Bool = false,
                minutes: Double? = nil, seed: UInt64? = nil) {
        self.topic = topic
        self.count = count
        self.interview = interview
        self.minutes = minutes ?? Double(count) * 1.5
        self.seed = seed
    }
}
