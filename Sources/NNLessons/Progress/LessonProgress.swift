/// What a learner has done in one lesson.
public struct LessonProgress: Codable, Equatable, Sendable {
    /// The pages seen (0-based indices), sorted.
    public var pagesSeen: [Int]
    /// How many pages the lesson had when last opened (0 if never opened).
    public var pageCount: Int
    /// The ids of the exercises solved (their check passed), in the order solved.
    public var solved: [String]
    /// How many hints have been revealed, by exercise id.
    public var hints: [String: Int]
    /// The page to resume at.
    public var lastPage: Int

    /// Nothing done yet.
    public init(pagesSeen: [Int] = [], pageCount: Int = 0, solved: [String] = [], hints: [String: Int] = [:], lastPage: Int = 0) {
        self.pagesSeen = pagesSeen
        self.pageCount = pageCount
        self.solved = solved
        self.hints = hints
        self.lastPage = lastPage
    }

    /// Records a page as seen (and as the page to resume at).
    public mutating func markSeen(page: Int, of count: Int) {
        pageCount = count
        if !pagesSeen.contains(page) { pagesSeen = (pagesSeen + [page]).sorted() }
        lastPage = page
    }

    /// Records an exercise as solved.
    public mutating func markSolved(_ exercise: String) {
        if !solved.contains(exercise) { solved.append(exercise) }
    }

    /// Records that one more hint of an exercise was shown; returns how many are shown now.
    @discardableResult
    public mutating func revealHint(_ exercise: String, available: Int) -> Int {
        let shown = min((hints[exercise] ?? 0) + 1, available)
        hints[exercise] = shown
        return shown
    }

    /// Adds what another record of the same lesson holds: pages and solved exercises are
    /// joined, hint counts take the larger; the page count and the page to resume at are taken
    /// from `other` only when this record is empty. Absorbing the same record twice changes
    /// nothing the second time.
    public mutating func absorb(_ other: LessonProgress) {
        let wasEmpty = isEmpty && pageCount == 0
        pagesSeen = Array(Set(pagesSeen).union(other.pagesSeen)).sorted()
        for exercise in other.solved where !solved.contains(exercise) { solved.append(exercise) }
        hints.merge(other.hints) { max($0, $1) }
        if wasEmpty {
            pageCount = other.pageCount
            lastPage = other.lastPage
        } else {
            pageCount = max(pageCount, other.pageCount)
        }
    }

    /// Whether nothing has been done.
    public var isEmpty: Bool { pagesSeen.isEmpty && solved.isEmpty && hints.isEmpty }

    enum CodingKeys: String, CodingKey { case pagesSeen, pageCount, solved, hints, lastPage }

    /// Reads a lesson's record, taking missing fields as empty (older files keep working).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pagesSeen = try c.decodeIfPresent([Int].self, forKey: .pagesSeen) ?? []
        pageCount = try c.decodeIfPresent(Int.self, forKey: .pageCount) ?? 0
        solved = try c.decodeIfPresent([String].self, forKey: .solved) ?? []
        hints = try c.decodeIfPresent([String: Int].self, forKey: .hints) ?? [:]
        lastPage = try c.decodeIfPresent(Int.self, forKey: .lastPage) ?? 0
    }
}

/// What a learner has done in every lesson, keyed by lesson id.
public struct CourseProgress: Codable, Equatable, Sendable {
    /// The file format's name.
    public static let format = "nnlab-progress"
    /// The file format's version.
    public static let version = 1

    /// The records by lesson id.
    public var lessons: [String: LessonProgress]
    /// The lesson whose record changed last — where the learner stopped — when the store
    /// knows it (not kept in the old JSON file).
    public var lastLesson: String?

    /// No progress.
    public init(lessons: [String: LessonProgress] = [:], lastLesson: String? = nil) {
        self.lessons = lessons
        self.lastLesson = lastLesson
    }

    /// The record of a lesson (empty if there is none). Setting it, even to what it was (as a
    /// page seen again does), makes it the lesson the learner stopped at.
    public subscript(lesson id: String) -> LessonProgress {
        get { lessons[id] ?? LessonProgress() }
        set {
            lessons[id] = newValue
            lastLesson = id
        }
    }

    /// A short summary of a lesson's progress: `not started`, `pages 2/5 · exercises 1/2`, `done`.
    public func summary(of lesson: Lesson) -> String {
        let record = self[lesson: lesson.id]
        let pages = lesson.pages.count
        let seen = record.pagesSeen.filter { $0 < pages }.count
        let exerciseIDs = lesson.exercises.map(\.id)
        let solved = exerciseIDs.filter(record.solved.contains).count
        if seen == 0 && solved == 0 { return "not started" }
        if seen == pages && solved == exerciseIDs.count { return "done" }
        return "pages \(seen)/\(pages) · exercises \(solved)/\(exerciseIDs.count)"
    }

    enum CodingKeys: String, CodingKey { case format, version, lessons }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.format, forKey: .format)
        try c.encode(Self.version, forKey: .version)
        try c.encode(lessons, forKey: .lessons)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try c.decode(String.self, forKey: .format)
        guard format == Self.format else {
            throw DecodingError.dataCorruptedError(forKey: .format, in: c, debugDescription: "format is '\(format)', not '\(Self.format)'")
        }
        let version = try c.decode(Int.self, forKey: .version)
        guard version == Self.version else {
            throw DecodingError.dataCorruptedError(forKey: .version, in: c, debugDescription: "version \(version) is not \(Self.version) (a newer nnlab wrote it?)")
        }
        lessons = try c.decode([String: LessonProgress].self, forKey: .lessons)
    }
}
