/// A classifier's answer at one point: the predicted class and how confident it is.
public struct ClassPrediction: Hashable, Sendable {
    /// The predicted class index.
    public var classIndex: Int
    /// The probability of the predicted class, in 0...1.
    public var confidence: Double

    public init(classIndex: Int, confidence: Double) {
        self.classIndex = classIndex
        self.confidence = confidence
    }

    /// The most probable class of a probability vector (for one sigmoid output, pass `[1 − p, p]`).
    @inlinable
    public init<Probabilities: RandomAccessCollection<Double>>(probabilities: Probabilities) where Probabilities.Index == Int {
        let first = probabilities.startIndex
        var best = first
        for i in probabilities.indices where probabilities[i] > probabilities[best] || probabilities[best].isNaN { best = i }
        self.init(classIndex: best - first, confidence: probabilities.isEmpty ? 0 : probabilities[best])
    }

    /// The prediction of a single sigmoid output `p` = P(class 1).
    public init(probabilityOfClassOne p: Double) {
        self.init(classIndex: p >= 0.5 ? 1 : 0, confidence: p >= 0.5 ? p : 1 - p)
    }
}
