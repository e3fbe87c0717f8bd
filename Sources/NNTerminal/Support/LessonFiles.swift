import Foundation

/// The lesson files in a lessons folder, for the welcome screen and completion.
public enum LessonFiles {
    /// The lesson names (the `.md` files, without the extension, sorted), or nil when the
    /// folder is missing or unreadable.
    public static func names(in folder: String) -> [String]? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        return entries
            .filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") && $0.uppercased() != "README.MD" }
            .map { String($0.dropLast(3)) }
            .sorted()
    }

    /// Lines describing the lessons of a folder: one line per lesson, or one line saying
    /// the folder is empty or missing.
    public static func listing(in folder: String) -> [String] {
        guard let names = names(in: folder) else {
            return ["No lessons folder found at \(folder) (set NNLAB_LESSONS to point at one)."]
        }
        guard !names.isEmpty else { return ["No lessons yet in \(folder)."] }
        return ["Lessons (open one with `lesson NAME`):"] + names.map { "  \($0)" }
    }
}
