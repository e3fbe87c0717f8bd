import Foundation
import NNEngine
import XCTest

/// `ce` with label smoothing ε, PyTorch's `CrossEntropyLoss(label_smoothing=ε)`: values worked
/// out by hand, gradients against central differences, and the same numbers on the tape, the
/// tape-free training pass and evaluation.
final class LabelSmoothingTests: XCTestCase {
    func testValueAndGradientWrittenOutByHand() throws {
        // Row 1: z = (1, 2, 0.5), class 1, ε = 0.1, K = 3: t = (0.1/3, 0.9 + 0.1/3, 0.1/3).
        // −ln qⱼ = lse − zⱼ with lse = ln(e¹ + e² + e^0.5) = ln 11.756059…
        // L₁ = 0.0333…·(lse − 1) + 0.9333…·(lse − 2) + 0.0333…·(lse − 0.5) = 0.5477021174…
        // Row 2: z = (0, 0, 0), class 2: q = (1/3, 1/3, 1/3), so L₂ = Σ tⱼ·ln 3 = ln 3.
        let logits = Tensor(rows: [[1, 2, 0.5], [0, 0, 0]])
        let (value, gradient) = try Loss.ce.evaluate(head: logits, targets: Tensor([1, 2]), smoothing: 0.1)
        let lse = log(exp(1.0) + exp(2.0) + exp(0.5))
        let row1 = 0.1 / 3 * (lse - 1) + (0.9 + 0.1 / 3) * (lse - 2) + 0.1 / 3 * (lse - 0.5)
        XCTAssertEqual(row1, 0.5477021174412781, accuracy: 1e-15)
        XCTAssertEqual(value, (0.5477021174412781 + log(3)) / 2, accuracy: 1e-14)
        // ∂L/∂z = (q − t)/n with n = 2. Row 2: (1/3 − 1/30, 1/3 − 1/30, 1/3 − 28/30)/2 = (0.15, 0.15, −0.3).
        let q1 = [exp(1 - lse), exp(2 - lse), exp(0.5 - lse)]
        let t1 = [0.1 / 3, 0.9 + 0.1 / 3, 0.1 / 3]
        let expected = (0..<3).map { (q1[$0] - t1[$0]) / 2 } + [0.15, 0.15, -0.3]
        for (got, want) in zip(gradient.scalars, expected) { XCTAssertEqual(got, want, accuracy: 1e-14) }
        // Row 1 as the script before: (0.19789056…, −0.30480161…, 0.10691104…)/2.
        XCTAssertEqual(gradient.scalars[1], -0.3048016141215708 / 2, accuracy: 1e-14)
    }

    func testPyTorchsFormAndTheTargetItSpreads() throws {
        // PyTorch: (1 − ε)·(−ln q_k) + ε·(mean over classes of −ln qⱼ); four classes, ε = 0.3.
        let z = [0.3, -1.2, 2.0, 0.7], k = 2, eps = 0.3
        let lse = log(z.map(exp).reduce(0, +))
        let nll = lse - z[k]
        let uniform = z.map { lse - $0 }.reduce(0, +) / 4
        let value = try Loss.ce.evaluate(head: Tensor(rows: [z]), targets: Tensor([Double(k)]), smoothing: eps).value
        XCTAssertEqual(value, (1 - eps) * nll + eps * uniform, accuracy: 1e-14)
        let t = Loss.smoothedTarget(label: 2, classes: 4, smoothing: eps)
        for (got, want) in zip(t, [0.075, 0.075, 0.775, 0.075]) { XCTAssertEqual(got, want, accuracy: 1e-15) }
    }

    func testNoSmoothingIsPlainCrossEntropyToTheBit() throws {
        let logits = randomTensor([5, 3], seed: 3), classes = Tensor([0, 2, 1, 1, 0])
        let plain = try Loss.ce.evaluate(head: logits, targets: classes)
        let zero = try Loss.ce.evaluate(head: logits, targets: classes, smoothing: 0)
        XCTAssertEqual(plain.value, zero.value)
        XCTAssertEqual(plain.gradient, zero.gradient)
    }

    func testTheMinimumIsAtTheSmoothedTargetAndEqualsItsEntropy() throws {
        // With q = t the gradient vanishes and the loss is H(t): it cannot reach 0.
        let eps = 0.2, t = Loss.smoothedTarget(label: 0, classes: 3, smoothing: eps)
        let (value, gradient) = try Loss.ce.evaluate(head: Tensor(rows: [t.map { log($0) }]), targets: Tensor([0]), smoothing: eps)
        let entropy = -t.map { $0 * log($0) }.reduce(0, +)
        XCTAssertEqual(value, entropy, accuracy: 1e-14)
        XCTAssertEqual(value, 0.48509409130221154, accuracy: 1e-12) // −(0.8667·ln 0.8667 + 2·0.0667·ln 0.0667)
        for g in gradient.scalars { XCTAssertEqual(g, 0, accuracy: 1e-15) }
    }

    func testGradientMatchesCentralDifferences() {
        let logits = randomTensor([4, 3], seed: 11, scale: 2)
        for eps in [0.05, 0.3, 0.9] {
            assertGradientsMatch([logits]) { tape, v in
                try tape.loss(.ce, output: v[0], targets: Tensor([0, 2, 1, 2]), smoothing: eps)
            }
        }
    }

    func testNetworkGradientsMatchCentralDifferences() throws {
        let network = Network(spec: try NetworkSpec.parse("3-4-3", hidden: .tanh, output: .softmax),
                              initializer: .normal(deviation: 0.8), seed: 2)
        let x = randomTensor([5, 3], seed: 8), y = Tensor([0, 1, 2, 2, 1])
        let objective = Objective(loss: .ce, labelSmoothing: 0.15)
        let check = try GradientCheck.run(network: network, inputs: x, targets: y, objective: objective)
        XCTAssertEqual(check.entries.count, network.parameterCount)
        XCTAssertLessThan(try XCTUnwrap(check.worst).relativeError, 1e-6)
    }

    func testTapeTrainingPassAndEvaluationAgree() throws {
        let network = Network(spec: try NetworkSpec.parse("3-5-3", hidden: .relu, output: .softmax),
                              initializer: .normal(deviation: 0.8), seed: 5)
        let x = randomTensor([6, 3], seed: 31), y = Tensor([0, 2, 1, 2, 0, 1])
        let objective = Objective(loss: .ce, labelSmoothing: 0.25)
        XCTAssertTrue(DenseTrainingPass.supports(network, objective: objective))
        var generator = SeededGenerator(seed: 7)
        let tape = try network.gradients(inputs: x, targets: y, objective: objective, generator: &generator, lean: true)
        var pass = DenseTrainingPass()
        let fast = try pass.gradients(of: network, inputs: x, targets: y, objective: objective)
        XCTAssertEqual(fast.loss, tape.loss)
        XCTAssertEqual(fast.gradients, tape.gradients)
        // Evaluation reads the same smoothed loss, and it differs from the plain one.
        let trainer = Trainer(network: network, objective: objective, optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.1))
        let evaluated = try trainer.evaluate(inputs: x, targets: y, classCount: 3).loss
        let logits = network.infer(x).logits
        XCTAssertEqual(evaluated, try Loss.ce.evaluate(head: logits, targets: y, smoothing: 0.25).value, accuracy: 1e-14)
        XCTAssertNotEqual(evaluated, try Loss.ce.evaluate(head: logits, targets: y).value)
        XCTAssertEqual(tape.dataLoss, evaluated, accuracy: 1e-12)
    }
}
