import Foundation
import GRDB

/// Reads and writes lesson progress in the store's `lessons` table (one row per lesson; see
/// `StoreSchema`). Called inside a transaction.
enum ProgressRecords {
    /// Every lesson's record, and the lesson that changed last.
    static func fetchAll(_ db: Database) throws -> CourseProgress {
        var course = CourseProgress()
        var latest = 0
        for row in try Row.fetchAll(db, sql: "SELECT * FROM lessons ORDER BY id") {
            let id: String = try row.decode(forColumn: "id")
            course.lessons[id] = LessonProgress(
                pagesSeen: try decodeJSON([Int].self, row, "pagesSeen", lesson: id),
                pageCount: try row.decode(forColumn: "pageCount"),
                solved: try decodeJSON([String].self, row, "solved", lesson: id),
                hints: try decodeJSON([String: Int].self, row, "hints", lesson: id),
                lastPage: try row.decode(forColumn: "lastPage"))
            let touched: Int = try row.decode(forColumn: "touched")
            if touched > latest {
                latest = touched
                course.lastLesson = id
            }
        }
        return course
    }

    /// Writes the lessons whose record differs between `old` (what `fetchAll` read) and `new`,
    /// numbering them after every other row (in the order of their ids, `new.lastLesson` last)
    /// as the latest touched — unless `new.lastLesson` is nil (no lesson made the change), when
    /// their numbers stay as they were; returns the ids written.
    @discardableResult
    static func save(_ new: CourseProgress, over old: CourseProgress, _ db: Database) throws -> [String] {
        var changed = new.lessons.keys.filter { old.lessons[$0] != new.lessons[$0] }.sorted()
        // The lesson the change went through is written last, changed or not, when it is new.
        if let last = new.lastLesson, new.lessons[last] != nil, last != old.lastLesson || !changed.isEmpty {
            changed = changed.filter { $0 != last } + [last]
        }
        var touched = try Int.fetchOne(db, sql: "SELECT MAX(touched) FROM lessons") ?? 0
        for id in changed {
            let record = new.lessons[id]!
            if new.lastLesson == nil {
                // Not changed through a lesson (an old progress file imported): the order of use
                // stays unknown, and `CoursePlace` goes by course order.
                touched = try Int.fetchOne(db, sql: "SELECT touched FROM lessons WHERE id = ?", arguments: [id]) ?? 0
            } else {
                touched += 1
            }
            try db.execute(sql: """
                INSERT OR REPLACE INTO lessons (id, pageCount, lastPage, pagesSeen, solved, hints, touched)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, record.pageCount, record.lastPage, try encodeJSON(record.pagesSeen),
                                 try encodeJSON(record.solved), try encodeJSON(record.hints), touched])
        }
        for id in old.lessons.keys where new.lessons[id] == nil {
            try db.execute(sql: "DELETE FROM lessons WHERE id = ?", arguments: [id])
        }
        return changed
    }

    /// Reads, changes and writes every lesson's record in the current transaction; returns the result.
    static func change(_ db: Database, _ change: (inout CourseProgress) -> Void) throws -> CourseProgress {
        let old = try fetchAll(db)
        var new = old
        change(&new)
        try save(new, over: old, db)
        if let last = new.lastLesson, new.lessons[last] == nil { new.lastLesson = nil }
        return new
    }

    /// A JSON column that does not decode.
    enum Unreadable: Error, CustomStringConvertible {
        case column(lesson: String, column: String)
        var description: String {
            switch self {
            case .column(let lesson, let column): return "the \(column) of lesson \(lesson) cannot be read"
            }
        }
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ row: Row, _ column: String, lesson: String) throws -> T {
        let text: String = try row.decode(forColumn: column)
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw Unreadable.column(lesson: lesson, column: column)
        }
    }

    static func encodeJSON<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
