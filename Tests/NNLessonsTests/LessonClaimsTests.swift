import Foundation
import NNEngine
import NNLessons
import NNSession
import XCTest

/// The numbers the lessons quote for the claims corrected in issue 17, recomputed by the engine:
/// each test runs the lesson (or the same commands, or the engine's own optimizer or network)
/// and checks both the value and that the lesson's prose quotes it.
final class LessonClaimsTests: LessonTestCase {
    // MARK: Helpers

    /// A lesson printed in plain mode from a fresh session, with its blocks' output.
    struct PlainLesson {
        /// The whole plain text.
        var text: String
        /// The lesson's Markdown source.
        var source: String

        /// The output of every run of a command line, in order (the text up to the next prompt).
        func outputs(of line: String) -> [String] {
            text.components(separatedBy: "nnlab> ").dropFirst().compactMap { chunk in
                chunk.hasPrefix(line + "\n") ? String(chunk.dropFirst(line.count + 1)) : nil
            }
        }

        /// The source with line breaks and indentation turned into single spaces, for phrases
        /// that a paragraph wraps.
        var flatSource: String {
            source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }

        /// Whether the prose says `phrase` (ignoring how the paragraph wraps).
        func says(_ phrase: String) -> Bool { flatSource.contains(phrase) }
    }

    /// A lesson's Markdown source with its paragraphs' line breaks and indentation flattened.
    func flatSource(of id: String) throws -> String {
        let source = try String(contentsOfFile: (TestFolders.lessons as NSString).appendingPathComponent("\(id).md"), encoding: .utf8)
        return PlainLesson(text: "", source: source).flatSource
    }

    func plainLesson(_ id: String) throws -> PlainLesson {
        let course = Course.load(folder: TestFolders.lessons)
        let lesson = try XCTUnwrap(course.lessons.first { $0.id == id }, "lesson \(id)")
        let (text, success) = LessonRunner.plain(lesson: lesson, session: TestFolders.session(data: scratch), solve: false)
        XCTAssertTrue(success, "lesson \(id) runs")
        let source = try String(contentsOfFile: (TestFolders.lessons as NSString).appendingPathComponent("\(id).md"), encoding: .utf8)
        return PlainLesson(text: text, source: source)
    }

    /// `(train acc, test acc, test loss)` of a `train` command's `done:` line.
    func done(_ output: String) -> (trainAcc: Double, testAcc: Double?, testLoss: Double) {
        let trainAcc = numbers(#"^done:.*  loss \S+ acc ([0-9.]+)%"#, in: output).first ?? .nan
        let testAcc = numbers(#"^done:.*  test \S+ acc ([0-9.]+)%"#, in: output).first
        let testLoss = numbers(#"^done:.*  test ([0-9.e-]+)"#, in: output).first ?? .nan
        return (trainAcc, testAcc, testLoss)
    }

    /// The per-layer values of a `plot gradnorm` in a block's output.
    func gradientNorms(_ output: String) -> [Double] {
        numbers(#"^layer \d+ #* ([0-9.e+-]+)$"#, in: output)
    }

    // MARK: Perceptron (item 13)

    /// The printed loss of a perceptron is its error rate on the training split after the
    /// epoch, and the demo shows it falling.
    func testThePerceptronDemoShowsTheErrorRateFalling() throws {
        let lesson = try plainLesson("perceptron")
        let evals = lesson.outputs(of: "eval")
        let untrained = try XCTUnwrap(numbers(#"^train loss ([0-9.]+)"#, in: evals[0]).first)
        XCTAssertEqual(untrained, 0.23125, accuracy: 1e-9)
        XCTAssertTrue(lesson.says("Untrained, it gets 23% of them wrong"))
        let training = try XCTUnwrap(lesson.outputs(of: "train epochs=10").first)
        let losses = numbers(#"^epoch +\d+ +loss ([0-9.]+)"#, in: training)
        XCTAssertEqual(losses.count, 10)
        XCTAssertEqual(losses[0], 0.1, accuracy: 1e-9, "10% after the first epoch")
        XCTAssertEqual(losses[1], 0.0125, accuracy: 1e-9, "1.3% after the second")
        XCTAssertEqual(Array(losses[2...]), Array(repeating: 0, count: 8), "none from the third on")
        XCTAssertTrue(lesson.says("after the first epoch 10%, after the second 1.3%, and from the third on none"))
        XCTAssertGreaterThan(losses[0], 0, "epoch 1 is not already perfect: the learner sees the mistakes fall")

        // The loss is the share of training points misclassified by the line after the epoch.
        let s = try session(["data and n=200 seed=1 noise=0.2", "loss mse", "net 2-1:step seed=1", "opt sgd lr=0.01"])
        for _ in 0..<3 {
            try LessonRunner.runLine("train epochs=1", session: s) { _ in }
            XCTAssertEqual(try number(s, "train_loss"), 1 - (try number(s, "train_acc")), accuracy: 1e-12)
        }
    }

    // MARK: Activations (item 8)

    /// σ′ ≤ 0.25 bounds the activation's factor, but the weights can amplify the backward signal.
    func testASigmoidLayerCanAmplifyTheBackwardSignal() throws {
        var net = Network(spec: NetworkSpec(widths: [1, 1, 1], activations: [.sigmoid, .identity]), seed: 1)
        net.layers[0].weights = Tensor(rows: [[1]])
        net.layers[0].bias = Tensor([0])
        net.layers[1].weights = Tensor(rows: [[10]])
        var g = SeededGenerator(seed: 0)
        let result = try net.gradients(inputs: Tensor(rows: [[0]]), targets: Tensor(rows: [[1]]), objective: Objective(loss: .mse), generator: &g)
        let deltaOut = result.gradients[3].scalars[0], deltaHidden = result.gradients[1].scalars[0]
        XCTAssertEqual(deltaHidden / deltaOut, 10 * 0.25, accuracy: 1e-12, "δ⁽¹⁾ = w·δ⁽²⁾·σ′(0): grows 2.5×")
        XCTAssertTrue(try flatSource(of: "activations").contains("Wᵀ can amplify (weights of size 10 more than make up for it)"))
    }

    // MARK: Backpropagation (item 7 and the notation)

    /// A dense layer's backward pass is two matrix products (Wᵀδ and δaᵀ) against the forward
    /// pass's one, and the first layer needs only δaᵀ: counted in multiply-adds, between one and
    /// two forward passes — near two for layers of similar size, near one when a wide first
    /// layer dominates.
    func testTheBackwardPassCostsOneToTwoForwardPasses() {
        func ratio(_ widths: [Int]) -> Double {
            let layers = Array(zip(widths, widths.dropFirst()))
            let forward = layers.reduce(0) { $0 + $1.0 * $1.1 }
            let weightGradients = forward
            let deltasDown = layers.dropFirst().reduce(0) { $0 + $1.0 * $1.1 } // no δ for the inputs
            return Double(weightGradients + deltasDown) / Double(forward)
        }
        for widths in [[784, 128, 64, 10], [2, 16, 16, 1], [100, 100, 100, 100, 100], [2, 2, 1]] {
            XCTAssertGreaterThan(ratio(widths), 1, "\(widths)")
            XCTAssertLessThanOrEqual(ratio(widths), 2, "\(widths)")
        }
        XCTAssertEqual(ratio([100, 100, 100, 100, 100]), 1.75, accuracy: 1e-12, "similar layers: close to twice")
        XCTAssertEqual(ratio([2, 16, 16, 1]), 1.89, accuracy: 0.005)
        XCTAssertLessThan(ratio([784, 128, 64, 10]), 1.1, "a wide first layer dominates: nearer once")
        // And the engine's gradient for W is δ·aᵀ, one product per layer (the lesson's example).
        var net = Network(spec: NetworkSpec(widths: [2, 2, 1], activations: [.sigmoid, .sigmoid]), seed: 1)
        net.layers[0].weights = Tensor(rows: [[0.5, -0.5], [0.25, 0.75]])
        net.layers[0].bias = Tensor([0, 0.1])
        net.layers[1].weights = Tensor(rows: [[1, -1]])
        net.layers[1].bias = Tensor([0.2])
        var g = SeededGenerator(seed: 0)
        let result = try! net.gradients(inputs: Tensor(rows: [[1, 2]]), targets: Tensor(rows: [[1]]), objective: Objective(loss: .mse), generator: &g)
        XCTAssertEqual(result.gradients[2][0, 1], -0.2418, accuracy: 0.00005, "∂L/∂w⁽²⁾₁₂ is w2[0,1]'s gradient")
    }

    /// Layer indices are parenthesized (a⁽²⁾, never a² that reads as a square), `w2[0,1]` is
    /// w⁽²⁾₁₂ in the tables and the trace, and the trace's update uses plain SGD.
    func testBackpropagationNotationAndTheTracesOptimizer() throws {
        let lesson = try plainLesson("backpropagation")
        let bare = try NSRegularExpression(pattern: "[azWbδw](ˡ|ᴸ|¹|²|⁰)")
        for (number, line) in lesson.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = String(line)
            let isPlainSuperscriptNote = text.contains("plain") || text.contains("(z¹, w²₁₂")
            if !isPlainSuperscriptNote {
                XCTAssertNil(bare.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                             "line \(number + 1) writes a layer index that reads as a power: \(text)")
            }
        }
        XCTAssertTrue(lesson.says("`w2[0,1]` is row 0, column 1 of W⁽²⁾, which is w⁽²⁾₁₂"))
        let trace = try XCTUnwrap(lesson.outputs(of: "trace").first)
        XCTAssertTrue(trace.contains("== update: sgd lr=0.5"), "the trace updates with plain SGD, not Adam")
        XCTAssertTrue(trace.contains("update layer 2 · w²₁₂ (w2[0,1])"))
        XCTAssertTrue(trace.contains("∂L/∂w²₁₂ = (-0.2798)·0.8641 = -0.2418"))
        let backward = try XCTUnwrap(lesson.outputs(of: "backward").first)
        XCTAssertTrue(backward.contains("   1  -0.279796  -0.279796  -0.105634  -0.241779"), "layer 2, unit 1, column ∂L/∂w2")
    }

    /// The conditions under which a correct gradient agrees with finite differences to 1e-7:
    /// float64 does, float32 does not, and a too-small ε loses the estimate to rounding.
    func testGradientCheckToleranceConditions() {
        func fourth<T: BinaryFloatingPoint>(_ f: (T) -> T, _ x: T, _ e: T) -> T {
            (-f(x + 2 * e) + 8 * f(x + e) - 8 * f(x - e) + f(x - 2 * e)) / (12 * e)
        }
        let exact = cos(1.0)
        let double = abs(fourth({ (x: Double) in sin(x) }, 1.0, 1e-4) - exact) / abs(exact)
        XCTAssertLessThan(double, 1e-10, "float64, ε = 1e-4")
        let single = abs(Double(fourth({ (x: Float) in Float(sin(Double(x))) }, Float(1), Float(1e-4))) - exact) / abs(exact)
        XCTAssertGreaterThan(single, 1e-4, "float32 rounding swamps the estimate")
        let tiny = abs(fourth({ (x: Double) in sin(x) }, 1.0, 1e-12) - exact) / abs(exact)
        XCTAssertGreaterThan(tiny, 1e-6, "ε = 1e-12 loses the difference to rounding")
        // The rounding error of the estimate for a loss near 1 with ε = 1e-4 is about 1e-12.
        XCTAssertEqual(log10(18 * Double.ulpOfOne / (12 * 1e-4) * 0.5), -12, accuracy: 0.6)
    }

    // MARK: Optimizers (item 3, item 9, the momentum forms)

    /// The ravine's gradient, as `plot path ravine` defines it.
    func ravineGradient(_ x: Double, _ y: Double) -> [Double] {
        let u = (x + y) / 2.0.squareRoot(), v = (x - y) / 2.0.squareRoot()
        return [(u + 50 * v) / 2.0.squareRoot(), (u - 50 * v) / 2.0.squareRoot()]
    }

    /// Runs the engine's optimizer on the ravine from the race's start; returns the end point.
    func race(_ kind: OptimizerSettings.Kind, lr: Double, steps: Int = 100) -> [Double] {
        var optimizer = Optimizer(settings: OptimizerSettings(kind: kind, learningRate: lr))
        var parameters = [Tensor([-2.5, -1.0])]
        for _ in 0..<steps {
            let p = parameters[0].scalars
            optimizer.step(&parameters, gradients: [Tensor(ravineGradient(p[0], p[1]))])
        }
        return parameters[0].scalars
    }

    func testAdaptiveOptimizersCrawlAlongTheDiagonalRavine() throws {
        let u = { (p: [Double]) in (p[0] + p[1]) / 2.0.squareRoot() }
        let start = u([-2.5, -1.0])
        let f = { (p: [Double]) -> Double in
            let v = (p[0] - p[1]) / 2.0.squareRoot()
            return 0.5 * (u(p) * u(p) + 50 * v * v)
        }
        let adam = race(.adam, lr: 0.05), rmsprop = race(.rmsprop, lr: 0.05), sgd = race(.sgd, lr: 0.03)
        let adamSpeed = (u(adam) - start) / 100 / 0.05, rmspropSpeed = (u(rmsprop) - start) / 100 / 0.05
        XCTAssertEqual(1 / adamSpeed, 7, accuracy: 0.5, "Adam moves ≈ η/7 per step along the valley (\(adamSpeed)η)")
        XCTAssertEqual(1 / rmspropSpeed, 2, accuracy: 0.25, "RMSprop ≈ η/2 (\(rmspropSpeed)η)")
        XCTAssertEqual(f(adam), 1.51, accuracy: 0.005)
        XCTAssertEqual(f(sgd), 0.0069, accuracy: 0.00005)
        // The lesson's table is the same run.
        let lesson = try plainLesson("optimizers")
        let table = try XCTUnwrap(lesson.outputs(of: "plot path ravine opts=sgd,momentum,nesterov,rmsprop,adam steps=100").first)
        XCTAssertEqual(numbers(#"^adam +0\.05 +100 .* ([0-9.]+)$"#, in: table).first ?? .nan, f(adam), accuracy: 0.001)
        XCTAssertEqual(numbers(#"^sgd +0\.03 +100 .* ([0-9.]+)$"#, in: table).first ?? .nan, f(sgd), accuracy: 0.00001)
        XCTAssertTrue(lesson.says("Adam moves about η/7 per step along the valley (its f is still 1.51, against SGD's 0.0069) and RMSprop about η/2"))
    }

    func testAdamsSecondMomentCorrectionLastsThousandsOfSteps() throws {
        XCTAssertEqual(1 - pow(0.999, 1000), 0.63, accuracy: 0.005)
        XCTAssertEqual(1 - pow(0.999, 3000), 0.95, accuracy: 0.005)
        XCTAssertLessThan(1 - pow(0.9, 43), 0.99)
        XCTAssertGreaterThan(1 - pow(0.9, 44), 0.99)
        // The engine's v after t steps of a constant gradient g is (1 − β₂ᵗ)·g².
        var optimizer = Optimizer(settings: OptimizerSettings(kind: .adam, learningRate: 1e-9))
        var parameters = [Tensor([0.0])]
        for _ in 0..<1000 { optimizer.step(&parameters, gradients: [Tensor([2.0])]) }
        XCTAssertEqual(optimizer.secondMoments[0].scalars[0] / 4, 1 - pow(0.999, 1000), accuracy: 1e-9)
        XCTAssertTrue(try flatSource(of: "optimizers").contains("1 − 0.999ᵗ is only 0.63 at t = 1000 and 0.95 at t = 3000"))
    }

    /// v ← μv + ηg, w ← w − v takes the same steps as the course's v ← μv + g, w ← w − ηv for a
    /// constant η.
    func testTheTwoMomentumFormsAgreeForAConstantRate() {
        var optimizer = Optimizer(settings: OptimizerSettings(kind: .momentum, learningRate: 0.07))
        var parameters = [Tensor([1.0, -2.0])]
        var other = [1.0, -2.0], velocity = [0.0, 0.0]
        var generator = SeededGenerator(seed: 4)
        for _ in 0..<50 {
            let g = [generator.uniform(-3, 3), generator.uniform(-3, 3)]
            optimizer.step(&parameters, gradients: [Tensor(g)])
            for i in 0..<2 {
                velocity[i] = 0.9 * velocity[i] + 0.07 * g[i]
                other[i] -= velocity[i]
            }
        }
        XCTAssertEqual(parameters[0].scalars[0], other[0], accuracy: 1e-12)
        XCTAssertEqual(parameters[0].scalars[1], other[1], accuracy: 1e-12)
        XCTAssertEqual(optimizer.firstMoments[0].scalars[0] * 0.07, velocity[0], accuracy: 1e-12, "their v is η times ours")
    }

    // MARK: Regularization (item 4, item 14)

    func testL1LeavesWeightsNearZeroButNoneExactlyZero() throws {
        let common = ["reg off; dropout off; batchnorm off; sched none; clip off; set batch=all",
                      "data moons n=80 noise=0.8 test=0.5 seed=1", "loss bce", "opt adam lr=0.01"]
        let l1 = try session(common + ["reg l1=0.01 l2=0", "net 2-64-64-1 act=relu seed=1", "train epochs=300"])
        let weights = try XCTUnwrap(l1.trainer).network.layers.flatMap(\.weights.scalars)
        XCTAssertEqual(weights.count, 4288)
        XCTAssertEqual(weights.filter { $0 == 0 }.count, 0, "none exactly zero")
        XCTAssertEqual(try number(l1, "small_weights"), 0.56, accuracy: 0.005, "56% below 0.001")
        XCTAssertEqual(Double(weights.filter { abs($0) < 0.01 }.count) / Double(weights.count), 0.99, accuracy: 0.005)
        let l2 = try session(common + ["reg l2=0.01", "net 2-64-64-1 act=relu seed=1", "train epochs=300"])
        XCTAssertEqual(try number(l2, "small_weights"), 0.19, accuracy: 0.005, "19% with L2")
        let lesson = try plainLesson("regularization")
        XCTAssertTrue(lesson.says("None of the 4,288 weights is exactly zero, but 56% of them are smaller than 0.001 in size (with L2 instead, 19%) and 99% smaller than 0.01."))
        XCTAssertTrue(lesson.says("(in the lesson, 56% below 0.001 and none exactly 0)"))
        XCTAssertTrue(try XCTUnwrap(lesson.outputs(of: "plot hist weights").first).hasPrefix("weights of all layers\nn=4288"))
        // The lesson's block is the run above.
        XCTAssertTrue(lesson.source.contains("reg l2=0.01\nnet 2-64-64-1 act=relu seed=1\nopt adam lr=0.01\ntrain epochs=300\nplot boundary\nreg l1=0.01 l2=0\nnet 2-64-64-1 act=relu seed=1\ntrain epochs=300\nplot hist weights"))
    }

    /// Dropout draws a mask per unit and per example: two identical examples in one batch lose
    /// different units.
    func testDropoutMasksArePerExample() throws {
        var net = Network(spec: NetworkSpec(widths: [2, 64, 1], activations: [.relu, .sigmoid]), seed: 1)
        net.dropout = Dropout(probability: 0.5)
        var generator = SeededGenerator(seed: 3)
        let tape = Tape()
        let pass = net.record(on: tape, inputs: Tensor(rows: [[1, 2], [1, 2]]), mode: .training, generator: &generator)
        let mask = try XCTUnwrap(pass.layers[0].mask)
        XCTAssertEqual(mask.shape, [2, 64], "one mask entry per example and unit")
        let rows = (0..<2).map { r in (0..<64).map { mask[r, $0] } }
        XCTAssertNotEqual(rows[0], rows[1], "the same input in the same batch gets a different mask")
        let source = try flatSource(of: "regularization")
        XCTAssertTrue(source.contains("a fresh random choice for every unit of every example, at every step"))
        XCTAssertTrue(source.contains("(a fresh mask per example, not one per batch)"))
    }

    // MARK: Initialization (items 5, 11, 12)

    func testInitialGradientNormsPerLayer() throws {
        let lesson = try plainLesson("initialization")
        let plots = lesson.outputs(of: "plot gradnorm log=on").map(gradientNorms)
        XCTAssertEqual(plots.count, 7, "sigmoid, tanh, He, too small, too large; then six sigmoid layers without and with batch norm")
        // Xavier with sigmoid: about five-fold per layer on average, from 3.4- to 17-fold.
        let sigmoid = plots[0]
        let ratios = zip(sigmoid.dropFirst(), sigmoid).map { $0 / $1 }
        let mean = exp(ratios.map(log).reduce(0, +) / Double(ratios.count))
        XCTAssertEqual(mean, 5, accuracy: 0.25, "geometric mean of the per-layer ratios")
        XCTAssertEqual(ratios.min() ?? 0, 3.4, accuracy: 0.1)
        XCTAssertEqual(ratios.max() ?? 0, 17, accuracy: 0.5)
        XCTAssertTrue(lesson.says("about five-fold on average (from 3.4- to 17-fold)"))
        let firstOverLast = sigmoid[0] / sigmoid[sigmoid.count - 1]
        XCTAssertTrue((1e-6..<1e-5).contains(firstOverLast), "a few millionths: \(firstOverLast)")
        // Xavier with tanh: every layer within a factor of 6 of the others.
        let tanh = plots[1]
        XCTAssertLessThan(tanh.max()! / tanh.min()!, 6)
        XCTAssertTrue(lesson.says("keeps every layer's gradient within a factor of 6 of the others"))
        // Too small and too large: flat, at 1e-8 and 1e8.
        for norm in plots[3] { XCTAssertEqual(log10(norm), -8, accuracy: 0.5) }
        for norm in plots[4] { XCTAssertEqual(log10(norm), 8.5, accuracy: 0.5) }
        XCTAssertLessThan(plots[4].max()! / plots[4].min()!, 3, "flat across layers")
        XCTAssertTrue(lesson.says("every layer's gradient is about 10⁻⁸"))
        XCTAssertTrue(lesson.says("every layer's gradient is about 10⁸ — tens of millions of times He's (about 10)"))
        let he = plots[2].reduce(0, +) / Double(plots[2].count)
        XCTAssertEqual(log10(he), 1, accuracy: 0.2, "He's gradients are about 10")
        let tooLarge = plots[4].reduce(0, +) / Double(plots[4].count)
        XCTAssertTrue((1e7..<1e8).contains(tooLarge / he), "tens of millions of times He's: \(tooLarge / he)")
        for plot in plots[2...4] { XCTAssertLessThan(plot.max()! / plot.min()!, 6, "no more than a factor of 6 across layers") }
        XCTAssertTrue(lesson.says("none of the three changes by more than a factor of 6 from layer to layer"))
        let eval = try XCTUnwrap(lesson.outputs(of: "eval").last)
        let loss = try XCTUnwrap(numbers(#"^train loss ([0-9.]+)"#, in: eval).first)
        XCTAssertTrue((1e9..<1e12).contains(loss), "the loss at the start is in the billions: \(loss)")
    }

    /// Var(Σ wᵢaᵢ) = n·Var(w)·E[a²] for zero-mean weights, also for inputs that are not
    /// zero-mean (ReLU outputs), where n·Var(w)·Var(a) is wrong.
    func testVarianceOfAWeightedSumUsesTheMeanSquare() {
        var generator = SeededGenerator(seed: 12)
        let n = 40, trials = 20_000
        var zs: [Double] = [], inputs: [Double] = []
        for _ in 0..<trials {
            var z = 0.0
            for _ in 0..<n {
                let a = max(0, generator.normal(deviation: 1.0))
                inputs.append(a)
                z += generator.normal(deviation: 0.3) * a
            }
            zs.append(z)
        }
        let mean = { (xs: [Double]) in xs.reduce(0, +) / Double(xs.count) }
        let varianceOfZ = mean(zs.map { $0 * $0 }) - mean(zs) * mean(zs)
        let meanSquare = mean(inputs.map { $0 * $0 })
        let varianceOfA = meanSquare - mean(inputs) * mean(inputs)
        XCTAssertEqual(varianceOfZ, Double(n) * 0.09 * meanSquare, accuracy: 0.04 * Double(n) * 0.09 * meanSquare)
        XCTAssertGreaterThan(abs(varianceOfZ - Double(n) * 0.09 * varianceOfA) / varianceOfZ, 0.25, "Var(a) would be wrong here")
        XCTAssertEqual(meanSquare, 0.5, accuracy: 0.02, "E[relu(z)²] = ½·Var(z) for a symmetric z")
    }

    // MARK: Training dynamics (items 6, 10)

    func testCosineDecaySettlesAboutSevenTestPointsHigher() throws {
        let lesson = try plainLesson("optimizers")
        let constant = done(try XCTUnwrap(lesson.outputs(of: "train epochs=150 batch=16").first))
        let cosine = done(try XCTUnwrap(lesson.outputs(of: "train epochs=150 batch=16 live").first))
        XCTAssertEqual(constant.trainAcc, 75.8)
        XCTAssertEqual(cosine.trainAcc, 85.4)
        XCTAssertEqual(constant.testAcc, 76.7)
        XCTAssertEqual(cosine.testAcc, 83.3)
        XCTAssertEqual((cosine.testAcc ?? 0) - (constant.testAcc ?? 0), 7, accuracy: 0.5, "about seven points")
        XCTAssertTrue(lesson.says("training accuracy 85.4% instead of 75.8%, test accuracy 83.3% instead of 76.7% (about seven points)"))
    }

    /// The minibatch gradient's variance falls like 1/B, its standard deviation like 1/√B.
    func testMinibatchGradientNoiseFallsLikeOneOverRootB() throws {
        var generator = SeededGenerator(seed: 21)
        let rows = (0..<400).map { _ in [generator.uniform(-2, 2), generator.uniform(-2, 2)] }
        let x = Tensor(rows: rows), y = Tensor(rows.map { $0[0] * $0[1] > 0 ? 1 : 0 })
        let net = Network(spec: NetworkSpec(widths: [2, 8, 1], activations: [.tanh, .sigmoid]), seed: 5)
        func deviation(batch: Int) throws -> Double {
            var estimates: [Double] = []
            for _ in 0..<600 {
                let picks = (0..<batch).map { _ in Int(generator.uniform(0, 400)) % 400 }
                let result = try net.gradients(inputs: x.gatherRows(picks), targets: y.gatherRows(picks),
                                               objective: Objective(loss: .bce), generator: &generator)
                estimates.append(result.gradients[0].scalars[0])
            }
            let mean = estimates.reduce(0, +) / Double(estimates.count)
            return (estimates.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(estimates.count)).squareRoot()
        }
        let small = try deviation(batch: 4), large = try deviation(batch: 16)
        XCTAssertEqual(small / large, 2, accuracy: 0.3, "4× the batch halves the noise's deviation")
        XCTAssertEqual((small * small) / (large * large), 4, accuracy: 1.2, "and quarters its variance")
    }

    // MARK: The authoring guide

    /// lessons/README.md lists exactly the commands the sandbox lets lessons run (it once said
    /// `trace` was unavailable while the backpropagation lesson used it).
    func testTheAuthoringGuideListsTheSandboxsCommands() throws {
        let readme = try String(contentsOfFile: (TestFolders.lessons as NSString).appendingPathComponent("README.md"), encoding: .utf8)
        let flat = readme.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        let start = try XCTUnwrap(flat.range(of: "only these commands run: `"))
        let rest = flat[start.upperBound...]
        let list = try XCTUnwrap(rest.split(separator: "`").first)
        XCTAssertEqual(Set(list.split(separator: " ").map(String.init)), LessonSandbox.allowedCommands)
        XCTAssertTrue(flat.contains("`trace` opens the pass explorer"))
        let course = Course.load(folder: TestFolders.lessons)
        let used = Set(course.lessons.flatMap(\.commandBlocks).flatMap(\.commandLines).compactMap { $0.text.split(separator: " ").first.map(String.init) })
        XCTAssertTrue(used.contains("trace"), "the backpropagation lesson uses trace")
    }

    // MARK: Capacity (items 1, 2)

    func testDepthVersusWidthAtAnEqualBudget() throws {
        let lesson = try plainLesson("capacity-and-limits")
        let runs = (lesson.outputs(of: "train epochs=200 batch=32") + lesson.outputs(of: "train epochs=200 batch=32 live")).map(done)
        XCTAssertEqual(runs.count, 3)
        XCTAssertEqual((runs[0].testAcc ?? 0).rounded(), 70, "2-128-1")
        XCTAssertEqual((runs[1].testAcc ?? 0).rounded(), 95, "2-16-16-1")
        XCTAssertEqual((runs[2].testAcc ?? 0).rounded(), 94, "2-8-8-8-8-1")
        XCTAssertTrue(lesson.says("513 parameters in one layer are at 70% test accuracy, while 337 or even 249 parameters in two or four layers reach 95% and 94%"))
        // Given more epochs the wide nets get there too.
        let common = ["data spiral n=400 seed=1", "loss bce", "opt adam lr=0.01"]
        let wide = try session(common + ["net 2-128-1 act=relu seed=1", "train epochs=600 batch=32"])
        XCTAssertEqual((try number(wide, "test_acc") * 100).rounded(), 96)
        let narrowWide = try session(common + ["net 2-64-1 act=relu seed=1", "train epochs=1000 batch=32"])
        XCTAssertEqual(try number(narrowWide, "params"), 257)
        XCTAssertEqual((try number(narrowWide, "test_acc") * 100).rounded(), 96)
        XCTAssertTrue(lesson.says("given 600 epochs it reaches 96% as well, and even 2-64-1 (257 parameters) gets to 96% in 1000"))
        // The exercise: under 200 parameters in 200 epochs needs depth.
        let shallow = try session(common + ["net 2-48-1 act=relu seed=1", "train epochs=200 batch=32"])
        XCTAssertLessThan(try number(shallow, "params"), 200)
        XCTAssertLessThan(try number(shallow, "test_acc"), 0.8, "a single layer under 200 parameters stays far below 90%")
        let deep = try session(common + ["net 2-6-6-6-6-1 act=relu seed=1", "train epochs=200 batch=32"])
        XCTAssertEqual(try number(deep, "params"), 151)
        XCTAssertGreaterThanOrEqual(try number(deep, "test_acc"), 0.9)
    }

    /// The tent map composed k times has 2ᵏ linear pieces; k hidden layers of 2 ReLU units compute
    /// it exactly, while one hidden layer of m ReLU units has at most m + 1 pieces.
    func testTheTentMapNeedsDepthOrExponentialWidth() {
        func tent(_ x: Double) -> Double { 2 * max(0, x) - 4 * max(0, x - 0.5) }
        /// Linear pieces on [0, 1]: runs of at least two grid cells with one slope (a kink inside
        /// a cell makes a one-cell run of an in-between slope, which is not a piece).
        func pieces(_ f: (Double) -> Double) -> Int {
            let n = 4096
            let xs = (0...n).map { Double($0) / Double(n) }
            let slopes = zip(xs, xs.dropFirst()).map { (f($1) - f($0)) * Double(n) }
            var runs: [Int] = [1]
            for (a, b) in zip(slopes, slopes.dropFirst()) {
                if abs(a - b) > 1e-6 * max(1, abs(a)) { runs.append(1) } else { runs[runs.count - 1] += 1 }
            }
            return runs.filter { $0 >= 2 }.count
        }
        for k in 1...5 {
            var widths = [1]
            widths += Array(repeating: 2, count: k)
            widths.append(1)
            var net = Network(spec: NetworkSpec(widths: widths, activations: Array(repeating: .relu, count: k) + [.identity]), seed: 1)
            net.layers[0].weights = Tensor(rows: [[1], [1]])
            net.layers[0].bias = Tensor([0, -0.5])
            for l in 1..<k {
                net.layers[l].weights = Tensor(rows: [[2, -4], [2, -4]])
                net.layers[l].bias = Tensor([0, -0.5])
            }
            net.layers[k].weights = Tensor(rows: [[2, -4]])
            net.layers[k].bias = Tensor([0])
            let f = { (x: Double) in net.predict(Tensor(rows: [[x]]))[0, 0] }
            for x in stride(from: 0.0, through: 1.0, by: 0.01) {
                XCTAssertEqual(f(x), (0..<k).reduce(x) { y, _ in tent(y) }, accuracy: 1e-12)
            }
            XCTAssertEqual(pieces(f), 1 << k, "2ᵏ pieces from k layers of 2 units")
        }
        for m in [3, 8, 20] {
            let net = Network(spec: NetworkSpec(widths: [1, m, 1], activations: [.relu, .identity]), seed: m)
            XCTAssertLessThanOrEqual(pieces { net.predict(Tensor(rows: [[$0 * 8 - 4]]))[0, 0] }, m + 1)
        }
    }

    func testTheSineReachesTheNoiseFloorWithEnoughEpochs() throws {
        let lesson = try plainLesson("capacity-and-limits")
        let runs = lesson.outputs(of: "train epochs=400").map(done)
        XCTAssertEqual(runs[0].testLoss, 0.42, accuracy: 0.005, "one unit")
        XCTAssertEqual(runs[1].testLoss, 0.054, accuracy: 0.0005, "three units")
        XCTAssertTrue(lesson.says("(test loss 0.42 after 400 epochs); with three it already follows the waves roughly (test loss 0.054)"))
        let common = ["reg off; dropout off; batchnorm off; sched none; clip off; set batch=all", "data sine n=200 seed=1", "loss mse", "opt adam lr=0.05"]
        let floor = try session(common + ["features sin(x1)", "net 1-1 seed=1", "train epochs=200"])
        XCTAssertEqual(try number(floor, "test_loss"), 0.01, accuracy: 0.0005, "the noise floor, 0.1²")
        let short = try session(common + ["net 1-8-1 seed=1", "train epochs=400"])
        XCTAssertEqual(try number(short, "test_loss"), 0.05, accuracy: 0.001, "still at 0.05 after 400 epochs")
        let long = try session(common + ["net 1-8-1 seed=1", "train epochs=2000"])
        XCTAssertEqual(try number(long, "test_loss"), 0.01, accuracy: 0.001, "at the floor after 2000")
        let hinted = try session(common + ["net 1-8-1 seed=3", "train epochs=2000"])
        XCTAssertLessThanOrEqual(try number(hinted, "test_loss"), 0.02, "the hint's other seed passes too")
        XCTAssertTrue(lesson.says("Eight units get there, but not in 400 epochs (they are still at 0.05); it takes about 2000"))
        XCTAssertTrue(lesson.source.contains("test_loss <= 0.02"))
    }

    // MARK: Loss functions (item 15)

    func testRecallOnTheRareEvents() throws {
        let lesson = try plainLesson("loss-functions")
        let evals = lesson.outputs(of: "eval")
        let loads = lesson.outputs(of: "data load data/events-only.csv normalize=off test=0")
        XCTAssertEqual(loads.count, 2)
        for load in loads { XCTAssertTrue(load.hasPrefix("data events-only: 20 train, 0 test"), load) }
        func accuracy(_ split: String, _ output: String) -> Double? { numbers("^\(split) acc +([0-9.]+)", in: output).first }
        // On the events alone (no test split), accuracy is recall.
        let recalls = evals.filter { $0.contains("n/a (no test split)") }.compactMap { accuracy("train", $0) }
        XCTAssertEqual(recalls, [0, 0.85], "the useless model finds no event; the trained net 17 of 20")
        let useless = try XCTUnwrap(evals.first { accuracy("train", $0) == 0.95 && accuracy("test", $0) == 0.95 })
        XCTAssertTrue(evals.contains { accuracy("test", $0) == 0.9875 }, "the trained net's 98.8%")
        XCTAssertTrue(lesson.says("98.8% test accuracy sounds only a little better than the useless 95%, yet it finds 85% of the events (17 of 20"))
        // 16 of the 20 events are in the training split: the useless model is wrong on exactly them.
        let trainRows = try XCTUnwrap(numbers(#"^data rare-events: (\d+) train"#, in: lesson.text).first)
        XCTAssertEqual(trainRows * (1 - (accuracy("train", useless) ?? .nan)), 16, accuracy: 1e-9)
        XCTAssertTrue(lesson.says("16 of the 20 are in its training split"))
    }

    // MARK: The reordered course (issue 17) and exercises that need the learner (issue 16)

    /// Gradient descent: a rate too small crawls, one too large bounces, and the exercise's
    /// rate of 1 works.
    func testTheLearningRateDemoAndItsExercise() throws {
        let lesson = try plainLesson("gradient-descent")
        let runs = lesson.outputs(of: "train epochs=50").map(done) + lesson.outputs(of: "train epochs=50 live").map(done)
        XCTAssertEqual(runs.count, 2)
        XCTAssertEqual(runs[0].testAcc, 82.5)
        XCTAssertEqual(runs[1].testAcc ?? 0, 55, accuracy: 1)
        XCTAssertTrue(lesson.says("82.5% test accuracy after 50 steps"))
        XCTAssertTrue(lesson.says("50 steps later the net is still near 55%"))
        let solved = try session(["data moons n=200 seed=1", "set batch=all", "loss bce", "net 2-16-16-1 act=relu seed=1",
                                  "opt sgd lr=1", "train epochs=50"])
        XCTAssertGreaterThanOrEqual(try number(solved, "test_acc"), 0.93)
    }

    /// Loss functions: plain SGD on the plane blows up at lr=0.1 and crawls at 0.001 (the
    /// exercise's hint), and reaches the noise floor at 0.01.
    func testPlainGradientDescentOnThePlane() throws {
        func testLoss(_ rate: String) throws -> Double {
            let session = try session(["data plane n=200 seed=2", "loss mse", "net 2-1", "opt sgd lr=\(rate)"])
            do { try LessonRunner.runLine("train epochs=200", session: session) { _ in } } catch { return .infinity }
            return try number(session, "test_loss")
        }
        XCTAssertGreaterThan(try testLoss("0.1"), 1e6, "blows up")
        XCTAssertGreaterThan(try testLoss("0.001"), 0.4, "crawls")
        XCTAssertLessThan(try testLoss("0.01"), 0.05)
        XCTAssertTrue(try flatSource(of: "loss-functions").contains("`opt sgd lr=0.1` blows up on this data, and `lr=0.001` crawls"))
    }

    /// Regularization: on the page's data (40 train, 20 validation, 40 test) the validation
    /// loss is lowest at epoch 24 (about 0.53) and 1.7 times that at epoch 60; a patience of
    /// 20 stops at epoch 44 with epoch 24's weights, and the unseen test loss agrees (0.51 at
    /// epoch 24, 0.79 at 60, 1.7 after 300).
    func testTheEarlyStoppingNumbers() throws {
        let lesson = try plainLesson("regularization")
        let sixty = done(try XCTUnwrap(lesson.outputs(of: "train epochs=60").first))
        XCTAssertEqual(sixty.testLoss, 0.79, accuracy: 0.005)
        let setup = ["set batch=all", "data moons n=100 noise=0.8 test=0.4 val=0.33 seed=1", "loss bce",
                     "net 2-64-64-1 act=relu seed=1", "opt adam lr=0.01"]
        XCTAssertTrue(lesson.text.contains("data moons: 40 train, 20 val, 40 test"), "the split the prose names")
        // The validation curve of the page's block, epoch by epoch.
        let watched = try session(setup + ["train epochs=60"])
        let history = watched.trainer!.history
        XCTAssertEqual(history.count, 60)
        let best = try XCTUnwrap(history.min { $0.validationLoss! < $1.validationLoss! })
        XCTAssertEqual(best.epoch, 24)
        XCTAssertEqual(best.validationLoss!, 0.53, accuracy: 0.005)
        XCTAssertEqual(history[59].validationLoss! / best.validationLoss!, 1.7, accuracy: 0.05, "1.7 times the best")
        XCTAssertLessThan(history[59].trainLoss, history[23].trainLoss, "the training loss keeps falling")
        XCTAssertEqual(best.testLoss!, 0.51, accuracy: 0.005)
        XCTAssertEqual(history[59].testLoss!, 0.79, accuracy: 0.005)
        // Early stopping with a patience of 20 (the exercise's solution).
        let stopped = try session(setup)
        var text = ""
        try LessonRunner.runLine("train epochs=300 patience=20", session: stopped) { text += OutputPrinter(width: 200, colorMode: .none).text($0) }
        XCTAssertTrue(text.contains("early stop: the val loss was lowest at epoch 24; its weights are back") && text.contains("done: 44 epochs"), text)
        XCTAssertEqual(try number(stopped, "val_loss"), best.validationLoss!, accuracy: 1e-9, "epoch 24's weights are back")
        XCTAssertLessThanOrEqual(try number(stopped, "test_loss"), 0.55, "the exercise's solution passes")
        // Three hundred epochs without stopping.
        let long = try session(setup + ["train epochs=300"])
        XCTAssertEqual(try number(long, "test_loss"), 1.7, accuracy: 0.05)
        XCTAssertTrue(lesson.says("40 to train on, 20 for validation, 40 for the test"))
        XCTAssertTrue(lesson.says("the validation loss is lowest at epoch 24 (about 0.53), and by epoch 60 it is 1.7 times that"))
        XCTAssertTrue(lesson.says("would have stopped at epoch 44 and gone back to the weights of epoch 24"))
        XCTAssertTrue(lesson.says("0.51 at epoch 24, 0.79 at epoch 60"))
        XCTAssertTrue(lesson.says("test loss ends at most 0.55 — against about 0.8 after the 60 epochs above, and 1.7 after 300"))
        XCTAssertTrue(lesson.source.contains("test_loss <= 0.55"))
    }

    /// Initialization: batch norm lifts the six-layer sigmoid net's first-layer gradient from
    /// 3.6·10⁻⁶ to the range of the others; clipping by value survives lr=1 at 82.5%.
    func testBatchNormAndClippingNumbers() throws {
        let lesson = try plainLesson("initialization")
        let plots = lesson.outputs(of: "plot gradnorm log=on").map(gradientNorms)
        let without = plots[5], with = plots[6]
        XCTAssertEqual(without.count, 7)
        XCTAssertEqual(without[0], 3.6e-6, accuracy: 0.05e-6)
        XCTAssertEqual(with.min() ?? 0, 0.028, accuracy: 0.001)
        XCTAssertEqual(with.max() ?? 0, 0.19, accuracy: 0.005)
        XCTAssertTrue(lesson.says("the first layer's gradient is a few millionths (3.6·10⁻⁶); with it, all seven layers are between 0.028 and 0.19"))
        XCTAssertTrue(lesson.text.contains("training diverged at epoch 12"))
        XCTAssertTrue(lesson.says("The loss overflowed in epoch 12"))
        let byValue = done(try XCTUnwrap(lesson.outputs(of: "train epochs=50").last))
        XCTAssertEqual(byValue.testAcc, 82.5)
        XCTAssertTrue(lesson.says("ends at 82.5% test accuracy"))
    }
}
