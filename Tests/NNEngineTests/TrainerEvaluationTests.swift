import NNData
import NNEngine
import XCTest

/// `Trainer.evaluate` reads loss and accuracy from one inference pass; both must equal what
/// the separate routes give: the objective at inference, and the argmax of `predict`.
final class TrainerEvaluationTests: XCTestCase {
    func testEvaluationAgreesWithTheObjectiveAndThePredictions() throws {
        // More than 512 rows, so inference runs in blocks; classic dropout scales at inference.
        let spiral = try DatasetGenerator.make("spiral", n: 1200, seed: 4, classes: 3, test: 0)
        for (loss, output, width) in [(Loss.ce, Activation.softmax, 3), (.mse, .softmax, 3)] {
            var network = Network(spec: try NetworkSpec.parse("2-8-\(width)", hidden: .tanh, output: output), seed: 2)
            network.dropout = Dropout(probability: 0.25, scaling: .classic)
            let trainer = Trainer(network: network, objective: Objective(loss: loss),
                                  optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.1))
            let x = spiral.trainInputs, y = spiral.trainTargets
            let result = try trainer.evaluate(inputs: x, targets: y, classCount: 3)
            var generator = SeededGenerator(seed: 0)
            let expectedLoss = try network.objectiveValue(inputs: x, targets: y, objective: Objective(loss: loss),
                                                      mode: .inference, generator: &generator)
            XCTAssertEqual(result.loss, expectedLoss, accuracy: 1e-12 * max(1, abs(expectedLoss)), "\(loss)")
            let predictions = network.predict(x).rowArrays
            var correct = 0
            for r in 0..<x.rows {
                let row = predictions[r]
                if row.firstIndex(of: row.max()!) == Int(y.scalars[r]) { correct += 1 }
            }
            XCTAssertEqual(result.accuracy!, Double(correct) / Double(x.rows), accuracy: 1e-12, "\(loss)")
        }
    }
}
