/// Progress saved under old lesson ids, or for exercises that moved, follows the course.
///
/// A lesson that was renamed lists its old ids as `aliases:`; a record kept under an alias is
/// joined into the lesson's own record and removed. An exercise keeps its id when it moves to
/// another lesson; one solved (or with hints shown) in the record of a lesson that no longer
/// holds it counts in the lesson that holds it now.
extension CourseProgress {
    /// Moves records kept under aliases to their lessons, and copies solved exercises and hint
    /// counts to the lessons that hold those exercises now. Doing it twice changes nothing.
    ///
    /// Pages are indices, so a renamed lesson whose pages changed keeps the indices that still
    /// exist; when every page of the old lesson had been seen, every page of the new one is.
    public mutating func carryOver(to lessons: [Lesson]) {
        let current = Set(lessons.map(\.id))
        for lesson in lessons {
            for alias in lesson.header.aliases where !current.contains(alias) {
                guard let old = self.lessons[alias] else { continue }
                let pages = lesson.pages.count
                var moved = old
                if old.pageCount > 0, Set(old.pagesSeen.filter { $0 < old.pageCount }).count >= old.pageCount {
                    moved.pagesSeen = Array(0..<pages)
                } else {
                    moved.pagesSeen = old.pagesSeen.filter { $0 < pages }
                }
                moved.pageCount = pages
                moved.lastPage = min(max(old.lastPage, 0), max(pages - 1, 0))
                self[lesson: lesson.id].absorb(moved)
                self.lessons[alias] = nil
            }
        }
        var home: [String: String] = [:]
        for lesson in lessons {
            for exercise in lesson.exercises { home[exercise.id] = lesson.id }
        }
        for (id, record) in self.lessons.sorted(by: { $0.key < $1.key }) {
            for exercise in record.solved {
                guard let target = home[exercise], target != id else { continue }
                self[lesson: target].markSolved(exercise)
            }
            for (exercise, shown) in record.hints.sorted(by: { $0.key < $1.key }) {
                guard let target = home[exercise], target != id else { continue }
                let before = self[lesson: target].hints[exercise] ?? 0
                if shown > before { self[lesson: target].hints[exercise] = shown }
            }
        }
    }

    /// This progress with `carryOver(to:)` applied.
    public func carriedOver(to lessons: [Lesson]) -> CourseProgress {
        var copy = self
        copy.carryOver(to: lessons)
        return copy
    }
}
