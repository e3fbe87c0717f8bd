import Foundation
import NNData
import NNEngine
import NNRender

/// `lrfind [from=X] [to=X] [steps=N] [batch=B] [smooth=β]`: a learning-rate range test from the
/// current weights, printed as a table and a plot of loss against lr; the session is left unchanged.
enum LrfindCommand: SessionCommand {
    static let spec = CommandSpec(
        "lrfind", summary: "learning-rate range test on a copy: loss against lr, suggested lr",
        usage: "lrfind [from=X] [to=X] [steps=N] [batch=B] [smooth=β]", example: "lrfind from=1e-5 to=10 steps=200",
        options: [
            .init("from", .number, "the first learning rate (default 1e-5)"),
            .init("to", .number, "the last learning rate (default 10)"),
            .init("steps", .integer, "minibatch steps, lr growing geometrically (default 200)"),
            .init("batch", .integer, "minibatch size for this test only (default: the session's)"),
            .init("smooth", .number, "β of the loss's moving average (default 0.9)"),
            .init("height", .integer, "plot height in rows"),
        ])

    /// Default first and last rates and step count.
    static let defaultFrom = 1e-5, defaultTo = 10.0, defaultSteps = 200
    /// Rows of the printed table.
    static let tableRows = 12

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        let (trainer, dataset) = try session.requireReady(command)
        if trainer.usesPerceptronRule {
            throw CommandError("this net trains with the perceptron rule, which follows no loss gradient; a range test needs a net like `net 2-8-1`",
                               column: command.column, length: command.text.count)
        }
        let positive: (Double) -> Bool = { $0 > 0 }
        let from = try session.numberOption(command, "from", valid: positive, rule: "must be above 0") ?? defaultFrom
        let to = try session.numberOption(command, "to", valid: positive, rule: "must be above 0") ?? defaultTo
        if to <= from {
            let at = command.optionArgument("to") ?? command.optionArgument("from")
            let message = "to (\(Numbers.format(to))) must be above from (\(Numbers.format(from))): the rate grows from `from` to `to`"
            if let at { throw CommandError(message, at: at) }
            throw CommandError(message, column: command.column)
        }
        let steps = try session.integerOption(command, "steps", minimum: 3, maximum: 100_000) ?? defaultSteps
        let n = dataset.trainCount
        let batch = try session.integerOption(command, "batch", minimum: 1) ?? session.batchSize
        let size = min(batch ?? n, n)
        let beta = try session.numberOption(command, "smooth", valid: { $0 >= 0 && $0 < 1 }, rule: "must be from 0 up to (not including) 1")
            ?? LearningRateRangeTest.defaultSmoothing
        let height = try session.integerOption(command, "height", minimum: 4, maximum: 200) ?? session.plotHeight

        let test: LearningRateRangeTest
        do {
            test = try LearningRateRangeTest.run(trainer, data: dataset.trainingData, from: from, to: to, steps: steps,
                                                 batchSize: batch, smoothing: beta, shouldStop: { session.isCancelled() })
        } catch {
            throw CommandError(EngineErrorWording.sentence(for: error), column: command.column, length: command.text.count)
        }
        let optimizer = trainer.optimizer.settings.kind.rawValue
        sink(.text("lrfind: \(optimizer), \(steps) steps on batches of \(size), lr \(Numbers.format(from, digits: 3)) → \(Numbers.format(to, digits: 3))"))
        guard !test.points.isEmpty else {
            throw CommandError("the loss was not finite at the first rate, lr \(Numbers.format(from, digits: 3)): start lower (from=…) or rebuild the net",
                               column: command.column, length: command.text.count)
        }
        sink(.table(table(test)))
        sink(.widget(chart(test, range: from...to, glyphs: session.glyphs), height: height))
        for line in summary(test, steps: steps, optimizer: optimizer) { sink(.text(line)) }
    }

    /// About a dozen points spread evenly over the test (the first and the last among them), with
    /// the lowest smoothed loss.
    static func table(_ test: LearningRateRangeTest) -> TextTable {
        let points = test.points
        var indices = Set((0..<tableRows).map { i in
            Int((Double(i) * Double(points.count - 1) / Double(tableRows - 1)).rounded())
        })
        if let m = test.minimumIndex { indices.insert(m) }
        // Four narrow columns, so the table fits the lesson explorer's panel (36 columns at 80).
        let rows = indices.sorted().map { i in
            [Numbers.format(points[i].learningRate, digits: 3),
             Numbers.fixed(points[i].loss, 4), Numbers.fixed(points[i].smoothedLoss, 4),
             i == test.minimumIndex ? "lowest" : ""]
        }
        return TextTable(headers: ["lr", "loss", "smoothed", ""], rows: rows,
                         alignments: [.right, .right, .right, .left])
    }

    /// The smoothed loss against lr on a log axis spanning the whole sweep (a test that stopped
    /// early leaves the right end empty), with the suggested rate as a dashed line.
    static func chart(_ test: LearningRateRangeTest, range: ClosedRange<Double>, glyphs: GlyphSet) -> LineChart {
        let xs = test.points.map(\.learningRate), ys = test.points.map(\.smoothedLoss)
        var series = [LineChart.Series(name: "smoothed loss", xs: xs, ys: ys)]
        let finite = ys.filter(\.isFinite)
        if let s = test.suggestion, s >= xs[0], let lo = finite.min(), let hi = finite.max() {
            series.append(LineChart.Series(name: "suggested lr", xs: [s, s], ys: [lo, hi], pattern: .dashed))
        }
        return LineChart(series: series, xAxis: Axis(title: "lr", range: range, scale: .log10), yAxis: Axis(title: "loss"),
                         glyphs: glyphs, legendShowsLastValue: false)
    }

    /// The lines after the plot: how the test ended, the lowest and steepest points, the
    /// suggestion and the restore.
    static func summary(_ test: LearningRateRangeTest, steps: Int, optimizer: String) -> [String] {
        var lines: [String] = []
        let last = test.points.last!
        switch test.ending {
        case .completed: lines.append("all \(steps) steps ran without diverging")
        case .diverged:
            lines.append("diverged at lr \(Numbers.format(last.learningRate, digits: 3)) (step \(test.points.count) of \(steps)): the smoothed loss passed 4× its lowest")
        case .notFinite(let lr):
            lines.append("stopped at step \(test.points.count + 1) of \(steps): the loss was not finite at lr \(Numbers.format(lr, digits: 3))")
        case .cancelled: lines.append("stopped after \(test.points.count) of \(steps) steps (interrupted)")
        }
        if let m = test.minimum {
            var line = "lowest smoothed loss \(Numbers.format(m.smoothedLoss, digits: 4)) at lr \(Numbers.format(m.learningRate, digits: 3))"
            if let s = test.steepest { line += "; steepest fall at lr \(Numbers.format(s.learningRate, digits: 3))" }
            lines.append(line)
        }
        if let s = test.suggestion {
            let lr = Numbers.format(s, digits: 2)
            lines.append("suggested lr \(lr): a tenth of the lr at the lowest smoothed loss")
            lines.append("  (to use it: `opt \(optimizer) lr=\(lr)`)")
        } else if test.minimumIndex == 0 {
            lines.append("no suggestion: the loss was lowest at the first rate; start lower (from=…)")
        } else {
            let start = Numbers.format(test.startingLoss ?? .nan, digits: 4)
            lines.append("no suggestion: the smoothed loss never fell below 90 % of its start, \(start);")
            lines.append("  is the net learning at all (dead units, a bug)? fix that first")
        }
        lines.append("smoothed: moving average with β = \(Numbers.format(test.smoothing, digits: 3)), bias-corrected (as fastai)")
        lines.append("the weights, optimizer state and history are as they were before lrfind")
        return lines
    }
}
