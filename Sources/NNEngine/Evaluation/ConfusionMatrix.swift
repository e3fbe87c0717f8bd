/// Counts of true class against predicted class, and the per-class scores read from them.
///
/// `counts[t][p]` is the number of samples of true class t predicted as class p. For class c:
/// precision = TP / (TP + FP) (of the samples predicted c, the share that are c), recall =
/// TP / (TP + FN) (of the samples that are c, the share found), F1 = 2·P·R / (P + R), their
/// harmonic mean. A ratio with nothing to count (no sample predicted c, or none of class c)
/// is 0, as scikit-learn's `zero_division=0` makes it.
public struct ConfusionMatrix: Equatable, Sendable {
    /// counts[true class][predicted class].
    public let counts: [[Int]]

    /// Makes a matrix from its counts (square).
    public init(counts: [[Int]]) {
        precondition(counts.allSatisfy { $0.count == counts.count }, "a confusion matrix is square")
        self.counts = counts
    }

    /// Counts predicted against target classes over `classes` classes; a target that is not a
    /// whole class index (or a prediction out of range) is left out.
    public init(predicted: [Int], targets: [Double], classes k: Int) {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        for (i, p) in predicted.enumerated() where i < targets.count {
            let t = targets[i]
            guard t == t.rounded(), t >= 0, t < Double(k), p >= 0, p < k else { continue }
            counts[Int(t)][p] += 1
        }
        self.counts = counts
    }

    /// The confusion matrix of a network's outputs on a split: argmax for several outputs, a
    /// threshold for one.
    public init(outputs: Tensor, targets: Tensor, classes k: Int, threshold: Double) {
        self.init(predicted: Metrics.predictedClasses(outputs, threshold: threshold), targets: targets.scalars, classes: k)
    }

    /// The number of classes.
    public var classCount: Int { counts.count }
    /// The number of samples counted.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
    /// Samples of class c predicted as c.
    public func truePositives(_ c: Int) -> Int { counts[c][c] }
    /// Samples predicted as c that are another class.
    public func falsePositives(_ c: Int) -> Int { (0..<classCount).reduce(0) { $0 + ($1 == c ? 0 : counts[$1][c]) } }
    /// Samples of class c predicted as another class.
    public func falseNegatives(_ c: Int) -> Int { counts[c].reduce(0, +) - counts[c][c] }
    /// The number of samples of class c (its support).
    public func support(_ c: Int) -> Int { counts[c].reduce(0, +) }

    /// TP / (TP + FP) for class c (0 when nothing is predicted as c).
    public func precision(_ c: Int) -> Double {
        ConfusionMatrix.ratio(truePositives(c), truePositives(c) + falsePositives(c))
    }
    /// TP / (TP + FN) for class c (0 when the split has no sample of c).
    public func recall(_ c: Int) -> Double {
        ConfusionMatrix.ratio(truePositives(c), truePositives(c) + falseNegatives(c))
    }
    /// 2·P·R / (P + R) for class c (0 when both are 0).
    public func f1(_ c: Int) -> Double {
        let p = precision(c), r = recall(c)
        return p + r > 0 ? 2 * p * r / (p + r) : 0
    }
    /// The share of samples on the diagonal.
    public var accuracy: Double {
        ConfusionMatrix.ratio((0..<classCount).reduce(0) { $0 + counts[$1][$1] }, total)
    }

    /// The unweighted mean over classes of precision (every class counts the same).
    public var macroPrecision: Double { mean { precision($0) } }
    /// The unweighted mean over classes of recall.
    public var macroRecall: Double { mean { recall($0) } }
    /// The unweighted mean over classes of F1 (of the per-class F1s, as scikit-learn's macro F1).
    public var macroF1: Double { mean { f1($0) } }

    /// The headline scores: class 1's for two classes (the positive class), the macro averages
    /// for more.
    public var headline: (precision: Double, recall: Double, f1: Double) {
        classCount == 2 ? (precision(1), recall(1), f1(1)) : (macroPrecision, macroRecall, macroF1)
    }

    private func mean(_ score: (Int) -> Double) -> Double {
        classCount == 0 ? .nan : (0..<classCount).reduce(0) { $0 + score($1) } / Double(classCount)
    }

    private static func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
}
