import Foundation
import GRDB

/// Opens the one SQLite file in the data folder that keeps lesson progress and the quiz history
/// (`reviews.sqlite`; its tables are in `StoreSchema`), and runs statements on it patiently.
///
/// The file is in WAL mode, so readers never wait for a writer, and every write is an
/// immediate transaction. Opening — checking what the file is, creating or migrating its tables,
/// importing an old `progress.json`, moving a foreign file aside — happens under a `FolderLock`,
/// so processes starting together on a fresh folder never see a half-made store.
///
/// A store another process holds locked is waited for (`StorePatience`) and then reported busy;
/// it is never moved. Only a file that is really not an nnlab store — not SQLite, damaged, or
/// another program's database — is moved aside, as `reviews.sqlite.damaged-1` (or `-2`, …;
/// nothing is overwritten, and its `-wal`, `-shm` and `-journal` companions go with it), and
/// the one process that moved it reports it.
enum StoreDatabase {
    /// The file's name in the data folder (the name the quiz history always had).
    static let fileName = "reviews.sqlite"
    /// The suffix of a file moved aside, before its number.
    static let damagedSuffix = ".damaged-"

    /// The store's path in a data folder.
    static func path(in folder: String) -> String { (folder as NSString).appendingPathComponent(fileName) }

    /// An open store and what opening it had to report.
    struct Opened {
        let queue: DatabaseQueue
        let path: String
        /// Warnings for the learner (`warning: …`): a file moved aside, an old file not imported.
        let warnings: [String]
    }

    /// What the learner is told when nothing can be saved, after the folder part.
    static let fix = "choose a folder you can write to by setting NNLAB_HOME"

    /// Opens (or creates) the store in a data folder, creating the folder if needed.
    ///
    /// Errors that will not go away by themselves (a folder that cannot be written, a store
    /// from a newer nnlab) are marked `alreadyReported` after the first time in a process.
    /// Warnings gathered before an error (a file moved aside, then the fresh store found busy)
    /// are kept for the next caller that shows warnings.
    static func open(folder: String, patience: StorePatience) throws(StoreError) -> Opened {
        var warnings: [String] = []
        do {
            return try openOnce(folder: folder, patience: patience, warnings: &warnings)
        } catch {
            StoreNotices.postpone(warnings)
            if error.isBusy { throw error }
            throw StoreError(error.message, alreadyReported: !StoreNotices.isFirst(error.message))
        }
    }

    private static func openOnce(folder: String, patience: StorePatience, warnings: inout [String]) throws(StoreError) -> Opened {
        try prepareFolder(folder)
        let path = path(in: folder)
        let lock: FolderLock?
        switch FolderLock.acquire(folder, timeout: patience.total) {
        case .locked(let held): lock = held
        case .unsupported: lock = nil
        case .timedOut: throw StoreError.busy(path, waited: patience.total)
        }
        defer { withExtendedLifetime(lock) {} }
        var busyAttempts = 0
        var moves = 0
        while true {
            switch attempt(path, patience: patience) {
            case .success(let queue):
                warnings += LegacyProgressFile.importIfPresent(folder: folder, into: queue, patience: patience)
                return Opened(queue: queue, path: path, warnings: warnings)
            case .failure(.busy):
                busyAttempts += 1
                if busyAttempts >= patience.attempts { throw StoreError.busy(path, waited: patience.total) }
            case .failure(.fatal(let error)):
                throw error
            case .failure(.notAStore(let reason)):
                moves += 1
                guard moves <= 2 else {
                    throw StoreError("could not start a fresh progress store at \(path) (\(reason)); check that the folder can be written")
                }
                let backup = try moveAside(path, reason: reason)
                warnings.append("warning: the progress store \(path) could not be used (\(reason)); it is kept as \(backup) and a fresh one was started")
            }
        }
    }

    // MARK: - Running statements

    /// Runs `body` (one transaction), retrying while the store is busy, up to `patience`.
    /// Errors become a `StoreError` that starts with `failure` (`could not save …`).
    static func perform<T>(_ queue: DatabaseQueue, path: String, patience: StorePatience, failure: String,
                           _ body: () throws -> T) throws(StoreError) -> T {
        var attempts = 0
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where isBusy(error) {
                attempts += 1
                if attempts >= patience.attempts {
                    throw StoreError.busy(path, waited: patience.total, doing: "\(failure): ")
                }
            } catch {
                throw StoreError("\(failure) in \(path): \(reason(error))")
            }
        }
    }

    /// Reads with `body`, retrying while the store is busy; nil when it cannot be read.
    static func read<T>(_ queue: DatabaseQueue, patience: StorePatience, _ body: (Database) throws -> T) -> T? {
        for _ in 0..<patience.attempts {
            do {
                return try queue.read(body)
            } catch let error as DatabaseError where isBusy(error) {
                continue
            } catch {
                return nil
            }
        }
        return nil
    }

    /// Whether SQLite said another connection holds the lock.
    static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    // MARK: - Opening

    /// Why a file could not be opened as the store.
    enum OpenFailure: Error {
        /// Another process holds a lock: wait and try again; never move the file.
        case busy
        /// Not SQLite, damaged, or another program's database: move it aside and start afresh.
        case notAStore(String)
        /// Something moving the file would not fix.
        case fatal(StoreError)
    }

    /// Creates the data folder if needed and makes sure files can be written in it.
    static func prepareFolder(_ folder: String) throws(StoreError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StoreError("the data folder \(folder) is a file, not a folder, so progress and quiz answers will not be saved; rename that file, or \(fix)")
            }
        } else {
            do {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                // Another process may have made it meanwhile.
                if !(manager.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue) {
                    throw StoreError("could not create the data folder \(folder) (\(reason(error))), so progress and quiz answers will not be saved; check the path, or \(fix)")
                }
            }
        }
        guard manager.isWritableFile(atPath: folder) else {
            throw StoreError("the data folder \(folder) cannot be written, so progress and quiz answers will not be saved; change its permissions, or \(fix)")
        }
    }

    /// The configuration every connection uses.
    static func configuration(patience: StorePatience, readonly: Bool = false) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(patience.busyTimeout)
        configuration.label = "nnlab store"
        configuration.readonly = readonly
        return configuration
    }

    /// Opens the file, checks it is an nnlab store, switches it to WAL and brings its tables up to date.
    static func attempt(_ path: String, patience: StorePatience) -> Result<DatabaseQueue, OpenFailure> {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration(patience: patience))
        } catch {
            return .failure(classify(error, path: path))
        }
        do {
            let migrator = StoreSchema.migrator()
            let superseded = try queue.read { db in
                try checkIdentity(db)
                return try migrator.hasBeenSuperseded(db)
            }
            if superseded {
                try? queue.close()
                return .failure(.fatal(StoreError(
                    "the progress store \(path) was written by a newer version of nnlab, so progress and quiz answers will not be saved; update nnlab, or move the file away to start afresh")))
            }
            try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
            try migrator.migrate(queue)
            return .success(queue)
        } catch {
            try? queue.close()
            return .failure(classify(error, path: path))
        }
    }

    /// Reads an existing store without writing anything in its folder (for a folder that
    /// cannot be written, where SQLite cannot make the WAL index it needs even to read): the file
    /// and its `-wal` are copied to a temporary folder and read there. Nil when there is no
    /// store or it cannot be read.
    static func readCopy<T>(folder: String, _ body: (Database) throws -> T) -> T? {
        let manager = FileManager.default
        let path = path(in: folder)
        guard manager.fileExists(atPath: path) else { return nil }
        let scratch = (NSTemporaryDirectory() as NSString).appendingPathComponent("nnlab-store-copy-\(UUID().uuidString)")
        defer { try? manager.removeItem(atPath: scratch) }
        let copy = (scratch as NSString).appendingPathComponent(fileName)
        do {
            try manager.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            try manager.copyItem(atPath: path, toPath: copy)
            if manager.fileExists(atPath: path + "-wal") { try manager.copyItem(atPath: path + "-wal", toPath: copy + "-wal") }
            let queue = try DatabaseQueue(path: copy, configuration: configuration(patience: StorePatience(busyTimeout: 0.1, attempts: 1)))
            defer { try? queue.close() }
            return try queue.read { db in
                try checkIdentity(db)
                guard try StoreSchema.migrator().completedMigrations(db).contains("v2: lesson progress") else {
                    throw OpenFailure.notAStore("it holds no lesson progress yet")
                }
                return try body(db)
            }
        } catch {
            return nil
        }
    }

    /// Throws `notAStore` unless the database is empty (or holds only an empty migration table
    /// left by an interrupted start) or is marked as an nnlab store and passes SQLite's quick check.
    static func checkIdentity(_ db: Database) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let objects = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master")
        if applicationID != StoreSchema.applicationID {
            let migrations = !objects.contains("grdb_migrations") ? 0 : try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") ?? 0
            let onlyMigrations = objects.allSatisfy { $0 == "grdb_migrations" || $0.hasPrefix("sqlite_autoindex_grdb_migrations") }
            guard applicationID == 0 && onlyMigrations && migrations == 0 else {
                throw OpenFailure.notAStore("it is an SQLite database, but not an nnlab store")
            }
        }
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check")
        guard problems == ["ok"] else {
            throw OpenFailure.notAStore("it is damaged: \(problems.first ?? "integrity check failed")")
        }
    }

    /// Sorts an error from opening into waiting, moving the file aside, or giving up.
    static func classify(_ error: any Error, path: String) -> OpenFailure {
        if let failure = error as? OpenFailure { return failure }
        if let error = error as? DatabaseError {
            if isBusy(error) { return .busy }
            switch error.resultCode {
            case .SQLITE_NOTADB: return .notAStore("it is not an SQLite database")
            case .SQLITE_CORRUPT: return .notAStore("it is damaged")
            default: break
            }
        }
        return .fatal(StoreError(
            "could not open the progress store \(path) (\(reason(error))), so progress and quiz answers will not be saved; check that the file and its folder can be written"))
    }

    /// Moves a file that is not an nnlab store (and its companions) to the first free
    /// `.damaged-N` name. Called only under the folder lock.
    static func moveAside(_ path: String, reason: String) throws(StoreError) -> String {
        let manager = FileManager.default
        let companions = ["", "-wal", "-shm", "-journal"]
        var number = 1
        while companions.contains(where: { manager.fileExists(atPath: "\(path)\(damagedSuffix)\(number)\($0)") }) { number += 1 }
        let backup = "\(path)\(damagedSuffix)\(number)"
        do {
            try manager.moveItem(atPath: path, toPath: backup)
        } catch {
            throw StoreError(
                "the progress store \(path) cannot be used (\(reason)) and could not be moved aside (\(Self.reason(error))); move or remove it yourself to start afresh")
        }
        for suffix in companions.dropFirst() where manager.fileExists(atPath: path + suffix) {
            try? manager.moveItem(atPath: path + suffix, toPath: backup + suffix)
        }
        return backup
    }

    /// A short description of an error for a message.
    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        if let error = error as? StoreError { return error.message }
        return error.localizedDescription
    }
}
