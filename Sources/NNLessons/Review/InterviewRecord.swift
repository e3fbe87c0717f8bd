import Foundation

/// One finished mock interview (`quiz interview`): when it ran and how it went.
public struct InterviewRecord: Codable, Equatable, Sendable {
    /// When the first question was shown.
    public var started: Date
    /// When the last answer was given (or time ran out).
    public var finished: Date
    /// How many questions were asked.
    public var questions: Int
    /// The points earned, out of `questions` (one per question; partial credit allowed).
    public var score: Double

    /// Makes a record.
    public init(started: Date, finished: Date, questions: Int, score: Double) {
        self.started = started
        self.finished = finished
        self.questions = questions
        self.score = score
    }

    /// The score as a share of the questions, 0 to 1 (0 when no question was asked).
    public var fraction: Double { questions > 0 ? score / Double(questions) : 0 }
}
