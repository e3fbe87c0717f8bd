import GRDB

/// The tables of the store (`reviews.sqlite`) and the migrations that make them.
///
/// - `cards`: the schedule, one row per card reviewed (its `CardState` and topic).
/// - `reviews`: the log, one row per answer (`ReviewLogEntry`), never changed once written.
/// - `interviews`: one row per finished mock interview (`InterviewRecord`).
/// - `lessons`: lesson progress, one row per lesson touched (`LessonProgress`); the pages seen
///   and exercises solved are JSON arrays, the hints shown a JSON object; `touched` numbers
///   the rows in the order they last changed (the highest is where the learner stopped).
///
/// Times are seconds since 1970 (REAL), so they read back exactly as written. The file is marked
/// with an SQLite application id, so a database written by another program is told apart from
/// an nnlab one.
enum StoreSchema {
    /// The SQLite application id of an nnlab store: "nnlr" in ASCII.
    static let applicationID: Int32 = 0x6E6E_6C72

    /// The migrations, oldest first. Add new ones at the end; never change a shipped one.
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: cards, reviews, interviews") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.create(table: "cards") { t in
                t.primaryKey("id", .text)
                t.column("topic", .text).notNull()
                t.column("repetitions", .integer).notNull()
                t.column("intervalDays", .integer).notNull()
                t.column("ease", .double).notNull()
                t.column("due", .double).notNull()
                t.column("lapses", .integer).notNull()
                t.column("lastReviewed", .double)
                t.column("lastGrade", .text)
            }
            try db.create(table: "reviews") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("card", .text).notNull().indexed()
                t.column("topic", .text).notNull()
                t.column("time", .double).notNull()
                t.column("grade", .text).notNull()
                t.column("correct", .boolean)
                t.column("answer", .text).notNull()
                t.column("seconds", .double).notNull()
                t.column("mode", .text).notNull()
            }
            try db.create(table: "interviews") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("started", .double).notNull()
                t.column("finished", .double).notNull()
                t.column("questions", .integer).notNull()
                t.column("score", .double).notNull()
            }
        }
        migrator.registerMigration("v2: lesson progress") { db in
            try db.create(table: "lessons") { t in
                t.primaryKey("id", .text)
                t.column("pageCount", .integer).notNull().defaults(to: 0)
                t.column("lastPage", .integer).notNull().defaults(to: 0)
                t.column("pagesSeen", .text).notNull().defaults(to: "[]")
                t.column("solved", .text).notNull().defaults(to: "[]")
                t.column("hints", .text).notNull().defaults(to: "{}")
            }
        }
        migrator.registerMigration("v3: lesson order of use") { db in
            try db.alter(table: "lessons") { t in
                t.add(column: "touched", .integer).notNull().defaults(to: 0)
            }
        }
        return migrator
    }
}
