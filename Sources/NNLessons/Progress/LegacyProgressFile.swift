import Foundation
import GRDB

/// Moves the lesson progress of an old `progress.json` (what nnlab kept before the store held
/// progress) into the store, once.
///
/// Run under the folder lock when the store opens. The file's records are merged into the
/// store's (pages and solved exercises are joined, hint counts take the larger), then the file
/// is renamed `progress.json.migrated` (or `.migrated-2`, …) so it is not imported again; were
/// the rename to fail, importing again changes nothing. A file that cannot be read as progress
/// is renamed `progress.json.damaged-N`, reported, and not imported.
enum LegacyProgressFile {
    /// The old file's name in the data folder.
    static let fileName = "progress.json"

    /// Imports `progress.json` if the folder has one; returns warnings for the learner.
    static func importIfPresent(folder: String, into queue: DatabaseQueue, patience: StorePatience) -> [String] {
        let manager = FileManager.default
        let path = (folder as NSString).appendingPathComponent(fileName)
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return [] }
        let old: CourseProgress
        do {
            guard let data = manager.contents(atPath: path) else { throw Unreadable(reason: "it cannot be read") }
            do {
                old = try JSONDecoder().decode(CourseProgress.self, from: data)
            } catch let error as DecodingError {
                throw Unreadable(reason: describe(error))
            }
        } catch {
            let reason = (error as? Unreadable)?.reason ?? "\(error)"
            guard let kept = rename(path, suffix: ".damaged-") else {
                let message = "warning: the old progress file \(path) cannot be read (\(reason)) and was not imported; move it away to stop this warning"
                return StoreNotices.isFirst(message) ? [message] : []
            }
            return ["warning: the old progress file \(path) cannot be read (\(reason)); it is kept as \(kept) and was not imported"]
        }
        do {
            try StoreDatabase.perform(queue, path: StoreDatabase.path(in: folder), patience: patience, failure: "could not import the lesson progress of \(path)") {
                try queue.write { db in
                    _ = try ProgressRecords.change(db) { course in
                        // The old file does not know where the learner stopped: the import
                        // leaves the order of use as it was.
                        let stopped = course.lastLesson
                        for (id, record) in old.lessons { course[lesson: id].absorb(record) }
                        course.lastLesson = stopped
                    }
                }
            }
        } catch {
            return ["warning: \(error.message); it stays in \(path) and is imported next time"]
        }
        if rename(path, suffix: ".migrated", firstWithoutNumber: true) == nil {
            let message = "warning: the lesson progress of \(path) is now in the store, but the file could not be renamed; remove it yourself"
            return StoreNotices.isFirst(message) ? [message] : []
        }
        return []
    }

    /// Renames a file to `PATH` + suffix + the first free number (or no number first); nil on failure.
    static func rename(_ path: String, suffix: String, firstWithoutNumber: Bool = false) -> String? {
        let manager = FileManager.default
        var number = 1
        func candidate() -> String {
            firstWithoutNumber ? (number == 1 ? path + suffix : "\(path)\(suffix)-\(number)") : "\(path)\(suffix)\(number)"
        }
        while manager.fileExists(atPath: candidate()) { number += 1 }
        let target = candidate()
        do { try manager.moveItem(atPath: path, toPath: target) } catch { return nil }
        return target
    }

    struct Unreadable: Error { var reason: String }

    /// What is wrong with a file that does not decode, in a few words.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "not valid JSON" : context.debugDescription
        case .keyNotFound(let key, _): return "'\(key.stringValue)' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default: return "unreadable"
        }
    }
}
