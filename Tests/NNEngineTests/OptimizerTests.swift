import NNEngine
import XCTest

/// Three steps of every optimizer on f(θ) = ½‖θ‖² (so g = θ) from θ = [1, −2], lr = 0.1,
/// against numbers worked out by hand from the update rules.
final class OptimizerTests: XCTestCase {
    func threeSteps(_ kind: OptimizerSettings.Kind) -> [[Double]] {
        var optimizer = Optimizer(settings: OptimizerSettings(kind: kind, learningRate: 0.1))
        var parameters = [Tensor([1, -2])]
        var trajectory: [[Double]] = []
        for _ in 0..<3 {
            let gradient = parameters[0] // ∇½‖θ‖² = θ
            optimizer.step(&parameters, gradients: [gradient])
            trajectory.append(parameters[0].scalars)
        }
        return trajectory
    }

    func assertTrajectory(_ kind: OptimizerSettings.Kind, _ expected: [[Double]], file: StaticString = #filePath, line: UInt = #line) {
        let actual = threeSteps(kind)
        for (step, (a, e)) in zip(actual, expected).enumerated() {
            for (x, y) in zip(a, e) {
                XCTAssertEqual(x, y, accuracy: 1e-12, "\(kind) step \(step + 1)", file: file, line: line)
            }
        }
    }

    func testSGD() {
        // θ ← θ − 0.1·θ = 0.9·θ each step.
        assertTrajectory(.sgd, [[0.9, -1.8], [0.81, -1.62], [0.729, -1.458]])
    }

    func testMomentum() {
        // v = 1, 0.9·1 + 0.9 = 1.8, 0.9·1.8 + 0.72 = 2.34 (first coordinate); θ = 1 − 0.1·v.
        assertTrajectory(.momentum, [[0.9, -1.8], [0.72, -1.44], [0.486, -0.972]])
    }

    func testNesterov() {
        // Step 1: v = 1, θ = 1 − 0.1·(1 + 0.9·1) = 0.81.
        // Step 2: g = 0.81, v = 0.9 + 0.81 = 1.71, θ = 0.81 − 0.1·(0.81 + 1.539) = 0.5751.
        assertTrajectory(.nesterov, [[0.81, -1.62], [0.5751, -1.1502], [0.327321, -0.654642]])
    }

    func testRMSProp() {
        // Step 1: s = 0.1·1 = 0.1, θ = 1 − 0.1·1/(√0.1 + 1e-8) = 0.683772243983….
        assertTrajectory(.rmsprop, [[0.6837722439831617, -1.683772238983162],
                                    [0.4988706201172374, -1.4738753207664423],
                                    [0.36918056742779404, -1.3087178756333497]])
    }

    func testAdagrad() {
        // Step 1: G = 1, θ = 1 − 0.1·1/(1 + 1e-8) = 0.900000001.
        assertTrajectory(.adagrad, [[0.900000001, -1.9000000005],
                                    [0.8331035282939266, -1.8311250545486752],
                                    [0.7804561830893826, -1.7758215159050283]])
    }

    func testAdam() {
        // Step 1: m̂ = g, v̂ = g², so θ moves by lr·g/(|g| + ε) ≈ 0.1 in each coordinate.
        assertTrajectory(.adam, [[0.900000001, -1.9000000005],
                                 [0.8004122297123382, -1.8001664866210927],
                                 [0.701586274504415, -1.7006233928121137]])
    }

    func testAdamWDecouplesTheDecay() {
        // As adam, plus lr·decay·θ = 0.1·0.01·1 = 0.001 off the first coordinate in step 1.
        assertTrajectory(.adamw, [[0.899000001, -1.8980000005],
                                  [0.7985190281887787, -1.7962725891500528],
                                  [0.6989111847156932, -1.6949445151502027]])
    }

    func testSchedules() {
        XCTAssertEqual(LearningRateSchedule.step(every: 10, gamma: 0.5).learningRate(base: 0.1, epoch: 25), 0.025)
        XCTAssertEqual(LearningRateSchedule.exponential(gamma: 0.9).learningRate(base: 1, epoch: 2), 0.81, accuracy: 1e-15)
        XCTAssertEqual(LearningRateSchedule.cosine(period: 100, minimum: 0).learningRate(base: 0.1, epoch: 50), 0.05, accuracy: 1e-15)
        XCTAssertEqual(LearningRateSchedule.cosine(period: 100, minimum: 0.01).learningRate(base: 0.1, epoch: 100), 0.01, accuracy: 1e-15)
        XCTAssertEqual(LearningRateSchedule.warmup(epochs: 4).learningRate(base: 0.1, epoch: 0), 0.025, accuracy: 1e-15)
        XCTAssertEqual(LearningRateSchedule.warmup(epochs: 4).learningRate(base: 0.1, epoch: 9), 0.1)
    }

    func testClipping() {
        var g = [Tensor([3, 0]), Tensor([4])] // global norm 5
        XCTAssertEqual(GradientClipping.globalNorm(g), 5)
        GradientClipping.norm(1).apply(to: &g)
        XCTAssertEqual(g[0].scalars[0], 0.6, accuracy: 1e-15)
        XCTAssertEqual(g[0].scalars[1], 0)
        XCTAssertEqual(g[1].scalars[0], 0.8, accuracy: 1e-15)
        var h = [Tensor([3, -0.2, -7])]
        GradientClipping.value(1).apply(to: &h)
        XCTAssertEqual(h[0].scalars, [1, -0.2, -1])
    }

    func testRegularizationReachesWeightsOnly() throws {
        // One dense layer 1 → 1, identity, mse, w = 2, b = 3, x = 1, y = 5: the data gradient is
        // zero (2·1 + 3 = 5), so the gradient is the penalty's alone: l2 → 2λw on w, nothing on b.
        let layer = DenseLayer(weights: Tensor(rows: [[2]]), bias: Tensor([3]), activation: .identity)
        let network = Network(layers: [layer])
        var g = SeededGenerator(seed: 0)
        let l2 = try network.gradients(inputs: Tensor(rows: [[1]]), targets: Tensor(rows: [[5]]),
                                   objective: Objective(loss: .mse, regularization: Regularization(l2: 0.1)), generator: &g)
        XCTAssertEqual(l2.gradients[0].scalars, [0.4], "2·0.1·2")
        XCTAssertEqual(l2.gradients[1].scalars, [0])
        XCTAssertEqual(l2.loss, 0.4, accuracy: 1e-15, "0.1·2²")
        let l1 = try network.gradients(inputs: Tensor(rows: [[1]]), targets: Tensor(rows: [[5]]),
                                   objective: Objective(loss: .mse, regularization: Regularization(l1: 0.1)), generator: &g)
        XCTAssertEqual(l1.gradients[0].scalars, [0.1])
        XCTAssertEqual(l1.gradients[1].scalars, [0])
    }

    /// A moment that decays after its gradient stops is rounded to zero before it turns
    /// subnormal (where x86 arithmetic is a hundred times slower), and never differs from the
    /// exact decay by more than the smallest normal number.
    func testDecayingMomentsSkipTheSubnormalRange() {
        for kind in [OptimizerSettings.Kind.momentum, .adam, .rmsprop] {
            var optimizer = Optimizer(settings: OptimizerSettings(kind: kind, learningRate: 0.1))
            var parameters = [Tensor([1])]
            optimizer.step(&parameters, gradients: [Tensor([1])])
            // After the first step: v = g = 1 (momentum), m = (1 − β₁)·g = 0.1 (adam), s = (1 − ρ)·g² = 0.1.
            var exact = kind == .momentum ? 1.0 : 0.1 // the moment decayed without rounding
            let decay = 0.9 // β₁, ρ and μ by default
            var reachedZero = false
            for _ in 0..<8000 {
                optimizer.step(&parameters, gradients: [Tensor([0])])
                exact *= decay
                let moment = kind == .rmsprop ? optimizer.secondMoments[0].scalars[0] : optimizer.firstMoments[0].scalars[0]
                XCTAssertTrue(moment == 0 || moment >= Double.leastNormalMagnitude, "\(kind): subnormal moment \(moment)")
                if moment == 0 {
                    XCTAssertLessThan(exact, 1.0001 * Double.leastNormalMagnitude, "\(kind) rounded while still normal")
                    reachedZero = true
                    break
                }
            }
            XCTAssertTrue(reachedZero, "\(kind)")
            XCTAssertTrue(parameters[0].isFinite, "\(kind)")
        }
    }
}
