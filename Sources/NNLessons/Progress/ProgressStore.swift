import Foundation

/// Keeps lesson progress in `progress.json` in the data folder.
///
/// Writes are atomic (a temporary file renamed over the old one). A file that cannot be read
/// as progress is never overwritten: it is moved aside to `progress.json.bak` (or `.bak.2`, …)
/// and the move is reported, so a learner's record is never silently lost.
public struct ProgressStore: Sendable {
    /// The file's name in the data folder.
    public static let fileName = "progress.json"

    /// The data folder.
    public var folder: String
    /// The progress file.
    public var path: String { (folder as NSString).appendingPathComponent(Self.fileName) }

    /// A store in a data folder.
    public init(dataFolder: String) { self.folder = dataFolder }

    /// What loading found: the progress (empty when there was none or it was unreadable),
    /// a warning when something had to be moved aside, and whether saving is safe.
    public struct Loaded: Sendable {
        public var progress: CourseProgress
        public var warning: String?
        /// False when an unreadable file could not be moved aside (saving would destroy it).
        public var canSave: Bool
    }

    /// Reads the progress file.
    public func load() -> Loaded {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else { return Loaded(progress: CourseProgress(), warning: nil, canSave: true) }
        let problem: String
        if let data = manager.contents(atPath: path) {
            do {
                return Loaded(progress: try JSONDecoder().decode(CourseProgress.self, from: data), warning: nil, canSave: true)
            } catch let error as DecodingError {
                problem = Self.describe(error)
            } catch {
                problem = "\(error)"
            }
        } else {
            problem = "it cannot be read"
        }
        let backup = nextBackupPath()
        do {
            try manager.moveItem(atPath: path, toPath: backup)
            return Loaded(progress: CourseProgress(),
                          warning: "warning: the progress file \(path) was damaged (\(problem)); it is kept as \(backup) and progress starts afresh",
                          canSave: true)
        } catch {
            return Loaded(progress: CourseProgress(),
                          warning: "warning: the progress file \(path) is damaged (\(problem)) and could not be moved aside; progress will not be saved until it is fixed or removed",
                          canSave: false)
        }
    }

    /// Writes the progress file atomically, creating the data folder if needed.
    public func save(_ progress: CourseProgress) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(progress)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Loads, changes and saves the progress; returns warnings for the learner (a damaged file
    /// moved aside, or a save that failed), or nil when all went well.
    @discardableResult
    public func update(_ change: (inout CourseProgress) -> Void) -> String? {
        var loaded = load()
        var warnings: [String] = loaded.warning.map { [$0] } ?? []
        change(&loaded.progress)
        if loaded.canSave {
            do { try save(loaded.progress) } catch {
                warnings.append("warning: could not save progress to \(path): \(error.localizedDescription)")
            }
        }
        return warnings.isEmpty ? nil : warnings.joined(separator: "\n")
    }

    /// `progress.json.bak`, or the first of `.bak.2`, `.bak.3`, … that does not exist yet.
    func nextBackupPath() -> String {
        let base = path + ".bak"
        if !FileManager.default.fileExists(atPath: base) { return base }
        var n = 2
        while FileManager.default.fileExists(atPath: "\(base).\(n)") { n += 1 }
        return "\(base).\(n)"
    }

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
