import Foundation
import GRDB
import NNLessons
import XCTest

/// The review history in the store (`reviews.sqlite`): kept across runs, saved whole or not at
/// all, waited for (never moved aside) when another program holds it locked, and kept aside
/// under one name when the file is really not an nnlab store.
final class ReviewStoreTests: XCTestCase {
    var folder: String!

    override func setUp() { folder = TestFolders.temporary("nnlab-reviews") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    var path: String { (folder as NSString).appendingPathComponent("reviews.sqlite") }

    func date(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
        ReviewSchedulerTests.date(year, month, day, hour, minute)
    }

    /// A short patience, so the tests of a locked store do not wait the standard seconds.
    static let shortPatience = StorePatience(busyTimeout: 0.2, attempts: 3)

    func openStore(patience: StorePatience = ReviewStoreTests.shortPatience) throws -> ReviewStore {
        try ReviewStore(dataFolder: folder, scheduler: ReviewScheduler(calendar: ReviewSchedulerTests.utc), patience: patience)
    }

    /// Another program's connection that holds a write lock (`BEGIN EXCLUSIVE`) until `release`.
    func lockForWriting() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let locker = try DatabaseQueue(path: path, configuration: configuration)
        try locker.writeWithoutTransaction { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
        return locker
    }

    func release(_ locker: DatabaseQueue) throws {
        try locker.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        try locker.close()
    }

    /// The names in the data folder that a file moved aside would have.
    var keptAside: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.contains(".damaged") || $0.contains(".corrupt") }
    }

    /// Opens a store and records one answer, so the file holds some history.
    func storeWithHistory() throws {
        let store = try openStore()
        try store.record(card: "relu-vs-sigmoid", topic: "activations", grade: .good, correct: nil,
                         answer: "sigmoid saturates", seconds: 12, mode: .practice, at: date(2024, 3, 1, 12))
    }

    func testRoundTrip() throws {
        let store = try openStore()
        XCTAssertNil(store.warning)
        XCTAssertEqual(store.path, path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        XCTAssertNil(store.state(of: "softmax-value"), "never reviewed")
        XCTAssertEqual(store.allStates(), [:])

        let first = try store.record(card: "softmax-value", topic: "losses", grade: .good, correct: true,
                                     answer: "0.665", seconds: 21.5, mode: .practice, at: date(2024, 3, 1, 12))
        XCTAssertEqual(first, CardState(cardID: "softmax-value", repetitions: 1, intervalDays: 1, ease: 2.5,
                                        due: date(2024, 3, 2), lapses: 0, lastReviewed: date(2024, 3, 1, 12), lastGrade: .good))
        let second = try store.record(card: "softmax-value", topic: "losses", grade: .hard, correct: nil,
                                      answer: "", seconds: 40, mode: .interview, at: date(2024, 3, 2, 9, 15))
        XCTAssertEqual(second, CardState(cardID: "softmax-value", repetitions: 2, intervalDays: 6, ease: 2.36,
                                         due: date(2024, 3, 8), lapses: 0, lastReviewed: date(2024, 3, 2, 9, 15), lastGrade: .hard))
        try store.record(card: "adam-step", topic: "optimizers", grade: .again, correct: false,
                         answer: "0.01", seconds: 30, mode: .practice, at: date(2024, 3, 2, 9, 20))

        XCTAssertEqual(store.state(of: "softmax-value"), second)
        let states = store.allStates()
        XCTAssertEqual(Set(states.keys), ["softmax-value", "adam-step"])
        XCTAssertEqual(states["adam-step"], CardState(cardID: "adam-step", repetitions: 0, intervalDays: 0, ease: 1.96,
                                                      due: date(2024, 3, 2, 9, 30), lapses: 1, lastReviewed: date(2024, 3, 2, 9, 20),
                                                      lastGrade: .again))
    }

    func testTheLogKeepsEveryAnswerAndSurvivesReopening() throws {
        do {
            let store = try openStore()
            try store.record(card: "xor", topic: "perceptron", grade: .again, correct: false, answer: "yes",
                             seconds: 3.25, mode: .practice, at: date(2024, 3, 1, 12))
            try store.record(card: "xor", topic: "perceptron", grade: .good, correct: true, answer: "no, it is not linearly separable",
                             seconds: 8, mode: .interview, at: date(2024, 3, 1, 12, 10))
            try store.record(card: "other", topic: "perceptron", grade: .easy, seconds: 1, at: date(2024, 3, 1, 12, 5))
            try store.recordInterview(InterviewRecord(started: date(2024, 3, 1, 12), finished: date(2024, 3, 1, 12, 20),
                                                      questions: 10, score: 7.5))
        }
        let reopened = try openStore()
        XCTAssertNil(reopened.warning)
        XCTAssertEqual(reopened.log(card: "xor"), [
            ReviewLogEntry(card: "xor", topic: "perceptron", time: date(2024, 3, 1, 12), grade: .again, correct: false,
                           answer: "yes", seconds: 3.25, mode: .practice),
            ReviewLogEntry(card: "xor", topic: "perceptron", time: date(2024, 3, 1, 12, 10), grade: .good, correct: true,
                           answer: "no, it is not linearly separable", seconds: 8, mode: .interview),
        ])
        XCTAssertEqual(reopened.log(card: "other"), [
            ReviewLogEntry(card: "other", topic: "perceptron", time: date(2024, 3, 1, 12, 5), grade: .easy, correct: nil,
                           answer: "", seconds: 1, mode: .practice),
        ])
        XCTAssertEqual(reopened.log(card: "never"), [])
        XCTAssertEqual(reopened.state(of: "xor")?.lapses, 1)
        XCTAssertEqual(reopened.state(of: "xor")?.intervalDays, 1, "relearned after the lapse")
        XCTAssertEqual(reopened.interviews(), [InterviewRecord(started: date(2024, 3, 1, 12), finished: date(2024, 3, 1, 12, 20),
                                                               questions: 10, score: 7.5)])
        XCTAssertEqual(reopened.interviews().first?.fraction ?? 0, 0.75, accuracy: 1e-12)

        // A time with a fraction of a second reads back exactly.
        let precise = Date(timeIntervalSince1970: 1_709_294_400.123456)
        try reopened.record(card: "precise", topic: "t", grade: .good, seconds: 0.5, at: precise)
        XCTAssertEqual(try openStore().log(card: "precise").first?.time, precise)
    }

    func testMasteryPerTopic() throws {
        let store = try openStore()
        // a1 is recalled four times: intervals 1, 6, 15, 38 days, so it is mastered (≥ 21).
        for (day, month) in [(1, 3), (2, 3), (8, 3), (23, 3)] {
            try store.record(card: "a1", topic: "activations", grade: .good, correct: true, answer: "", seconds: 5,
                             at: date(2024, month, day, 12))
        }
        // a2 is failed once: due ten minutes later. o1 is self-graded hard: due the next day.
        try store.record(card: "a2", topic: "activations", grade: .again, correct: false, seconds: 5, at: date(2024, 3, 1, 12))
        try store.record(card: "o1", topic: "optimizers", grade: .hard, correct: nil, seconds: 5, at: date(2024, 3, 1, 12))
        XCTAssertEqual(store.state(of: "a1")?.intervalDays, 38)

        let deck: [(id: String, topic: String)] = [("a1", "activations"), ("o1", "optimizers"), ("a2", "activations"),
                                                   ("a3", "activations"), ("o2", "optimizers"), ("a1", "activations")]
        let mastery = store.mastery(of: deck, at: date(2024, 3, 24))
        XCTAssertEqual(mastery, [
            // 4 right answers to a1 and 1 wrong to a2: 4 / 5 = 0.8.
            TopicMastery(topic: "activations", total: 3, seen: 2, due: 1, mastered: 1, recentAccuracy: 0.8, recentAnswers: 5),
            // o1's only answer was self-graded hard: a pass for the schedule, but not right for a
            // score (as a quiz round counts it: good or easy).
            TopicMastery(topic: "optimizers", total: 2, seen: 1, due: 1, mastered: 0, recentAccuracy: 0, recentAnswers: 1),
        ])
        XCTAssertEqual(mastery.map(\.new), [1, 1])
        XCTAssertEqual(store.mastery(of: [], at: date(2024, 3, 24)), [])
    }

    /// Self-graded answers count toward mastery: good and easy as right, hard and again as wrong
    /// (two of three right showed 0.0 % when only checked answers counted).
    func testSelfGradedAnswersCountTowardAccuracy() throws {
        let store = try openStore()
        for (minute, grade) in [(0, ReviewGrade.good), (1, .again), (2, .easy)] {
            try store.record(card: "s\(minute)", topic: "backpropagation", grade: grade, correct: nil, seconds: 1,
                             at: date(2024, 3, 1, 12, minute))
        }
        let mastery = store.mastery(of: [("s0", "backpropagation"), ("s1", "backpropagation"), ("s2", "backpropagation")],
                                    at: date(2024, 3, 1, 13))
        XCTAssertEqual(mastery.first?.recentAnswers, 3)
        XCTAssertEqual(mastery.first?.recentAccuracy ?? 0, 2.0 / 3.0, accuracy: 1e-12)
    }

    func testRecentAccuracyCountsOnlyTheLatestAnswers() throws {
        let store = try openStore()
        // 5 wrong answers, then 20 right ones: the latest 20 are all right.
        for minute in 0..<25 {
            let right = minute >= 5
            try store.record(card: minute.isMultiple(of: 2) ? "even" : "odd", topic: "losses", grade: ReviewGrade(correct: right),
                             correct: right, seconds: 1, at: date(2024, 3, 1, 12, minute))
        }
        let mastery = store.mastery(of: [("even", "losses"), ("odd", "losses")], at: date(2024, 3, 1, 13))
        XCTAssertEqual(mastery.first?.recentAnswers, 20)
        XCTAssertEqual(mastery.first?.recentAccuracy, 1.0)
    }

    func testQueueOverTheStore() throws {
        let store = try openStore()
        try store.record(card: "b", topic: "t", grade: .good, seconds: 1, at: date(2024, 3, 1, 12))   // due 03-02
        try store.record(card: "c", topic: "t", grade: .again, seconds: 1, at: date(2024, 3, 1, 12))  // due 03-01 12:10
        try store.record(card: "d", topic: "t", grade: .good, seconds: 1, at: date(2024, 3, 1, 12))   // due 03-02
        try store.record(card: "d", topic: "t", grade: .good, seconds: 1, at: date(2024, 3, 2, 7))    // due 03-08
        let order = ReviewQueue.order(cards: ["a", "b", "c", "d", "e"], states: store.allStates(), at: date(2024, 3, 2, 8))
        XCTAssertEqual(order, ["c", "b", "a", "e"])
    }

    func testAnAnswerIsSavedWholeOrNotAtAll() throws {
        let store = try openStore()
        try store.record(card: "xor", topic: "perceptron", grade: .good, seconds: 1, at: date(2024, 3, 1))
        let before = try XCTUnwrap(store.state(of: "xor"))
        // The log refuses the next answer after the schedule was changed in the same transaction.
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON reviews BEGIN SELECT RAISE(ABORT, 'disk full'); END")
            }
            try queue.close()
        }
        XCTAssertThrowsError(try store.record(card: "xor", topic: "perceptron", grade: .easy, seconds: 1, at: date(2024, 3, 2))) { error in
            XCTAssertEqual(error as? StoreError, StoreError("could not save the answer to xor in \(path): disk full"))
        }
        XCTAssertEqual(store.state(of: "xor"), before, "the schedule change was rolled back")
        XCTAssertEqual(store.log(card: "xor").count, 1)
    }

    func testAnAnswerWaitsForAnotherProgramsLock() throws {
        let store = try openStore(patience: StorePatience(busyTimeout: 0.5, attempts: 6))
        let locker = try lockForWriting()
        let released = expectation(description: "released")
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.6) {
            try? locker.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
            try? locker.close()
            released.fulfill()
        }
        let started = Date()
        try store.record(card: "xor", topic: "perceptron", grade: .good, seconds: 1, at: date(2024, 3, 1))
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.5, "waited for the lock")
        wait(for: [released], timeout: 10)
        XCTAssertEqual(store.log(card: "xor").count, 1, "saved once the lock was gone")
        XCTAssertEqual(keptAside, [])
    }

    func testAnAnswerWhileAnotherProgramKeepsTheLockSaysTheStoreIsBusy() throws {
        let store = try openStore()
        let locker = try lockForWriting()
        let started = Date()
        XCTAssertThrowsError(try store.record(card: "xor", topic: "perceptron", grade: .good, seconds: 1, at: date(2024, 3, 1))) { error in
            XCTAssertEqual(error as? StoreError, StoreError(
                "could not save the answer to xor: the progress store is busy (another nnlab?): \(path) stayed locked for 0.6 seconds; close the other nnlab or program using it and try again"))
            XCTAssertEqual((error as? StoreError)?.isBusy, true)
        }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.5, "retried for the whole patience")
        try release(locker)
        try store.record(card: "xor", topic: "perceptron", grade: .good, seconds: 1, at: date(2024, 3, 1))
        XCTAssertEqual(store.log(card: "xor").count, 1, "saved once the lock is gone")
        XCTAssertEqual(keptAside, [])
    }

    // MARK: - Bad files

    func testGarbageIsMovedAsideWithoutOverwritingEarlierBackups() throws {
        let garbage = Data(String(repeating: "these are not the bytes of a database\n", count: 200).utf8)
        try garbage.write(to: URL(fileURLWithPath: path))
        try Data("an earlier backup".utf8).write(to: URL(fileURLWithPath: path + ".damaged-1"))

        let store = try openStore()
        let backup = path + ".damaged-2"
        XCTAssertEqual(store.warning, "warning: the progress store \(path) could not be used (it is not an SQLite database); it is kept as \(backup) and a fresh one was started")
        XCTAssertEqual(FileManager.default.contents(atPath: backup), garbage, "kept byte for byte")
        XCTAssertEqual(FileManager.default.contents(atPath: path + ".damaged-1"), Data("an earlier backup".utf8), "not overwritten")
        XCTAssertEqual(store.allStates(), [:], "a fresh history")
        try store.record(card: "xor", topic: "perceptron", grade: .good, seconds: 1, at: date(2024, 3, 1))
        XCTAssertEqual(store.state(of: "xor")?.repetitions, 1)

        let reopened = try openStore()
        XCTAssertNil(reopened.warning, "the fresh file is good, and the move was reported once")
        XCTAssertNil(ProgressStore(dataFolder: folder).load().warning, "not reported again for progress either")
        XCTAssertEqual(reopened.state(of: "xor")?.repetitions, 1)
    }

    func testADamagedDatabaseIsMovedAside() throws {
        try storeWithHistory()
        let original = try XCTUnwrap(FileManager.default.contents(atPath: path))
        XCTAssertGreaterThan(original.count, 4096)
        // Keep the 100-byte header, wreck the rest of the first page (the table of tables).
        var damaged = original
        damaged.replaceSubrange(100..<4096, with: Data(repeating: 0xA5, count: 3996))
        try damaged.write(to: URL(fileURLWithPath: path))

        let store = try openStore()
        let backup = path + ".damaged-1"
        let warning = try XCTUnwrap(store.warning)
        XCTAssertTrue(warning.hasPrefix("warning: the progress store \(path) could not be used (it is damaged"), warning)
        XCTAssertTrue(warning.hasSuffix("it is kept as \(backup) and a fresh one was started"), warning)
        XCTAssertEqual(FileManager.default.contents(atPath: backup), damaged)
        XCTAssertEqual(store.allStates(), [:])
    }

    func testAnotherProgramsDatabaseIsMovedAside() throws {
        do {
            let other = try DatabaseQueue(path: path)
            try other.write { db in
                try db.execute(sql: "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos (name) VALUES ('cat')")
            }
            try other.close()
        }
        let store = try openStore()
        let backup = path + ".damaged-1"
        XCTAssertEqual(store.warning, "warning: the progress store \(path) could not be used (it is an SQLite database, but not an nnlab store); it is kept as \(backup) and a fresh one was started")
        let kept = try DatabaseQueue(path: backup)
        XCTAssertEqual(try kept.read { db in try String.fetchAll(db, sql: "SELECT name FROM photos") }, ["cat"])
        try kept.close()
    }

    func testAnEmptyFileIsAFreshHistory() throws {
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
        let store = try openStore()
        XCTAssertNil(store.warning)
        try store.record(card: "xor", topic: "perceptron", grade: .good, seconds: 1, at: date(2024, 3, 1))
        XCTAssertEqual(try openStore().state(of: "xor")?.intervalDays, 1)
    }

    func testAHalfCreatedStoreIsStartedNotMovedAside() throws {
        // What an interrupted start (or an older nnlab racing another) can leave: GRDB's empty
        // table of migrations and nothing else.
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)") }
            try queue.close()
        }
        let store = try openStore()
        XCTAssertNil(store.warning)
        XCTAssertEqual(keptAside, [])
        try store.record(card: "xor", topic: "perceptron", grade: .good, seconds: 1, at: date(2024, 3, 1))
        XCTAssertEqual(try openStore().log(card: "xor").count, 1)
    }

    /// Another program opens the store with an exclusive locking mode and writes, so it holds
    /// the file's lock (even readers must wait) until it closes.
    func lockExclusively() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE") }
        let locker = try DatabaseQueue(path: path, configuration: configuration)
        try locker.write { db in try db.execute(sql: "CREATE TABLE IF NOT EXISTS other (x)") }
        return locker
    }

    func testAStoreLockedForLongIsReportedBusyAndNeverMovedAside() throws {
        try storeWithHistory()
        let locker = try lockExclusively()
        let started = Date()
        XCTAssertThrowsError(try openStore()) { error in
            XCTAssertEqual(error as? StoreError, StoreError(
                "the progress store is busy (another nnlab?): \(path) stayed locked for 0.6 seconds; close the other nnlab or program using it and try again"))
            XCTAssertEqual((error as? StoreError)?.alreadyReported, false, "busy is said every time")
        }
        let waited = Date().timeIntervalSince(started)
        XCTAssertGreaterThanOrEqual(waited, 0.5, "waits for the whole patience")
        XCTAssertLessThan(waited, 10, "then gives up")
        XCTAssertEqual(keptAside, [], "a locked store is not moved aside")
        let progress = ProgressStore(dataFolder: folder, patience: Self.shortPatience).change { $0[lesson: "x"].markSolved("y") }
        XCTAssertEqual(progress.warning, "warning: the progress store is busy (another nnlab?): \(path) stayed locked for 0.6 seconds; close the other nnlab or program using it and try again")
        try locker.close()

        let store = try openStore()
        XCTAssertNil(store.warning)
        XCTAssertEqual(store.log(card: "relu-vs-sigmoid").map(\.answer), ["sigmoid saturates"], "the history is intact")
        XCTAssertEqual(keptAside, [])
    }

    func testAStoreLockedForAWhileIsWaitedFor() throws {
        try storeWithHistory()
        let locker = try lockExclusively()
        let released = expectation(description: "released")
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) {
            try? locker.close()
            released.fulfill()
        }
        let store = try openStore(patience: StorePatience(busyTimeout: 0.5, attempts: 8))
        wait(for: [released], timeout: 10)
        XCTAssertNil(store.warning)
        XCTAssertEqual(store.log(card: "relu-vs-sigmoid").count, 1)
        XCTAssertEqual(keptAside, [])
    }

    func testAHistoryFromANewerVersionIsAnErrorAndLeftAlone() throws {
        try storeWithHistory()
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
            try queue.close()
        }
        XCTAssertThrowsError(try openStore()) { error in
            XCTAssertEqual(error as? StoreError, StoreError(
                "the progress store \(path) was written by a newer version of nnlab, so progress and quiz answers will not be saved; update nnlab, or move the file away to start afresh"))
        }
        XCTAssertEqual(keptAside, [], "not moved")
    }

    // MARK: - Bad folders

    func testAFolderThatCannotBeCreatedIsAClearError() throws {
        let file = (folder as NSString).appendingPathComponent("a-file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let inside = (file as NSString).appendingPathComponent("data")
        XCTAssertThrowsError(try ReviewStore(dataFolder: inside)) { error in
            let message = (error as? StoreError)?.message ?? "\(error)"
            XCTAssertTrue(message.hasPrefix("could not create the data folder \(inside) ("), message)
            XCTAssertTrue(message.hasSuffix("), so progress and quiz answers will not be saved; check the path, or choose a folder you can write to by setting NNLAB_HOME"), message)
        }
        XCTAssertThrowsError(try ReviewStore(dataFolder: file)) { error in
            XCTAssertEqual(error as? StoreError, StoreError(
                "the data folder \(file) is a file, not a folder, so progress and quiz answers will not be saved; rename that file, or choose a folder you can write to by setting NNLAB_HOME"))
        }
    }

    func testAReadOnlyFolderIsAClearError() throws {
        try XCTSkipIf(getuid() == 0, "root can write anywhere")
        let readOnly = (folder as NSString).appendingPathComponent("read-only")
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o555])
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: readOnly) }
        XCTAssertThrowsError(try ReviewStore(dataFolder: readOnly)) { error in
            XCTAssertEqual(error as? StoreError, StoreError(
                "the data folder \(readOnly) cannot be written, so progress and quiz answers will not be saved; change its permissions, or choose a folder you can write to by setting NNLAB_HOME"))
        }
    }
}
