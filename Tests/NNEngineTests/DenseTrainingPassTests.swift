import NNEngine
import NNKernels
import XCTest

/// The tape-free training pass against the lean tape pass: the same loss and the same
/// gradients to the last bit, for every activation and loss it takes, with penalties, and
/// across batches of changing size that reuse its buffers.
final class DenseTrainingPassTests: XCTestCase {
    func net(_ spec: String, hidden: Activation, output: Activation, seed: Int = 5) -> Network {
        Network(spec: try! NetworkSpec.parse(spec, hidden: hidden, output: output), initializer: .normal(deviation: 0.8), seed: seed)
    }

    /// Asserts that one pass gives exactly the tape's loss and gradients on a batch.
    func assertMatchesTape(_ network: Network, _ objective: Objective, targets: Tensor, pass: inout DenseTrainingPass,
                           seed: Int = 31, _ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let x = randomTensor([targets.rows, network.inputs], seed: seed)
        var generator = SeededGenerator(seed: 7)
        let tape = try network.gradients(inputs: x, targets: targets, objective: objective, generator: &generator, lean: true)
        let fast = try pass.gradients(of: network, inputs: x, targets: targets, objective: objective)
        XCTAssertEqual(fast.loss, tape.loss, label, file: file, line: line)
        XCTAssertEqual(fast.gradients, tape.gradients, label, file: file, line: line)
    }

    func testEveryActivationAndLossGivesTheTapesNumbers() throws {
        let hidden: [Activation] = [.identity, .step, .sigmoid, .tanh, .relu, .leakyRelu, .elu, .gelu, .geluTanh,
                                    .swish, .mish, .softplus]
        for activation in hidden {
            var pass = DenseTrainingPass()
            let name = activation.rawValue
            try assertMatchesTape(net("3-5-4-3", hidden: activation, output: .softmax), Objective(loss: .ce),
                              targets: Tensor([0, 2, 1, 2, 0, 1]), pass: &pass, "\(name), ce")
            try assertMatchesTape(net("3-5-1", hidden: activation, output: .sigmoid), Objective(loss: .bce),
                              targets: Tensor([0, 1, 1, 0, 1, 0]), pass: &pass, "\(name), bce")
            try assertMatchesTape(net("3-5-1", hidden: activation, output: .identity), Objective(loss: .hinge),
                              targets: Tensor([0, 1, 1, 0, 1, 0]), pass: &pass, "\(name), hinge")
            try assertMatchesTape(net("3-5-2", hidden: activation, output: .identity), Objective(loss: .mse),
                              targets: randomTensor([6, 2], seed: 4), pass: &pass, "\(name), mse")
            // An activated output under mse: the output's slope comes into δᴸ.
            try assertMatchesTape(net("3-5-2", hidden: .tanh, output: activation), Objective(loss: .mse),
                              targets: randomTensor([6, 2], seed: 4), pass: &pass, "\(name) output, mse")
        }
        // mse on class indices against a sigmoid output of one unit per class.
        var pass = DenseTrainingPass()
        try assertMatchesTape(net("3-4-3", hidden: .relu, output: .sigmoid), Objective(loss: .mse),
                          targets: Tensor([0, 2, 1, 2, 0]), pass: &pass, "one-hot mse")
    }

    func testPenaltiesAndASingleLayerGiveTheTapesNumbers() throws {
        var pass = DenseTrainingPass()
        let classes = Tensor([0, 2, 1, 2, 0, 1])
        for reg in [Regularization(l2: 0.05), Regularization(l1: 0.01), Regularization(l1: 0.01, l2: 0.05)] {
            try assertMatchesTape(net("3-6-6-3", hidden: .relu, output: .softmax), Objective(loss: .ce, regularization: reg),
                              targets: classes, pass: &pass, "l1 \(reg.l1), l2 \(reg.l2)")
        }
        try assertMatchesTape(net("3-3", hidden: .relu, output: .softmax), Objective(loss: .ce), targets: classes,
                          pass: &pass, "no hidden layer")
    }

    func testBuffersFollowTheBatchSizeAndTheNetwork() throws {
        var pass = DenseTrainingPass()
        let network = net("2-8-8-3", hidden: .relu, output: .softmax)
        // A batch, a smaller one (the last of an epoch), a larger one, a single sample.
        for (rows, seed) in [(6, 1), (3, 2), (9, 3), (1, 4)] {
            let classes = Tensor((0..<rows).map { Double($0 % 3) })
            try assertMatchesTape(network, Objective(loss: .ce), targets: classes, pass: &pass, seed: seed, "\(rows) rows")
        }
        // An empty batch after full ones: zero gradients, as on the tape.
        try assertMatchesTape(network, Objective(loss: .ce), targets: Tensor(shape: [0], scalars: []), pass: &pass, "0 rows")
        // An empty batch on a pass that has not run yet (no buffers at all).
        var fresh = DenseTrainingPass()
        try assertMatchesTape(network, Objective(loss: .ce), targets: Tensor(shape: [0], scalars: []), pass: &fresh, "0 rows first")
        // Another network through the same pass: its buffers are rebuilt.
        try assertMatchesTape(net("4-5-1", hidden: .tanh, output: .sigmoid), Objective(loss: .bce),
                          targets: Tensor([1, 0, 1]), pass: &pass, "new net")
    }

    func testGradientsHandedOutStayTheirsAfterTheNextStep() throws {
        var pass = DenseTrainingPass()
        let network = net("2-4-3", hidden: .relu, output: .softmax)
        let first = try pass.gradients(of: network, inputs: randomTensor([4, 2], seed: 1), targets: Tensor([0, 1, 2, 1]),
                                   objective: Objective(loss: .ce)).gradients
        let kept = first.map { Tensor(shape: $0.shape, scalars: Array($0.scalars)) }
        _ = try pass.gradients(of: network, inputs: randomTensor([4, 2], seed: 2), targets: Tensor([2, 2, 0, 1]),
                           objective: Objective(loss: .ce))
        XCTAssertEqual(first, kept)
    }

    func testTheTapeTakesWhatThePassCannot() {
        let plain = net("3-4-3", hidden: .relu, output: .softmax)
        XCTAssertTrue(DenseTrainingPass.supports(plain, objective: Objective(loss: .ce)))
        // Softmax feeds mse as an activation, not as logits.
        XCTAssertFalse(DenseTrainingPass.supports(plain, objective: Objective(loss: .mse)))
        var dropped = plain
        dropped.dropout = Dropout(probability: 0.2)
        XCTAssertFalse(DenseTrainingPass.supports(dropped, objective: Objective(loss: .ce)))
        dropped.dropout = Dropout(probability: 0)
        XCTAssertTrue(DenseTrainingPass.supports(dropped, objective: Objective(loss: .ce)))
        var normalized = plain
        normalized.setBatchNorm(true)
        XCTAssertFalse(DenseTrainingPass.supports(normalized, objective: Objective(loss: .ce)))
        // (Specs refuse softmax inside a net; a network built from layers can still hold one.)
        var softmaxInside = plain
        softmaxInside.layers[0].activation = .softmax
        XCTAssertFalse(DenseTrainingPass.supports(softmaxInside, objective: Objective(loss: .ce)))
    }

    /// A trainer's steps (through the pass) leave the weights a tape-driven loop of the same
    /// optimizer leaves, batch after batch, ragged last batch included.
    func testTrainerStepsEqualATapeDrivenLoop() throws {
        let network = net("2-16-16-3", hidden: .relu, output: .softmax)
        let objective = Objective(loss: .ce, regularization: Regularization(l2: 1e-3))
        let settings = OptimizerSettings(kind: .adam, learningRate: 0.01)
        var trainer = Trainer(network: network, objective: objective, optimizer: settings)
        var reference = network
        var optimizer = Optimizer(settings: settings)
        var generator = SeededGenerator(seed: 0)
        let x = randomTensor([25, 2], seed: 9)
        let y = Tensor((0..<25).map { Double($0 % 3) })
        for start in stride(from: 0, to: 25, by: 8) {
            let rows = Array(start..<min(start + 8, 25))
            let (xb, yb) = (x.gatherRows(rows), y.gatherRows(rows))
            let report = try trainer.step(inputs: xb, targets: yb)
            let result = try reference.gradients(inputs: xb, targets: yb, objective: objective, generator: &generator, lean: true)
            XCTAssertEqual(report.loss, result.loss)
            reference.updateParameters { optimizer.step(&$0, gradients: result.gradients) }
            XCTAssertEqual(trainer.network, reference, "after the batch at \(start)")
        }
    }

    /// A batch past 128 rows is cut at its last depth slice and its two parts run on two
    /// threads: the loss and every gradient are the whole batch's to the bit — the one-thread
    /// pool's and the tape's — for every loss and for hidden activations whose slope reads z.
    func testLargeBatchesSplitOverTwoThreadsGiveTheWholeBatchesNumbers() throws {
        let two = WorkerPool(threads: 2), one = WorkerPool(threads: 1)
        let tanh = Objective(loss: .mse, regularization: Regularization(l1: 1e-3, l2: 1e-2))
        let cases: [(String, Network, Objective, (Int) -> Tensor)] = [
            ("ce relu", net("2-64-64-3", hidden: .relu, output: .softmax), Objective(loss: .ce), { Tensor((0..<$0).map { Double($0 % 3) }) }),
            ("weighted ce", net("5-16-4", hidden: .gelu, output: .softmax),
             Objective(loss: .ce, weights: LossWeights(classes: [1, 2, 0.5, 3])), { Tensor((0..<$0).map { Double($0 * 7 % 4) }) }),
            ("smoothed ce", net("5-16-4", hidden: .relu, output: .softmax), Objective(loss: .ce, labelSmoothing: 0.1),
             { Tensor((0..<$0).map { Double($0 % 4) }) }),
            ("bce", net("3-20-1", hidden: .leakyRelu, output: .sigmoid), Objective(loss: .bce), { Tensor((0..<$0).map { Double($0 % 2) }) }),
            ("mse tanh, penalties", net("3-12-12-2", hidden: .tanh, output: .sigmoid), tanh, { randomTensor([$0, 2], seed: $0) }),
            ("hinge", net("4-8-1", hidden: .swish, output: .identity), Objective(loss: .hinge), { Tensor((0..<$0).map { Double($0 % 2) }) }),
        ]
        for (name, network, objective, targets) in cases {
            for rows in [160, 200, 256, 300, 384, 600] {
                let y = targets(rows), x = randomTensor([rows, network.inputs], seed: rows)
                var splitPass = DenseTrainingPass(), wholePass = DenseTrainingPass()
                let sharedBefore = two.sharedJobs
                let split = try splitPass.gradients(of: network, inputs: x, targets: y, objective: objective, pool: two)
                let whole = try wholePass.gradients(of: network, inputs: x, targets: y, objective: objective, pool: one)
                XCTAssertEqual(split.loss, whole.loss, "\(name), \(rows) rows")
                XCTAssertEqual(split.gradients, whole.gradients, "\(name), \(rows) rows")
                XCTAssertEqual(splitPass.lastHead, wholePass.lastHead, "\(name), \(rows) rows")
                var generator = SeededGenerator(seed: 7)
                let tape = try network.gradients(inputs: x, targets: y, objective: objective, generator: &generator, lean: true)
                XCTAssertEqual(split.loss, tape.loss, "\(name), \(rows) rows, tape")
                XCTAssertEqual(split.gradients, tape.gradients, "\(name), \(rows) rows, tape")
                if name == "ce relu" {
                    XCTAssertGreaterThan(two.sharedJobs, sharedBefore, "\(rows) rows are shared out")
                }
            }
        }
        // Too few rows past the cut (140 = 128 + 12, 520 = 512 + 8) or none (128): the batch runs whole.
        let network = net("2-64-64-3", hidden: .relu, output: .softmax)
        for rows in [128, 140, 520] {
            var pass = DenseTrainingPass()
            let before = two.sharedJobs
            _ = try pass.gradients(of: network, inputs: randomTensor([rows, 2], seed: 1),
                                   targets: Tensor((0..<rows).map { Double($0 % 3) }), objective: Objective(loss: .ce), pool: two)
            XCTAssertEqual(two.sharedJobs, before, "\(rows) rows")
        }
    }
}
