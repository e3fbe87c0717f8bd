import Foundation
import NNData
import NNEngine
import XCTest

/// The learning-rate range test: geometric rates, losses and smoothing recomputed step by step,
/// the caller's trainer untouched, divergence detected, and a sane suggestion on a problem whose
/// critical learning rate is known in closed form.
final class LearningRateRangeTestTests: XCTestCase {
    func trainer(_ spec: String, hidden: Activation, output: Activation, loss: Loss, optimizer: OptimizerSettings,
                 seed: Int = 1) throws -> Trainer {
        let network = Network(spec: try NetworkSpec.parse(spec, hidden: hidden, output: output), seed: seed)
        return Trainer(network: network, objective: Objective(loss: loss), optimizer: optimizer, seed: seed)
    }

    func testRatesAreGeometricFromFirstToLast() {
        let rates = LearningRateRangeTest.learningRates(from: 1e-4, to: 1, steps: 5)
        XCTAssertEqual(rates.count, 5)
        // 1e-4 · (1e4)^(i/4): one decade a step.
        for (rate, expected) in zip(rates, [1e-4, 1e-3, 1e-2, 1e-1, 1]) {
            XCTAssertEqual(rate, expected, accuracy: 1e-12 * expected)
        }
        let many = LearningRateRangeTest.learningRates(from: 1e-5, to: 10, steps: 200)
        XCTAssertEqual(many.first, 1e-5)
        XCTAssertEqual(many.last, 10)
        let ratio = pow(1e6, 1.0 / 199)
        for i in 1..<many.count { XCTAssertEqual(many[i] / many[i - 1], ratio, accuracy: 1e-9) }
    }

    /// Each recorded loss is the batch loss before that step, with the weights the earlier steps
    /// (at their own rates) left; the smoothing is fastai's bias-corrected average.
    func testLossesAndSmoothingFollowTheStepsAndTheTrainerIsUnchanged() throws {
        let xor = try DatasetGenerator.make("xor", n: 40, noise: 0, seed: 1, test: 0)
        let data = xor.trainingData
        let original = try trainer("2-4-1", hidden: .tanh, output: .sigmoid, loss: .bce,
                                   optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.123))
        let snapshot = original
        let test = try LearningRateRangeTest.run(original, data: data, from: 1e-3, to: 1, steps: 20, batchSize: nil)
        XCTAssertEqual(original, snapshot, "the caller's trainer is untouched")
        XCTAssertEqual(test.ending, .completed)
        XCTAssertEqual(test.points.map(\.learningRate), LearningRateRangeTest.learningRates(from: 1e-3, to: 1, steps: 20))

        // Replay by hand: full-batch sgd steps at each rate.
        var replay = original
        var average = 0.0
        for (i, point) in test.points.enumerated() {
            let before = try replay.evaluate(inputs: data.trainInputs, targets: data.trainTargets, classCount: nil).loss
            XCTAssertEqual(point.loss, before, accuracy: 1e-12, "step \(i)")
            // W ← W − lr·g, with g from the engine's gradients.
            var g = SeededGenerator(seed: 0)
            let result = try replay.network.gradients(inputs: data.trainInputs, targets: data.trainTargets,
                                                      objective: replay.objective, generator: &g)
            var parameters = replay.network.parameters
            for k in parameters.indices {
                parameters[k] = parameters[k].zipMap(result.gradients[k]) { w, d in w - point.learningRate * d }
            }
            replay.network.parameters = parameters
            average = 0.9 * average + 0.1 * point.loss
            XCTAssertEqual(point.smoothedLoss, average / (1 - pow(0.9, Double(i + 1))), accuracy: 1e-12)
        }
        XCTAssertEqual(test.points[0].smoothedLoss, test.points[0].loss, accuracy: 1e-12, "bias correction: s₀ = loss₀")
    }

    func testAdamStateIsRestoredExactly() throws {
        let moons = try DatasetGenerator.make("moons", n: 100, seed: 2)
        var trained = try trainer("2-8-1", hidden: .relu, output: .sigmoid, loss: .bce,
                                  optimizer: OptimizerSettings(kind: .adam, learningRate: 0.01))
        _ = try trained.train(moons.trainingData, epochs: 3, batchSize: 16)
        let snapshot = trained
        let test = try LearningRateRangeTest.run(trained, data: moons.trainingData, from: 1e-5, to: 10, steps: 100, batchSize: 16)
        XCTAssertEqual(trained, snapshot)
        XCTAssertEqual(trained.optimizer, snapshot.optimizer)
        XCTAssertEqual(trained.network.parameters, snapshot.network.parameters)
        XCTAssertFalse(test.points.isEmpty)
        // Training on afterwards gives what it would have given without the test.
        var a = trained, b = snapshot
        _ = try a.train(moons.trainingData, epochs: 1, batchSize: 16)
        _ = try b.train(moons.trainingData, epochs: 1, batchSize: 16)
        XCTAssertEqual(a, b)
    }

    func testStopsWhenTheSmoothedLossPassesFourTimesItsBest() throws {
        let moons = try DatasetGenerator.make("moons", n: 100, seed: 2)
        let start = try trainer("2-8-1", hidden: .tanh, output: .sigmoid, loss: .bce,
                                optimizer: OptimizerSettings(kind: .adam, learningRate: 0.01))
        let test = try LearningRateRangeTest.run(start, data: moons.trainingData, from: 1e-4, to: 1e4, steps: 200, batchSize: 16)
        XCTAssertLessThan(test.points.count, 200)
        switch test.ending {
        case .diverged:
            let last = test.points.last!
            let best = test.points.dropLast().map(\.smoothedLoss).min()!
            XCTAssertGreaterThan(last.smoothedLoss, 4 * best)
            // Not earlier: every earlier point stayed within 4× the best before it.
            var runningBest = Double.infinity
            for p in test.points.dropLast() {
                XCTAssertLessThanOrEqual(p.smoothedLoss, 4 * runningBest)
                runningBest = min(runningBest, p.smoothedLoss)
            }
        case .notFinite: break
        default: XCTFail("expected divergence, got \(test.ending)")
        }
    }

    /// Full-batch gradient descent on L(w, b) = mean((w·x + b − y)²) diverges once lr exceeds
    /// 2/λ_max of the Hessian 2·[[E x², E x], [E x, 1]]; the suggestion must lie below that and
    /// still train.
    func testSuggestionIsBelowTheCriticalRateOfLinearRegression() throws {
        let xs = (0..<50).map { Double($0) / 49 * 4 - 1 }   // from −1 to 3
        let ys = xs.map { 2 * $0 - 0.5 }
        let data = TrainingData(trainInputs: Tensor(rows: xs.map { [$0] }), trainTargets: Tensor(rows: ys.map { [$0] }),
                                testInputs: Tensor(rows: [[0.0]]), testTargets: Tensor(rows: [[0.0]]), classCount: nil)
        let start = try trainer("1-1", hidden: .identity, output: .identity, loss: .mse,
                                optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.1))
        let mx = xs.reduce(0, +) / 50, mxx = xs.map { $0 * $0 }.reduce(0, +) / 50
        // Eigenvalues of 2·[[mxx, mx], [mx, 1]].
        let trace = mxx + 1, det = mxx - mx * mx
        let lambdaMax = 2 * (trace / 2 + ((trace / 2) * (trace / 2) - det).squareRoot())
        let critical = 2 / lambdaMax
        let test = try LearningRateRangeTest.run(start, data: data, from: 1e-4, to: 10, steps: 200, batchSize: nil)
        XCTAssertEqual(test.ending, .diverged)
        XCTAssertGreaterThan(test.points.last!.learningRate, critical, "diverges only past the critical rate")
        let suggestion = try XCTUnwrap(test.suggestion)
        XCTAssertLessThan(suggestion, critical)
        XCTAssertGreaterThan(suggestion, critical / 100)
        // Training at the suggestion brings the loss down by over 99 % in 200 steps.
        var fit = start
        fit.optimizer.settings.learningRate = suggestion
        let before = try fit.evaluate(inputs: data.trainInputs, targets: data.trainTargets, classCount: nil).loss
        for _ in 0..<200 { try fit.step(inputs: data.trainInputs, targets: data.trainTargets) }
        let after = try fit.evaluate(inputs: data.trainInputs, targets: data.trainTargets, classCount: nil).loss
        XCTAssertLessThan(after, 0.01 * before)
    }

    func testSteepestAndSuggestionOnAHandMadeCurve() {
        let rates = LearningRateRangeTest.learningRates(from: 1e-3, to: 1, steps: 7)
        let smoothed = [1.0, 0.99, 0.9, 0.5, 0.3, 0.35, 2.0]
        let points = zip(rates, smoothed).map { LearningRateRangeTest.Point(learningRate: $0, loss: $1, smoothedLoss: $1) }
        let test = LearningRateRangeTest(points: points, ending: .diverged)
        XCTAssertEqual(test.minimumIndex, 4)
        XCTAssertEqual(test.suggestion!, rates[4] / 10, accuracy: 1e-15)
        // Central slopes at 1…3: (0.9−1)/Δ, (0.5−0.99)/Δ, (0.3−0.9)/Δ → the steepest is at 3.
        XCTAssertEqual(test.steepest, points[3])
        XCTAssertNil(LearningRateRangeTest(points: [points[4], points[5]], ending: .completed).suggestion,
                     "lowest at the first point: no suggestion")
        XCTAssertNil(LearningRateRangeTest(points: [points[4], points[5]], ending: .completed).steepest)
        // A curve that never falls 10 % below its start offers nothing, whatever its noise.
        let flat = zip(rates, [0.69, 0.66, 0.70, 0.68, 0.69, 0.71, 0.9]).map {
            LearningRateRangeTest.Point(learningRate: $0, loss: $1, smoothedLoss: $1)
        }
        let dead = LearningRateRangeTest(points: flat, ending: .completed)
        XCTAssertEqual(dead.minimumIndex, 1)
        XCTAssertEqual(dead.startingLoss!, 0.69, accuracy: 1e-15, "the first tenth of 7 points is the first point")
        XCTAssertNil(dead.suggestion)
    }
}
