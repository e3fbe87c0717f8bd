import Foundation
import NNEngine
import NNLessons

/// One sitting of the quiz: a deck of cards, the answers given, the grades recorded.
///
/// The round is pure state: the plain runner and the quiz view both feed it the learner's typed
/// answers and grades and show what it returns. It never writes to the review store itself:
/// each grade (and an interview's result) becomes a `ViewTask` in `pendingTasks`, which the
/// caller carries out as soon as it is given (`takeTasks`, `ViewTask.carryOut`,
/// `taskFinished`), so a round cut short loses nothing.
public final class QuizRound {
    /// How the round is run.
    public enum Mode: Sendable, Equatable {
        /// Practice: due cards first, then new ones; the schedule decides.
        case practice
        /// A mock interview: mixed topics, a time limit in seconds, a score report at the end.
        case interview(seconds: Double)
    }

    /// Where the round stands.
    public enum Stage: Sendable, Equatable {
        /// The current card waits for an answer.
        case asking
        /// The current card was answered; a short answer waits for a self-grade.
        case answered(QuizFeedback)
        /// No cards are left, or the time is up.
        case finished
    }

    /// One answered card.
    public struct Result: Sendable {
        public var card: QuizCard
        public var answer: String
        public var feedback: QuizFeedback
        public var grade: ReviewGrade
        public var seconds: Double

        /// Whether it counts as right in a score: checked right, or self-graded good or easy.
        public var isRight: Bool {
            switch feedback.verdict {
            case .right: return true
            case .wrong: return false
            case .selfGraded: return grade == .good || grade == .easy
            }
        }
    }

    /// The round's mode.
    public let mode: Mode
    /// The cards, in the order they are asked.
    public let cards: [QuizCard]
    /// What the round says about how the deck was chosen ("3 due, 7 new").
    public let deckSummary: String
    /// The answered cards.
    public private(set) var results: [Result] = []
    /// Where the round stands.
    public private(set) var stage: Stage
    /// Problems with the review store (it could not open, or a grade could not be saved).
    public private(set) var warnings: [String] = []
    /// Grades and an interview's result waiting to be saved, oldest first.
    public private(set) var pendingTasks: [ViewTask] = []

    private let store: ReviewStore?
    /// A data folder whose review store the grades go to when no store was opened.
    private let dataFolder: String?
    private let clock: () -> Date
    private let started: Date
    private var cardStarted: Date
    /// The answer last submitted (shown beside a short question's model answer).
    public private(set) var pendingAnswer = ""

    /// Starts a round over `cards`; grades are recorded in `store`, else in the review store of
    /// `dataFolder`, opened by the task that records each one (both nil: nothing is saved).
    public init(cards: [QuizCard], mode: Mode, deckSummary: String, store: ReviewStore?, dataFolder: String? = nil,
                warnings: [String] = [], clock: @escaping () -> Date = Date.init) {
        self.cards = cards
        self.mode = mode
        self.deckSummary = deckSummary
        self.store = store
        self.dataFolder = dataFolder
        self.warnings = warnings
        self.clock = clock
        self.started = clock()
        self.cardStarted = started
        self.stage = cards.isEmpty ? .finished : .asking
    }

    /// The position of the current card (0-based).
    public private(set) var index = 0

    /// The card being asked or just answered, nil when finished.
    public var current: QuizCard? {
        if case .finished = stage { return nil }
        return cards.indices.contains(index) ? cards[index] : nil
    }

    /// Seconds left in an interview, nil in practice.
    public var secondsLeft: Double? {
        guard case let .interview(limit) = mode else { return nil }
        return max(0, limit - clock().timeIntervalSince(started))
    }

    /// Seconds since the round began.
    public var elapsed: Double { clock().timeIntervalSince(started) }

    /// Whether an interview's time has run out.
    public var isTimeUp: Bool { secondsLeft.map { $0 <= 0 } ?? false }

    /// Reads an answer to the current card. A checked answer is graded and recorded at once; a
    /// short answer waits for `grade(_:)`. Returns a message when the answer cannot be read.
    @discardableResult
    public func submit(_ text: String) -> String? {
        guard case .asking = stage, let card = current else { return nil }
        if isTimeUp { finish(); return nil }
        switch QuizMarker.mark(text, for: card) {
        case .unreadable(let message):
            return message
        case .judged(let feedback):
            pendingAnswer = text
            stage = .answered(feedback)
            if let grade = feedback.automaticGrade { record(card, feedback: feedback, grade: grade) }
            return nil
        }
    }

    /// Whether the answered card waits for the learner's own grade.
    public var awaitsGrade: Bool {
        if case let .answered(feedback) = stage, feedback.verdict == .selfGraded { return results.count == index }
        return false
    }

    /// Records the learner's grade for a short answer.
    public func grade(_ grade: ReviewGrade) {
        guard awaitsGrade, case let .answered(feedback) = stage, let card = current else { return }
        record(card, feedback: feedback, grade: grade)
    }

    /// Moves to the next card (after an answer), or finishes.
    public func advance() {
        guard case .answered = stage, !awaitsGrade else { return }
        if index + 1 >= cards.count || isTimeUp {
            finish()
        } else {
            index += 1
            stage = .asking
            cardStarted = clock()
        }
    }

    /// Ends the round now (the learner quit, or the time is up); saves an interview's result.
    public func finish() {
        guard stage != .finished else { return }
        stage = .finished
        if case .interview = mode, let store {
            let record = InterviewRecord(started: started, finished: clock(), questions: cards.count,
                                         score: Double(results.filter(\.isRight).count))
            pendingTasks.append(.recordInterview(store, record))
        }
    }

    /// Hands over the grades (and interview result) to save, oldest first, and forgets them.
    public func takeTasks() -> [ViewTask] {
        defer { pendingTasks = [] }
        return pendingTasks
    }

    /// Takes in how saving went: a grade or result that was not saved joins `warnings`.
    public func taskFinished(_ result: ViewTaskResult) {
        if case let .reviewRecorded(problem?) = result { warnings.append(problem) }
    }

    private func record(_ card: QuizCard, feedback: QuizFeedback, grade: ReviewGrade) {
        let seconds = clock().timeIntervalSince(cardStarted)
        results.append(Result(card: card, answer: pendingAnswer, feedback: feedback, grade: grade, seconds: seconds))
        guard store != nil || dataFolder != nil else { return }
        let correct: Bool? = feedback.verdict == .selfGraded ? nil : feedback.verdict == .right
        let modeName: ReviewMode
        if case .interview = mode { modeName = .interview } else { modeName = .practice }
        let entry = ReviewLogEntry(card: card.question.id, topic: card.question.topic, time: clock(), grade: grade,
                                   correct: correct, answer: pendingAnswer, seconds: seconds, mode: modeName)
        if let store {
            pendingTasks.append(.recordGrade(store, entry))
        } else if let dataFolder {
            pendingTasks.append(.recordGradeInFolder(dataFolder, entry))
        }
    }
}
