/// How well a learner recalled a card: the four grades of the quiz, each standing for a quality
/// on SuperMemo-2's 0–5 scale.
///
/// | grade   | SM-2 quality | meaning                                          |
/// |---------|--------------|--------------------------------------------------|
/// | `again` | 1            | wrong; the answer looked familiar once shown     |
/// | `hard`  | 3            | right, with serious difficulty                   |
/// | `good`  | 4            | right, after some thought                        |
/// | `easy`  | 5            | right at once                                    |
///
/// A quality below 3 is a failed recall (the card starts over); 3 and above is a pass. Questions
/// the program checks itself (numbers, choices, orderings) are graded `good` when right and
/// `again` when wrong; short answers are graded by the learner.
public enum ReviewGrade: String, CaseIterable, Codable, Sendable {
    case again
    case hard
    case good
    case easy

    /// The grade of an answer the program checked: `good` when right, `again` when wrong.
    public init(correct: Bool) { self = correct ? .good : .again }

    /// The quality on SM-2's 0–5 scale (see the table above).
    public var quality: Int {
        switch self {
        case .again: return 1
        case .hard: return 3
        case .good: return 4
        case .easy: return 5
        }
    }

    /// Whether the card was recalled (quality 3 or more).
    public var passed: Bool { quality >= 3 }
}
