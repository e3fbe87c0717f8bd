import Foundation
import NNEngine
import XCTest

/// Every formula the lessons state, checked against an independent computation: finite
/// differences, a hand calculation, or a sample statistic. The lessons also show most of these
/// numbers through engine commands (`plot act`, `forward`, `backward`, `update`, `gradcheck`).
final class LessonFormulaTests: XCTestCase {
    /// The central-difference derivative of f at x.
    func slope(_ f: (Double) -> Double, at x: Double, h: Double = 1e-5) -> Double {
        (f(x + h) - f(x - h)) / (2 * h)
    }

    func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    // MARK: Lesson 2, activations

    func testSigmoidAndItsSlope() {
        let s = Activation.sigmoid
        for z in stride(from: -6.0, through: 6.0, by: 0.5) {
            XCTAssertEqual(s.value(z), sigmoid(z), accuracy: 1e-15)
            XCTAssertEqual(s.derivative(z), sigmoid(z) * (1 - sigmoid(z)), accuracy: 1e-15, "σ′ = σ(1 − σ)")
            XCTAssertEqual(s.derivative(z), slope(s.value, at: z), accuracy: 1e-9)
            XCTAssertLessThanOrEqual(s.derivative(z), 0.25)
        }
        XCTAssertEqual(s.derivative(0), 0.25, "σ′(0) = 0.25")
        XCTAssertEqual(s.derivative(5), 0.0066, accuracy: 0.00005, "σ′(5) ≈ 0.0066")
    }

    func testTanhIsAStretchedSigmoid() {
        for z in stride(from: -4.0, through: 4.0, by: 0.25) {
            XCTAssertEqual(Activation.tanh.value(z), (exp(z) - exp(-z)) / (exp(z) + exp(-z)), accuracy: 1e-14)
            XCTAssertEqual(Activation.tanh.value(z), 2 * sigmoid(2 * z) - 1, accuracy: 1e-14, "tanh z = 2σ(2z) − 1")
            XCTAssertEqual(Activation.tanh.derivative(z), 1 - pow(Foundation.tanh(z), 2), accuracy: 1e-14, "tanh′ = 1 − tanh²")
        }
        XCTAssertEqual(Activation.tanh.derivative(0), 1)
    }

    func testTheReLUFamily() {
        for z in [-3.0, -0.5, 0.5, 3.0] {
            XCTAssertEqual(Activation.relu.value(z), max(0, z))
            XCTAssertEqual(Activation.relu.derivative(z), z > 0 ? 1 : 0)
            XCTAssertEqual(Activation.leakyRelu.value(z), z > 0 ? z : 0.01 * z)
            XCTAssertEqual(Activation.leakyRelu.derivative(z), z > 0 ? 1 : 0.01, "the leaky slope is 0.01")
            XCTAssertEqual(Activation.elu.value(z), z > 0 ? z : exp(z) - 1, accuracy: 1e-15, "elu with α = 1")
            XCTAssertEqual(Activation.elu.derivative(z), slope(Activation.elu.value, at: z), accuracy: 1e-8)
        }
        XCTAssertEqual(Activation.relu.derivative(0), 0, "nnlab takes relu′(0) = 0")
    }

    func testGELUIsExactAndTheSimplifiedDerivativeIsWrong() {
        let phi = { (x: Double) in exp(-x * x / 2) / (2 * Double.pi).squareRoot() }
        let Phi = { (x: Double) in 0.5 * (1 + erf(x / 2.0.squareRoot())) }
        for x in stride(from: -4.0, through: 4.0, by: 0.5) {
            XCTAssertEqual(Activation.gelu.value(x), x * Phi(x), accuracy: 1e-14, "gelu = x·Φ(x)")
            XCTAssertEqual(Activation.gelu.derivative(x), Phi(x) + x * phi(x), accuracy: 1e-14, "gelu′ = Φ + x·φ")
            XCTAssertEqual(Activation.gelu.derivative(x), slope(Activation.gelu.value, at: x), accuracy: 1e-8)
            let inner = (2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x)
            XCTAssertEqual(Activation.geluTanh.value(x), 0.5 * x * (1 + Foundation.tanh(inner)), accuracy: 1e-14)
            XCTAssertEqual(Activation.geluTanh.derivative(x), slope(Activation.geluTanh.value, at: x), accuracy: 1e-8)
        }
        // The seed's "simplified approximation" returns 0.5·(1 + tanh(…)) as the derivative.
        let simplified = { (x: Double) in 0.5 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x))) }
        XCTAssertEqual(simplified(1), 0.84, accuracy: 0.005, "the lesson's 0.84")
        XCTAssertEqual(Activation.gelu.derivative(1), 1.08, accuracy: 0.005, "the lesson's 1.08")
        XCTAssertGreaterThan(abs(simplified(1) - slope(Activation.geluTanh.value, at: 1)), 0.2, "the shortcut is not the slope of its own function")
    }

    func testSmoothActivations() {
        for x in stride(from: -4.0, through: 4.0, by: 0.5) {
            XCTAssertEqual(Activation.swish.value(x), x * sigmoid(x), accuracy: 1e-14)
            XCTAssertEqual(Activation.swish.derivative(x), sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x)), accuracy: 1e-14)
            XCTAssertEqual(Activation.softplus.value(x), log(1 + exp(x)), accuracy: 1e-14)
            XCTAssertEqual(Activation.softplus.derivative(x), sigmoid(x), accuracy: 1e-14, "softplus′ = σ")
            XCTAssertEqual(Activation.mish.value(x), x * Foundation.tanh(log(1 + exp(x))), accuracy: 1e-13)
            XCTAssertEqual(Activation.mish.derivative(x), slope(Activation.mish.value, at: x), accuracy: 1e-8)
        }
    }

    func testLinearLayersCollapseIntoOne() {
        // W₂·(W₁·x + b₁) + b₂ = (W₂·W₁)·x + (W₂·b₁ + b₂)
        let spec = NetworkSpec(widths: [2, 3, 3, 1], activations: [.identity, .identity, .identity])
        let net = Network(spec: spec, seed: 7)
        var w = net.layers[0].weights, b = net.layers[0].bias
        for layer in net.layers.dropFirst() {
            w = layer.weights.matmul(w)
            b = Tensor(shape: [layer.outputs], scalars: (0..<layer.outputs).map { i in
                (0..<layer.inputs).reduce(layer.bias.scalars[i]) { $0 + layer.weights[i, $1] * b.scalars[$1] }
            })
        }
        let x = Tensor(rows: [[0.5, -1.5], [2, 3], [-4, 1]])
        let predicted = net.predict(x)
        for r in 0..<3 {
            let collapsed = w[0, 0] * x[r, 0] + w[0, 1] * x[r, 1] + b.scalars[0]
            XCTAssertEqual(predicted[r, 0], collapsed, accuracy: 1e-12)
        }
    }

    // MARK: Lesson 3, backpropagation

    /// The lesson's 2-2-1 sigmoid network with hand-set weights, x = (1, 2), y = 1, L = (a² − y)².
    func testTheLessonsHandWorkedExample() throws {
        var net = Network(spec: NetworkSpec(widths: [2, 2, 1], activations: [.sigmoid, .sigmoid]), seed: 1)
        net.layers[0].weights = Tensor(rows: [[0.5, -0.5], [0.25, 0.75]])
        net.layers[0].bias = Tensor([0, 0.1])
        net.layers[1].weights = Tensor(rows: [[1, -1]])
        net.layers[1].bias = Tensor([0.2])
        // By hand.
        let z1 = [0.5 * 1 - 0.5 * 2 + 0, 0.25 * 1 + 0.75 * 2 + 0.1]
        let a1 = z1.map(sigmoid)
        let z2 = a1[0] - a1[1] + 0.2
        let a2 = sigmoid(z2)
        let loss = (a2 - 1) * (a2 - 1)
        let delta2 = 2 * (a2 - 1) * a2 * (1 - a2)
        let delta1 = [1 * delta2 * a1[0] * (1 - a1[0]), -1 * delta2 * a1[1] * (1 - a1[1])]
        XCTAssertEqual(z1[0], -0.5)
        XCTAssertEqual(a1[0], 0.3775, accuracy: 0.00005)
        XCTAssertEqual(a1[1], 0.8641, accuracy: 0.00005)
        XCTAssertEqual(z2, -0.2866, accuracy: 0.00005)
        XCTAssertEqual(a2, 0.4288, accuracy: 0.00005)
        XCTAssertEqual(loss, 0.3262, accuracy: 0.00005)
        XCTAssertEqual(delta2, -0.2798, accuracy: 0.00005)
        XCTAssertEqual(delta1[0], -0.0658, accuracy: 0.00005)
        // By the engine.
        var g = SeededGenerator(seed: 0)
        let result = try net.gradients(inputs: Tensor(rows: [[1, 2]]), targets: Tensor(rows: [[1]]), objective: Objective(loss: .mse), generator: &g)
        XCTAssertEqual(result.loss, loss, accuracy: 1e-12)
        let dW1 = result.gradients[0], db1 = result.gradients[1], dW2 = result.gradients[2], db2 = result.gradients[3]
        XCTAssertEqual(dW2[0, 0], delta2 * a1[0], accuracy: 1e-12, "∂L/∂W² = δ²·(a¹)ᵀ")
        XCTAssertEqual(dW2[0, 1], delta2 * a1[1], accuracy: 1e-12)
        XCTAssertEqual(dW2[0, 1], -0.2418, accuracy: 0.00005)
        XCTAssertEqual(db2.scalars[0], delta2, accuracy: 1e-12, "∂L/∂b = δ")
        XCTAssertEqual(dW1[0, 0], delta1[0] * 1, accuracy: 1e-12)
        XCTAssertEqual(dW1[0, 1], delta1[0] * 2, accuracy: 1e-12)
        XCTAssertEqual(dW1[1, 1], delta1[1] * 2, accuracy: 1e-12)
        XCTAssertEqual(db1.scalars[1], delta1[1], accuracy: 1e-12)
        // One SGD step of 0.5 moves w²₂ by +0.1209.
        var parameters = net.parameters
        var optimizer = Optimizer(settings: OptimizerSettings(kind: .sgd, learningRate: 0.5))
        optimizer.step(&parameters, gradients: result.gradients)
        XCTAssertEqual(parameters[2][0, 1] - net.layers[1].weights[0, 1], 0.1209, accuracy: 0.00005)
    }

    func testFiniteDifferenceOrders() {
        // f = sin at 1: the central difference's error falls like ε², the fourth-order one like ε⁴.
        let exact = cos(1.0)
        func central(_ e: Double) -> Double { (sin(1 + e) - sin(1 - e)) / (2 * e) }
        func fourth(_ e: Double) -> Double { (-sin(1 + 2 * e) + 8 * sin(1 + e) - 8 * sin(1 - e) + sin(1 - 2 * e)) / (12 * e) }
        let c1 = abs(central(0.1) - exact), c2 = abs(central(0.05) - exact)
        let f1 = abs(fourth(0.1) - exact), f2 = abs(fourth(0.05) - exact)
        XCTAssertEqual(c1 / c2, 4, accuracy: 0.05, "halving ε divides the central error by 4")
        XCTAssertEqual(f1 / f2, 16, accuracy: 0.5, "and the fourth-order error by 16")
        XCTAssertEqual(GradientCheck.relativeError(1.0, 1.1), 0.1 / 2.1, accuracy: 1e-15, "|a − n| / (|a| + |n|)")
    }

    // MARK: Lesson 4, losses

    func lossAndGradient(_ kind: Loss, _ output: Tensor, _ targets: Tensor) throws -> (Double, Tensor) {
        let tape = Tape()
        let o = tape.watched(output)
        let l = try tape.loss(kind, output: o, targets: targets)
        tape.backward(from: l)
        return (tape.value(l).scalar, tape.gradient(o))
    }

    func testMeanSquaredError() throws {
        let (l, g) = try lossAndGradient(.mse, Tensor(rows: [[2.5], [0.5]]), Tensor(rows: [[1.5], [1.0]]))
        XCTAssertEqual(l, (1.0 + 0.25) / 2, accuracy: 1e-15, "(1/n)Σ(ŷ − y)²")
        XCTAssertEqual(g.scalars, [2 * 1.0 / 2, 2 * -0.5 / 2], "∂L/∂ŷᵢ = 2(ŷᵢ − yᵢ)/n")
    }

    func testBinaryCrossEntropyFromLogits() throws {
        for (z, y) in [(-6.3, 1.0), (0.4, 0.0), (3.0, 1.0), (-50.0, 0.0)] {
            let p = sigmoid(z)
            let (l, g) = try lossAndGradient(.bce, Tensor(rows: [[z]]), Tensor([y]))
            let direct = -(y * log(p) + (1 - y) * log(1 - p))
            XCTAssertEqual(l, direct, accuracy: 1e-12 * max(1, direct))
            XCTAssertEqual(l, max(z, 0) - z * y + log(1 + exp(-abs(z))), accuracy: 1e-12, "the stable form")
            XCTAssertEqual(g.scalars[0], p - y, accuracy: 1e-15, "∂L/∂z = p − y")
        }
        XCTAssertEqual(-log(0.01), 4.6, accuracy: 0.01)
        // The lesson's confident mistake: MSE's δ against BCE's.
        let z = -6.335955, p = sigmoid(z)
        XCTAssertEqual(2 * (p - 1) * p * (1 - p), -0.0035, accuracy: 0.00005)
        XCTAssertEqual(p - 1, -0.998, accuracy: 0.0005)
    }

    func testSoftmaxJacobianAndCrossEntropy() throws {
        let z = [-0.45, -0.38, 0.36]
        let p = Activation.softmaxRows(Tensor(rows: [z])).scalars
        let e = z.map(exp), sum = e.reduce(0, +)
        for i in 0..<3 { XCTAssertEqual(p[i], e[i] / sum, accuracy: 1e-15, "pᵢ = e^zᵢ / Σ e^zⱼ") }
        XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-15)
        let shifted = Activation.softmaxRows(Tensor(rows: [z.map { $0 + 1000 }])).scalars
        for i in 0..<3 { XCTAssertEqual(shifted[i], p[i], accuracy: 1e-12, "a constant shift changes nothing (and cannot overflow)") }
        // Rows of the Jacobian through the tape, against pᵢ(δᵢⱼ − pⱼ) and finite differences.
        for i in 0..<3 {
            let tape = Tape()
            let input = tape.watched(Tensor(rows: [z]))
            var pick = [0.0, 0, 0]
            pick[i] = 1
            let out = tape.sum(tape.multiply(tape.activation(.softmax, input), tape.constant(Tensor(rows: [pick]))))
            tape.backward(from: out)
            let row = tape.gradient(input).scalars
            for j in 0..<3 {
                XCTAssertEqual(row[j], p[i] * ((i == j ? 1 : 0) - p[j]), accuracy: 1e-15)
                let numeric = slope({ x in var zz = z; zz[j] = x; return Activation.softmaxRows(Tensor(rows: [zz])).scalars[i] }, at: z[j])
                XCTAssertEqual(row[j], numeric, accuracy: 1e-9)
            }
        }
        // Cross-entropy with class index 0: L = −log p₀ and ∂L/∂z = p − onehot.
        let (l, g) = try lossAndGradient(.ce, Tensor(rows: [z]), Tensor([0]))
        XCTAssertEqual(l, -log(p[0]), accuracy: 1e-12)
        XCTAssertEqual(g.scalars[0], p[0] - 1, accuracy: 1e-15)
        XCTAssertEqual(g.scalars[1], p[1], accuracy: 1e-15)
        // The quiz: p = (0.2, 0.7, 0.1), class 0 → (−0.8, 0.7, 0.1).
        let (_, quiz) = try lossAndGradient(.ce, Tensor(rows: [[log(0.2), log(0.7), log(0.1)]]), Tensor([0]))
        XCTAssertEqual(quiz.scalars[0], -0.8, accuracy: 1e-12)
        XCTAssertEqual(quiz.scalars[1], 0.7, accuracy: 1e-12)
    }

    func testHinge() throws {
        // Labels: class 1 → +1, class 0 → −1; L = max(0, 1 − y·s).
        let (l, g) = try lossAndGradient(.hinge, Tensor(rows: [[2.5], [0.4], [-0.3]]), Tensor([1, 1, 0]))
        XCTAssertEqual(l, (0 + 0.6 + 0.7) / 3, accuracy: 1e-15)
        XCTAssertEqual(g.scalars[0], 0, "margin ≥ 1: no gradient")
        XCTAssertEqual(g.scalars[1], -1.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(g.scalars[2], 1.0 / 3, accuracy: 1e-15)
    }

    // MARK: Optimizers (lesson 7)

    func step(_ kind: OptimizerSettings.Kind, lr: Double, gradients: [Double], times: Int = 1, start: [Double] = [1, -2],
              configure: (inout OptimizerSettings) -> Void = { _ in }) -> ([Double], Optimizer) {
        var settings = OptimizerSettings(kind: kind, learningRate: lr)
        configure(&settings)
        var optimizer = Optimizer(settings: settings)
        var parameters = [Tensor(start)]
        for _ in 0..<times { optimizer.step(&parameters, gradients: [Tensor(gradients)]) }
        return (parameters[0].scalars, optimizer)
    }

    func testUpdateRules() {
        let g = [0.3, -4.0], w = [1.0, -2.0]
        let (sgd, _) = step(.sgd, lr: 0.1, gradients: g)
        XCTAssertEqual(sgd, [w[0] - 0.1 * g[0], w[1] - 0.1 * g[1]], "W ← W − η·g")
        // Momentum twice: v₁ = g, v₂ = μ·g + g.
        let (momentum, m) = step(.momentum, lr: 0.1, gradients: g, times: 2)
        XCTAssertEqual(m.firstMoments[0].scalars[0], 0.9 * g[0] + g[0], accuracy: 1e-15)
        XCTAssertEqual(momentum[0], w[0] - 0.1 * g[0] - 0.1 * 1.9 * g[0], accuracy: 1e-15)
        // Nesterov once: v = g, step η·(g + μ·v).
        let (nesterov, _) = step(.nesterov, lr: 0.1, gradients: g)
        XCTAssertEqual(nesterov[0], w[0] - 0.1 * (g[0] + 0.9 * g[0]), accuracy: 1e-15)
        // RMSprop once: s = (1 − ρ)·g².
        let (rms, _) = step(.rmsprop, lr: 0.01, gradients: g)
        XCTAssertEqual(rms[1], w[1] - 0.01 * g[1] / ((0.1 * g[1] * g[1]).squareRoot() + 1e-8), accuracy: 1e-12)
        // AdaGrad twice: G = 2g².
        let (ada, _) = step(.adagrad, lr: 0.1, gradients: g, times: 2)
        let first = w[1] - 0.1 * g[1] / ((g[1] * g[1]).squareRoot() + 1e-8)
        XCTAssertEqual(ada[1], first - 0.1 * g[1] / ((2 * g[1] * g[1]).squareRoot() + 1e-8), accuracy: 1e-12)
        // Adam's first step is ±η whatever the gradient's size.
        let (adam, _) = step(.adam, lr: 0.1, gradients: g)
        XCTAssertEqual(adam[0], w[0] - 0.1, accuracy: 1e-7)
        XCTAssertEqual(adam[1], w[1] + 0.1, accuracy: 1e-7)
        // Adam twice with the same g: bias correction keeps m̂ = g and v̂ = g².
        let (adam2, _) = step(.adam, lr: 0.1, gradients: g, times: 2)
        XCTAssertEqual(adam2[0], w[0] - 0.2, accuracy: 1e-7)
        // AdamW: also subtract η·decay·W (the weight before the step).
        let (adamw, _) = step(.adamw, lr: 0.1, gradients: g) { $0.decay = 0.1 }
        XCTAssertEqual(adamw[0], w[0] - 0.1 * (1 + 0.1 * w[0]), accuracy: 1e-7)
    }

    func testMomentumVelocityLimitAndTheStableLearningRate() {
        var v = 0.0
        for _ in 0..<500 { v = 0.9 * v + 1 }
        XCTAssertEqual(v, 1 / (1 - 0.9), accuracy: 1e-9, "v → 1/(1 − μ)")
        // Gradient descent on ½·a·w² converges only for η < 2/a.
        func run(_ eta: Double, a: Double = 50) -> Double {
            var parameters = [Tensor([1.0])]
            var optimizer = Optimizer(settings: OptimizerSettings(kind: .sgd, learningRate: eta))
            for _ in 0..<200 { optimizer.step(&parameters, gradients: [Tensor([a * parameters[0].scalars[0]])]) }
            return abs(parameters[0].scalars[0])
        }
        XCTAssertLessThan(run(0.038), 1e-3)
        XCTAssertGreaterThan(run(0.042), 1e3)
    }

    // MARK: Regularization (lesson 9; batch norm is in initialization, lesson 8)

    func testPenaltiesAndTheirGradients() throws {
        let spec = NetworkSpec(widths: [2, 3, 1], activations: [.tanh, .sigmoid])
        let net = Network(spec: spec, seed: 3)
        let x = Tensor(rows: [[1, -2], [0.5, 3]]), y = Tensor([1, 0])
        var g = SeededGenerator(seed: 0)
        let plain = try net.gradients(inputs: x, targets: y, objective: Objective(loss: .bce), generator: &g)
        let sumSquares = net.layers.reduce(0.0) { $0 + $1.weights.scalars.reduce(0) { $0 + $1 * $1 } }
        let sumAbs = net.layers.reduce(0.0) { $0 + $1.weights.scalars.reduce(0) { $0 + abs($1) } }
        let l2 = try net.gradients(inputs: x, targets: y, objective: Objective(loss: .bce, regularization: Regularization(l2: 0.1)), generator: &g)
        XCTAssertEqual(l2.loss, plain.loss + 0.1 * sumSquares, accuracy: 1e-12, "L + λΣW²")
        let l1 = try net.gradients(inputs: x, targets: y, objective: Objective(loss: .bce, regularization: Regularization(l1: 0.1)), generator: &g)
        XCTAssertEqual(l1.loss, plain.loss + 0.1 * sumAbs, accuracy: 1e-12, "L + λΣ|W|")
        for p in [0, 2] {
            let w = net.parameters[p]
            for i in 0..<w.count {
                XCTAssertEqual(l2.gradients[p].scalars[i], plain.gradients[p].scalars[i] + 2 * 0.1 * w.scalars[i], accuracy: 1e-12, "+ 2λW")
                XCTAssertEqual(l1.gradients[p].scalars[i], plain.gradients[p].scalars[i] + 0.1 * (w.scalars[i] > 0 ? 1 : -1), accuracy: 1e-12, "+ λ·sign(W)")
            }
        }
        XCTAssertEqual(l2.gradients[1], plain.gradients[1], "biases are never penalized")
        // With SGD, L2 is weight decay: W ← (1 − 2ηλ)·W − η·g.
        var parameters = net.parameters
        var optimizer = Optimizer(settings: OptimizerSettings(kind: .sgd, learningRate: 0.5))
        optimizer.step(&parameters, gradients: l2.gradients)
        for i in 0..<parameters[0].count {
            XCTAssertEqual(parameters[0].scalars[i], (1 - 2 * 0.5 * 0.1) * net.parameters[0].scalars[i] - 0.5 * plain.gradients[0].scalars[i],
                           accuracy: 1e-12)
        }
        XCTAssertEqual(2 * 0.01 * 3, 0.06, accuracy: 1e-15, "the quiz's 2λw")
    }

    func testDropoutKeepsTheExpectedActivation() {
        var generator = SeededGenerator(seed: 11)
        for p in [0.2, 0.5] {
            let inverted = Dropout(probability: p).trainingMask(shape: [100_000], generator: &generator)
            XCTAssertEqual(Set(inverted.scalars), [0, 1 / (1 - p)], "kept units ×1/(1 − p)")
            XCTAssertEqual(inverted.scalars.reduce(0, +) / 100_000, 1, accuracy: 0.01, "E[m/(1 − p)] = 1")
            XCTAssertEqual(Dropout(probability: p).inferenceScale, 1, "inverted: nothing at inference")
            let classic = Dropout(probability: p, scaling: .classic)
            let mask = classic.trainingMask(shape: [100_000], generator: &generator)
            XCTAssertEqual(Set(mask.scalars), [0, 1])
            XCTAssertEqual(mask.scalars.reduce(0, +) / 100_000, classic.inferenceScale, accuracy: 0.01, "classic: E[m] = 1 − p at inference")
            XCTAssertEqual(classic.inferenceScale, 1 - p, "the keep probability, not p")
        }
    }

    func testBatchNormalization() {
        let z = Tensor(rows: [[1, 10], [2, 20], [4, 60]])
        let tape = Tape()
        let (out, _) = tape.batchNorm(tape.watched(z), gamma: tape.parameter(Tensor([2, 1])), beta: tape.parameter(Tensor([0.5, 0])), epsilon: 1e-5)
        let y = tape.value(out)
        for j in 0..<2 {
            let column = (0..<3).map { z[$0, j] }
            let mean = column.reduce(0, +) / 3
            let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3
            let gamma = j == 0 ? 2.0 : 1.0, beta = j == 0 ? 0.5 : 0.0
            for r in 0..<3 {
                XCTAssertEqual(y[r, j], gamma * (column[r] - mean) / (variance + 1e-5).squareRoot() + beta, accuracy: 1e-12,
                               "y = γ·(x − μ)/√(σ² + ε) + β")
            }
        }
    }

    // MARK: Initialization (lesson 8)

    func testInitializerVariances() {
        var generator = SeededGenerator(seed: 5)
        func variance(_ rule: Initializer, outputs: Int, inputs: Int) -> (Double, Double) {
            let w = rule.weights(outputs: outputs, inputs: inputs, generator: &generator).scalars
            let mean = w.reduce(0, +) / Double(w.count)
            return (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count), w.map(abs).max()!)
        }
        let (xavier, largest) = variance(.xavier, outputs: 200, inputs: 300)
        XCTAssertEqual(xavier, 2.0 / 500, accuracy: 0.04 * 2 / 500, "Xavier: 2/(n_in + n_out)")
        XCTAssertLessThanOrEqual(largest, (6.0 / 500).squareRoot(), "uniform on ±√(6/(n_in + n_out))")
        XCTAssertEqual(variance(.he, outputs: 200, inputs: 300).0, 2.0 / 300, accuracy: 0.04 * 2 / 300, "He: 2/n_in")
        XCTAssertEqual(variance(.lecun, outputs: 200, inputs: 300).0, 1.0 / 300, accuracy: 0.04 / 300, "LeCun: 1/n_in")
        XCTAssertEqual((6.0 / 50).squareRoot(), 0.346, accuracy: 0.0005, "the quiz's Xavier limit")
        XCTAssertEqual((2.0 / 16).squareRoot(), 0.35, accuracy: 0.005, "the lesson's He deviation for 16 inputs")
        XCTAssertEqual(pow(0.25, 8), 0.000015, accuracy: 0.0000005)
        XCTAssertEqual(pow(0.25, 10), 9.5e-7, accuracy: 0.05e-7)
    }

    func testVarianceOfAWeightedSum() {
        // Var(z) = n_in·Var(w)·Var(a) for independent zero-mean w and a.
        var generator = SeededGenerator(seed: 9)
        let n = 50, trials = 20_000
        var zs: [Double] = []
        for _ in 0..<trials {
            var z = 0.0
            for _ in 0..<n { z += generator.normal(deviation: 0.2) * generator.normal(deviation: 1.5) }
            zs.append(z)
        }
        let variance = zs.map { $0 * $0 }.reduce(0, +) / Double(trials)
        XCTAssertEqual(variance, Double(n) * 0.04 * 2.25, accuracy: 0.05 * Double(n) * 0.04 * 2.25)
        // A ReLU keeps half of a symmetric input's second moment (He's factor 2).
        let relu = zs.map { max(0, $0) * max(0, $0) }.reduce(0, +) / Double(trials)
        XCTAssertEqual(relu / variance, 0.5, accuracy: 0.03)
    }

    // MARK: Batches (gradient descent, lesson 6), schedules (optimizers, 7), clipping (initialization, 8)

    func testSchedules() {
        let base = 0.1
        XCTAssertEqual(LearningRateSchedule.step(every: 30, gamma: 0.5).learningRate(base: base, epoch: 61), base * 0.25, "η₀·γ^⌊e/k⌋")
        XCTAssertEqual(LearningRateSchedule.exponential(gamma: 0.95).learningRate(base: base, epoch: 10), base * pow(0.95, 10), accuracy: 1e-15)
        let cosine = LearningRateSchedule.cosine(period: 100, minimum: 0)
        XCTAssertEqual(cosine.learningRate(base: base, epoch: 50), 0.05, accuracy: 1e-15, "the quiz: half way is η₀/2")
        XCTAssertEqual(cosine.learningRate(base: base, epoch: 0), base)
        XCTAssertEqual(cosine.learningRate(base: base, epoch: 150), 0, accuracy: 1e-15, "then η_min")
        XCTAssertEqual(LearningRateSchedule.cosine(period: 10, minimum: 0.01).learningRate(base: base, epoch: 3),
                       0.01 + 0.09 * (1 + cos(Double.pi * 0.3)) / 2, accuracy: 1e-15)
        XCTAssertEqual(LearningRateSchedule.warmup(epochs: 10).learningRate(base: base, epoch: 4), base * 0.5, accuracy: 1e-15, "η₀·(e + 1)/w")
        XCTAssertEqual(LearningRateSchedule.warmup(epochs: 10).learningRate(base: base, epoch: 40), base)
    }

    func testClipping() {
        var byNorm = [Tensor([3.0]), Tensor([4.0])]
        GradientClipping.norm(1).apply(to: &byNorm)
        XCTAssertEqual(byNorm[0].scalars[0], 0.6, accuracy: 1e-15, "g·c/‖g‖ over all parameters together")
        XCTAssertEqual(byNorm[1].scalars[0], 0.8, accuracy: 1e-15)
        var byValue = [Tensor([3.0, -0.5]), Tensor([4.0])]
        GradientClipping.value(1).apply(to: &byValue)
        XCTAssertEqual(byValue.flatMap(\.scalars), [1, -0.5, 1])
        var small = [Tensor([0.3, 0.4])]
        GradientClipping.norm(1).apply(to: &small)
        XCTAssertEqual(small[0].scalars, [0.3, 0.4], "below the limit nothing changes")
    }

    func testStepsPerEpoch() throws {
        var generator = SeededGenerator(seed: 2)
        let rows = (0..<160).map { _ in [generator.uniform(-1, 1), generator.uniform(-1, 1)] }
        let data = TrainingData(trainInputs: Tensor(rows: rows), trainTargets: Tensor(rows.map { $0[0] > 0 ? 1 : 0 }),
                                testInputs: Tensor(shape: [0, 2], scalars: []), testTargets: Tensor(shape: [0], scalars: []), classCount: 2)
        for (batch, steps) in [(nil, 1), (32, 5), (8, 20), (1, 160), (64, 3)] as [(Int?, Int)] {
            var trainer = Trainer(network: Network(spec: NetworkSpec(widths: [2, 4, 1], activations: [.tanh, .sigmoid]), seed: 1),
                                  objective: Objective(loss: .bce), optimizer: OptimizerSettings(kind: .sgd))
            _ = try trainer.train(data, epochs: 2, batchSize: batch)
            XCTAssertEqual(trainer.stepsDone, 2 * steps, "⌈160/\(batch ?? 160)⌉ steps per epoch")
        }
        XCTAssertEqual(Int((1000.0 / 64).rounded(.up)), 16, "the quiz's ⌈1000/64⌉")
    }

    // MARK: Capacity (lesson 12)

    func testParameterCountsAndTheOneLayerFormula() {
        func count(_ widths: [Int]) -> Int {
            Network(spec: NetworkSpec(widths: widths, activations: Array(repeating: .relu, count: widths.count - 2) + [.sigmoid]), seed: 1).parameterCount
        }
        XCTAssertEqual(count([2, 16, 16, 1]), 337)
        XCTAssertEqual(count([2, 128, 1]), 513)
        XCTAssertEqual(count([2, 8, 8, 8, 8, 1]), 249)
        XCTAssertEqual(count([4, 32, 32, 3]), 1315)
        for widths in [[2, 16, 16, 1], [4, 3], [1, 8, 1]] {
            XCTAssertEqual(count(widths), zip(widths, widths.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }, "Σ (n_in + 1)·n_out")
        }
        // f(x) = Σᵢ vᵢ·σ(wᵢ·x + bᵢ) + c for a 1-3-1 tanh network.
        let net = Network(spec: NetworkSpec(widths: [1, 3, 1], activations: [.tanh, .identity]), seed: 4)
        let hidden = net.layers[0], out = net.layers[1]
        for x in [-5.0, -1.0, 0.3, 4.0] {
            let f = (0..<3).reduce(out.bias.scalars[0]) { sum, i in
                sum + out.weights[0, i] * Foundation.tanh(hidden.weights[i, 0] * x + hidden.bias.scalars[i])
            }
            XCTAssertEqual(net.predict(Tensor(rows: [[x]]))[0, 0], f, accuracy: 1e-12)
        }
    }
}
