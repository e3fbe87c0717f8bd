import Foundation
import NNData
import NNEngine

/// `train [epochs=] [batch=] [patience=] [every=] [live [speed=]]`: train for some epochs.
enum TrainCommand: SessionCommand {
    static let spec = CommandSpec(
        "train", summary: "train for some epochs",
        usage: "train [epochs=N] [batch=B] [patience=P] [every=K] [live [speed=N|max]]", example: "train epochs=200 batch=32",
        options: [
            .init("epochs", .integer, "passes over the training split"),
            .init("batch", .integer, "minibatch size (kept for later commands)"),
            .init("patience", .integer, "stop after P epochs without a better val loss (test without val=)"),
            .init("every", .integer, "print a line every K epochs"),
            .init("speed", .text, "live: optimizer steps per second, or max (keys < and > change it)"),
        ],
        words: [.fixed(["live"])])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        if let extra = command.positionals.first(where: { $0.raw.lowercased() != "live" }) {
            throw CommandError("'train' does not take '\(InputExcerpt.cut(extra.raw))'; did you mean `live`?", at: extra)
        }
        let (_, dataset) = try session.requireReady(command)
        let epochs = try session.integerOption(command, "epochs", minimum: 1, maximum: 10_000_000) ?? 100
        if let b = try session.integerOption(command, "batch", minimum: 1) { session.batchSize = b }
        let patience = try session.integerOption(command, "patience", minimum: 1)
        if patience != nil, dataset.testCount == 0, dataset.validationCount == 0, let arg = command.optionArgument("patience") {
            throw CommandError("patience watches the validation loss (the test loss without val=), but the data has neither split; make the data with val=0.2", at: arg)
        }
        let every = try session.integerOption(command, "every", minimum: 1) ?? max(1, epochs / 10)
        var pace: TrainingPace?
        if let argument = command.optionArgument("speed") {
            guard let given = TrainingPace(option: argument.value.text) else {
                throw CommandError("speed takes optimizer steps per second, from 1 to \(TrainingPace.fastest * 4), or max", at: argument)
            }
            pace = given
        }
        if command.hasFlag("live") && session.environment.interactive {
            sink(.view(.dashboard(epochs: epochs, batch: session.batchSize, patience: patience, pace: pace)))
            return
        }
        let before = session.trainer!
        var working = before
        let classification = dataset.task == .classification
        do {
            let summary = try working.train(dataset.trainingData, epochs: epochs, batchSize: session.batchSize, patience: patience) { event in
                if session.isCancelled() { return .stop }
                if case .epoch(let report) = event, report.epoch % every == 0 || report.epoch == before.epochsDone + epochs {
                    sink(.text(epochLine(report, classification: classification)))
                }
                return .proceed
            }
            session.trainer = working
            sink(.text(summaryLine(summary, classification: classification, in: session)))
        } catch let error as TrainingError {
            // A failed command changes nothing (Session.run puts the state back), so say so.
            var message = EngineErrorWording.sentence(for: error)
            if case .diverged = error { message += " The net is as it was before this train command." }
            throw CommandError(message, column: command.column, length: command.text.count)
        } catch {
            throw CommandError(EngineErrorWording.sentence(for: error), column: command.column)
        }
    }

    /// One line of training progress.
    static func epochLine(_ report: EpochReport, classification: Bool) -> String {
        var parts = ["epoch \(String(report.epoch).leftPadded(to: 5))", "loss \(Numbers.fixed(report.trainLoss, 6))"]
        if classification, let acc = report.trainAccuracy { parts.append("acc \(Numbers.percent(acc).leftPadded(to: 6))") }
        if let testLoss = report.testLoss { parts.append("test loss \(Numbers.fixed(testLoss, 6))") }
        if classification, let acc = report.testAccuracy { parts.append("test acc \(Numbers.percent(acc).leftPadded(to: 6))") }
        parts.append("lr \(Numbers.format(report.learningRate, digits: 4))")
        return parts.joined(separator: "  ")
    }

    /// The line `train` ends with: why it stopped, the final metrics, time and throughput.
    static func summaryLine(_ summary: TrainingSummary, classification: Bool, in session: Session) -> String {
        let how: String
        switch summary.reason {
        case .completed: how = "done"
        case .cancelled: how = "stopped"
        case .earlyStopped(let best):
            let watched = (session.data?.validationCount ?? 0) > 0 ? "val" : "test"
            how = "early stop (best \(watched) loss at epoch \(best); its weights restored)"
        }
        var line = "\(how): \(session.trainer?.epochsDone ?? 0) epochs, \(session.trainer?.stepsDone ?? 0) steps"
        // Training has read these targets already, so evaluating them cannot fail here.
        let classCount = classification ? session.data?.classCount : nil
        if let trainer = session.trainer, let dataset = session.data,
           let train = try? trainer.evaluate(inputs: dataset.trainInputs, targets: dataset.trainTargets, classCount: classCount) {
            line += " · train loss \(Numbers.format(train.loss))"
            if let acc = train.accuracy { line += " acc \(Numbers.percent(acc))" }
            if dataset.testCount > 0,
               let test = try? trainer.evaluate(inputs: dataset.testInputs, targets: dataset.testTargets, classCount: classCount) {
                line += " · test loss \(Numbers.format(test.loss))"
                if let acc = test.accuracy { line += " acc \(Numbers.percent(acc))" }
            }
        }
        line += String(format: " · %.2f s, %@ samples/s", summary.seconds, Numbers.count(Int(summary.samplesPerSecond.rounded())))
        return line
    }
}
