import NNEngine

/// A seeded division of row indices into training and test rows.
///
/// The number of test rows is `round(count × testFraction)`, capped so that at least one row
/// stays for training. Stratified splits hold out the same fraction of every class (per-class
/// shares are rounded down, and the rows left over go to the classes with the largest remainders),
/// so small classes are not lost from the test set by chance. Both index lists are sorted, so
/// rows keep their original order inside each split.
public struct TrainTestSplit: Equatable, Sendable {
    /// The row indices used for training, in increasing order.
    public let trainIndices: [Int]
    /// The row indices held out for testing, in increasing order.
    public let testIndices: [Int]

    /// Splits `count` rows, holding out `testFraction` of them (in `[0, 1)`).
    ///
    /// - Parameters:
    ///   - labels: the class index of each row, for a stratified split; `nil` splits without regard to class.
    ///   - seed: fixes which rows are held out; the same seed always picks the same rows.
    public init(count: Int, testFraction: Double, seed: Int, labels: [Int]? = nil) {
        precondition(count >= 0 && testFraction >= 0 && testFraction < 1, "invalid split request")
        if let labels { precondition(labels.count == count, "one label per row") }
        var generator = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)) ^ 0x5EED_5B11_7000_0000)
        let wanted = Self.testCount(count: count, testFraction: testFraction)
        var held = [Bool](repeating: false, count: count)
        if let labels, wanted > 0 {
            let classes = (labels.max() ?? -1) + 1
            var members = [[Int]](repeating: [], count: max(classes, 0))
            for (row, label) in labels.enumerated() { members[label].append(row) }
            // Each class gets floor(size × fraction); the rest go to the largest remainders.
            var shares = members.map { Int((Double($0.count) * testFraction).rounded(.down)) }
            var remaining = wanted - shares.reduce(0, +)
            let order = members.indices.sorted { a, b in
                let ra = Double(members[a].count) * testFraction - Double(shares[a])
                let rb = Double(members[b].count) * testFraction - Double(shares[b])
                return ra != rb ? ra > rb : a < b
            }
            for c in order where remaining > 0 && shares[c] < members[c].count {
                shares[c] += 1
                remaining -= 1
            }
            for (c, rows) in members.enumerated() where shares[c] > 0 {
                let order = generator.permutation(rows.count)
                for k in 0..<shares[c] { held[rows[order[k]]] = true }
            }
        } else if wanted > 0 {
            let order = generator.permutation(count)
            for k in 0..<wanted { held[order[k]] = true }
        }
        trainIndices = (0..<count).filter { !held[$0] }
        testIndices = (0..<count).filter { held[$0] }
    }

    /// The number of test rows a split of `count` rows with `testFraction` holds out.
    public static func testCount(count: Int, testFraction: Double) -> Int {
        min(Int((Double(count) * testFraction).rounded()), max(count - 1, 0))
    }
}
