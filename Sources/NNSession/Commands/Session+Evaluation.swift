import NNData
import NNEngine

extension Session {
    /// The number of classes a confusion matrix of this net on this data counts (at least 2).
    func confusionClassCount(_ trainer: Trainer, _ dataset: Dataset) -> Int {
        max(dataset.classCount, trainer.network.outputs == 1 ? 2 : trainer.network.outputs)
    }

    /// The confusion matrix of the net on one split of classification data, read with the
    /// trainer's decision threshold; nil when the split is empty or the data is regression.
    func confusion(on split: DatasetSplit, _ trainer: Trainer, _ dataset: Dataset) -> ConfusionMatrix? {
        guard dataset.task == .classification, dataset.count(split) > 0 else { return nil }
        return ConfusionMatrix(outputs: trainer.network.predict(dataset.inputs(split)), targets: dataset.targets(split),
                               classes: confusionClassCount(trainer, dataset), threshold: trainer.classThreshold)
    }

    /// Precision, recall, F1 and support of the test and validation splits, compact: for two
    /// classes the positive class 1, for more each class and the macro average.
    ///
    /// ```
    /// split  class  precision  recall      f1  support
    /// ─────  ─────  ─────────  ──────  ──────  ───────
    /// test   1         0.7500  0.6000  0.6667       10
    /// ```
    func classMetricsTable(_ trainer: Trainer, _ dataset: Dataset) -> TextTable? {
        var rows: [[String]] = []
        for split in [DatasetSplit.test, .validation] {
            guard let matrix = confusion(on: split, trainer, dataset) else { continue }
            let name = split == .test ? "test" : "val"
            func row(_ label: String, _ p: Double, _ r: Double, _ f: Double, _ support: Int) -> [String] {
                [name, label, Numbers.fixed(p, 4), Numbers.fixed(r, 4), Numbers.fixed(f, 4), String(support)]
            }
            if matrix.classCount == 2 {
                rows.append(row(tableClassName(1, dataset), matrix.precision(1), matrix.recall(1), matrix.f1(1), matrix.support(1)))
            } else {
                for c in 0..<matrix.classCount {
                    rows.append(row(tableClassName(c, dataset), matrix.precision(c), matrix.recall(c), matrix.f1(c), matrix.support(c)))
                }
                rows.append(row("macro", matrix.macroPrecision, matrix.macroRecall, matrix.macroF1, matrix.total))
            }
        }
        guard !rows.isEmpty else { return nil }
        return TextTable(headers: ["split", "class", "precision", "recall", "f1", "support"], rows: rows,
                         alignments: [.left, .left, .right, .right, .right, .right])
    }

    /// A class as a table shows it: its index, and its name when it has one (cut to 12 columns).
    func tableClassName(_ c: Int, _ dataset: Dataset) -> String {
        guard c < dataset.classNames.count, dataset.classNames[c] != String(c) else { return String(c) }
        let name = dataset.classNames[c]
        return "\(c) " + (name.count > 12 ? String(name.prefix(11)) + "…" : name)
    }
}
