/// A known mistake in a numeric question: the number a learner gets when they make it.
///
/// A generator works each mistake out on the same values as the right answer, so a wrong
/// answer that matches one can be named ("no bias correction") and explained.
public struct NumericMistake: Sendable, Equatable {
    /// A short name for the mistake, like `no bias correction` or `σ′ forgotten`.
    public var name: String
    /// One or two sentences on what went wrong and how to get it right (Markdown).
    public var explanation: String
    /// The number the mistake gives on the problem's values.
    public var value: Double

    /// Makes a mistake.
    public init(name: String, explanation: String, value: Double) {
        self.name = name
        self.explanation = explanation
        self.value = value
    }
}
