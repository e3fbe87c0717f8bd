import NNEngine
import XCTest

/// Whole networks — every loss, every activation, dropout, batch normalization and
/// penalties — against central differences, through `GradientCheck`.
final class NetworkGradientTests: XCTestCase {
    func batch(rows: Int, columns: Int, seed: Int) -> Tensor { randomTensor([rows, columns], seed: seed) }

    func assertChecks(_ network: Network, _ objective: Objective, targets: Tensor, tolerance: Double = 1e-6,
                      file: StaticString = #filePath, line: UInt = #line) throws {
        let x = batch(rows: targets.rows, columns: network.inputs, seed: 21)
        let check = try GradientCheck.run(network: network, inputs: x, targets: targets, objective: objective, seed: 3)
        XCTAssertFalse(check.entries.isEmpty, file: file, line: line)
        let worst = check.worst!
        XCTAssertLessThan(worst.relativeError, tolerance,
                          "\(worst.parameter)[\(worst.index)]: analytic \(worst.analytic), numeric \(worst.numeric)", file: file, line: line)
    }

    func net(_ spec: String, hidden: Activation, output: Activation, seed: Int = 5) -> Network {
        Network(spec: try! NetworkSpec.parse(spec, hidden: hidden, output: output), initializer: .normal(deviation: 0.8), seed: seed)
    }

    func testEveryLossWithItsOutput() throws {
        let classes = Tensor([0, 2, 1, 2, 0])
        try assertChecks(net("3-4-3", hidden: .tanh, output: .softmax), Objective(loss: .ce), targets: classes)
        try assertChecks(net("3-4-1", hidden: .tanh, output: .sigmoid), Objective(loss: .bce), targets: Tensor([0, 1, 1, 0, 1]))
        try assertChecks(net("3-4-1", hidden: .tanh, output: .identity), Objective(loss: .hinge), targets: Tensor([0, 1, 1, 0, 1]))
        try assertChecks(net("3-4-2", hidden: .tanh, output: .identity), Objective(loss: .mse), targets: randomTensor([5, 2], seed: 4))
        try assertChecks(net("3-4-3", hidden: .tanh, output: .softmax), Objective(loss: .mse), targets: classes)
    }

    func testEverySmoothHiddenActivation() throws {
        for activation in [Activation.sigmoid, .tanh, .elu, .gelu, .geluTanh, .swish, .mish, .softplus, .identity] {
            try assertChecks(net("2-5-5-1", hidden: activation, output: .sigmoid), Objective(loss: .bce), targets: Tensor([1, 0, 1, 1]))
        }
    }

    func testKinkedActivationsAwayFromTheirKinks() throws {
        // With these seeds no pre-activation lies within ε of zero.
        for activation in [Activation.relu, .leakyRelu] {
            try assertChecks(net("2-6-1", hidden: activation, output: .sigmoid, seed: 8), Objective(loss: .bce), targets: Tensor([1, 0, 1, 0]))
        }
    }

    func testPenaltiesDropoutAndBatchNorm() throws {
        var network = net("3-6-6-3", hidden: .tanh, output: .softmax)
        // |w| has a kink at 0: keep every weight well away from it so the difference sees a smooth L1.
        network.parameters = network.parameters.map { $0.map { abs($0) < 0.01 ? 0.05 : $0 } }
        let objective = Objective(loss: .ce, regularization: Regularization(l1: 0.01, l2: 0.05))
        try assertChecks(network, objective, targets: Tensor([0, 1, 2, 1, 0, 2]))
        network.dropout = Dropout(probability: 0.3)
        try assertChecks(network, objective, targets: Tensor([0, 1, 2, 1, 0, 2]))
        network.setBatchNorm(true)
        try assertChecks(network, objective, targets: Tensor([0, 1, 2, 1, 0, 2]), tolerance: 1e-5)
        network.dropout = Dropout(probability: 0.3, scaling: .classic)
        try assertChecks(network, objective, targets: Tensor([0, 1, 2, 1, 0, 2]), tolerance: 1e-5)
    }

    /// A training step's lean pass (fused dense layers, no output activation before a loss on
    /// logits) gives the loss and every gradient of the full pass that inspection reads.
    func testLeanTrainingPassMatchesTheFullPass() throws {
        let classes = Tensor([0, 1, 2, 1, 0, 2])
        var cases: [(Network, Objective, Tensor)] = []
        for hidden in [Activation.relu, .tanh, .gelu, .leakyRelu] {
            cases.append((net("3-6-6-3", hidden: hidden, output: .softmax), Objective(loss: .ce), classes))
            cases.append((net("3-6-1", hidden: hidden, output: .sigmoid), Objective(loss: .bce), Tensor([0, 1, 1, 0, 1, 0])))
            cases.append((net("3-6-2", hidden: hidden, output: .identity), Objective(loss: .mse), randomTensor([6, 2], seed: 8)))
        }
        var regularized = net("3-6-6-3", hidden: .relu, output: .softmax)
        regularized.dropout = Dropout(probability: 0.3)
        cases.append((regularized, Objective(loss: .ce, regularization: Regularization(l1: 0.01, l2: 0.05)), classes))
        regularized.setBatchNorm(true)
        cases.append((regularized, Objective(loss: .ce), classes))
        for (index, (network, objective, targets)) in cases.enumerated() {
            let x = batch(rows: targets.rows, columns: network.inputs, seed: 31)
            var g1 = SeededGenerator(seed: 7), g2 = SeededGenerator(seed: 7)
            let full = try network.gradients(inputs: x, targets: targets, objective: objective, generator: &g1)
            let lean = try network.gradients(inputs: x, targets: targets, objective: objective, generator: &g2, lean: true)
            XCTAssertEqual(lean.loss, full.loss, accuracy: 1e-13 * max(1, abs(full.loss)), "case \(index)")
            for (a, b) in zip(lean.gradients, full.gradients) {
                XCTAssertEqual(a.shape, b.shape, "case \(index)")
                for (u, v) in zip(a.scalars, b.scalars) { XCTAssertEqual(u, v, accuracy: 1e-13 * max(1, abs(v)), "case \(index)") }
            }
        }
    }

    func testDropoutScalingKeepsTheExpectedActivation() {
        var g = SeededGenerator(seed: 1)
        let inverted = Dropout(probability: 0.25)
        let mask = inverted.trainingMask(shape: [200_000], generator: &g)
        XCTAssertEqual(mask.sum / Double(mask.count), 1, accuracy: 0.01)
        XCTAssertEqual(inverted.inferenceScale, 1)
        XCTAssertEqual(Set(mask.scalars), [0, 4.0 / 3.0])
        let classic = Dropout(probability: 0.25, scaling: .classic)
        let classicMask = classic.trainingMask(shape: [200_000], generator: &g)
        XCTAssertEqual(classicMask.sum / Double(classicMask.count), 0.75, accuracy: 0.01)
        XCTAssertEqual(classic.inferenceScale, 0.75)
    }

    func testDenseLayerForwardByHand() {
        // W = [[0.1, −0.2], [0.3, 0.0], [−0.5, 0.4]], b = [0, 0.1, −0.1], x = [1, 2]:
        // z = [0.1 − 0.4, 0.3 + 0.1, −0.5 + 0.8 − 0.1] = [−0.3, 0.4, 0.2].
        let layer = DenseLayer(weights: Tensor(rows: [[0.1, -0.2], [0.3, 0.0], [-0.5, 0.4]]), bias: Tensor([0, 0.1, -0.1]), activation: .relu)
        let out = Network(layers: [layer]).predict(Tensor(rows: [[1, 2]]))
        XCTAssertEqual(out.scalars[0], 0)
        XCTAssertEqual(out.scalars[1], 0.4, accuracy: 1e-15)
        XCTAssertEqual(out.scalars[2], 0.2, accuracy: 1e-15)
    }

    func testBatchNormRunningStatisticsAndInference() {
        var bn = BatchNormalization(units: 1, epsilon: 0, momentum: 0.1)
        bn.update(with: BatchStatistics(mean: Tensor([2]), variance: Tensor([1]), normalized: Tensor([0])), batchSize: 2)
        XCTAssertEqual(bn.runningMean.scalars[0], 0.2, accuracy: 1e-15)
        // Unbiased: 1·2/1 = 2; 1 + 0.1·(2 − 1) = 1.1.
        XCTAssertEqual(bn.runningVariance.scalars[0], 1.1, accuracy: 1e-15)
    }

    func testSpecParsingAndErrors() throws {
        let spec = try NetworkSpec.parse("2-8:relu-8-3:softmax", hidden: .tanh, output: .sigmoid)
        XCTAssertEqual(spec.widths, [2, 8, 8, 3])
        XCTAssertEqual(spec.activations, [.relu, .tanh, .softmax])
        XCTAssertThrowsError(try NetworkSpec.parse("2", hidden: .tanh, output: .sigmoid))
        XCTAssertThrowsError(try NetworkSpec.parse("2-x-1", hidden: .tanh, output: .sigmoid))
        XCTAssertThrowsError(try NetworkSpec.parse("2-0-1", hidden: .tanh, output: .sigmoid))
        XCTAssertThrowsError(try NetworkSpec.parse("2-4:softmax-1", hidden: .tanh, output: .sigmoid))
        XCTAssertThrowsError(try NetworkSpec.parse("2-4:rleu-1", hidden: .tanh, output: .sigmoid)) { error in
            // The engine names the unknown activation and what it knows; the session adds "did you mean".
            XCTAssertEqual(error as? UnknownName, UnknownName(kind: "activation", name: "rleu", context: "2-4:rleu-1", known: Activation.names))
        }
    }

    func testInitializersDrawTheRightSpread() {
        var g = SeededGenerator(seed: 2)
        let he = Initializer.he.weights(outputs: 400, inputs: 200, generator: &g)
        let std = (he.scalars.reduce(0) { $0 + $1 * $1 } / Double(he.count)).squareRoot()
        XCTAssertEqual(std, (2.0 / 200).squareRoot(), accuracy: 0.003)
        let xavier = Initializer.xavier.weights(outputs: 300, inputs: 100, generator: &g)
        XCTAssertLessThanOrEqual(xavier.scalars.map(abs).max()!, (6.0 / 400).squareRoot())
        XCTAssertEqual(Initializer.zeros.weights(outputs: 2, inputs: 2, generator: &g).scalars, [0, 0, 0, 0])
        XCTAssertEqual(Initializer(parsing: "normal(0.5)"), .normal(deviation: 0.5))
        XCTAssertNil(Initializer(parsing: "he(3)"))
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        XCTAssertEqual(Initializer.lecun.weights(outputs: 3, inputs: 3, generator: &a), Initializer.lecun.weights(outputs: 3, inputs: 3, generator: &b))
    }

    func testNonFiniteLossStopsTrainingWithTheEpochAndBatch() throws {
        let network = net("2-8-1", hidden: .relu, output: .identity)
        var trainer = Trainer(network: network, objective: Objective(loss: .mse), optimizer: OptimizerSettings(kind: .sgd, learningRate: 1e6))
        let x = randomTensor([16, 2], seed: 1, scale: 5), y = randomTensor([16, 1], seed: 2, scale: 100)
        let data = TrainingData(trainInputs: x, trainTargets: y, testInputs: x, testTargets: y, classCount: nil)
        XCTAssertThrowsError(try trainer.train(data, epochs: 50, batchSize: 4)) { error in
            guard case TrainingError.diverged(let epoch, let batch, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertGreaterThanOrEqual(epoch, 1)
            XCTAssertGreaterThanOrEqual(batch, 1)
            // The engine says what happened; the session adds the command (`opt ... lr=100000`).
            XCTAssertTrue("\(error)".contains("Try a smaller learning rate or gradient clipping"), "\(error)")
            XCTAssertFalse("\(error)".contains("`") || "\(error)".contains("opt "), "no command syntax: \(error)")
            XCTAssertEqual(TrainingError.suggestedRate(below: 1e6), "100000")
        }
        XCTAssertTrue(trainer.network.parameters.allSatisfy(\.isFinite), "the weights stay those of the last finite step")
    }
}

/// The health lenses against networks built to be unhealthy.
final class NetworkHealthTests: XCTestCase {
    func testDeadReluAndSaturationAndUpdateRatio() {
        // Unit 1 of the ReLU layer has a large negative bias: dead for every input in [-1, 1].
        let relu = DenseLayer(weights: Tensor(rows: [[1, 0], [0, 1]]), bias: Tensor([0, -10]), activation: .relu)
        // A tanh layer with huge weights saturates.
        let tanh = DenseLayer(weights: Tensor(rows: [[50, 50]]), bias: Tensor([0]), activation: .tanh)
        let network = Network(layers: [relu, tanh])
        let probe = Tensor(rows: [[1, 0.5], [0.2, -1], [0.7, 0.7]])
        let before = [Tensor(rows: [[2, 0], [0, 2]]), Tensor(rows: [[50, 50]])]
        let health = NetworkHealth.measure(network, probe: probe, previousWeights: before)
        XCTAssertEqual(health.layers[0].deadShare, 0.5)
        XCTAssertEqual(health.layers[1].saturatedShare, 1.0)
        // ‖W − W_before‖/‖W_before‖ = ‖[[−1, 0], [0, −1]]‖/‖[[2, 0], [0, 2]]‖ = √2/√8 = 0.5.
        XCTAssertEqual(health.layers[0].updateRatio!, 0.5, accuracy: 1e-15)
        XCTAssertEqual(health.layers[1].updateRatio, 0)
    }
}

/// Inference in blocks gives exactly the rows one pass gives.
final class PredictionTests: XCTestCase {
    func testBlockedPredictionMatchesRowByRow() {
        let network = Network(spec: try! NetworkSpec.parse("2-8-3", hidden: .relu, output: .softmax), seed: 4)
        let inputs = randomTensor([1300, 2], seed: 5)
        let all = network.predict(inputs)
        XCTAssertEqual(all.shape, [1300, 3])
        for r in [0, 511, 512, 1299] {
            XCTAssertEqual(network.predict(inputs.gatherRows([r])).scalars, Array(all.scalars[(r * 3)..<(r * 3 + 3)]))
        }
    }
}
