import Foundation
import NNLessons
import NNSession

/// Folders the lesson tests use: the shipped course, and fresh temporary folders.
enum TestFolders {
    /// The repository's `lessons/` folder.
    static let lessons: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("lessons").path

    /// A new empty folder under the temporary directory (removed by the caller's teardown).
    static func temporary(_ name: String = "nnlab-lessons-test") -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A plain-mode session over a data folder and a lessons folder.
    static func session(data: String, lessons: String = TestFolders.lessons, interactive: Bool = false) -> Session {
        Session(environment: SessionEnvironment(dataFolder: data, lessonsFolder: lessons, width: 80, colorMode: .none, interactive: interactive))
    }

    /// The text a command line prints in a session (a view request prints `[view …]`).
    static func text(_ session: Session, _ line: String) throws -> String {
        let printer = OutputPrinter(width: 80, colorMode: .none)
        return try session.output(of: line).map { block -> String in
            if case .view(let request) = block { return "[view \(request)]\n" }
            return printer.text(block)
        }.joined()
    }
}
