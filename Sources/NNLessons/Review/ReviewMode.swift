/// Why a card was answered: ordinary practice, or a question of a mock interview.
public enum ReviewMode: String, CaseIterable, Codable, Sendable {
    /// `quiz`, `quiz TOPIC`: practice at the learner's pace.
    case practice
    /// `quiz interview`: a timed mock interview.
    case interview
}
