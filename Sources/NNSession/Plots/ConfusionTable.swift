import NNData
import NNEngine

/// A confusion matrix as a table of counts: one row per true class, one column per predicted
/// class, and each row's recall (its diagonal count over the row's total) at the end.
///
/// ```
/// confusion · test split · 40 samples · rows: true class, columns: predicted
/// true \ pred   0   1  recall
/// ───────────  ──  ──  ──────
/// 0            18   2  0.9000
/// 1             3  17  0.8500
/// ```
enum ConfusionTable {
    /// The table of `matrix`, counted on `split`, with class names from `dataset`.
    static func table(_ matrix: ConfusionMatrix, split: DatasetSplit, classNames: (Int) -> String) -> TextTable {
        let k = matrix.classCount
        let splitName = split == .test ? "test" : (split == .validation ? "validation" : "training")
        let rows = (0..<k).map { t in
            [classNames(t)] + matrix.counts[t].map(String.init)
                + [matrix.support(t) > 0 ? Numbers.fixed(matrix.recall(t), 4) : "—"]
        }
        return TextTable(title: "confusion · \(splitName) split · \(matrix.total) samples · rows: true class, columns: predicted",
                         headers: ["true \\ pred"] + (0..<k).map(String.init) + ["recall"], rows: rows,
                         alignments: [.left] + Array(repeating: .right, count: k + 1))
    }
}

extension Session {
    /// `plot confusion`: the confusion matrix of the test split (the training split when there
    /// is none), read with the decision threshold in force; the same matrix the dashboard draws.
    func plotConfusion(_ command: Command, sink: Sink) throws(CommandError) {
        let (trainer, dataset) = try requireReady(command)
        guard dataset.task == .classification else {
            throw CommandError("a confusion matrix counts classes, but the data is a regression set; try `plot boundary`",
                               column: command.column, length: command.name.count)
        }
        let k = confusionClassCount(trainer, dataset)
        guard let (matrix, split) = ModelFitPlot.heldOutConfusion(network: trainer.network, data: trainingData(dataset),
                                                                  classes: k, threshold: trainer.classThreshold) else {
            throw CommandError("the data has no rows to count", column: command.column, length: command.name.count)
        }
        sink(.table(ConfusionTable.table(matrix, split: split, classNames: { tableClassName($0, dataset) })))
        if trainer.decisionThreshold != nil, trainer.network.outputs == 1, trainer.network.outputActivation == .sigmoid {
            sink(.text("threshold \(Numbers.format(trainer.classThreshold)): class 1 when the sigmoid output ≥ \(Numbers.format(trainer.classThreshold))"))
        }
    }
}
