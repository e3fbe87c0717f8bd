/// An exercise: a goal in words, a check the engine evaluates on the session after the
/// learner's own commands, hints revealed one at a time, and a reference solution.
///
/// ````
/// ```exercise
/// id: perceptron-or
/// title: A perceptron for `or`
/// goal: Train a perceptron (no hidden layer) to classify the `or` data perfectly.
/// check: data == or and hidden_layers == 0 and test_acc >= 0.99
/// hint: The perceptron is `net 2-1:step`.
/// hint: `train epochs=20` is plenty.
/// solution:
///   data or n=200
///   net 2-1:step
///   train epochs=20
/// ```
/// ````
public struct Exercise: Equatable, Sendable {
    /// A name unique in the course (lower-case words joined by `-`).
    public var id: String
    /// A short title (the id when none is given).
    public var title: String
    /// What to achieve, in Markdown.
    public var goal: String
    /// The engine's check, over facts of the session (see `Check` and `FactCatalog`).
    public var check: Check
    /// Hints, revealed one at a time, the gentlest first.
    public var hints: [String]
    /// The reference solution: command lines that, run in a fresh session, pass the check.
    public var solution: [BlockLine]
    /// The line of the opening fence.
    public var line: Int

    /// Makes an exercise.
    public init(id: String, title: String, goal: String, check: Check, hints: [String], solution: [BlockLine], line: Int) {
        self.id = id
        self.title = title
        self.goal = goal
        self.check = check
        self.hints = hints
        self.solution = solution
        self.line = line
    }

    /// The keys an exercise block may hold.
    public static let keys = ["id", "title", "goal", "check", "hint", "solution"]
}
