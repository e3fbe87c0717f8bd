import Foundation
import NNEngine
import NNLessons
import XCTest

/// The numbers and facts of the questions added with the reordered course (gradient descent,
/// schedules, clipping, batch normalization), recomputed by the engine.
final class QuestionFactsTests: XCTestCase {
    func question(_ id: String) throws -> QuizQuestion {
        try XCTUnwrap(QuizBank(course: Course.load(folder: TestFolders.lessons)).question(id: id), id)
    }

    /// `lr-too-large` and `lr-overshoot-step`: on f = ½·a·w² with a = 50, the engine's SGD converges below
    /// η = 2/a = 0.04, flips sign every step above 1/a = 0.02, and diverges above 0.04.
    func testGradientDescentOnAQuadraticIsStableBelowTwoOverA() throws {
        func run(_ rate: Double, steps: Int = 200) -> [Double] {
            var optimizer = Optimizer(settings: OptimizerSettings(kind: .sgd, learningRate: rate))
            var parameters = [Tensor([1.0])]
            var path: [Double] = []
            for _ in 0..<steps {
                optimizer.step(&parameters, gradients: [Tensor([50 * parameters[0].scalars[0]])])
                path.append(parameters[0].scalars[0])
            }
            return path
        }
        XCTAssertLessThan(abs(run(0.039).last!), 1e-3)
        XCTAssertLessThan(abs(run(0.01).last!), 1e-3)
        XCTAssertGreaterThan(abs(run(0.041).last!), 1e3)
        let flipping = run(0.03, steps: 4)
        XCTAssertEqual(flipping.map { $0 < 0 }, [true, false, true, false], "between 1/a and 2/a w flips sign")
        XCTAssertEqual(flipping[0], 1 - 0.03 * 50, accuracy: 1e-12, "w ← (1 − η·a)·w")
        XCTAssertTrue(try question("lr-overshoot-step").options.contains { $0.isCorrect && $0.text == "−0.5" })
        XCTAssertEqual(try question("lr-too-large").lesson, "gradient-descent")
    }

    /// `step-schedule-value` and `warmup-first-epoch`.
    func testScheduleValues() throws {
        let step = LearningRateSchedule.step(every: 30, gamma: 0.5)
        XCTAssertEqual(step.learningRate(base: 0.1, epoch: 75), 0.025, accuracy: 1e-15)
        XCTAssertEqual(step.learningRate(base: 0.1, epoch: 59), 0.05, accuracy: 1e-15)
        XCTAssertEqual(step.learningRate(base: 0.1, epoch: 60), 0.025, accuracy: 1e-15)
        let warmup = LearningRateSchedule.warmup(epochs: 5)
        XCTAssertEqual(warmup.learningRate(base: 0.01, epoch: 0), 0.002, accuracy: 1e-15)
        XCTAssertEqual(warmup.learningRate(base: 0.01, epoch: 1), 0.004, accuracy: 1e-15)
        XCTAssertEqual(warmup.learningRate(base: 0.01, epoch: 4), 0.01, accuracy: 1e-15)
        XCTAssertTrue(try question("step-schedule-value").options.contains { $0.isCorrect && $0.text == "0.025" })
        XCTAssertTrue(try question("warmup-first-epoch").options.contains { $0.isCorrect && $0.text == "0.002" })
    }

    /// `clip-value-direction` and `clip-per-tensor-bug`.
    func testClippingByValueTurnsTheGradientAndByNormDoesNot() {
        var byValue = [Tensor([4.0, 0.5])]
        GradientClipping.value(1).apply(to: &byValue)
        XCTAssertEqual(byValue[0].scalars, [1, 0.5])
        var byNorm = [Tensor([4.0, 0.5])]
        GradientClipping.norm(1).apply(to: &byNorm)
        XCTAssertEqual(byNorm[0].scalars[0], 0.992, accuracy: 0.0005)
        XCTAssertEqual(byNorm[0].scalars[1], 0.124, accuracy: 0.0005)
        XCTAssertEqual(GradientClipping.globalNorm([Tensor([4.0, 0.5])]), 16.25.squareRoot(), accuracy: 1e-12)
        // Two layers: the global norm scales both by one factor; layer by layer would not.
        var layers = [Tensor([3.0]), Tensor([0.4])]
        GradientClipping.norm(1).apply(to: &layers)
        XCTAssertEqual(layers[0].scalars[0] / layers[1].scalars[0], 3.0 / 0.4, accuracy: 1e-12, "the direction is kept")
        let perLayer = [3.0 / 3.0, 0.4]
        XCTAssertNotEqual(perLayer[0] / perLayer[1], 3.0 / 0.4, "clipping each layer by its own norm turns it")
    }

    /// `batchnorm-bias-redundant` and `batchnorm-batch-of-one`.
    func testBatchNormRemovesTheBiasAndGivesBetaForABatchOfOne() {
        let tape = Tape()
        let gamma = tape.parameter(Tensor([1.5, 0.5])), beta = tape.parameter(Tensor([0.2, -0.3]))
        let one = tape.parameter(Tensor(rows: [[2.0, -7.0]]))
        let single = tape.batchNorm(one, gamma: gamma, beta: beta, epsilon: 1e-5)
        XCTAssertEqual(tape.value(single.output).scalars, [0.2, -0.3], "a batch of one gives β")
        let z = [[1.0, 2.0], [3.0, -1.0], [0.5, 4.0]]
        let shifted = z.map { [$0[0] + 10, $0[1] - 3] }
        let plain = tape.batchNorm(tape.parameter(Tensor(rows: z)), gamma: gamma, beta: beta, epsilon: 1e-5)
        let withBias = tape.batchNorm(tape.parameter(Tensor(rows: shifted)), gamma: gamma, beta: beta, epsilon: 1e-5)
        for (a, b) in zip(tape.value(plain.output).scalars, tape.value(withBias.output).scalars) {
            XCTAssertEqual(a, b, accuracy: 1e-12, "a constant added to z changes nothing after normalization")
        }
    }
}
