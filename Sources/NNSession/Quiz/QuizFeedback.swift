import NNLessons

/// What the quiz says after an answer: whether it was right, what the right answer is, the
/// named mistake when a wrong number matches one, and the explanation.
public struct QuizFeedback: Sendable, Equatable {
    /// How the answer was judged.
    public enum Verdict: Sendable, Equatable {
        /// Checked and right.
        case right
        /// Checked and wrong (an empty answer counts as "I don't know").
        case wrong
        /// A short answer: the model answer is shown and the learner grades themselves.
        case selfGraded
    }

    /// How the answer was judged.
    public var verdict: Verdict
    /// One line: "right", "wrong: the answer is b", "compare with the model answer".
    public var headline: String
    /// The named mistake a wrong number matches, with its explanation.
    public var diagnosis: String?
    /// The model answer or worked solution (Markdown).
    public var explanation: String

    /// The grade recorded for a checked answer: good when right, again when wrong.
    public var automaticGrade: ReviewGrade? {
        switch verdict {
        case .right: return .good
        case .wrong: return .again
        case .selfGraded: return nil
        }
    }
}
