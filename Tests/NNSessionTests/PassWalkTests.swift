import Foundation
import NNEngine
import NNSession
import XCTest

/// The pass walk against a 2-2-1 network worked out by hand.
///
/// W¹ = [[0.5, −1], [0.25, 0.75]], b¹ = [0.1, −0.2], W² = [[1, −0.5]], b² = [0.3], sigmoid
/// throughout, x = [1, 2], y = 1, SGD with lr = 0.1. By hand:
/// z¹ = [0.5 − 2 + 0.1, 0.25 + 1.5 − 0.2] = [−1.4, 1.55], a¹ = σ(z¹),
/// z² = a¹₁ − 0.5·a¹₂ + 0.3, a² = σ(z²); then δ² = a² − y (bce) or 2(a² − y)·a²(1 − a²) (mse),
/// δ¹ⱼ = W²₁ⱼ·δ²·a¹ⱼ(1 − a¹ⱼ), ∂L/∂W = δ·aᵀ, ∂L/∂b = δ, W ← W − 0.1·∂L/∂W.
final class PassWalkTests: XCTestCase {
    func makeWalk(loss: Loss, optimizer: OptimizerSettings = OptimizerSettings(kind: .sgd, learningRate: 0.1)) throws -> PassWalk {
        let hidden = DenseLayer(weights: Tensor(shape: [2, 2], scalars: [0.5, -1, 0.25, 0.75]), bias: Tensor(shape: [2], scalars: [0.1, -0.2]),
                                activation: .sigmoid)
        let output = DenseLayer(weights: Tensor(shape: [1, 2], scalars: [1, -0.5]), bias: Tensor(shape: [1], scalars: [0.3]),
                                activation: .sigmoid)
        let trainer = Trainer(network: Network(layers: [hidden, output]), objective: Objective(loss: loss), optimizer: optimizer)
        return try PassWalk(trainer: trainer, inputs: Tensor(shape: [1, 2], scalars: [1, 2]), targets: Tensor(shape: [1], scalars: [1]),
                        seed: 0, label: "x by hand")
    }

    // Written out by hand (a calculator's σ, ln and products), shared by both losses.
    let z1 = [-1.4, 1.55]
    let a1 = [0.19781611144141825, 0.8249137318359602]
    let z2 = 0.08535924552343815
    let a2 = 0.5213268636355418

    func assertForward(_ walk: PassWalk, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(walk.layers[0].z[0], z1[0], accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(walk.layers[0].z[1], z1[1], accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(walk.layers[0].activation[0], a1[0], accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(walk.layers[0].activation[1], a1[1], accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(walk.layers[1].z[0], z2, accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(walk.layers[1].activation[0], a2, accuracy: 1e-12, file: file, line: line)
    }

    func assertClose(_ actual: [Double], _ expected: [Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, file: file, line: line)
        for (a, e) in zip(actual, expected) { XCTAssertEqual(a, e, accuracy: 1e-9, file: file, line: line) }
    }

    /// Every step's text, joined, for checking that values are shown.
    func text(_ walk: PassWalk) -> String { walk.steps.map { ([$0.title] + $0.lines).joined(separator: "\n") }.joined(separator: "\n") }

    func testBinaryCrossEntropyWalkMatchesTheHandComputation() throws {
        let walk = try makeWalk(loss: .bce)
        assertForward(walk)
        XCTAssertEqual(walk.loss, 0.6513780565282435, accuracy: 1e-12)
        // δ² = a² − y
        assertClose(walk.layers[1].delta, [-0.4786731363644582])
        assertClose(walk.layers[0].delta, [-0.07595819757789841, 0.034567635882230684])
        assertClose(walk.layers[1].weightGradient[0], [-0.09468925848708486, -0.39486404324802865])
        assertClose(walk.layers[1].biasGradient, [-0.4786731363644582])
        assertClose(walk.layers[0].weightGradient[0], [-0.07595819757789841, -0.15191639515579683])
        assertClose(walk.layers[0].weightGradient[1], [0.034567635882230684, 0.06913527176446137])
        assertClose(walk.layers[0].biasGradient, [-0.07595819757789841, 0.034567635882230684])
        // SGD: W ← W − 0.1·g
        assertClose(walk.updates[0].after, [0.5075958197577899, -0.9848083604844203, 0.24654323641177694, 0.7430864728235539])
        assertClose(walk.updates[1].after, [0.10759581975778984, -0.20345676358822307])
        assertClose(walk.updates[2].after, [1.0094689258487084, -0.4605135956751971])
        assertClose(walk.updates[3].after, [0.3478673136364458])

        // The steps show the same numbers, four significant digits.
        let shown = text(walk)
        for expected in ["z¹₁ = 0.5·1 + (-1)·2 + 0.1 = -1.4", "z¹₂ = 0.25·1 + 0.75·2 + (-0.2) = 1.55",
                         "a¹₁ = sigmoid(z¹₁) = sigmoid(-1.4) = 0.1978", "a²₁ = sigmoid(z²₁) = sigmoid(0.08536) = 0.5213",
                         "loss bce = 0.6514", "δ²₁ = 0.5213 − 1 = -0.4787", "p − y",
                         "∂L/∂w²₁₁ = (-0.4787)·0.1978 = -0.09469", "∂L/∂a¹₁ = w²₁₁·δ²₁ = 1·(-0.4787) = -0.4787",
                         "δ¹₁ = ∂L/∂a¹₁·σ′ = (-0.4787)·0.1587 = -0.07596", "∂L/∂b¹₂ = 0.03457",
                         "w¹₁₂ ← w − lr·g = -1 − 0.1·(-0.1519) = -0.9848", "b²₁ ← b − lr·g = 0.3 − 0.1·(-0.4787) = 0.3479"] {
            XCTAssertTrue(shown.contains(expected), "missing: \(expected)\n\(shown)")
        }
    }

    func testMeanSquaredErrorWalkMatchesTheHandComputation() throws {
        let walk = try makeWalk(loss: .mse)
        assertForward(walk)
        XCTAssertEqual(walk.loss, 0.22912797147698719, accuracy: 1e-12)
        // δ² = 2(a² − y)·a²(1 − a²)
        assertClose(walk.layers[1].activationGradient, [2 * (a2 - 1)])
        assertClose(walk.layers[1].delta, [-0.23890113348254322])
        assertClose(walk.layers[0].delta, [-0.03791000187826352, 0.01725237279200263])
        assertClose(walk.layers[1].weightGradient[0], [-0.047258493244463906, -0.1970728255609256])
        assertClose(walk.layers[0].weightGradient[0], [-0.03791000187826352, -0.07582000375652705])
        assertClose(walk.layers[0].weightGradient[1], [0.01725237279200263, 0.03450474558400526])
        assertClose(walk.updates[0].after, [0.5037910001878263, -0.9924179996243473, 0.24827476272079974, 0.7465495254415995])
        assertClose(walk.updates[1].after, [0.10379100018782636, -0.20172523727920028])
        assertClose(walk.updates[2].after, [1.0047258493244464, -0.48029271744390745])
        assertClose(walk.updates[3].after, [0.3238901133482543])
        let shown = text(walk)
        for expected in ["loss mse = 0.2291", "∂L/∂a²₁ = 2·(a − y)/1 = 2·(0.5213 − 1)/1 = -0.9573",
                         "δ²₁ = ∂L/∂a²₁·σ′ = (-0.9573)·0.2495 = -0.2389"] {
            XCTAssertTrue(shown.contains(expected), "missing: \(expected)\n\(shown)")
        }
    }

    func testStepsComeInWalkingOrder() throws {
        let walk = try makeWalk(loss: .bce)
        // 2 inputs; per hidden unit 2 terms + bias + activation; output the same; the loss;
        // backward per unit δ + 2 weights + bias; 9 updates.
        XCTAssertEqual(walk.steps.count, 2 + 2 * 4 + 4 + 1 + 3 * 4 + 9)
        XCTAssertEqual(walk.steps.map(\.phase.rawValue).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } },
                       ["input", "forward", "loss", "backward", "update"])
        XCTAssertEqual(walk.firstStep(of: .backward), 15)
        XCTAssertEqual(walk.steps[15].layer, 1, "backward starts at the output layer")
        XCTAssertEqual(walk.nextLayerStep(after: 2), 10, "Enter from layer 1's first step goes to layer 2")
        XCTAssertEqual(walk.steps[2].focus, .edge(column: 0, from: 0, to: 0))
        XCTAssertEqual(walk.steps[2].target, .weight(layer: 0, row: 0, column: 0))
        XCTAssertTrue(walk.isRevealed(.z(layer: 0, unit: 0), by: 4))
        XCTAssertFalse(walk.isRevealed(.z(layer: 0, unit: 0), by: 3))
    }

    func testGradientCheckAgreesWithBackpropagation() throws {
        let walk = try makeWalk(loss: .bce)
        let check = try XCTUnwrap(walk.gradientCheck(.weight(layer: 0, row: 0, column: 1)))
        XCTAssertEqual(check.analytic, -0.15191639515579683, accuracy: 1e-12)
        XCTAssertEqual(check.numeric, -0.15191639515579683, accuracy: 1e-8)
        XCTAssertLessThan(check.relativeError, 1e-7)
        XCTAssertEqual(check.epsilon, 1e-5)
        let bias = try XCTUnwrap(walk.gradientCheck(.bias(layer: 1, unit: 0)))
        XCTAssertEqual(bias.analytic, -0.4786731363644582, accuracy: 1e-12)
        XCTAssertNil(walk.gradientCheck(.input(0)))
    }

    func testMomentumShowsItsVelocity() throws {
        var settings = OptimizerSettings(kind: .momentum, learningRate: 0.1)
        settings.momentum = 0.9
        let walk = try makeWalk(loss: .bce, optimizer: settings)
        // First step: v = 0.9·0 + g = g, w ← w − 0.1·g, as SGD.
        assertClose(walk.updates[3].firstMomentAfter, [-0.4786731363644582])
        assertClose(walk.updates[3].after, [0.3478673136364458])
        XCTAssertTrue(text(walk).contains("v ← μ·v + g = 0.9·0 + (-0.4787) = -0.4787"), text(walk))
    }

    func testSessionWalksEveryActivationAndLoss() throws {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory()))
        let setups = [
            "data spiral n=60 classes=3 seed=1; net 2-4:relu-3:softmax; loss ce",
            "data xor n=40 seed=1; net 2-3:tanh-1:identity; loss hinge",
            "data sine n=40 seed=1; net 1-3:gelu-2:elu-1:identity; loss mse",
            "data xor n=40 seed=1; net 2-3:leaky_relu-3:swish-3:mish-2:softplus-1:sigmoid; loss bce",
            "data xor n=40 seed=1; net 2-3:gelu_tanh-2:softmax; loss ce",
            "data and n=40 seed=1; net 2-1:step; loss mse; opt adam",
        ]
        for setup in setups {
            _ = try session.output(of: setup)
            let walk = try session.passWalk()
            XCTAssertGreaterThan(walk.steps.count, 10, setup)
            XCTAssertTrue(walk.loss.isFinite, setup)
            XCTAssertEqual(walk.steps.last?.phase, .update, setup)
        }
    }

    func testDropoutMaskAndBatchNormStatisticsAreShown() throws {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory()))
        _ = try session.output(of: "data xor n=40 seed=1; dropout 0.5; batchnorm on; net 2-4-1")
        let walk = try session.passWalk()
        XCTAssertEqual(walk.batchRows, 8, "batch norm runs on the sample and 7 more rows")
        let mask = try XCTUnwrap(walk.layers[0].mask)
        XCTAssertTrue(mask.allSatisfy { $0 == 0 || $0 == 2 }, "inverted dropout keeps units ×1/(1−p) = 2: \(mask)")
        XCTAssertNotNil(walk.layers[0].mean)
        let shown = text(walk)
        XCTAssertTrue(shown.contains("μ = "), shown)
        XCTAssertTrue(shown.contains("x̂ = ("), shown)
        XCTAssertTrue(shown.contains("dropout p = 0.5 (training mode, so a mask is drawn)"), shown)
        XCTAssertTrue(shown.contains("batch norm needs a batch"), shown)
        // The sample's own row is walked: its z is W·x + b of the sample.
        let x = walk.inputs, w = walk.layers[0].weights, b = walk.layers[0].bias
        XCTAssertEqual(walk.layers[0].z[0], w[0][0] * x[0] + w[0][1] * x[1] + b[0], accuracy: 1e-12)
        // The gradient check uses the same masks and batch, so it still agrees.
        let check = try XCTUnwrap(walk.gradientCheck(.weight(layer: 0, row: 1, column: 0)))
        XCTAssertLessThan(check.relativeError, 1e-5)
    }

    func testPerceptronUpdateShowsThePerceptronRule() throws {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory()))
        _ = try session.output(of: "data and n=20 seed=1; net 2-1:step; opt sgd lr=0.5")
        _ = try session.output(of: "set w1[0,0]=-1 w1[0,1]=-1 b1[0]=0; set x=[1, 1] y=1")
        let walk = try session.passWalk()
        XCTAssertTrue(walk.usesPerceptronRule)
        // ŷ = step(−2) = 0, y = 1: w ← w + 0.5·(1 − 0)·x = −1 + 0.5 = −0.5; b ← 0 + 0.5 = 0.5.
        assertClose(walk.updates[0].after, [-0.5, -0.5])
        assertClose(walk.updates[1].after, [0.5])
        XCTAssertTrue(text(walk).contains("w¹₁₁ ← -1 + 0.5·(1 − 0)·1 = -0.5"), text(walk))
    }
}
