import Foundation
import NNData

/// The lessons of a lessons folder in course order, with every problem found reading them.
///
/// The order comes from `course.txt` (one lesson id per line, `#` comments); each lesson's
/// header `order` must rise down the file and be at least its position (it may skip the
/// numbers of lessons not in this folder yet). Lesson files are the folder's `.md` files
/// other than `README.md`.
public struct Course: Sendable {
    /// The name of the order file.
    public static let orderFileName = "course.txt"

    /// The lessons folder.
    public var folder: String
    /// The lessons that parsed, in course order (lessons missing from the order file last).
    public var lessons: [Lesson]
    /// Every problem: in files, in the order file, and across files (duplicate ids).
    public var problems: [LessonProblem]
    /// One problem for each lesson file that gave no lesson (its first problem): the file is
    /// left out of the course, and the rest of the course works without it.
    public var skipped: [LessonProblem]

    /// Makes a course from parsed lessons.
    public init(folder: String, lessons: [Lesson], problems: [LessonProblem], skipped: [LessonProblem] = []) {
        self.folder = folder
        self.lessons = lessons
        self.problems = problems
        self.skipped = skipped
    }

    /// One line for each skipped lesson file, naming it and the line of its first problem
    /// (cut to a readable length): `skipped broken.md (line 3): …`.
    public var skippedLines: [String] {
        skipped.map { problem in
            let message = problem.message.count > 100 ? String(problem.message.prefix(99)) + "…" : problem.message
            let place = problem.line > 0 ? " (line \(problem.line))" : ""
            return "skipped \(problem.file)\(place): \(message); `lesson check \(problem.file)` lists its problems"
        }
    }

    /// The largest lesson file read, in bytes (1 MB; the shipped lessons are under 20 kB).
    public static let maximumLessonBytes = 1_000_000

    /// Reads and parses one lesson file through `UserFile` (a regular file within
    /// `maximumLessonBytes`), so a FIFO, a device or a huge file named `.md` is a problem of
    /// that file, not a hang; `name` names the file in problems (default: the path).
    public static func parseFile(_ path: String, name: String? = nil) -> LessonParser.Result {
        let shown = name ?? path
        let bytes: [UInt8]
        do { bytes = try UserFile.read(path, maximumBytes: maximumLessonBytes) } catch {
            return LessonParser.Result(lesson: nil, problems: [LessonProblem(file: shown, line: 0, message: "cannot read the file: \(error.reason)")])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return LessonParser.Result(lesson: nil, problems: [LessonProblem(file: shown, line: 0, message: "the file is not UTF-8 text")])
        }
        return LessonParser.parse(text, file: shown)
    }

    /// The lesson file names of a folder (`.md` files but `README.md`), sorted; nil when the
    /// folder cannot be read.
    public static func lessonFiles(in folder: String) -> [String]? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        return entries.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") && $0.lowercased() != "readme.md" }.sorted()
    }

    /// Reads every lesson of a folder and its order file.
    public static func load(folder: String) -> Course {
        guard let files = lessonFiles(in: folder) else {
            return Course(folder: folder, lessons: [], problems: [
                LessonProblem(file: folder, line: 0, message: "no lessons folder here (set NNLAB_LESSONS to point at one)"),
            ])
        }
        var problems: [LessonProblem] = []
        var lessons: [Lesson] = []
        var skipped: [LessonProblem] = []
        for name in files {
            let result = parseFile(UserPath(folder).appending(name).string, name: name)
            problems += result.problems
            if let lesson = result.lesson {
                lessons.append(lesson)
            } else {
                skipped.append(result.problems.first ?? LessonProblem(file: name, line: 0, message: "the file holds no lesson"))
            }
        }
        let orderPath = UserPath(folder).appending(orderFileName).string
        var ordered: [Lesson] = []
        if let text = try? String(contentsOfFile: orderPath, encoding: .utf8) {
            var seen: Set<String> = []
            for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let id = (raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "").trimmed
                guard !id.isEmpty else { continue }
                let line = index + 1
                if seen.contains(id) {
                    problems.append(LessonProblem(file: orderFileName, line: line, message: "'\(id)' is listed twice"))
                    continue
                }
                seen.insert(id)
                guard let lesson = lessons.first(where: { $0.id == id }) else {
                    if !files.contains(id + ".md") {
                        let hint = closest(id, lessons.map(\.id)).map { " — did you mean '\($0)'?" } ?? ""
                        problems.append(LessonProblem(file: orderFileName, line: line, message: "no lesson file \(id).md\(hint)"))
                    }
                    continue
                }
                // Numbers may skip lessons this folder does not have yet (a course being
                // assembled from several branches), but never run backwards or fall behind.
                let previous = ordered.last?.header.order ?? 0
                ordered.append(lesson)
                if lesson.header.order < ordered.count {
                    problems.append(LessonProblem(file: lesson.file, line: headerLine(of: "order", in: folder, file: lesson.file),
                                                  message: "order is \(lesson.header.order), but \(orderFileName) lists this lesson as number \(ordered.count)"))
                } else if lesson.header.order <= previous {
                    problems.append(LessonProblem(file: lesson.file, line: headerLine(of: "order", in: folder, file: lesson.file),
                                                  message: "order is \(lesson.header.order), not above \(previous), the order of the lesson before it in \(orderFileName)"))
                }
            }
            for lesson in lessons where !seen.contains(lesson.id) {
                problems.append(LessonProblem(file: lesson.file, line: 0, message: "the lesson is not listed in \(orderFileName); add its id '\(lesson.id)' there"))
                ordered.append(lesson)
            }
        } else {
            problems.append(LessonProblem(file: orderFileName, line: 0, message: "missing: list the lesson ids in course order, one per line"))
            ordered = lessons.sorted { ($0.header.order, $0.id) < ($1.header.order, $1.id) }
        }
        problems += duplicateProblems(ordered)
        return Course(folder: folder, lessons: ordered, problems: problems, skipped: skipped)
    }

    /// Problems for ids used twice: lesson ids, and exercise and question ids (one namespace
    /// across the course, since progress and review history are keyed by them).
    public static func duplicateProblems(_ lessons: [Lesson]) -> [LessonProblem] {
        var problems: [LessonProblem] = []
        var lessonIDs: [String: String] = [:]
        var itemIDs: [String: (String, Int)] = [:]
        for lesson in lessons {
            if let other = lessonIDs[lesson.id] {
                problems.append(LessonProblem(file: lesson.file, line: 0, message: "lesson id '\(lesson.id)' is also used by \(other)"))
            }
            lessonIDs[lesson.id] = lesson.file
        }
        for lesson in lessons {
            for alias in lesson.header.aliases {
                if let other = lessonIDs[alias], other != lesson.file {
                    problems.append(LessonProblem(file: lesson.file, line: 0, message: "alias '\(alias)' is also the id or an alias of \(other)"))
                }
                lessonIDs[alias] = lesson.file
            }
        }
        for lesson in lessons {
            var ids: [(String, Int)] = lesson.exercises.map { ($0.id, $0.line) }
            ids += lesson.questions.map { ($0.id, $0.line) }
            for (id, line) in ids {
                if let (file, otherLine) = itemIDs[id] {
                    problems.append(LessonProblem(file: lesson.file, line: line, message: "id '\(id)' is already used at \(file):\(otherLine)"))
                } else {
                    itemIDs[id] = (lesson.file, line)
                }
            }
        }
        return problems
    }

    /// The line of a header key in a lesson file (1 when it cannot be found).
    static func headerLine(of key: String, in folder: String, file: String) -> Int {
        guard let text = try? String(contentsOfFile: UserPath(folder).appending(file).string, encoding: .utf8) else { return 1 }
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.hasPrefix(key + ":") {
            return i + 1
        }
        return 1
    }

    /// The lesson a learner names: its id, its file name, one of its aliases (an id it had
    /// before), its number in the course (its header's `order`), or a unique start of its id.
    public func lesson(named name: String) -> Lesson? {
        let key = name.lowercased()
        if let lesson = lessons.first(where: { $0.id == key || $0.file == key || $0.file == key + ".md" }) { return lesson }
        if let lesson = lessons.first(where: { $0.header.aliases.contains(key) }) { return lesson }
        if let n = Int(key), let lesson = lessons.first(where: { $0.header.order == n }) { return lesson }
        let starts = lessons.filter { $0.id.hasPrefix(key) }
        return starts.count == 1 ? starts[0] : nil
    }

    /// The nearest lesson id to a mistyped name.
    public func suggestion(for name: String) -> String? { closest(name, lessons.map(\.id)) }

    /// The problems found in a lesson's file.
    public func problems(in lesson: Lesson) -> [LessonProblem] { problems.filter { $0.file == lesson.file } }

    /// Every quiz question of the course, in course order.
    public var questions: [QuizQuestion] { lessons.flatMap(\.questions) }
}
