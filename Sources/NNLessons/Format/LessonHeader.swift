/// The front matter of a lesson file: who it is and where it sits in the course.
///
/// ```
/// ---
/// id: perceptron
/// title: The perceptron
/// order: 1
/// topics: perceptron, linear-separability
/// minutes: 20
/// ---
/// ```
///
/// One key is optional: `aliases: training-dynamics` names ids the lesson had before (comma
/// separated), so `lesson training-dynamics` still opens it and progress saved under an old id
/// carries over.
public struct LessonHeader: Equatable, Hashable, Sendable {
    /// The lesson's name: lower-case words joined by `-`, the same as its file name.
    public var id: String
    /// The title shown in lists and at the top of the lesson.
    public var title: String
    /// The 1-based position in the course (must agree with `course.txt`).
    public var order: Int
    /// The quiz topics the lesson teaches; every quiz question's topic is one of them.
    public var topics: [String]
    /// About how long the lesson takes, in minutes.
    public var minutes: Int
    /// Ids the lesson was known by before (it opens by them, and their progress carries over).
    public var aliases: [String]

    /// The keys a header must have.
    public static let keys = ["id", "title", "order", "topics", "minutes"]
    /// The keys a header may have.
    public static let optionalKeys = ["aliases"]

    /// Makes a header.
    public init(id: String, title: String, order: Int, topics: [String], minutes: Int, aliases: [String] = []) {
        self.id = id
        self.title = title
        self.order = order
        self.topics = topics
        self.minutes = minutes
        self.aliases = aliases
    }
}
