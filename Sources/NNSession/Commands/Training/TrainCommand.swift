import Foundation
import NNData
import NNEngine

/// `train [epochs=] [batch=] [patience=] [every=] [live [speed=]]`: train for some epochs;
/// `train batches=K` trains K minibatches (how `history save` writes a live run's stretch).
enum TrainCommand: SessionCommand {
    static let spec = CommandSpec(
        "train", summary: "train for some epochs",
        details: "`batches=K` trains K minibatches instead of whole epochs: it goes on with an epoch left part way " +
            "(by a live view or an earlier `batches=`) and may stop inside one, which the next training continues.",
        usage: "train [epochs=N | batches=K] [batch=B] [patience=P] [every=K] [live [speed=N|max]]", example: "train epochs=200 batch=32",
        options: [
            .init("epochs", .integer, "passes over the training split"),
            .init("batches", .integer, "minibatches to train instead of epochs (an epoch may stay part way)"),
            .init("batch", .integer, "minibatch size (kept for later commands)"),
            .init("patience", .integer, "stop after P epochs without a better val loss (needs val=)"),
            .init("every", .integer, "print a line every K epochs"),
            .init("speed", .text, "live: optimizer steps per second, or max (keys < and > change it)"),
        ],
        words: [.fixed(["live"])])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        if let extra = command.positionals.first(where: { $0.raw.lowercased() != "live" }) {
            throw CommandError("'train' does not take '\(InputExcerpt.cut(extra.raw))'; did you mean `live`?", at: extra)
        }
        let (_, dataset) = try session.requireReady(command)
        let batches = try session.integerOption(command, "batches", minimum: 1, maximum: 100_000_000)
        if batches != nil, let clash = command.optionArgument("epochs") ?? command.optionArgument("patience")
            ?? command.positionals.first(where: { $0.raw.lowercased() == "live" }) {
            throw CommandError("batches= counts minibatches and does not go with '\(InputExcerpt.cut(clash.raw))' "
                               + "(epochs, patience and live views count epochs); drop one of the two", at: clash)
        }
        let epochs = try session.integerOption(command, "epochs", minimum: 1, maximum: 10_000_000)
            ?? batches.map { _ in 10_000_000 } ?? 100
        if let b = try session.integerOption(command, "batch", minimum: 1) { session.batchSize = b }
        let patience = try session.integerOption(command, "patience", minimum: 1)
        // Early stopping watches a validation split, never the test split (one that chose the
        // epoch would no longer be unseen); without one, say how to make it and change nothing.
        if patience != nil, dataset.validationCount == 0, let arg = command.optionArgument("patience") {
            throw CommandError(noValidationSplit(dataName: (session.rawData ?? dataset).name), at: arg)
        }
        // A run of batches prints about ten lines too, over the epochs it will finish.
        let perEpoch = session.batchesPerEpoch(batch: session.batchSize)
        let plannedEpochs = batches.map { max(1, $0 / perEpoch) } ?? epochs
        let every = try session.integerOption(command, "every", minimum: 1) ?? max(1, plannedEpochs / 10)
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
            let lastEpoch = before.epochsDone + plannedEpochs
            let summary = try working.train(dataset.trainingData, epochs: epochs, batchSize: session.batchSize, patience: patience,
                                            batches: batches) { event in
                if session.isCancelled() { return .stop }
                if case .epoch(let report) = event, report.epoch % every == 0 || (batches == nil && report.epoch == lastEpoch) {
                    sink(.text(epochLine(report, classification: classification, lastEpoch: lastEpoch)))
                }
                return .proceed
            }
            session.trainer = working
            let final = session.finalFigures()
            if working.epochsDone > before.epochsDone {
                session.recordRun(startEpoch: before.epochsDone, batch: session.batchSize, live: false, final: final)
            }
            var lines = summaryLines(summary, classification: classification, in: session, final: final)
            if let open = working.epochInFlight {
                lines.append(partWayLine(epoch: working.epochsDone + 1, batches: open.batches, of: perEpoch))
            }
            sink(.text(lines.joined(separator: "\n")))
        } catch let error as TrainingError {
            // A failed command changes nothing (Session.run puts the state back), so say so.
            var message = EngineErrorWording.sentence(for: error)
            if case .diverged = error { message += " The net is as it was before this train command." }
            throw CommandError(message, column: command.column, length: command.text.count)
        } catch {
            throw CommandError(EngineErrorWording.sentence(for: error), column: command.column)
        }
    }

    /// The line that says an epoch was left part way, in at most 78 columns up to epoch 99,999:
    /// `epoch 3 is part way (4 of 10 batches); the next train goes on with it`.
    static func partWayLine(epoch: Int, batches: Int, of perEpoch: Int) -> String {
        "epoch \(epoch) is part way (\(batches) of \(perEpoch) batches); the next train goes on with it"
    }

    /// Why `patience` needs a validation split, with the `data` command that makes one
    /// (`data NAME … val=0.2` for a built-in set, `data load … val=0.2` for a file).
    static func noValidationSplit(dataName: String) -> String {
        let builtIn = BuiltInDataset(rawValue: dataName) != nil
        return "patience watches a validation split, and this data has none; make one with val=0.2 " +
            "(data \(builtIn ? dataName : "load") … val=0.2), so the test split stays unseen"
    }

    /// One line of training progress, at most 80 columns for up to 99,999 epochs: the epoch
    /// (padded to the digits of the run's last epoch, so the columns line up), the training
    /// split's loss and accuracy, the test split's, and the learning rate.
    /// `epoch  20  loss 0.693147 acc  50.0%  test 0.701234 acc  45.0%  lr 0.01`
    static func epochLine(_ report: EpochReport, classification: Bool, lastEpoch: Int? = nil) -> String {
        let digits = String(lastEpoch ?? report.epoch).count
        var parts = ["epoch \(String(report.epoch).leftPadded(to: digits))"]
        var train = "loss \(lossText(report.trainLoss))"
        if classification, let acc = report.trainAccuracy { train += " acc \(Numbers.percent(acc).leftPadded(to: 6))" }
        parts.append(train)
        if let testLoss = report.testLoss {
            var test = "test \(lossText(testLoss))"
            if classification, let acc = report.testAccuracy { test += " acc \(Numbers.percent(acc).leftPadded(to: 6))" }
            parts.append(test)
        }
        parts.append("lr \(Numbers.format(report.learningRate, digits: 4))")
        return parts.joined(separator: "  ")
    }

    /// A loss in at most 8 characters below ten million: six decimals below 10 (the columns
    /// line up), six significant digits above.
    static func lossText(_ loss: Double) -> String {
        abs(loss) < 10 ? Numbers.fixed(loss, 6) : Numbers.format(loss, digits: 6)
    }

    /// Seconds in at most 6 characters: `0.12 s`, `12.3 s`, `123 s`.
    static func secondsText(_ seconds: Double) -> String {
        seconds < 10 ? String(format: "%.2f s", seconds) : seconds < 100 ? String(format: "%.1f s", seconds) : String(format: "%.0f s", seconds)
    }

    /// The lines `train` ends with: after an early stop, a sentence saying whose weights the
    /// net has; then the final line — why it stopped, the epochs and seconds, the final
    /// metrics on both splits — in at most 80 columns (for up to 99,999 epochs).
    /// `done: 200 epochs, 0.12 s  loss 0.012346 acc 100.0%  test 0.045678 acc 97.5%`
    static func summaryLines(_ summary: TrainingSummary, classification: Bool, in session: Session,
                             final: FinalFigures? = nil) -> [String] {
        var lines: [String] = []
        let how: String
        switch summary.reason {
        case .completed: how = "done"
        case .cancelled: how = "stopped"
        case .earlyStopped(let best):
            how = "done"
            lines.append("early stop: the val loss was lowest at epoch \(best); its weights are back")
        }
        let epochs = session.trainer?.epochsDone ?? 0
        var line = "\(how): \(epochs) epoch\(epochs == 1 ? "" : "s"), \(secondsText(summary.seconds))"
        // Training has read these targets already, so evaluating them cannot fail here.
        if let figures = final ?? session.finalFigures(), let train = figures.train {
            line += "  loss \(lossText(train.loss))"
            if let acc = train.accuracy { line += " acc \(Numbers.percent(acc))" }
            if let test = figures.test {
                line += "  test \(lossText(test.loss))"
                if let acc = test.accuracy { line += " acc \(Numbers.percent(acc))" }
            }
        }
        lines.append(line)
        return lines
    }
}
