import NNEngine
import XCTest

/// Precision, recall and F1 read from a confusion matrix, against values worked by hand.
final class ConfusionMatrixTests: XCTestCase {
    /// 50 true negatives, 10 false alarms, 5 missed, 35 found: precision 35/45, recall 35/40,
    /// F1 = 2·(7/9)·(7/8) / (7/9 + 7/8) = 14/17.
    func testBinaryScoresOfThePositiveClass() {
        let m = ConfusionMatrix(counts: [[50, 10], [5, 35]])
        XCTAssertEqual(m.truePositives(1), 35)
        XCTAssertEqual(m.falsePositives(1), 10)
        XCTAssertEqual(m.falseNegatives(1), 5)
        XCTAssertEqual(m.precision(1), 35.0 / 45, accuracy: 1e-15)
        XCTAssertEqual(m.recall(1), 35.0 / 40, accuracy: 1e-15)
        XCTAssertEqual(m.f1(1), 14.0 / 17, accuracy: 1e-15)
        XCTAssertEqual(m.accuracy, 85.0 / 100, accuracy: 1e-15)
        XCTAssertEqual(m.headline.f1, 14.0 / 17, accuracy: 1e-15)
    }

    /// Three classes: macro scores are plain means of the per-class scores.
    func testMulticlassMacroAverages() {
        let m = ConfusionMatrix(counts: [[8, 2, 0], [1, 6, 3], [0, 0, 10]])
        // Precision: 8/9, 6/8, 10/13; recall: 8/10, 6/10, 10/10.
        let precision = [8.0 / 9, 6.0 / 8, 10.0 / 13], recall = [0.8, 0.6, 1.0]
        for c in 0..<3 {
            XCTAssertEqual(m.precision(c), precision[c], accuracy: 1e-15)
            XCTAssertEqual(m.recall(c), recall[c], accuracy: 1e-15)
            XCTAssertEqual(m.f1(c), 2 * precision[c] * recall[c] / (precision[c] + recall[c]), accuracy: 1e-15)
        }
        XCTAssertEqual(m.macroPrecision, precision.reduce(0, +) / 3, accuracy: 1e-15)
        XCTAssertEqual(m.macroRecall, 0.8, accuracy: 1e-15)
        XCTAssertEqual(m.headline.recall, 0.8, accuracy: 1e-15)
    }

    /// A model that never predicts the rare class: 95% accurate, recall 0, precision 0 (nothing
    /// predicted), F1 0.
    func testTheAccuracyParadox() {
        let m = ConfusionMatrix(predicted: Array(repeating: 0, count: 100),
                                targets: Array(repeating: 0.0, count: 95) + Array(repeating: 1.0, count: 5), classes: 2)
        XCTAssertEqual(m.counts, [[95, 0], [5, 0]])
        XCTAssertEqual(m.accuracy, 0.95, accuracy: 1e-15)
        XCTAssertEqual(m.recall(1), 0)
        XCTAssertEqual(m.precision(1), 0)
        XCTAssertEqual(m.f1(1), 0)
    }

    /// One sigmoid output read with a threshold: lowering it turns more outputs into class 1.
    func testTheThresholdDecidesSingleOutputs() {
        let outputs = Tensor(rows: [[0.1], [0.35], [0.6], [0.9]])
        let targets = Tensor([0, 1, 1, 0])
        XCTAssertEqual(ConfusionMatrix(outputs: outputs, targets: targets, classes: 2, threshold: 0.5).counts, [[1, 1], [1, 1]])
        XCTAssertEqual(ConfusionMatrix(outputs: outputs, targets: targets, classes: 2, threshold: 0.3).counts, [[1, 1], [0, 2]])
    }
}
