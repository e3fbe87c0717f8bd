import Foundation
import NNEngine

extension NumericGenerators {
    /// Precision, recall or F1 of the positive class from a binary confusion matrix.
    static let precisionRecallF1 = NumericGenerator(id: "precision-recall-f1", topic: "evaluation",
                                                    title: "Precision, recall and F1 from a confusion matrix") { draw in
        let tp = draw.integer(8...60), fn = draw.integer(2...30), fp = draw.integer(2...40), tn = draw.integer(120...600)
        let matrix = ConfusionMatrix(counts: [[tn, fp], [fn, tp]])
        let precision = matrix.precision(1), recall = matrix.recall(1), f1 = matrix.f1(1)
        let asked = draw.pick(["precision", "recall", "F1"])
        let counts = "TP = \(tp) (events flagged), FN = \(fn) (events missed), FP = \(fp) (false alarms), " +
            "TN = \(tn) (non-events passed)"
        let steps = """
        - precision = TP/(TP + FP) = \(tp)/\(tp + fp) = \(NumberText.result(precision)) (of the alarms, the share that are real)
        - recall = TP/(TP + FN) = \(tp)/\(tp + fn) = \(NumberText.result(recall)) (of the events, the share found)
        """
        let accuracy = NumericMistake(name: "accuracy given",
                                      explanation: "that is (TP + TN)/all, the accuracy, which the \(tn) easy non-events inflate; the question asks about the event class.",
                                      value: matrix.accuracy)
        switch asked {
        case "precision":
            return NumericDraft(
                prompt: "A detector of events is tested on \(matrix.total) cases: \(counts). What is its precision for the events?",
                answer: precision, solution: steps,
                mistakes: [
                    NumericMistake(name: "precision and recall swapped",
                                   explanation: "that is TP/(TP + FN), the recall; precision divides by everything flagged, TP + FP.",
                                   value: recall),
                    accuracy,
                ])
        case "recall":
            return NumericDraft(
                prompt: "A detector of events is tested on \(matrix.total) cases: \(counts). What is its recall for the events?",
                answer: recall, solution: steps,
                mistakes: [
                    NumericMistake(name: "precision and recall swapped",
                                   explanation: "that is TP/(TP + FP), the precision; recall divides by every real event, TP + FN.",
                                   value: precision),
                    accuracy,
                ])
        default:
            return NumericDraft(
                prompt: "A detector of events is tested on \(matrix.total) cases: \(counts). What is its F1 score for the events?",
                answer: f1,
                solution: steps + "\n- F1 = 2·P·R/(P + R) = 2·\(NumberText.result(precision))·\(NumberText.result(recall))/(\(NumberText.result(precision)) + \(NumberText.result(recall))) = \(NumberText.result(f1)) (the harmonic mean)",
                mistakes: [
                    NumericMistake(name: "F1 as the arithmetic mean",
                                   explanation: "that is (P + R)/2; F1 is the harmonic mean 2·P·R/(P + R), which stays near the smaller of the two.",
                                   value: (precision + recall) / 2),
                    accuracy,
                ])
        }
    }

    /// Class-weighted cross-entropy of a batch of three, from the true classes' probabilities.
    static let weightedCrossEntropy = NumericGenerator(id: "weighted-ce", topic: "imbalanced-data",
                                                       title: "Class-weighted cross-entropy") { draw in
        let weights = [1.0, draw.pick([2.0, 3.0, 4.0, 5.0, 9.0])]
        var labels = [0, 1, draw.integer(0...1)]
        if draw.coin() { labels.swapAt(0, 1) }
        let picked = labels.map { _ in draw.number(0.2, 0.9) }
        // The engine works from logits: ln of the rows [p, 1 − p] (the true class first or second).
        let rows = zip(labels, picked).map { k, p in k == 0 ? [p, 1 - p] : [1 - p, p] }
        let value: Double
        do {
            value = try Loss.ce.evaluate(head: Tensor(rows: rows.map { $0.map { log($0) } }), targets: Tensor(labels.map(Double.init)),
                                         weights: LossWeights(classes: weights)).value
        } catch {
            preconditionFailure("weighted-ce drew targets ce cannot read: \(error)")
        }
        let losses = picked.map { -log($0) }
        let w = labels.map { weights[$0] }
        let wrong = labels.map { weights[1 - $0] }
        let weightedSum = zip(w, losses).map(*).reduce(0, +)
        let wrongSum = zip(wrong, losses).map(*).reduce(0, +)
        let lines = (0..<3).map { i in "sample \(i + 1): class \(labels[i]), p(true class) = \(NumberText.given(picked[i]))" }
        let terms = (0..<3).map { "\(NumberText.factor(w[$0]))·\(NumberText.result(losses[$0]))" }.joined(separator: " + ")
        return NumericDraft(
            prompt: "A two-class softmax classifier is trained with `loss ce weights=[\(NumberText.count(Int(weights[0]))), " +
                "\(NumberText.count(Int(weights[1])))]` (class 0 weighs \(NumberText.count(Int(weights[0]))), class 1 weighs " +
                "\(NumberText.count(Int(weights[1])))). On a batch of three it gives each sample's true class these probabilities:\n\n" +
                lines.map { "- " + $0 }.joined(separator: "\n") +
                "\n\nWhat is the loss of the batch, as PyTorch's `CrossEntropyLoss(weight=…)` and nnlab compute it?",
            answer: value,
            solution: """
            - each sample's loss is −ln p(true class): \(losses.map(NumberText.result).joined(separator: ", "))
            - each is multiplied by its true class's weight: \(terms) = \(NumberText.result(weightedSum))
            - the mean divides by the batch's weight sum \(w.map(NumberText.factor).joined(separator: " + ")) = \(NumberText.result(w.reduce(0, +))), not by 3: \(NumberText.result(weightedSum))/\(NumberText.result(w.reduce(0, +))) = \(NumberText.result(value))
            """,
            mistakes: [
                NumericMistake(name: "divided by the batch size",
                               explanation: "that divides the weighted sum by 3; with weights the mean divides by the sum of the samples' weights, Σ w[yᵢ].",
                               value: weightedSum / 3),
                NumericMistake(name: "weights forgotten",
                               explanation: "that is the plain mean of −ln p; each sample's term is multiplied by its true class's weight.",
                               value: losses.reduce(0, +) / 3),
                NumericMistake(name: "weight of the wrong class",
                               explanation: "that weighs each sample by the other class's weight; a sample counts with the weight of its true class.",
                               value: wrongSum / wrong.reduce(0, +)),
            ])
    }
}
