import NNEngine
import XCTest

/// Early stopping watches the validation loss, never the test loss: without a validation
/// split, a patience is an error.
final class ValidationEarlyStoppingTests: XCTestCase {
    func data(validation: Bool) -> TrainingData {
        var g = SeededGenerator(seed: 4)
        func rows(_ n: Int) -> (Tensor, Tensor) {
            var x: [Double] = [], y: [Double] = []
            for _ in 0..<n {
                let a = g.normal(deviation: 1), b = g.normal(deviation: 1)
                x += [a, b]
                y.append(a + b + g.normal(deviation: 1.5) > 0 ? 1 : 0)
            }
            return (Tensor(shape: [n, 2], scalars: x), Tensor(y))
        }
        let train = rows(30), test = rows(40), val = rows(40)
        return TrainingData(trainInputs: train.0, trainTargets: train.1, testInputs: test.0, testTargets: test.1,
                            classCount: 2, validationInputs: validation ? val.0 : nil, validationTargets: validation ? val.1 : nil)
    }

    func trainer() -> Trainer {
        let network = Network(spec: try! NetworkSpec.parse("2-32-1", hidden: .tanh, output: .sigmoid),
                              initializer: .normal(deviation: 1), seed: 2)
        return Trainer(network: network, objective: Objective(loss: .bce),
                       optimizer: OptimizerSettings(kind: .adam, learningRate: 0.05), seed: 1)
    }

    /// The epoch early stopping keeps is the one with the lowest watched loss.
    func bestEpoch(_ summary: TrainingSummary) -> Int? {
        if case .earlyStopped(let best) = summary.reason { return best }
        return nil
    }

    func testPatienceWatchesValidationNotTest() throws {
        var t = trainer()
        let summary = try t.train(data(validation: true), epochs: 400, batchSize: nil, patience: 10)
        let best = try XCTUnwrap(bestEpoch(summary), "an overfitting net stops early")
        let history = t.history
        XCTAssertTrue(history.allSatisfy { $0.validationLoss != nil && $0.testLoss != nil })
        let validationBest = history.min { $0.validationLoss! < $1.validationLoss! }!.epoch
        let testBest = history.min { $0.testLoss! < $1.testLoss! }!.epoch
        XCTAssertEqual(best, validationBest)
        XCTAssertEqual(history.count, best + 10)
        // Here test and validation disagree, so watching test would have stopped elsewhere.
        XCTAssertNotEqual(validationBest, testBest)
    }

    func testWithoutValidationPatienceIsAnErrorThatTrainsNothing() {
        var t = trainer()
        let before = t
        XCTAssertThrowsError(try t.train(data(validation: false), epochs: 400, batchSize: nil, patience: 10)) { error in
            XCTAssertEqual(error as? TrainingError, .noValidationSplit)
        }
        XCTAssertEqual(t, before, "nothing trained")
        XCTAssertTrue(t.history.isEmpty)
    }

    func testPatienceNeedsAValidationSplitNotATestSplit() {
        let d = data(validation: true)
        let onlyValidation = TrainingData(trainInputs: d.trainInputs, trainTargets: d.trainTargets,
                                          testInputs: Tensor.zeros([0, 2]), testTargets: Tensor.zeros([0]), classCount: 2,
                                          validationInputs: d.validationInputs, validationTargets: d.validationTargets)
        XCTAssertNoThrow(try TrainingRun(trainer: trainer(), data: onlyValidation, epochs: 5, batchSize: nil, patience: 2))
        let onlyTest = data(validation: false)
        XCTAssertGreaterThan(onlyTest.testCount, 0)
        XCTAssertThrowsError(try TrainingRun(trainer: trainer(), data: onlyTest, epochs: 5, batchSize: nil, patience: 2))
        XCTAssertNoThrow(try TrainingRun(trainer: trainer(), data: onlyTest, epochs: 5, batchSize: nil, patience: nil))
    }
}
