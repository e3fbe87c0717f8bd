import NNEngine

/// The "did you mean" hint NNData appends to errors about misspelled names.
///
/// The matching itself is the engine's `Suggestion`, so every part of nnlab suggests the same way.
enum SpellingSuggestion {
    /// The end of a sentence about a misspelled `word`: " — did you mean 'x'?" when a candidate
    /// is close to it, else ".".
    static func ending(for word: String, among candidates: [String]) -> String {
        guard let match = Suggestion.closest(to: word, in: candidates) else { return "." }
        return " — did you mean '\(match)'?"
    }
}
