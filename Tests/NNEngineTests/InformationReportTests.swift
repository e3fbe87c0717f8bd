import Foundation
import NNEngine
import XCTest

/// The information readings `entropy` prints: entropies and divergences of small
/// distributions worked out by hand, the split CE = H(p) + KL(p‖q) on real logits, and the
/// model's cross-entropy equal to the loss it trains on.
final class InformationReportTests: XCTestCase {
    func testEntropyCrossEntropyAndDivergenceByHand() {
        XCTAssertEqual(InformationReport.entropy([0.5, 0.5]), log(2), accuracy: 1e-15)
        XCTAssertEqual(InformationReport.entropy([0.25, 0.25, 0.25, 0.25]), log(4), accuracy: 1e-15)
        XCTAssertEqual(InformationReport.entropy([1, 0, 0]), 0)
        // H(0.5, 0.25, 0.25) = 1.5 bits = 1.5·ln 2 nats.
        XCTAssertEqual(InformationReport.entropy([0.5, 0.25, 0.25]), 1.5 * log(2), accuracy: 1e-15)
        // p = (0.5, 0.5), q = (0.9, 0.1): H(p, q) = −0.5·ln 0.9 − 0.5·ln 0.1 = 1.2039728043…,
        // KL = H(p, q) − ln 2 = 0.5108256237…
        let p = [0.5, 0.5], logQ = [log(0.9), log(0.1)]
        XCTAssertEqual(InformationReport.crossEntropy(p, logQ: logQ), 1.2039728043259361, accuracy: 1e-14)
        XCTAssertEqual(InformationReport.divergence(p, logQ: logQ), 1.2039728043259361 - log(2), accuracy: 1e-14)
        // A zero in p contributes nothing; in q where p > 0 the divergence is infinite.
        XCTAssertEqual(InformationReport.divergence([1, 0], logQ: [log(0.8), log(0.2)]), -log(0.8), accuracy: 1e-15)
        XCTAssertEqual(InformationReport.crossEntropy([0.5, 0.5], logQ: [0, -.infinity]), .infinity)
    }

    func testFrequenciesAndTheMeanTarget() {
        let labels = Tensor([0, 1, 1, 2, 2, 2, 2, 2])
        XCTAssertEqual(InformationReport.frequencies(labels: labels, classes: 3), [0.125, 0.25, 0.625])
        let smoothed = InformationReport.meanTarget(labels: labels, classes: 3, smoothing: 0.3)
        for (got, want) in zip(smoothed, [0.7 * 0.125 + 0.1, 0.7 * 0.25 + 0.1, 0.7 * 0.625 + 0.1]) {
            XCTAssertEqual(got, want, accuracy: 1e-15)
        }
    }

    func testSoftmaxReadingsSplitAndEqualTheLoss() throws {
        let logits = randomTensor([7, 3], seed: 4, scale: 2), labels = Tensor([0, 1, 2, 2, 1, 0, 2])
        for eps in [0, 0.1] {
            let baseline = InformationReport.meanTarget(labels: labels, classes: 3, smoothing: eps)
            let r = InformationReport.measure(logits: logits, labels: labels, loss: .ce, classes: 3, smoothing: eps, baseline: baseline)
            XCTAssertEqual(r.samples, 7)
            XCTAssertEqual(r.crossEntropy, try Loss.ce.evaluate(head: logits, targets: labels, smoothing: eps).value, accuracy: 1e-12)
            XCTAssertEqual(r.crossEntropy, r.targetEntropy + r.divergence, accuracy: 1e-12)
            XCTAssertGreaterThan(r.divergence, 0)
            // Labels 2/7, 2/7, 3/7.
            let h = -(2 * (2.0 / 7) * log(2.0 / 7) + (3.0 / 7) * log(3.0 / 7))
            XCTAssertEqual(r.labelEntropy, h, accuracy: 1e-14)
            if eps == 0 {
                XCTAssertEqual(r.targetEntropy, 0)
                XCTAssertEqual(r.baselineCrossEntropy, h, accuracy: 1e-14, "the constant predictor's CE is H(Y)")
            } else {
                let t = Loss.smoothedTarget(label: 0, classes: 3, smoothing: eps)
                XCTAssertEqual(r.targetEntropy, InformationReport.entropy(t), accuracy: 1e-14)
                // The mean smoothed target is the best constant: its CE is its own entropy.
                XCTAssertEqual(r.baselineCrossEntropy, InformationReport.entropy(baseline), accuracy: 1e-12)
            }
            // Prediction entropy, independently through softmax.
            var hq = 0.0
            for row in 0..<7 {
                let z = (0..<3).map { logits[row, $0] }
                let e = z.map(exp), s = e.reduce(0, +)
                hq -= e.map { ($0 / s) * log($0 / s) }.reduce(0, +)
            }
            XCTAssertEqual(r.predictionEntropy, hq / 7, accuracy: 1e-12)
            XCTAssertEqual(r.gain, r.baselineCrossEntropy - r.crossEntropy)
        }
    }

    func testSigmoidReadingsAreATwoClassDistribution() throws {
        let z = Tensor(rows: [[2.0], [-1.0], [0.0], [40.0]]), labels = Tensor([1, 0, 1, 0])
        let r = InformationReport.measure(logits: z, labels: labels, loss: .bce, classes: 2, smoothing: 0, baseline: [0.5, 0.5])
        XCTAssertEqual(r.crossEntropy, try Loss.bce.evaluate(head: z, targets: labels).value, accuracy: 1e-12)
        XCTAssertEqual(r.divergence, r.crossEntropy, accuracy: 1e-12, "one-hot targets: KL = CE")
        // Sample 4 is a confident mistake: σ(40) ≈ 1 for label 0 costs ≈ 40 nats, finite.
        XCTAssertEqual(r.crossEntropy, (log1p(exp(-2)) + log1p(exp(-1)) + log(2) + 40) / 4, accuracy: 1e-9)
        XCTAssertEqual(r.baselineCrossEntropy, log(2), accuracy: 1e-15)
        XCTAssertEqual(r.labelEntropy, log(2), accuracy: 1e-15)
        let s = 1 / (1 + exp(-2.0))
        let h1 = -(s * log(s) + (1 - s) * log(1 - s))
        let s2 = 1 / (1 + exp(1.0))
        let h2 = -(s2 * log(s2) + (1 - s2) * log(1 - s2))
        XCTAssertEqual(r.predictionEntropy, (h1 + h2 + log(2) + 0) / 4, accuracy: 1e-12)
    }
}
