import Foundation

/// Decides when a card comes back, with the SuperMemo-2 (SM-2) algorithm.
///
/// After a review with quality q (0–5, see `ReviewGrade.quality`):
///
/// - **Ease.** EF′ = EF + (0.1 − (5 − q)·(0.08 + (5 − q)·0.02)), never below 1.3, rounded to
///   two decimals (every change is a multiple of 0.02, so rounding only removes floating-point
///   drift). A new card starts at EF = 2.5. Per grade: easy +0.10, good ±0, hard −0.14,
///   again −0.54.
/// - **Pass** (q ≥ 3: hard, good, easy). With n passes in a row before this one, the interval is
///   1 day when n = 0, 6 days when n = 1, and round(I·EF) after that, where I is the previous
///   interval and EF the ease *before* this review's change (rounding half away from zero).
///   n grows by one. The card is due at the start of the day that many days after today (in the
///   scheduler's calendar), so a card seen in the evening is due the next morning, not the next
///   evening.
/// - **Fail** (q < 3: again). n goes back to 0, the lapse count grows by one, the interval is
///   0 days and the card is due again 10 minutes later, to be relearned in the same session;
///   its next pass starts the intervals over at 1 day.
///
/// Worked example, a new card graded good, good, good, good: intervals 1, 6, 15, 38 days and
/// EF 2.5 throughout. Graded easy three times: EF 2.6, 2.7, 2.8 and intervals 1, 6, 16 (6 × 2.7).
///
/// The scheduler is pure: the same state, grade and time always give the same new state.
public struct ReviewScheduler: Sendable {
    /// The ease factor of a card never reviewed.
    public static let initialEase = 2.5
    /// The lowest ease factor.
    public static let minimumEase = 1.3
    /// How long a failed card waits before it comes back (10 minutes).
    public static let relearnDelay: TimeInterval = 10 * 60

    /// The calendar whose days the intervals count (time zone included).
    public var calendar: Calendar

    /// A scheduler counting days in a calendar (the learner's own by default).
    public init(calendar: Calendar = .current) { self.calendar = calendar }

    /// The state of a card after a review at `now`.
    ///
    /// - Parameters:
    ///   - state: the card's state before the review; nil for a card never reviewed.
    ///   - card: the card's id (used when `state` is nil).
    ///   - grade: how well the learner recalled it.
    ///   - now: when the review happened.
    public func schedule(_ state: CardState?, card: String, grade: ReviewGrade, at now: Date) -> CardState {
        var next = state ?? CardState(cardID: card, due: now)
        if grade.passed {
            switch next.repetitions {
            case 0: next.intervalDays = 1
            case 1: next.intervalDays = 6
            default: next.intervalDays = Int((Double(next.intervalDays) * next.ease).rounded())
            }
            next.repetitions += 1
            let today = calendar.startOfDay(for: now)
            next.due = calendar.date(byAdding: .day, value: next.intervalDays, to: today)
                ?? today.addingTimeInterval(Double(next.intervalDays) * 86_400)
        } else {
            next.repetitions = 0
            next.intervalDays = 0
            next.lapses += 1
            next.due = now.addingTimeInterval(Self.relearnDelay)
        }
        next.ease = Self.ease(after: next.ease, grade: grade)
        next.lastReviewed = now
        next.lastGrade = grade
        return next
    }

    /// SM-2's new ease factor: EF + (0.1 − (5 − q)(0.08 + (5 − q)·0.02)), at least 1.3, rounded
    /// to two decimals.
    public static func ease(after ease: Double, grade: ReviewGrade) -> Double {
        let miss = Double(5 - grade.quality)
        let changed = ease + (0.1 - miss * (0.08 + miss * 0.02))
        return max(minimumEase, (changed * 100).rounded() / 100)
    }
}
