import Foundation

/// One answer in the review log: what was asked, what the learner answered and how it went.
public struct ReviewLogEntry: Codable, Equatable, Sendable {
    /// The question's id.
    public var card: String
    /// The question's topic when it was answered.
    public var topic: String
    /// When it was answered.
    public var time: Date
    /// The grade the scheduler used.
    public var grade: ReviewGrade
    /// Whether the answer was right, for questions the program checks; nil for self-graded ones.
    public var correct: Bool?
    /// The learner's answer as typed (empty when there was none).
    public var answer: String
    /// Seconds the learner took to answer.
    public var seconds: Double
    /// Practice or mock interview.
    public var mode: ReviewMode

    /// Makes an entry.
    public init(card: String, topic: String, time: Date, grade: ReviewGrade, correct: Bool?,
                answer: String, seconds: Double, mode: ReviewMode) {
        self.card = card
        self.topic = topic
        self.time = time
        self.grade = grade
        self.correct = correct
        self.answer = answer
        self.seconds = seconds
        self.mode = mode
    }
}
