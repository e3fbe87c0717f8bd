import Foundation
import NNLessons
import XCTest

/// SM-2 against worked examples computed by hand, and the order a quiz serves cards in.
final class ReviewSchedulerTests: XCTestCase {
    /// Days counted in UTC, so the expected due dates do not depend on the machine's zone.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    let scheduler = ReviewScheduler(calendar: ReviewSchedulerTests.utc)

    /// A moment in UTC.
    static func date(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
        utc.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
    }

    /// Grades a new card in turn, each review on the day the previous one made it due (at noon),
    /// and returns the state after each.
    func run(_ grades: [ReviewGrade], from start: Date = date(2024, 3, 1, 12)) -> [CardState] {
        var state: CardState?
        var now = start
        var states: [CardState] = []
        for grade in grades {
            let next = scheduler.schedule(state, card: "c", grade: grade, at: now)
            states.append(next)
            state = next
            now = max(next.due, now).addingTimeInterval(next.intervalDays > 0 ? 12 * 3600 : 0)
        }
        return states
    }

    func assertEase(_ states: [CardState], _ expected: [Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(states.count, expected.count, file: file, line: line)
        for (state, ease) in zip(states, expected) {
            XCTAssertEqual(state.ease, ease, accuracy: 1e-12, file: file, line: line)
        }
    }

    func testGradesMapToSM2Qualities() {
        XCTAssertEqual(ReviewGrade.allCases.map(\.quality), [1, 3, 4, 5])
        XCTAssertEqual(ReviewGrade.allCases.map(\.passed), [false, true, true, true])
        XCTAssertEqual(ReviewGrade(correct: true), .good)
        XCTAssertEqual(ReviewGrade(correct: false), .again)
        XCTAssertEqual(ReviewGrade(rawValue: "hard"), .hard)
    }

    func testEaseFormula() {
        // EF' = EF + (0.1 − (5−q)(0.08 + (5−q)·0.02)): q=5 → +0.1, q=4 → 0,
        // q=3 → 0.1 − 2·0.12 = −0.14, q=1 → 0.1 − 4·0.16 = −0.54.
        XCTAssertEqual(ReviewScheduler.ease(after: 2.5, grade: .easy), 2.6, accuracy: 1e-12)
        XCTAssertEqual(ReviewScheduler.ease(after: 2.5, grade: .good), 2.5, accuracy: 1e-12)
        XCTAssertEqual(ReviewScheduler.ease(after: 2.5, grade: .hard), 2.36, accuracy: 1e-12)
        XCTAssertEqual(ReviewScheduler.ease(after: 2.5, grade: .again), 1.96, accuracy: 1e-12)
        XCTAssertEqual(ReviewScheduler.ease(after: 1.4, grade: .hard), 1.3, accuracy: 1e-12, "1.26 is floored")
    }

    func testGoodGoodGoodGood() {
        let states = run([.good, .good, .good, .good])
        // 1, 6, then round(6 × 2.5) = 15, then round(15 × 2.5) = round(37.5) = 38.
        XCTAssertEqual(states.map(\.intervalDays), [1, 6, 15, 38])
        XCTAssertEqual(states.map(\.repetitions), [1, 2, 3, 4])
        XCTAssertEqual(states.map(\.lapses), [0, 0, 0, 0])
        assertEase(states, [2.5, 2.5, 2.5, 2.5])
        XCTAssertEqual(states.map(\.lastGrade), [.good, .good, .good, .good])
    }

    func testEasyRaisesTheEase() {
        let states = run([.easy, .easy, .easy, .easy])
        // The interval uses the ease before the review's change: 6 × 2.7 = 16.2 → 16,
        // then 16 × 2.8 = 44.8 → 45.
        XCTAssertEqual(states.map(\.intervalDays), [1, 6, 16, 45])
        assertEase(states, [2.6, 2.7, 2.8, 2.9])
    }

    func testHardLowersTheEaseButPasses() {
        let states = run([.hard, .hard, .hard, .hard])
        // 2.5 − 0.14 = 2.36, 2.22, 2.08, 1.94; intervals 1, 6, round(6 × 2.22) = round(13.32) = 13,
        // round(13 × 2.08) = round(27.04) = 27.
        XCTAssertEqual(states.map(\.intervalDays), [1, 6, 13, 27])
        XCTAssertEqual(states.map(\.repetitions), [1, 2, 3, 4])
        assertEase(states, [2.36, 2.22, 2.08, 1.94])
    }

    func testAgainStartsOverInTenMinutes() {
        let start = Self.date(2024, 3, 1, 12)
        let states = run([.good, .good, .again, .good, .good, .good], from: start)
        XCTAssertEqual(states.map(\.intervalDays), [1, 6, 0, 1, 6, 12], "after the lapse: 1, 6, round(6 × 1.96) = round(11.76) = 12")
        XCTAssertEqual(states.map(\.repetitions), [1, 2, 0, 1, 2, 3])
        XCTAssertEqual(states.map(\.lapses), [0, 0, 1, 1, 1, 1])
        assertEase(states, [2.5, 2.5, 1.96, 1.96, 1.96, 1.96])
        // Reviews: 03-01 12:00, 03-02 12:00, 03-08 12:00 (failed, due 12:10), 03-08 12:10.
        XCTAssertEqual(states[2].lastReviewed, Self.date(2024, 3, 8, 12))
        XCTAssertEqual(states[2].due, Self.date(2024, 3, 8, 12, 10))
        XCTAssertEqual(states[3].lastReviewed, Self.date(2024, 3, 8, 12, 10))
        XCTAssertEqual(states[3].due, Self.date(2024, 3, 9))
    }

    func testTheEaseNeverFallsBelowOnePointThree() {
        let states = run([.again, .again, .again, .again, .easy])
        // 2.5 → 1.96 → 1.42 → 0.88 floored to 1.3 → 1.3 → 1.4.
        assertEase(states, [1.96, 1.42, 1.3, 1.3, 1.4])
        XCTAssertEqual(states.map(\.lapses), [1, 2, 3, 4, 4])
        XCTAssertEqual(states.last?.intervalDays, 1)
    }

    func testDueAtTheStartOfTheDay() {
        // Reviewed at 20:00 with a 1-day interval: due at midnight, not at 20:00 the next day.
        let evening = Self.date(2024, 3, 10, 20)
        let first = scheduler.schedule(nil, card: "softmax", grade: .good, at: evening)
        XCTAssertEqual(first, CardState(cardID: "softmax", repetitions: 1, intervalDays: 1, ease: 2.5,
                                        due: Self.date(2024, 3, 11), lapses: 0, lastReviewed: evening, lastGrade: .good))
        let second = scheduler.schedule(first, card: "softmax", grade: .good, at: Self.date(2024, 3, 11, 7))
        XCTAssertEqual(second.due, Self.date(2024, 3, 17))

        // The days are the learner's: at UTC+2, 20:00 UTC is 22:00 and the next day starts at 22:00 UTC.
        var plusTwo = Self.utc
        plusTwo.timeZone = TimeZone(secondsFromGMT: 2 * 3600)!
        let local = ReviewScheduler(calendar: plusTwo).schedule(nil, card: "softmax", grade: .good, at: evening)
        XCTAssertEqual(local.due, Self.date(2024, 3, 10, 22))
    }

    func testTheSchedulerIsPure() {
        let now = Self.date(2024, 5, 5, 9, 30)
        let state = CardState(cardID: "adam", repetitions: 3, intervalDays: 10, ease: 2.2, due: now, lapses: 2)
        let a = scheduler.schedule(state, card: "adam", grade: .good, at: now)
        let b = scheduler.schedule(state, card: "adam", grade: .good, at: now)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.intervalDays, 22, "10 × 2.2 = 22")
        XCTAssertEqual(a.due, Self.date(2024, 5, 27))
        XCTAssertEqual(a.lapses, 2)
    }

    // MARK: - Queue

    func testQueueServesDueCardsMostOverdueFirstThenNewOnes() {
        let now = Self.date(2024, 3, 20, 12)
        func state(_ id: String, due: Date) -> CardState { CardState(cardID: id, repetitions: 1, intervalDays: 1, due: due) }
        let states = [
            "due-yesterday": state("due-yesterday", due: Self.date(2024, 3, 19)),
            "due-last-week": state("due-last-week", due: Self.date(2024, 3, 13)),
            "due-now": state("due-now", due: now),
            "tomorrow": state("tomorrow", due: Self.date(2024, 3, 21)),
            "twin-b": state("twin-b", due: Self.date(2024, 3, 15)),
            "twin-a": state("twin-a", due: Self.date(2024, 3, 15)),
        ]
        let deck = ["new-1", "due-yesterday", "tomorrow", "twin-b", "due-now", "new-2", "due-last-week", "twin-a"]
        XCTAssertEqual(ReviewQueue.order(cards: deck, states: states, at: now),
                       ["due-last-week", "twin-b", "twin-a", "due-yesterday", "due-now", "new-1", "new-2"])
        XCTAssertEqual(ReviewQueue.order(cards: [], states: states, at: now), [])
        XCTAssertEqual(ReviewQueue.order(cards: ["tomorrow"], states: states, at: now), [], "nothing due, nothing new")
        XCTAssertEqual(ReviewQueue.order(cards: ["b", "a"], states: [:], at: now), ["b", "a"], "a fresh deck keeps its order")
    }
}
