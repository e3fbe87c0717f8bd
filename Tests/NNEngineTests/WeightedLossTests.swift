import NNEngine
import XCTest

/// Class-weighted cross-entropy and positive-weighted binary cross-entropy, with PyTorch's
/// semantics: values written out by hand, gradients against central differences, and the
/// tape-free training pass against the tape.
final class WeightedLossTests: XCTestCase {
    // MARK: Values by hand

    /// Two samples, two classes, weights [1, 3]. Row 0: z = [0, 0], y = 0, p₀ = 1/2.
    /// Row 1: z = [0, ln 3], y = 1, p₁ = 3/4. L = (1·ln 2 + 3·ln(4/3)) / (1 + 3).
    func testClassWeightedCrossEntropyDividesByTheWeightSum() throws {
        let logits = Tensor(rows: [[0, 0], [0, 1.0986122886681098]])
        let (value, gradient) = try Loss.ce.evaluate(head: logits, targets: Tensor([0, 1]),
                                                     weights: LossWeights(classes: [1, 3]))
        // ln 2 = 0.6931471805599453, ln(4/3) = 0.28768207245178085:
        // (0.6931471805599453 + 3 × 0.28768207245178085) / 4 = 0.389048349478822.
        XCTAssertEqual(value, 0.389048349478822, accuracy: 1e-12)
        // Row 0: 1·([0.5, 0.5] − [1, 0]) / 4; row 1: 3·([0.25, 0.75] − [0, 1]) / 4.
        let expected = [-0.125, 0.125, 0.1875, -0.1875]
        for (g, e) in zip(gradient.scalars, expected) { XCTAssertEqual(g, e, accuracy: 1e-12) }
    }

    /// Dividing by the batch size instead of the weight sum would give 0.778 here; the
    /// unweighted mean 0.490.
    func testTheWeightedMeanIsNeitherTheBatchMeanNorTheUnweightedLoss() throws {
        let logits = Tensor(rows: [[0, 0], [0, 1.0986122886681098]])
        let weighted = try Loss.ce.evaluate(head: logits, targets: Tensor([0, 1]), weights: LossWeights(classes: [1, 3])).value
        let plain = try Loss.ce.evaluate(head: logits, targets: Tensor([0, 1])).value
        XCTAssertEqual(plain, (0.6931471805599453 + 0.28768207245178085) / 2, accuracy: 1e-12)
        XCTAssertNotEqual(weighted, (0.6931471805599453 + 3 * 0.28768207245178085) / 2, accuracy: 1e-3)
    }

    /// Equal weights change nothing, whatever their size (the weight sum cancels them).
    func testEqualClassWeightsGiveTheUnweightedLoss() throws {
        let logits = randomTensor([5, 3], seed: 3)
        let targets = Tensor([0, 2, 1, 2, 2])
        let plain = try Loss.ce.evaluate(head: logits, targets: targets)
        for w in [1.0, 2.5] {
            let weighted = try Loss.ce.evaluate(head: logits, targets: targets, weights: LossWeights(classes: [w, w, w]))
            XCTAssertEqual(weighted.value, plain.value, accuracy: 1e-12)
            for (a, b) in zip(weighted.gradient.scalars, plain.gradient.scalars) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        }
    }

    /// A batch whose targets all weigh 0 contributes nothing (PyTorch gives NaN).
    func testABatchOfZeroWeightHasZeroLoss() throws {
        let result = try Loss.ce.evaluate(head: Tensor(rows: [[1, 2]]), targets: Tensor([0]), weights: LossWeights(classes: [0, 1]))
        XCTAssertEqual(result.value, 0)
        XCTAssertEqual(result.gradient.scalars, [0, 0])
    }

    /// Two samples with logit 0 (σ = 1/2), labels 1 and 0, pos_weight 3:
    /// L = (3·ln 2 + ln 2) / 2 = 2 ln 2; ∂L/∂z = (3·(1/2 − 1), 1/2) / 2.
    func testPositiveWeightMultipliesOnlyThePositiveTerm() throws {
        let (value, gradient) = try Loss.bce.evaluate(head: Tensor(rows: [[0], [0]]), targets: Tensor([1, 0]),
                                                      weights: LossWeights(positive: 3))
        XCTAssertEqual(value, 1.3862943611198906, accuracy: 1e-12)
        XCTAssertEqual(gradient.scalars[0], -0.75, accuracy: 1e-12)
        XCTAssertEqual(gradient.scalars[1], 0.25, accuracy: 1e-12)
        // z = ln 3 (σ = 3/4), y = 1, pos_weight 2: L = 2·(−ln 3/4) = 0.5753641449035617, ∂L/∂z = 2·(3/4 − 1).
        let single = try Loss.bce.evaluate(head: Tensor(rows: [[1.0986122886681098]]), targets: Tensor([1]),
                                           weights: LossWeights(positive: 2))
        XCTAssertEqual(single.value, 0.5753641449035617, accuracy: 1e-12)
        XCTAssertEqual(single.gradient.scalars[0], -0.5, accuracy: 1e-12)
        // A large logit stays finite: z = −800, y = 1 costs p·800.
        let far = try Loss.bce.evaluate(head: Tensor(rows: [[-800]]), targets: Tensor([1]), weights: LossWeights(positive: 2))
        XCTAssertEqual(far.value, 1600, accuracy: 1e-9)
    }

    func testPositiveWeightOneIsPlainBinaryCrossEntropy() throws {
        let z = randomTensor([6, 1], seed: 9, scale: 2)
        let y = Tensor([1, 0, 0, 1, 1, 0])
        let plain = try Loss.bce.evaluate(head: z, targets: y)
        let weighted = try Loss.bce.evaluate(head: z, targets: y, weights: LossWeights(positive: 1))
        XCTAssertEqual(weighted.value, plain.value, accuracy: 1e-12)
        for (a, b) in zip(weighted.gradient.scalars, plain.gradient.scalars) { XCTAssertEqual(a, b, accuracy: 1e-14) }
    }

    // MARK: Gradients against central differences

    func testWeightedLossGradientsMatchCentralDifferences() {
        let targets = Tensor([0, 2, 1, 2, 0, 2])
        assertGradientsMatch([randomTensor([6, 3], seed: 11, scale: 1.5)]) { tape, v in
            try tape.loss(.ce, output: v[0], targets: targets, weights: LossWeights(classes: [0.5, 2, 4]))
        }
        let labels = Tensor([1, 0, 1, 1, 0])
        assertGradientsMatch([randomTensor([5, 1], seed: 12, scale: 2)]) { tape, v in
            try tape.loss(.bce, output: v[0], targets: labels, weights: LossWeights(positive: 6))
        }
    }

    /// Through a whole network: the tape's parameter gradients against central differences
    /// of the objective, and the tape-free pass against the tape.
    func testNetworkGradientsWithWeightsMatchDifferencesAndTheFastPass() throws {
        let cases: [(String, Activation, Objective, Tensor)] = [
            ("3-5-3", .softmax, Objective(loss: .ce, weights: LossWeights(classes: [1, 4, 0.5])), Tensor([0, 2, 1, 2, 1, 1])),
            ("3-5-1", .sigmoid, Objective(loss: .bce, weights: LossWeights(positive: 5)), Tensor([1, 0, 0, 1, 0, 0])),
        ]
        for (spec, output, objective, targets) in cases {
            let network = Network(spec: try NetworkSpec.parse(spec, hidden: .tanh, output: output),
                                  initializer: .normal(deviation: 0.8), seed: 5)
            let x = randomTensor([6, 3], seed: 21)
            let report = try GradientCheck.run(network: network, inputs: x, targets: targets, objective: objective)
            XCTAssertLessThan(report.worst?.relativeError ?? 1, 1e-6, spec)
            var generator = SeededGenerator(seed: 7)
            let tape = try network.gradients(inputs: x, targets: targets, objective: objective, generator: &generator, lean: true)
            var pass = DenseTrainingPass()
            let fast = try pass.gradients(of: network, inputs: x, targets: targets, objective: objective)
            XCTAssertEqual(fast.loss, tape.loss, spec)
            XCTAssertEqual(fast.gradients, tape.gradients, spec)
            // The weights change the numbers: the unweighted loss differs.
            let plain = try network.gradients(inputs: x, targets: targets, objective: Objective(loss: objective.loss),
                                              generator: &generator, lean: true)
            XCTAssertNotEqual(plain.loss, tape.loss, accuracy: 1e-6, spec)
        }
    }

    // MARK: Checks

    func testWeightsThatDoNotFitAreRejected() {
        XCTAssertNotNil(LossWeights(classes: [1, 2]).problem(loss: .ce, classes: 3))
        XCTAssertNotNil(LossWeights(classes: [1, -2]).problem(loss: .ce, classes: 2))
        XCTAssertNotNil(LossWeights(classes: [0, 0]).problem(loss: .ce, classes: 2))
        XCTAssertNotNil(LossWeights(positive: -1).problem(loss: .bce, classes: 2))
        XCTAssertNil(LossWeights(classes: [1, 0, 2]).problem(loss: .ce, classes: 3))
        XCTAssertNil(LossWeights(positive: 0).problem(loss: .bce, classes: 2))
        // A trainer refuses data whose class count the weights do not fit.
        let network = Network(spec: try! NetworkSpec.parse("2-3", hidden: .tanh, output: .softmax), initializer: .xavier, seed: 1)
        let trainer = Trainer(network: network, objective: Objective(loss: .ce, weights: LossWeights(classes: [1, 2])),
                              optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.1))
        let data = TrainingData(trainInputs: Tensor(rows: [[0, 1], [1, 0]]), trainTargets: Tensor([0, 2]),
                                testInputs: Tensor.zeros([0, 2]), testTargets: Tensor.zeros([0]), classCount: 3)
        XCTAssertThrowsError(try trainer.validate(data))
        // The objective keeps only the weights its loss reads.
        XCTAssertNil(Objective(loss: .bce, weights: LossWeights(classes: [1, 2])).weights.classes)
        XCTAssertNil(Objective(loss: .ce, weights: LossWeights(positive: 2)).weights.positive)
    }
}
