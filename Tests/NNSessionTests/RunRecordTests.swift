import Foundation
import NNRender
import NNSession
import XCTest

/// Runs side by side: every `train` keeps a record, `runs` lists them, `plot loss runs=`
/// overlays their curves with a legend naming what differs, and the dashboard records its run.
final class RunRecordTests: XCTestCase {
    func makeSession(width: Int = 80) -> Session {
        Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory(),
                                                width: width, colorMode: .none))
    }

    func text(_ blocks: [OutputBlock], width: Int = 80) -> [String] {
        let printer = OutputPrinter(width: width, colorMode: .none)
        return blocks.flatMap { printer.lines($0) }
    }

    func testEveryTrainKeepsARecordWithItsSettingsAndCurves() throws {
        let session = makeSession()
        _ = try session.output(of: "data xor n=80 seed=3 test=0.25; net 2-4-1 act=tanh seed=2; opt sgd lr=0.5")
        XCTAssertTrue(session.runs.records.isEmpty)
        _ = try session.output(of: "train epochs=30")
        _ = try session.output(of: "train epochs=20 batch=8")
        let records = session.runs.records
        XCTAssertEqual(records.map(\.number), [1, 2])
        let first = records[0], second = records[1]
        XCTAssertEqual(first.epochs, 30)
        XCTAssertEqual(first.startEpoch, 0)
        XCTAssertEqual(second.epochs, 20)
        XCTAssertEqual(second.startEpoch, 30, "the second run trained the same net further")
        XCTAssertEqual(first.trainLoss.count, 30)
        XCTAssertEqual(second.trainLoss.count, 50, "the curve is the net's whole history")
        XCTAssertEqual(second.testLoss?.count, 50)
        let trainer = try XCTUnwrap(session.trainer)
        XCTAssertEqual(second.trainLoss, trainer.history.map(\.trainLoss))
        XCTAssertEqual(second.testLoss, trainer.history.compactMap(\.testLoss))
        // The final metrics are those `eval` prints.
        let eval = text(try session.output(of: "eval")).joined(separator: "\n")
        XCTAssertTrue(eval.contains("test loss  " + String(format: "%.6f", try XCTUnwrap(second.finalTestLoss))), eval)
        XCTAssertTrue(eval.contains("train acc  " + String(format: "%.4f", try XCTUnwrap(second.finalTrainAccuracy))), eval)
        // The settings, named as the commands name them.
        for (name, value) in [("data", "xor"), ("n", "80"), ("data seed", "3"), ("test", "0.25"), ("net", "2-4-1"),
                              ("act", "tanh"), ("out", "sigmoid"), ("seed", "2"), ("loss", "bce"), ("opt", "sgd"), ("lr", "0.5"),
                              ("reg", "off"), ("dropout", "off"), ("batchnorm", "off"), ("sched", "none"), ("clip", "off")] {
            XCTAssertEqual(first.value(of: name), value, name)
        }
        XCTAssertEqual(first.value(of: "batch"), "all")
        XCTAssertEqual(second.value(of: "batch"), "8")
        XCTAssertNil(first.value(of: "momentum"), "sgd has no momentum")
        XCTAssertEqual(RunComparison.changes(from: first, to: second), "trained further, batch 8")
    }

    func testAFailedTrainKeepsNoRecordAndTheLogKeepsTheLastTwenty() throws {
        let session = makeSession()
        _ = try session.output(of: "data linear n=40 seed=1; net 2-1 seed=1; opt sgd lr=0.1")
        for _ in 0..<22 { _ = try session.output(of: "train epochs=1") }
        XCTAssertEqual(session.runs.records.count, RunLog.capacity)
        XCTAssertEqual(session.runs.records.first?.number, 3)
        XCTAssertEqual(session.runs.records.last?.number, 22)
        XCTAssertThrowsError(try session.output(of: "plot loss runs=1")) { error in
            let message = (error as? CommandError)?.message ?? ""
            XCTAssertTrue(message.contains("run 1 is no longer kept (the last 20 are)"), message)
            XCTAssertTrue(message.contains("runs 3 to 22"), message)
        }
        XCTAssertThrowsError(try session.output(of: "plot loss runs=23")) { error in
            XCTAssertTrue(((error as? CommandError)?.message ?? "").hasPrefix("there is no run 23 yet"))
        }
        // A diverging train fails, and a failed command changes nothing: no record.
        _ = try session.output(of: "data moons n=200 seed=1; loss bce; net 2-32-32-32-1 act=relu seed=1; opt sgd lr=1")
        XCTAssertThrowsError(try session.output(of: "train epochs=50"))
        XCTAssertEqual(session.runs.records.last?.number, 22)
    }

    func testTheDifferenceWording() throws {
        let session = makeSession()
        _ = try session.output(of: "data moons n=60 seed=1; net 2-8-1 seed=1; opt sgd lr=0.1; train epochs=5")
        _ = try session.output(of: "net 2-8-1 seed=1; opt sgd lr=0.01; train epochs=5")
        _ = try session.output(of: "net 2-8-1 seed=1; opt adam lr=0.01; train epochs=5")
        _ = try session.output(of: "net 2-8-1 seed=1; opt sgd lr=0.01; reg l2=0.001; train epochs=5")
        let r = session.runs.records
        XCTAssertEqual(RunComparison([r[0], r[1]]).summary, "lr 0.1 vs 0.01")
        XCTAssertEqual(RunComparison([r[2], r[1]]).summary, "opt adam vs sgd",
                       "adam's betas and eps are not compared with sgd, which has none")
        XCTAssertEqual(RunComparison([r[0], r[1], r[2]]).summary, "opt sgd vs sgd vs adam, lr 0.1 vs 0.01 vs 0.01")
        XCTAssertEqual(RunComparison([r[1], r[3]]).summary, "reg off vs l2=0.001")
        XCTAssertEqual(RunComparison([r[1], r[1]]).summary, "the same settings")
        XCTAssertEqual(RunComparison([r[0], r[1]]).label(for: r[1]), "lr 0.01")
        XCTAssertEqual(RunComparison.changes(from: r[1], to: r[2]), "opt adam")
        XCTAssertEqual(RunComparison.changes(from: nil, to: r[0]), "moons 2-8-1 sgd lr 0.1")
        XCTAssertEqual(RunComparison.changes(from: r[2], to: r[3]), "opt sgd reg l2=0.001")
    }

    func testRunsListsThemInEightyColumns() throws {
        let session = makeSession()
        _ = try session.output(of: "data spiral n=100 seed=1; loss ce; net 2-8-8-2 act=relu seed=1; opt sgd lr=0.1; train epochs=10 batch=16")
        _ = try session.output(of: "features x1 x2 x1^2 x2^2 x1*x2 sin(x1) sin(x2); net 7-8-8-2 act=relu init=xavier seed=4; opt adamw lr=0.003 decay=0.1; dropout 0.2; clip norm=1; train epochs=12")
        let lines = text(try session.output(of: "runs"))
        XCTAssertTrue(lines.allSatisfy { DisplayWidth.of($0) <= 80 }, lines.joined(separator: "\n"))
        XCTAssertEqual(lines[1].split(separator: " ").map(String.init), ["run", "changed", "epochs", "loss", "acc", "test", "acc"])
        let second = try XCTUnwrap(lines.first { $0.hasPrefix(" 2  ") })
        XCTAssertTrue(second.contains("features x1 x2 x1^2"), second)
        XCTAssertTrue(second.contains(" …"), "a long change is cut at a word: \(second)")
        XCTAssertTrue(second.contains("  12  "), second)
        XCTAssertEqual(lines.last, "compare their loss curves with `plot loss runs=1,2`")
        let record = session.runs.records[1]
        XCTAssertTrue(second.hasSuffix(String(format: "%.1f%%", try XCTUnwrap(record.finalTestAccuracy) * 100)), second)
        XCTAssertThrowsError(try makeSession().output(of: "runs"))
    }

    func testPlotOverlaysTheRunsWithALegendNamingWhatDiffers() throws {
        let session = makeSession()
        _ = try session.output(of: "data moons n=80 seed=1; net 2-8-1 act=tanh seed=1; opt sgd lr=0.1; train epochs=40")
        _ = try session.output(of: "net 2-8-1 act=tanh seed=1; opt sgd lr=0.01; train epochs=40")
        _ = try session.output(of: "net 2-8-1 act=tanh seed=1; opt adam lr=0.01; train epochs=40")
        for line in ["plot loss runs=1,2", "plot loss runs=[1, 2]", "plot loss runs=-3,-2", "plot loss runs=1,2,2"] {
            let lines = text(try session.output(of: line))
            XCTAssertEqual(lines.first, "test loss of runs 1, 2: lr 0.1 vs 0.01", line)
            XCTAssertTrue(lines[1].hasPrefix("test loss "), line)
            XCTAssertTrue(lines[1].hasSuffix("  ** 1 lr 0.1  ++ 2 lr 0.01"), line)
        }
        let lines = text(try session.output(of: "plot loss runs=last3 split=train height=16"))
        XCTAssertEqual(lines.first, "train loss of runs 1, 2, 3: opt sgd vs sgd vs adam, lr 0.1 vs 0.01 vs 0.01")
        XCTAssertTrue(lines[1].contains("** 1 opt sgd lr 0.1  ++ 2 opt sgd lr 0.01  oo 3 opt adam lr 0.01"), lines[1])
        XCTAssertTrue(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
        // Each line ends in its run's number, inside the plot (so no color is needed).
        let plot = lines.dropFirst(2).joined(separator: "\n")
        for n in ["1", "2", "3"] {
            XCTAssertTrue(lines.dropFirst(2).contains { $0.hasSuffix(n) || $0.contains(n + " ") && !$0.hasPrefix(" ") }, "label \(n)\n\(plot)")
        }
        // The series: each run's curve, patterns told apart.
        let chart = RunCurvesPlot.chart(session.runs.records, split: .train, glyphs: .unicode)
        XCTAssertEqual(chart.series.map(\.ys), session.runs.records.map(\.trainLoss))
        XCTAssertEqual(chart.series.map(\.pattern), [.solid, .dashed, .dotted])
        XCTAssertEqual(chart.series.map(\.endLabel), ["1", "2", "3"])
        for (line, message) in [("plot loss runs=x", "'x' is not a run"), ("plot loss runs=1,2 split=val", "run 1's data has no validation split"),
                                ("plot loss split=train", "split= chooses the curve of runs"),
                                ("plot loss runs=-4", "run -4 goes back further than the runs kept (runs 1 to 3)")] {
            XCTAssertThrowsError(try session.output(of: line), line) { error in
                XCTAssertTrue(((error as? CommandError)?.message ?? "").contains(message), "\(line): \(error)")
            }
        }
    }

    func testTheDashboardRecordsItsRunAndOverlaysEarlierOnes() throws {
        let session = makeSession(width: 100)
        _ = try session.output(of: "data xor n=64 seed=1 test=0; net 2-4-1 seed=1; opt adam lr=0.01")
        var view = try TrainingDashboard(session: session, epochs: 3, batch: 32, patience: nil, width: 100, height: 30)
        XCTAssertFalse(view.keyBar.contains("o runs"), "no earlier runs: the key does nothing, so it is not offered")
        _ = view.update(.key(.character("o")))
        XCTAssertFalse(view.showsEarlierRuns)
        while view.work(budget: 0.05) {}
        XCTAssertEqual(session.runs.records.map(\.number), [1], "finishing records the run")
        XCTAssertEqual(session.runs.records[0].live, true)
        XCTAssertEqual(session.runs.records[0].epochs, 3)
        _ = view.closingOutput()
        XCTAssertEqual(session.runs.records.count, 1, "closing does not record it twice")

        _ = try session.output(of: "opt adam lr=0.1")
        view = try TrainingDashboard(session: session, epochs: 2, batch: 32, patience: nil, width: 100, height: 30)
        XCTAssertTrue(view.keyBar.contains("o runs"), view.keyBar)
        _ = view.update(.key(.character("o")))
        XCTAssertTrue(view.showsEarlierRuns)
        XCTAssertEqual(view.message, "earlier runs overlaid: #1 (dotted, train loss)")
        while view.work(budget: 0.05) {}
        let chart = try XCTUnwrap(view.lossChart(glyphs: .unicode))
        XCTAssertEqual(chart.series.map(\.name), ["train", "#1"])
        XCTAssertEqual(chart.series[1].ys, session.runs.records[0].trainLoss)
        XCTAssertEqual(chart.series[1].endLabel, "#1")
        var buffer = Buffer(width: 100, height: 30)
        view.render(into: &buffer)
        XCTAssertTrue(BufferPrinter(colorMode: .none).plainLines(buffer).joined().contains("#1"))
        XCTAssertEqual(session.runs.records.map(\.number), [1, 2])
        XCTAssertEqual(view.earlierRuns.map(\.number), [1], "the view's own record is not an earlier run")
        _ = view.update(.key(.character("?")))
        var help = Buffer(width: 100, height: 30)
        view.render(into: &help)
        XCTAssertTrue(BufferPrinter(colorMode: .none).plainLines(help).joined(separator: "\n").contains("o       overlay up to three earlier runs' loss"))
        // A stop before the end records what was trained, when the view closes.
        _ = try session.output(of: "net 2-4-1 seed=1")
        view = try TrainingDashboard(session: session, epochs: 50, batch: 8, patience: nil, width: 100, height: 30)
        _ = view.update(.key(.character(" ")))
        for _ in 0..<24 { _ = view.update(.key(.character("s"))) }
        _ = view.update(.key(.character("q")))
        _ = view.closingOutput()
        XCTAssertEqual(session.runs.records.last?.number, 3)
        XCTAssertEqual(session.runs.records.last?.epochs, 3, "24 steps of 8 on 64 points: three epochs")
        XCTAssertEqual(text(try session.output(of: "runs")).first, "runs: what each changed from the run before (* trained in the dashboard)")
    }

    /// Playing a finished run again starts a new run: the one just recorded can be overlaid.
    func testPlayingAgainMakesTheFinishedRunAnEarlierOne() throws {
        let session = makeSession(width: 100)
        _ = try session.output(of: "data xor n=64 seed=1 test=0; net 2-4-1 seed=1; opt adam lr=0.01")
        let view = try TrainingDashboard(session: session, epochs: 2, batch: 32, patience: nil, width: 100, height: 30)
        while view.work(budget: 0.05) {}
        XCTAssertEqual(view.recordedRun, 1)
        XCTAssertTrue(view.earlierRuns.isEmpty)
        _ = view.update(.key(.character("+")))
        _ = view.update(.key(.character(" ")))
        XCTAssertEqual(view.phase, .running, "from the built weights again")
        XCTAssertEqual(view.trainer.epochsDone, 0)
        XCTAssertEqual(view.earlierRuns.map(\.number), [1])
        while view.work(budget: 0.05) {}
        XCTAssertEqual(session.runs.records.map(\.number), [1, 2])
        XCTAssertEqual(RunComparison(session.runs.records).summary, "lr 0.01 vs 0.02")
    }
}
