import Foundation
import GRDB

/// The learner's review history and schedule, kept in the data folder's store
/// (`reviews.sqlite`, beside lesson progress; opening, locking and damaged files are
/// `StoreDatabase`'s business).
///
/// Each answer is appended to a log and reschedules its card with `ReviewScheduler`, both in one
/// transaction, so nnlab processes answering at the same time lose nothing. Mock interviews are
/// kept too. A store another process holds locked is waited for, never moved aside.
public final class ReviewStore: Sendable {
    /// The file's name in the data folder.
    public static let fileName = StoreDatabase.fileName
    /// How many of a topic's latest answers `TopicMastery.recentAccuracy` is over.
    public static let recentAnswerCount = 20

    /// The data folder.
    public let folder: String
    /// The store file.
    public let path: String
    /// Set when opening had something to report (a file that was not an nnlab store was moved
    /// aside, an old progress file could not be imported): says what and where.
    public let warning: String?
    /// The scheduler `record` uses.
    public let scheduler: ReviewScheduler
    /// How long to wait for a store another process holds locked.
    public let patience: StorePatience

    private let database: DatabaseQueue

    /// Opens (or starts) the history in a data folder, creating the folder if needed.
    public init(dataFolder: String, scheduler: ReviewScheduler = ReviewScheduler(),
                patience: StorePatience = .standard) throws(StoreError) {
        let opened = try StoreDatabase.open(folder: dataFolder, patience: patience)
        folder = dataFolder
        path = opened.path
        self.scheduler = scheduler
        self.patience = patience
        database = opened.queue
        let warnings = StoreNotices.takePending() + opened.warnings
        warning = warnings.isEmpty ? nil : warnings.joined(separator: "\n")
    }

    // MARK: - Reading

    /// The schedule of a card; nil when it was never reviewed (or the file cannot be read).
    public func state(of card: String) -> CardState? {
        StoreDatabase.read(database, patience: patience) { db in try Self.fetchState(db, card: card) } ?? nil
    }

    /// The schedule of every card reviewed, by card id (empty when the file cannot be read).
    public func allStates() -> [String: CardState] {
        let states = StoreDatabase.read(database, patience: patience) { db in
            try Row.fetchAll(db, sql: "SELECT * FROM cards").map(Self.cardState)
        }
        return Dictionary((states ?? []).map { ($0.cardID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every answer given to a card, oldest first.
    public func log(card: String) -> [ReviewLogEntry] {
        let entries = StoreDatabase.read(database, patience: patience) { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reviews WHERE card = ? ORDER BY time, id", arguments: [card])
                .map(Self.logEntry)
        }
        return entries ?? []
    }

    /// Every mock interview, oldest first.
    public func interviews() -> [InterviewRecord] {
        let records = StoreDatabase.read(database, patience: patience) { db in
            try Row.fetchAll(db, sql: "SELECT * FROM interviews ORDER BY started, id").map { row in
                InterviewRecord(started: Date(timeIntervalSince1970: try row.decode(forColumn: "started")),
                                finished: Date(timeIntervalSince1970: try row.decode(forColumn: "finished")),
                                questions: try row.decode(forColumn: "questions"),
                                score: try row.decode(forColumn: "score"))
            }
        }
        return records ?? []
    }

    /// How far the learner has got with each topic of a deck, topics in the order they first
    /// appear. A card counts once per topic even if listed twice; see `TopicMastery` for what
    /// each count means.
    public func mastery(of cards: [(id: String, topic: String)], at now: Date) -> [TopicMastery] {
        var topics: [String] = []
        var cardsByTopic: [String: [String]] = [:]
        for card in cards {
            if cardsByTopic[card.topic] == nil { topics.append(card.topic) }
            if cardsByTopic[card.topic]?.contains(card.id) != true { cardsByTopic[card.topic, default: []].append(card.id) }
        }
        let states = allStates()
        return topics.map { topic in
            let ids = cardsByTopic[topic] ?? []
            let seen = ids.compactMap { states[$0] }
            let recent = recentCorrectness(of: ids)
            let right = recent.filter { $0 }.count
            return TopicMastery(topic: topic, total: ids.count, seen: seen.count,
                                due: seen.filter { $0.isDue(at: now) }.count,
                                mastered: seen.filter { $0.intervalDays >= TopicMastery.masteredInterval }.count,
                                recentAccuracy: recent.isEmpty ? nil : Double(right) / Double(recent.count),
                                recentAnswers: recent.count)
        }
    }

    /// Whether each of the latest answers to some cards was right, newest first: a checked
    /// answer as the program judged it, a self-graded one right when graded good or easy (as a
    /// quiz round's score counts it).
    func recentCorrectness(of cards: [String]) -> [Bool] {
        guard !cards.isEmpty else { return [] }
        let sql = """
            SELECT COALESCE(correct, grade IN ('good', 'easy')) FROM reviews
            WHERE card IN (\(databaseQuestionMarks(count: cards.count)))
            ORDER BY time DESC, id DESC LIMIT \(Self.recentAnswerCount)
            """
        let values = StoreDatabase.read(database, patience: patience) { db in try Bool.fetchAll(db, sql: sql, arguments: StatementArguments(cards)) }
        return values ?? []
    }

    // MARK: - Writing

    /// Records an answer: reschedules the card and appends the answer to the log, in one
    /// transaction. Returns the card's new schedule.
    ///
    /// - Parameters:
    ///   - correct: whether the answer was right, for questions the program checks; nil when
    ///     the learner graded themselves.
    ///   - answer: what the learner typed.
    ///   - seconds: how long they took.
    @discardableResult
    public func record(card: String, topic: String, grade: ReviewGrade, correct: Bool? = nil, answer: String = "",
                       seconds: Double, mode: ReviewMode = .practice, at now: Date = Date()) throws(StoreError) -> CardState {
        let scheduler = self.scheduler
        return try StoreDatabase.perform(database, path: path, patience: patience, failure: "could not save the answer to \(card)") {
            try database.write { db in
                let next = scheduler.schedule(try Self.fetchState(db, card: card), card: card, grade: grade, at: now)
                try db.execute(sql: """
                    INSERT OR REPLACE INTO cards (id, topic, repetitions, intervalDays, ease, due, lapses, lastReviewed, lastGrade)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [card, topic, next.repetitions, next.intervalDays, next.ease, next.due.timeIntervalSince1970,
                                     next.lapses, next.lastReviewed?.timeIntervalSince1970, next.lastGrade?.rawValue])
                try db.execute(sql: """
                    INSERT INTO reviews (card, topic, time, grade, correct, answer, seconds, mode)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [card, topic, now.timeIntervalSince1970, grade.rawValue, correct, answer, seconds, mode.rawValue])
                return next
            }
        }
    }

    /// Records a finished mock interview.
    public func recordInterview(_ result: InterviewRecord) throws(StoreError) {
        try StoreDatabase.perform(database, path: path, patience: patience, failure: "could not save the interview") {
            try database.write { db in
                try db.execute(sql: "INSERT INTO interviews (started, finished, questions, score) VALUES (?, ?, ?, ?)",
                               arguments: [result.started.timeIntervalSince1970, result.finished.timeIntervalSince1970,
                                           result.questions, result.score])
            }
        }
    }

    // MARK: - Rows

    static func fetchState(_ db: Database, card: String) throws -> CardState? {
        try Row.fetchOne(db, sql: "SELECT * FROM cards WHERE id = ?", arguments: [card]).map(cardState)
    }

    static func cardState(_ row: Row) throws -> CardState {
        let lastReviewed: Double? = try row.decode(forColumn: "lastReviewed")
        let lastGrade: String? = try row.decode(forColumn: "lastGrade")
        return CardState(cardID: try row.decode(forColumn: "id"),
                         repetitions: try row.decode(forColumn: "repetitions"),
                         intervalDays: try row.decode(forColumn: "intervalDays"),
                         ease: try row.decode(forColumn: "ease"),
                         due: Date(timeIntervalSince1970: try row.decode(forColumn: "due")),
                         lapses: try row.decode(forColumn: "lapses"),
                         lastReviewed: lastReviewed.map(Date.init(timeIntervalSince1970:)),
                         lastGrade: lastGrade.flatMap(ReviewGrade.init(rawValue:)))
    }

    static func logEntry(_ row: Row) throws -> ReviewLogEntry {
        let grade: String = try row.decode(forColumn: "grade")
        let mode: String = try row.decode(forColumn: "mode")
        return ReviewLogEntry(card: try row.decode(forColumn: "card"),
                              topic: try row.decode(forColumn: "topic"),
                              time: Date(timeIntervalSince1970: try row.decode(forColumn: "time")),
                              grade: ReviewGrade(rawValue: grade) ?? .again,
                              correct: try row.decode(forColumn: "correct"),
                              answer: try row.decode(forColumn: "answer"),
                              seconds: try row.decode(forColumn: "seconds"),
                              mode: ReviewMode(rawValue: mode) ?? .practice)
    }
}
