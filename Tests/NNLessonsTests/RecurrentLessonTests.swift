import Foundation
import NNEngine
import NNLessons
import NNSession
import XCTest

/// The numbers the recurrent-networks lesson quotes, recomputed by the engine: the RNN update
/// by hand against the real `layer rnn`, the gradient factors `plot gradtime` shows, clipping,
/// the layers' parameter counts and the adding problem, each checked against the prose.
final class RecurrentLessonTests: LessonTestCase {
    /// The lesson's Markdown with paragraphs' line breaks and indentation flattened.
    func prose() throws -> String {
        let source = try String(contentsOfFile: (TestFolders.lessons as NSString).appendingPathComponent("recurrent-networks.md"),
                                encoding: .utf8)
        return source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// h₁ and h₂ of the lesson's one-unit RNN (Wᵢₕ = 0.5, Wₕₕ = 0.8, b = 0.1, x = (1, 0.5)) from
    /// the real `layer rnn`, the `expr` block's graph, and the prose's arithmetic agree.
    func testTheRNNUpdateByHandIsTheLayers() throws {
        let lines = ["net input 2x1 seed=1", "layer rnn 1 seq=all", "set wih1[0,0]=0.5", "set whh1[0,0]=0.8", "set b1[0]=0.1"]
        let s = try session(lines)
        let states = try XCTUnwrap(s.trainer).network.predict(Tensor(rows: [[1, 0.5]])).scalars
        XCTAssertEqual(states.count, 2)
        XCTAssertEqual(states[0], tanh(0.6), accuracy: 1e-12)
        XCTAssertEqual(states[1], tanh(0.5 * 0.5 + 0.8 * tanh(0.6) + 0.1), accuracy: 1e-12)
        XCTAssertEqual(String(format: "%.4f", states[0]), "0.5370")
        XCTAssertEqual(String(format: "%.4f", states[1]), "0.6525")
        let text = try prose()
        XCTAssertTrue(text.contains("h₁ = tanh(0.5·1 + 0.8·0 + 0.1) = tanh(0.6) = 0.5370"))
        XCTAssertTrue(text.contains("h₂ = tanh(0.5·0.5 + 0.8·0.5370 + 0.1) = tanh(0.7796) = 0.6525"))

        // The forward block on the one-row file: the layer's table lists the same two states.
        try FileManager.default.createDirectory(atPath: (scratch as NSString).appendingPathComponent("data"), withIntermediateDirectories: true)
        try String(contentsOfFile: (TestFolders.lessons as NSString).appendingPathComponent("data/two-steps.csv"), encoding: .utf8)
            .write(toFile: (scratch as NSString).appendingPathComponent("data/two-steps.csv"), atomically: true, encoding: .utf8)
        let layer = try self.session(["data load data/two-steps.csv shape=2x1 test=0 normalize=off task=regression", "loss mse",
                                      "net input 2x1 seed=1", "layer rnn 1", "layer dense 1 act=identity",
                                      "set wih1[0,0]=0.5 whh1[0,0]=0.8 b1[0]=0.1"])
        let forward = try TestFolders.text(layer, "forward")
        XCTAssertTrue(forward.contains("1  1.0000  0.5370"), forward)
        XCTAssertTrue(forward.contains("2  0.5000  0.6525"), forward)
        XCTAssertTrue(text.contains("`forward` lists each step's input and new state — 0.5370, then 0.6525"))

        // The expr graph: the same h₂, and Wᵢₕ's gradient as the sum of its two paths.
        let expr = try TestFolders.text(TestFolders.session(data: scratch),
                                        "expr tanh(wih*x2 + whh*tanh(wih*x1 + b) + b) wih=0.5 whh=0.8 b=0.1 x1=1 x2=0.5")
        XCTAssertTrue(expr.contains("tanh = 0.6525"), expr)
        let slope2 = 1 - states[1] * states[1], slope1 = 1 - states[0] * states[0]
        let throughStep2 = slope2 * 0.5, throughStep1 = slope2 * 0.8 * slope1 * 1
        XCTAssertEqual(throughStep2 + throughStep1, 0.614017, accuracy: 1e-6)
        XCTAssertTrue(expr.contains("wih = 0.5   ∂ 0.614017"), expr)
        XCTAssertEqual(String(format: "%.3f", throughStep2), "0.287")
        XCTAssertEqual(String(format: "%.3f", throughStep1), "0.327")
        XCTAssertTrue(text.contains("Wᵢₕ's gradient 0.614 is 0.287 through step 2 plus 0.327 through step 1"))
    }

    /// One identity unit multiplies the gradient by Wₕₕ per step back: ‖∂L/∂h₁‖/‖∂L/∂h₃₀‖ is
    /// Wₕₕ²⁹ — 0.5²⁹ ≈ 2·10⁻⁹ and 1.2²⁹ ≈ 198, as the lesson says; 1.25⁴⁹ passes the exercise.
    func testGradientThroughTimeIsAPowerOfWhh() throws {
        let base = ["data seq sine n=200 steps=30 seed=1", "net input 30x1 seed=1", "layer rnn 1 act=identity",
                    "layer dense 1 act=identity"]
        let small = try number(try session(base + ["set whh1[0,0]=0.5"]), "gradtime_ratio")
        let large = try number(try session(base + ["set whh1[0,0]=1.2"]), "gradtime_ratio")
        XCTAssertEqual(small, pow(0.5, 29), accuracy: 1e-6 * pow(0.5, 29))
        XCTAssertEqual(large, pow(1.2, 29), accuracy: 1e-6 * pow(1.2, 29))
        XCTAssertEqual(large, 198, accuracy: 0.5)
        XCTAssertEqual(small, 2e-9, accuracy: 0.2e-9)
        let text = try prose()
        XCTAssertTrue(text.contains("0.5²⁹ ≈ 2·10⁻⁹"))
        XCTAssertTrue(text.contains("1.2²⁹ ≈ 198"))
        // The exercise's hint: 1.2⁴⁹ ≈ 7,600 falls short of 10,000.
        XCTAssertEqual(pow(1.2, 49), 7_583, accuracy: 1)
        XCTAssertTrue(text.contains("1.2⁴⁹ is about 7,600"))
    }

    /// The one-unit net with Wₕₕ = 1.2 diverges under sgd without clipping and trains with
    /// `clip norm=1`, ending with Wₕₕ below 1.
    func testClippingTamesTheExplodingRun() throws {
        let lines = ["data seq sine n=200 steps=30 seed=1", "reg off; dropout off; batchnorm off; sched none; clip off",
                     "loss mse", "net input 30x1 seed=1", "layer rnn 1 act=identity", "layer dense 1 act=identity",
                     "set whh1[0,0]=1.2", "opt sgd lr=0.01"]
        let s = try session(lines)
        XCTAssertThrowsError(try LessonRunner.runLine("train epochs=10 batch=16", session: s) { _ in }) { error in
            XCTAssertTrue("\(error)".contains("diverged"), "\(error)")
        }
        try LessonRunner.runLine("clip norm=1", session: s) { _ in }
        try LessonRunner.runLine("train epochs=10 batch=16", session: s) { _ in }
        XCTAssertTrue(try number(s, "train_loss").isFinite)
        let losses = try XCTUnwrap(s.trainer).history.map(\.trainLoss)
        XCTAssertEqual(losses.count, 10)
        XCTAssertTrue(zip(losses, losses.dropFirst()).allSatisfy { $1 < $0 }, "the loss falls from epoch to epoch: \(losses)")
        XCTAssertTrue(try prose().contains("its loss falls from epoch to epoch"))
        let whh = try XCTUnwrap(s.trainer).network.stack!.layers[0].parameters[1].tensor.scalars[0]
        XCTAssertLessThan(abs(whh), 1, "after the clipped run Wₕₕ has fallen below 1")
        XCTAssertLessThan(try number(s, "gradtime_ratio"), 1, "and the gradient vanishes towards t = 1")
    }

    /// `layer lstm 16` on 2 features has 1,216 parameters, four times `layer rnn 16`'s 304.
    func testParameterCounts() throws {
        let lstm = try session(["data seq adding n=100 steps=50 seed=1", "net input 50x2 seed=1", "layer lstm 16"])
        let rnn = try session(["data seq adding n=100 steps=50 seed=1", "net input 50x2 seed=1", "layer rnn 16"])
        XCTAssertEqual(try number(lstm, "params"), 1_216)
        XCTAssertEqual(try number(rnn, "params"), 304)
        XCTAssertEqual(4 * 16 * 2 + 4 * 16 * 16 + 4 * 16, 1_216)
        let sine = try session(["data seq sine n=100 steps=20 seed=1", "net input 20x1 seed=1", "layer rnn 8"])
        XCTAssertEqual(try number(sine, "params"), 80)
        let text = try prose()
        XCTAssertTrue(text.contains("4·16·2 + 4·16·16 + 4·16 = 1,216 parameters"))
        XCTAssertTrue(text.contains("the 304 of `layer rnn 16`"))
        XCTAssertTrue(text.contains("8·1 + 8·8 + 8 = 80 parameters"))
        XCTAssertEqual(try number(try session(["data seq sine n=100 steps=20 seed=1", "net input 20x1 seed=1", "layer rnn 4",
                                               "layer dense 1 act=identity"]), "params"), 29)
    }

    /// A fresh `layer lstm 4` on the adding data barely passes any gradient back 49 steps, and
    /// forget biases of 5 open the path (the exercise's solution).
    func testForgetGateBiasOpensTheGradientPath() throws {
        let base = ["data seq adding n=1000 steps=50 seed=1", "net input 50x2 seed=1", "layer lstm 4", "layer dense 1 act=identity"]
        let fresh = try number(try session(base), "gradtime_ratio")
        let opened = try number(try session(base + ["set b1[4]=5; set b1[5]=5; set b1[6]=5; set b1[7]=5"]), "gradtime_ratio")
        XCTAssertLessThan(fresh, 1e-11)
        XCTAssertGreaterThan(fresh, 1e-15)
        XCTAssertGreaterThanOrEqual(opened, 0.1)
        XCTAssertTrue(try prose().contains("Freshly built, it is about 10⁻¹³"))
        XCTAssertEqual(fresh, 1e-13, accuracy: 9e-13, "about 10⁻¹³")
    }

    /// The adding problem at T = 50: the targets' variance is the do-nothing loss ≈ 0.167; the
    /// lesson's RNN stays near it and its LSTM, trained as long, gets below 0.0125.
    func testTheAddingProblemSeparatesTheCells() throws {
        let course = Course.load(folder: TestFolders.lessons)
        let lesson = try XCTUnwrap(course.lessons.first { $0.id == "recurrent-networks" })
        let (plain, success) = LessonRunner.plain(lesson: lesson, session: TestFolders.session(data: scratch), solve: false)
        XCTAssertTrue(success, plain)
        let losses = numbers(#"^done: 30 epochs.*  test ([0-9.e-]+)"#, in: plain)
        XCTAssertEqual(losses.count, 2, "the RNN and the LSTM runs")
        let (rnn, lstm) = (losses[0], losses[1])
        XCTAssertEqual(rnn, 0.19, accuracy: 0.005, "the RNN stays at the do-nothing level")
        XCTAssertGreaterThan(rnn, 0.167, "no better than always predicting the mean sum")
        XCTAssertEqual(lstm, 0.012, accuracy: 0.0005, "the LSTM solves it")
        let epoch24 = numbers(#"^epoch 24  loss \S+  test ([0-9.e-]+)"#, in: plain)
        XCTAssertEqual(epoch24.count, 3, "the sine demo, the RNN and the LSTM")
        XCTAssertGreaterThan(epoch24.last ?? 0, 0.14, "for 20-odd epochs the LSTM looks no better")
        let text = try prose()
        XCTAssertTrue(text.contains("For 20-odd epochs it looks no better"))
        XCTAssertTrue(text.contains("test loss 0.19"))
        XCTAssertTrue(text.contains("the test loss drops to 0.012"))
        let ratios = numbers(#"first/last: ([0-9.e+-]+)"#, in: plain)
        XCTAssertEqual(ratios.last ?? 0, 0.21, accuracy: 0.005, "the trained LSTM's gradtime ratio: \(ratios)")
        XCTAssertTrue(text.contains("a fifth of the last step's (first/last 0.21)"))

        let data = try session(["data seq adding n=1000 steps=50 seed=1"])
        let targets = try XCTUnwrap(data.data).trainTargets.scalars
        let mean = targets.reduce(0, +) / Double(targets.count)
        let variance = targets.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(targets.count)
        XCTAssertEqual(mean, 1, accuracy: 0.05)
        XCTAssertEqual(variance, 2.0 / 12, accuracy: 0.02)
        XCTAssertEqual(String(format: "%.3f", 2.0 / 12), "0.167")
        XCTAssertTrue(text.contains("2·(1/12) ≈ 0.167"))
    }
}
