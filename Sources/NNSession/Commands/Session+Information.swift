import NNData
import NNEngine

/// The information readings (`InformationReport`) of the current net on both splits, shared
/// by the `entropy` command and the facts checks read (`label_entropy`, `kl`, …).
extension Session {
    /// Why the information readings cannot be taken with the current net, loss and data, or nil.
    ///
    /// Assumes a net and data that fit each other (`requireReady`).
    func informationProblem(_ trainer: Trainer, _ dataset: Dataset) -> String? {
        guard dataset.task == .classification else {
            return "entropy and cross-entropy need class labels, but the data is a regression set; "
                + "try classification data, e.g. `data gauss classes=3`"
        }
        let loss = trainer.objective.loss
        guard loss == .ce || loss == .bce else {
            return "entropy reads the net's predicted class probabilities: it needs loss ce (softmax output) "
                + "or bce (sigmoid output), but the loss is \(loss.rawValue); try `loss ce` with a softmax net"
        }
        return nil
    }

    /// The readings on the training split and, when there is one, the test split.
    ///
    /// Both use the training split's mean target as the constant baseline predictor.
    func informationReports(_ trainer: Trainer, _ dataset: Dataset) -> (train: InformationReport, test: InformationReport?) {
        let loss = trainer.objective.loss
        let classes = loss == .bce ? 2 : dataset.classCount
        let smoothing = trainer.objective.labelSmoothing
        let baseline = InformationReport.meanTarget(labels: dataset.trainTargets, classes: classes, smoothing: smoothing)
        func measure(_ inputs: Tensor, _ labels: Tensor) -> InformationReport {
            let logits = trainer.network.infer(inputs).logits
            return InformationReport.measure(logits: logits, labels: labels, loss: loss, classes: classes,
                                             smoothing: smoothing, baseline: baseline)
        }
        let train = measure(dataset.trainInputs, dataset.trainTargets)
        let test = dataset.testCount > 0 ? measure(dataset.testInputs, dataset.testTargets) : nil
        return (train, test)
    }
}
