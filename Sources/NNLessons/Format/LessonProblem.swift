/// Something wrong in a lesson file (or the course's order file), with where it is.
///
/// Problems are values, never thrown one at a time: a parser or checker collects every problem
/// it finds so an author can fix them all in one pass.
public struct LessonProblem: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The file, as it was named to the parser or checker.
    public var file: String
    /// The 1-based line the problem is on, or 0 when it concerns the whole file.
    public var line: Int
    /// What is wrong and, where possible, how to fix it.
    public var message: String

    /// Makes a problem.
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message` (or `file: message` for the whole file).
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
