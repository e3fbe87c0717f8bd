/// Finds the closest valid word to a mistyped one, for "did you mean" hints.
public enum Suggestion {
    /// The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo.
    ///
    /// The work is bounded: candidates longer than `maximumComparedLength` characters are never
    /// suggested, and a word more than `maximumDistance` characters longer than every candidate
    /// cannot be a typo of one, so it is answered without comparing (a 10 MB word costs no more
    /// than a short one).
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let compared = candidates.filter { $0.prefix(maximumComparedLength + 1).count <= maximumComparedLength }
        let longest = compared.lazy.map(\.count).max() ?? 0
        guard word.prefix(longest + maximumDistance + 1).count <= longest + maximumDistance else { return nil }
        let lower = word.lowercased()
        var best: (String, Int)?
        for candidate in compared {
            let d = distance(lower, candidate.lowercased())
            if best == nil || d < best!.1 { best = (candidate, d) }
        }
        guard let (candidate, d) = best else { return nil }
        let allowed = max(1, min(maximumDistance, (max(word.count, candidate.count) + 1) / 3))
        if d <= allowed { return candidate }
        if candidate.lowercased().hasPrefix(lower) && lower.count >= 2 { return candidate }
        return nil
    }

    /// The largest edit distance a suggestion may be from the word typed.
    public static let maximumDistance = 3
    /// The longest candidate compared; longer ones (no name nnlab knows is) are not suggested.
    public static let maximumComparedLength = 256

    /// The end of an error about a mistyped word: " — did you mean 'x'?" when a candidate is
    /// close, else nil.
    public static func hint(for word: String, in candidates: [String]) -> String? {
        closest(to: word, in: candidates).map { " — did you mean '\($0)'?" }
    }

    /// The Damerau–Levenshtein distance (with adjacent transpositions) between two words.
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: t.count + 1), count: s.count + 1)
        for i in 0...s.count { d[i][0] = i }
        for j in 0...t.count { d[0][j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[s.count][t.count]
    }
}
