import Foundation
import NNData
import NNEngine

/// `entropy`: the labels' entropy, the constant baseline's cross-entropy, and the model's
/// cross-entropy split into the targets' entropy and KL(p‖q), on the training and test splits.
enum EntropyCommand: SessionCommand {
    static let spec = CommandSpec(
        "entropy", summary: "print label entropy, cross-entropy and KL(p‖q) of the predictions",
        usage: "entropy", example: "entropy")

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        let (trainer, dataset) = try session.requireReady(command)
        if let problem = session.informationProblem(trainer, dataset) {
            throw CommandError(problem, column: command.column, length: command.name.count)
        }
        let (train, test) = session.informationReports(trainer, dataset)
        sink(.table(table(train: train, test: test, objective: trainer.objective)))
        var notes = "baseline: always the training split's class frequencies"
        if trainer.objective.labelSmoothing > 0 { notes += ", smoothed" }
        notes += "\nKL(p‖q) = H(p,q) − H(p); 1 bit = ln 2 = 0.6931 nats"
        sink(.text(notes))
    }

    /// The readings as a table narrow enough for a lesson's side panel: a row per quantity,
    /// in nats, a column per split (H(Y) in bits too).
    static func table(train: InformationReport, test: InformationReport?, objective: Objective) -> TextTable {
        let bits = Foundation.log(2.0)
        let rows: [(String, (InformationReport) -> Double)] = [
            ("H(Y) labels", \.labelEntropy),
            ("H(Y) in bits", { $0.labelEntropy / bits }),
            ("baseline CE", \.baselineCrossEntropy),
            ("model CE = loss", \.crossEntropy),
            (" = H(p) targets", \.targetEntropy),
            (" + KL(p‖q)", \.divergence),
            ("H(q) predictions", \.predictionEntropy),
            ("baseline − model", \.gain),
        ]
        var headers = ["nats per sample", "train"]
        if test != nil { headers.append("test") }
        var title = "entropy · \(objective.loss.rawValue)"
        if objective.labelSmoothing > 0 { title += " smoothing=\(Numbers.format(objective.labelSmoothing))" }
        title += " · \(train.classes) classes · \(train.samples) train"
        title += test.map { ", \($0.samples) test" } ?? ", no test split"
        return TextTable(title: title, headers: headers,
                         rows: rows.map { label, value in [label, Numbers.fixed(value(train), 4)] + (test.map { [Numbers.fixed(value($0), 4)] } ?? []) },
                         alignments: [.left] + Array(repeating: .right, count: headers.count - 1))
    }
}
