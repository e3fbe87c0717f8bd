import NNData
import NNEngine
import XCTest

/// An epoch's training figures come from its own steps: each batch's data loss before its
/// update and the rows it classified right, averaged over the samples.
final class EpochReportTests: XCTestCase {
    /// Trains one epoch with `train` and the same epoch by hand with `step`, evaluating each
    /// batch at inference before its update; the report must hold the sample-weighted means.
    func assertFiguresComeFromTheSteps(_ dataset: Dataset, spec: String, hidden: Activation, output: Activation,
                                       loss: Loss, l2: Double = 0, batch: Int, dropout: Bool = false,
                                       file: StaticString = #filePath, line: UInt = #line) throws {
        var network = Network(spec: try NetworkSpec.parse(spec, hidden: hidden, output: output), seed: 5)
        if dropout { network.dropout = Dropout(probability: 0.3, scaling: .classic) }
        let objective = Objective(loss: loss, regularization: Regularization(l1: 0, l2: l2))
        let settings = OptimizerSettings(kind: .adam, learningRate: 0.01)
        var trained = Trainer(network: network, objective: objective, optimizer: settings, seed: 7)
        var byHand = trained
        let data = dataset.trainingData
        _ = try trained.train(data, epochs: 1, batchSize: batch)
        let report = try XCTUnwrap(trained.history.last, file: file, line: line)

        let order = byHand.generator.permutation(data.trainCount)
        var lossSum = 0.0, correct = 0.0
        for start in stride(from: 0, to: order.count, by: batch) {
            let rows = Array(order[start..<min(start + batch, order.count)])
            let x = data.trainInputs.gatherRows(rows), y = data.trainTargets.gatherRows(rows)
            if !dropout {
                let before = try byHand.evaluate(inputs: x, targets: y, classCount: data.classCount)
                lossSum += before.loss * Double(rows.count)
                correct += (before.accuracy ?? 0) * Double(rows.count)
            }
            let stepReport = try byHand.step(inputs: x, targets: y)
            if dropout { lossSum += stepReport.loss * Double(rows.count) }
        }
        XCTAssertEqual(trained.network, byHand.network, "the same updates", file: file, line: line)
        let n = Double(data.trainCount)
        XCTAssertEqual(report.trainLoss, lossSum / n, accuracy: 1e-12, file: file, line: line)
        if dropout { return }
        if data.classCount != nil {
            XCTAssertEqual(try XCTUnwrap(report.trainAccuracy), correct / n, accuracy: 1e-12, file: file, line: line)
        } else {
            XCTAssertNil(report.trainAccuracy, file: file, line: line)
        }
    }

    func testSoftmaxCrossEntropyInBatchesWithARaggedLastBatch() throws {
        let spiral = try DatasetGenerator.make("spiral", n: 300, seed: 2, classes: 3, test: 0)
        try assertFiguresComeFromTheSteps(spiral, spec: "2-16-3", hidden: .relu, output: .softmax, loss: .ce, batch: 64)
    }

    func testTheDataLossLeavesThePenaltyOut() throws {
        let moons = try DatasetGenerator.make("moons", n: 200, seed: 3, test: 0)
        try assertFiguresComeFromTheSteps(moons, spec: "2-8-1", hidden: .tanh, output: .sigmoid, loss: .bce, l2: 0.01, batch: 50)
    }

    func testRegressionHasNoAccuracy() throws {
        let sine = try DatasetGenerator.make("sine", n: 120, seed: 1, test: 0)
        try assertFiguresComeFromTheSteps(sine, spec: "1-8-1", hidden: .tanh, output: .identity, loss: .mse, batch: 32)
    }

    func testTheTapePathReportsTheLossOfItsSteps() throws {
        // Dropout trains on the tape; its batches' losses are those of the masked passes.
        let spiral = try DatasetGenerator.make("spiral", n: 200, seed: 2, classes: 3, test: 0)
        try assertFiguresComeFromTheSteps(spiral, spec: "2-8-3", hidden: .relu, output: .softmax, loss: .ce, batch: 40,
                                          dropout: true)
    }

    func testThePerceptronRuleIsEvaluatedAtTheEnd() throws {
        let blobs = try DatasetGenerator.make("and", n: 100, seed: 1, test: 0)
        let network = Network(spec: try NetworkSpec.parse("2-1", hidden: .step, output: .step), seed: 1)
        var trainer = Trainer(network: network, objective: Objective(loss: .mse),
                              optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.1), seed: 1)
        _ = try trainer.train(blobs.trainingData, epochs: 2, batchSize: 10)
        let exact = try trainer.evaluate(inputs: blobs.trainInputs, targets: blobs.trainTargets, classCount: blobs.classCount)
        XCTAssertEqual(trainer.history.last?.trainLoss, exact.loss)
        XCTAssertEqual(trainer.history.last?.trainAccuracy, exact.accuracy)
    }
}
