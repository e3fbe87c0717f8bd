/// How far a learner has got with one topic's cards, for `progress`.
public struct TopicMastery: Equatable, Sendable {
    /// The interval from which a card counts as mastered: 21 days, that is, the learner has
    /// recalled it on several reviews spread over about a month.
    public static let masteredInterval = 21

    /// The topic.
    public var topic: String
    /// Cards on the topic.
    public var total: Int
    /// Cards reviewed at least once.
    public var seen: Int
    /// Reviewed cards that are due now.
    public var due: Int
    /// Cards whose interval has reached `masteredInterval` days.
    public var mastered: Int
    /// The share right of the topic's latest answers (at most `ReviewStore.recentAnswerCount`;
    /// self-graded ones count as right when graded good or easy), 0 to 1; nil when there were none.
    public var recentAccuracy: Double?
    /// How many answers `recentAccuracy` is over.
    public var recentAnswers: Int

    /// Makes a summary.
    public init(topic: String, total: Int, seen: Int, due: Int, mastered: Int, recentAccuracy: Double?, recentAnswers: Int) {
        self.topic = topic
        self.total = total
        self.seen = seen
        self.due = due
        self.mastered = mastered
        self.recentAccuracy = recentAccuracy
        self.recentAnswers = recentAnswers
    }

    /// Cards never reviewed.
    public var new: Int { total - seen }
}
