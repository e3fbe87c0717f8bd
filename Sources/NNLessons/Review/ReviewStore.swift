import Foundation
import GRDB

/// The learner's review history and schedule, kept in `reviews.sqlite` in the data folder.
///
/// Each answer is appended to a log and reschedules its card with `ReviewScheduler`, both in one
/// transaction. Mock interviews are kept too. The tables are described in `ReviewSchema`.
///
/// History is never silently lost. When the file is damaged, is not an nnlab review history,
/// or another program keeps it locked for more than a second, it is moved aside as
/// `reviews.sqlite.corrupt-1` (or `-2`, … : nothing is overwritten, and its `-journal`, `-wal`
/// and `-shm` companions go with it), a fresh history is started and `warning` says so. A data
/// folder that cannot be made or written, or a history written by a newer nnlab, is an error.
public final class ReviewStore: Sendable {
    /// The file's name in the data folder.
    public static let fileName = "reviews.sqlite"
    /// How many of a topic's latest checked answers `TopicMastery.recentAccuracy` is over.
    public static let recentAnswerCount = 20
    /// How long to wait for another program's lock before giving up on the file (seconds).
    public static let busyTimeout: TimeInterval = 1

    /// The data folder.
    public let folder: String
    /// The history file.
    public let path: String
    /// Set when the old file was unreadable and was moved aside: says where it is kept.
    public let warning: String?
    /// The scheduler `record` uses.
    public let scheduler: ReviewScheduler

    private let database: DatabaseQueue

    /// Opens (or starts) the history in a data folder, creating the folder if needed.
    public init(dataFolder: String, scheduler: ReviewScheduler = ReviewScheduler()) throws(ReviewStoreError) {
        folder = dataFolder
        path = (dataFolder as NSString).appendingPathComponent(Self.fileName)
        self.scheduler = scheduler
        try Self.prepareFolder(dataFolder)
        switch Self.open(path) {
        case .success(let queue):
            database = queue
            warning = nil
        case .failure(.fatal(let error)):
            throw error
        case .failure(.unreadable(let reason)):
            let backup = try Self.moveAside(path, reason: reason)
            switch Self.open(path) {
            case .success(let queue):
                database = queue
            case .failure(.fatal(let error)):
                throw error
            case .failure(.unreadable(let again)):
                throw ReviewStoreError("could not start a fresh review history at \(path) (\(again)); the old one is kept as \(backup)")
            }
            warning = "warning: the review history \(path) was unreadable (\(reason)); kept it as \(backup) and started a fresh one"
        }
    }

    // MARK: - Reading

    /// The schedule of a card; nil when it was never reviewed (or the file cannot be read).
    public func state(of card: String) -> CardState? {
        try? database.read { db in try Self.fetchState(db, card: card) }
    }

    /// The schedule of every card reviewed, by card id (empty when the file cannot be read).
    public func allStates() -> [String: CardState] {
        let states = try? database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM cards").map(Self.cardState)
        }
        return Dictionary((states ?? []).map { ($0.cardID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every answer given to a card, oldest first.
    public func log(card: String) -> [ReviewLogEntry] {
        let entries = try? database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reviews WHERE card = ? ORDER BY time, id", arguments: [card])
                .map(Self.logEntry)
        }
        return entries ?? []
    }

    /// Every mock interview, oldest first.
    public func interviews() -> [InterviewRecord] {
        let records = try? database.read { db in
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

    /// Whether each of the latest checked answers to some cards was right, newest first.
    func recentCorrectness(of cards: [String]) -> [Bool] {
        guard !cards.isEmpty else { return [] }
        let sql = """
            SELECT correct FROM reviews
            WHERE correct IS NOT NULL AND card IN (\(databaseQuestionMarks(count: cards.count)))
            ORDER BY time DESC, id DESC LIMIT \(Self.recentAnswerCount)
            """
        let values = try? database.read { db in try Bool.fetchAll(db, sql: sql, arguments: StatementArguments(cards)) }
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
                       seconds: Double, mode: ReviewMode = .practice, at now: Date = Date()) throws(ReviewStoreError) -> CardState {
        let scheduler = self.scheduler
        do {
            return try database.write { db in
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
        } catch {
            throw ReviewStoreError("could not save the answer to \(card) in \(path): \(Self.reason(error))")
        }
    }

    /// Records a finished mock interview.
    public func recordInterview(_ result: InterviewRecord) throws(ReviewStoreError) {
        do {
            try database.write { db in
                try db.execute(sql: "INSERT INTO interviews (started, finished, questions, score) VALUES (?, ?, ?, ?)",
                               arguments: [result.started.timeIntervalSince1970, result.finished.timeIntervalSince1970,
                                           result.questions, result.score])
            }
        } catch {
            throw ReviewStoreError("could not save the interview in \(path): \(Self.reason(error))")
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

    // MARK: - Opening

    /// Why a file could not be opened as the history.
    enum OpenFailure: Error {
        /// The file is damaged, foreign or locked: move it aside and start afresh.
        case unreadable(String)
        /// Something moving the file would not fix.
        case fatal(ReviewStoreError)
    }

    /// Creates the data folder if needed and makes sure files can be written in it.
    static func prepareFolder(_ folder: String) throws(ReviewStoreError) {
        let manager = FileManager.default
        let fix = "choose a folder you can write to by setting NNLAB_HOME"
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ReviewStoreError("the data folder \(folder) is a file, not a folder, so the review history cannot be kept; rename that file, or \(fix)")
            }
        } else {
            do {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw ReviewStoreError("could not create the data folder \(folder) for the review history (\(reason(error))); check the path, or \(fix)")
            }
        }
        guard manager.isWritableFile(atPath: folder) else {
            throw ReviewStoreError("the data folder \(folder) cannot be written, so the review history cannot be kept; change its permissions, or \(fix)")
        }
    }

    /// Opens the file, checks it is a readable nnlab history and brings its tables up to date.
    static func open(_ path: String) -> Result<DatabaseQueue, OpenFailure> {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "nnlab reviews"
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            return .failure(classify(error, path: path))
        }
        do {
            let migrator = ReviewSchema.migrator()
            let superseded = try queue.read { db in
                try checkIdentity(db)
                return try migrator.hasBeenSuperseded(db)
            }
            if superseded {
                try? queue.close()
                return .failure(.fatal(ReviewStoreError(
                    "the review history \(path) was written by a newer version of nnlab; update nnlab, or move the file away to start a fresh history")))
            }
            try migrator.migrate(queue)
            return .success(queue)
        } catch {
            try? queue.close()
            return .failure(classify(error, path: path))
        }
    }

    /// Throws `unreadable` unless the database is empty or marked as an nnlab history and passes
    /// SQLite's quick integrity check.
    static func checkIdentity(_ db: Database) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        guard applicationID == ReviewSchema.applicationID || (applicationID == 0 && objects == 0) else {
            throw OpenFailure.unreadable("it is an SQLite database, but not an nnlab review history")
        }
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check")
        guard problems == ["ok"] else {
            throw OpenFailure.unreadable("it is damaged: \(problems.first ?? "integrity check failed")")
        }
    }

    /// Sorts an error from opening into what moving the file aside fixes and what it does not.
    static func classify(_ error: any Error, path: String) -> OpenFailure {
        if let failure = error as? OpenFailure { return failure }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return .unreadable("another program kept it locked for more than a second")
            case .SQLITE_NOTADB:
                return .unreadable("it is not an SQLite database")
            case .SQLITE_CORRUPT:
                return .unreadable("it is damaged")
            default:
                break
            }
        }
        return .fatal(ReviewStoreError(
            "could not open the review history \(path) (\(reason(error))); check that the file and its folder can be written"))
    }

    /// Moves an unreadable file (and its companions) to the first free `.corrupt-N` name.
    static func moveAside(_ path: String, reason: String) throws(ReviewStoreError) -> String {
        let manager = FileManager.default
        let companions = ["", "-journal", "-wal", "-shm"]
        var number = 1
        while companions.contains(where: { manager.fileExists(atPath: "\(path).corrupt-\(number)\($0)") }) { number += 1 }
        let backup = "\(path).corrupt-\(number)"
        do {
            try manager.moveItem(atPath: path, toPath: backup)
        } catch {
            throw ReviewStoreError(
                "the review history \(path) is unreadable (\(reason)) and could not be moved aside (\(Self.reason(error))); move or remove it yourself to start a fresh one")
        }
        for suffix in companions.dropFirst() where manager.fileExists(atPath: path + suffix) {
            try? manager.moveItem(atPath: path + suffix, toPath: backup + suffix)
        }
        return backup
    }

    /// A short description of an error for a message.
    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                return "another program kept it locked for more than a second; close it and try again"
            }
            return error.message ?? "SQLite error \(error.resultCode.rawValue)"
        }
        if let error = error as? ReviewStoreError { return error.message }
        return error.localizedDescription
    }
}
