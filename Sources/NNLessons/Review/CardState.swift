import Foundation

/// Where one card stands in the review schedule: what SM-2 keeps between reviews.
public struct CardState: Codable, Equatable, Sendable {
    /// The question's id.
    public var cardID: String
    /// Passed reviews in a row since the card was new or last failed (SM-2's n).
    public var repetitions: Int
    /// Days from the last review to the next one (SM-2's I); 0 while a failed card is relearned
    /// the same day.
    public var intervalDays: Int
    /// The ease factor (SM-2's EF): how much the interval grows after a pass; never below 1.3.
    public var ease: Double
    /// When the card is next due.
    public var due: Date
    /// How many times the card was failed (graded `again`) after being learned or not.
    public var lapses: Int
    /// When it was last reviewed; nil for a card never reviewed.
    public var lastReviewed: Date?
    /// The grade of the last review; nil for a card never reviewed.
    public var lastGrade: ReviewGrade?

    /// Makes a state; the defaults are those of a card never reviewed.
    public init(cardID: String, repetitions: Int = 0, intervalDays: Int = 0, ease: Double = ReviewScheduler.initialEase,
                due: Date, lapses: Int = 0, lastReviewed: Date? = nil, lastGrade: ReviewGrade? = nil) {
        self.cardID = cardID
        self.repetitions = repetitions
        self.intervalDays = intervalDays
        self.ease = ease
        self.due = due
        self.lapses = lapses
        self.lastReviewed = lastReviewed
        self.lastGrade = lastGrade
    }

    /// Whether the card is due at a time (its due time has come).
    public func isDue(at now: Date) -> Bool { due <= now }
}
