import NNEngine
import XCTest

/// The tape-free training pass of networks built layer by layer gives the tape's loss and
/// gradients to the last bit, for conv, pooling, flatten and dense layers, with penalties,
/// across batch sizes (buffers reused); the trainer takes it; conv weights draw with PyTorch's
/// fan-in and fan-out.
final class StackTrainingPassTests: XCTestCase {
    func conv(_ f: Int, _ k: Int, stride: Int = 1, pad: Int = 0, _ act: Activation) -> LayerStack.Request {
        .conv(filters: f, size: k, stride: stride, padding: pad, activation: act)
    }

    /// The bench's digits net (relu, max pooling) and a net with every other supported layer.
    func stacks() throws -> [LayerStack] {
        var digits = LayerStack(input: .image(channels: 1, height: 8, width: 8), seed: 1)
        for r: LayerStack.Request in [conv(8, 3, pad: 1, .relu), .maxPool(size: 2, stride: 2), conv(16, 3, pad: 1, .relu),
                                      .maxPool(size: 2, stride: 2), .dense(units: 32, activation: .relu, skip: false),
                                      .dense(units: 10, activation: .softmax, skip: false)] {
            try digits.add(r)
        }
        var mixed = LayerStack(input: .image(channels: 2, height: 7, width: 7), initializer: .normal(deviation: 0.5), seed: 3)
        for r: LayerStack.Request in [conv(3, 3, stride: 2, pad: 1, .tanh), .avgPool(size: 2, stride: 1), conv(4, 2, .softplus),
                                      .maxPool(size: 1, stride: 1), .dense(units: 5, activation: .sigmoid, skip: false),
                                      .dense(units: 3, activation: .softmax, skip: false)] {
            try mixed.add(r)
        }
        return [digits, mixed]
    }

    func assertSameAsTape(_ stack: LayerStack, _ objective: Objective, targets: (Int) -> Tensor,
                          file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertTrue(StackTrainingPass.supports(stack, objective: objective), file: file, line: line)
        var pass = StackTrainingPass()
        // Batches of different sizes through the same buffers: larger, smaller, larger again.
        for (i, rows) in [6, 3, 6, 1].enumerated() {
            let x = randomTensor([rows, stack.inputShape.count], seed: 20 + i)
            let y = targets(rows)
            var g = SeededGenerator(seed: 0)
            let tape = try stack.gradients(inputs: x, targets: y, objective: objective, generator: &g)
            let (loss, gradients) = try pass.gradients(of: stack, inputs: x, targets: y, objective: objective)
            XCTAssertEqual(loss, tape.loss, "batch \(i)", file: file, line: line)
            XCTAssertEqual(pass.lastDataLoss, tape.dataLoss, file: file, line: line)
            XCTAssertEqual(gradients.count, tape.gradients.count, file: file, line: line)
            for (k, (a, b)) in zip(gradients, tape.gradients).enumerated() {
                XCTAssertEqual(a.shape, b.shape, file: file, line: line)
                XCTAssertEqual(a.scalars, b.scalars, "gradient \(k), batch \(i)", file: file, line: line)
            }
            XCTAssertGreaterThan(gradients.map(\.sumOfSquares).reduce(0, +), 0, file: file, line: line)
        }
    }

    func testGradientsEqualTheTapesBitForBit() throws {
        let classes: (Int) -> Tensor = { n in Tensor((0..<n).map { Double(($0 * 7 + 1) % 3) }) }
        for stack in try stacks() {
            try assertSameAsTape(stack, Objective(loss: .ce), targets: classes)
            try assertSameAsTape(stack, Objective(loss: .ce, regularization: Regularization(l1: 1e-3, l2: 1e-2)), targets: classes)
            try assertSameAsTape(stack, Objective(loss: .ce, regularization: Regularization(l1: 0, l2: 1e-2)), targets: classes)
        }
        // mse reads the (elementwise) outputs: the slope of the output activation comes in.
        var regression = LayerStack(input: .image(channels: 1, height: 5, width: 5), initializer: .normal(deviation: 0.5), seed: 5)
        try regression.add(conv(2, 3, pad: 1, .elu))
        try regression.add(.maxPool(size: 2, stride: 2))
        try regression.add(.flatten)
        try regression.add(.dense(units: 2, activation: .tanh, skip: false))
        try assertSameAsTape(regression, Objective(loss: .mse)) { n in randomTensor([n, 2], seed: 40 + n) }
        var binary = regression
        binary = LayerStack(input: .image(channels: 1, height: 5, width: 5), initializer: .normal(deviation: 0.5), seed: 6)
        try binary.add(conv(2, 3, stride: 2, .leakyRelu))
        try binary.add(.dense(units: 1, activation: .sigmoid, skip: false))
        try assertSameAsTape(binary, Objective(loss: .bce)) { n in Tensor((0..<n).map { Double($0 % 2) }) }
    }

    /// Layers the pass does not cover leave the step to the tape.
    func testUnsupportedStacksUseTheTape() throws {
        func stack(_ extra: LayerStack.Request) throws -> LayerStack {
            var s = LayerStack(input: .image(channels: 1, height: 4, width: 4), seed: 1)
            try s.add(conv(2, 3, pad: 1, .relu))
            try s.add(.flatten)
            try s.add(.dense(units: 32, activation: .relu, skip: false))
            try s.add(extra)
            try s.add(.dense(units: 3, activation: .softmax, skip: false))
            return s
        }
        XCTAssertTrue(StackTrainingPass.supports(try stack(.dense(units: 4, activation: .tanh, skip: false)), objective: Objective(loss: .ce)))
        XCTAssertFalse(StackTrainingPass.supports(try stack(.dense(units: 32, activation: .relu, skip: true)), objective: Objective(loss: .ce)))
        XCTAssertFalse(StackTrainingPass.supports(try stack(.layerNorm), objective: Objective(loss: .ce)))
        XCTAssertFalse(StackTrainingPass.supports(try stack(.dropout(0.5)), objective: Objective(loss: .ce)))
        // softmax read through mse is not elementwise.
        XCTAssertFalse(StackTrainingPass.supports(try stack(.dense(units: 4, activation: .tanh, skip: false)), objective: Objective(loss: .mse)))
        var convLast = LayerStack(input: .image(channels: 1, height: 4, width: 4), seed: 1)
        try convLast.add(conv(1, 4, .sigmoid))
        XCTAssertFalse(StackTrainingPass.supports(convLast, objective: Objective(loss: .bce)))
    }

    /// The trainer's steps on a conv net go through the pass and give what tape steps give:
    /// the same weights after Adam steps on batches of two sizes.
    func testTrainerStepsMatchTapeSteps() throws {
        let stack = try stacks()[0]
        let objective = Objective(loss: .ce)
        var trainer = Trainer(network: Network(stack: stack), objective: objective,
                              optimizer: OptimizerSettings(kind: .adam, learningRate: 0.01), seed: 1)
        var network = Network(stack: stack)
        var optimizer = Optimizer(settings: OptimizerSettings(kind: .adam, learningRate: 0.01))
        for (i, rows) in [8, 5, 8].enumerated() {
            let x = randomTensor([rows, 64], seed: 50 + i), y = Tensor((0..<rows).map { Double(($0 + i) % 10) })
            let report = try trainer.step(inputs: x, targets: y)
            var g = SeededGenerator(seed: 0)
            let tape = try network.stack!.gradients(inputs: x, targets: y, objective: objective, generator: &g)
            XCTAssertEqual(report.loss, tape.loss)
            network.updateParameters { optimizer.step(&$0, gradients: tape.gradients, learningRate: 0.01) }
        }
        XCTAssertEqual(trainer.network.parameters, network.parameters)
    }

    /// Conv weights: Xavier's fan-in is C·K² and its fan-out F·K², as PyTorch's
    /// `_calculate_fan_in_and_fan_out` gives (a 3×3 conv of 8 filters over 1 channel: 9 and 72).
    func testConvInitializationUsesPyTorchFans() throws {
        for rule in [Initializer.xavier, .xavierNormal, .he] {
            var stack = LayerStack(input: .image(channels: 2, height: 5, width: 5), initializer: rule, seed: 5)
            try stack.add(conv(8, 3, pad: 1, .tanh))
            var g = SeededGenerator(seed: 5)
            let fanIn = 2.0 * 9, fanOut = 8.0 * 9
            let expected: [Double] = (0..<(8 * 2 * 9)).map { _ in
                switch rule {
                case .xavier: let a = (6 / (fanIn + fanOut)).squareRoot(); return g.uniform(-a, a)
                case .xavierNormal: return g.normal(deviation: (2 / (fanIn + fanOut)).squareRoot())
                default: return g.normal(deviation: (2 / fanIn).squareRoot())
                }
            }
            XCTAssertEqual(stack.parameters[0].shape, [8, 2, 3, 3])
            XCTAssertEqual(stack.parameters[0].scalars, expected, "\(rule)")
        }
        // Xavier's bound for this layer: √(6/(18 + 72)) ≈ 0.258, not √(6/(18 + 8)) ≈ 0.480.
        var stack = LayerStack(input: .image(channels: 2, height: 5, width: 5), initializer: .xavier, seed: 5)
        try stack.add(conv(8, 3, pad: 1, .tanh))
        XCTAssertLessThanOrEqual(stack.parameters[0].scalars.map(abs).max()!, (6.0 / 90).squareRoot())
    }

    /// The batch im2col's copied runs and col2im at the edges: padding as wide as the kernel
    /// and strides that skip columns. Values against a loop written out here; ∂x against the
    /// difference quotient, exact for a map linear in x (weights and R are multiples of 1/8,
    /// x of 1/4, so every sum is exact in binary).
    func testBatchConvolutionAtTheEdges() {
        for (side, k, stride, pad) in [(2, 3, 2, 3), (3, 3, 1, 3), (5, 2, 3, 2), (4, 3, 2, 0), (1, 1, 1, 1)] {
            var g = SeededGenerator(seed: side * 100 + pad)
            func grid(_ shape: [Int], _ unit: Double) -> Tensor {
                Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Double(Int(g.uniform(-8, 8))) * unit })
            }
            let x = grid([3, 2, side, side], 0.25), w = grid([2, 2, k, k], 0.125), b = grid([2], 0.5)
            let tape = Tape()
            let xv = tape.watched(x)
            let out = tape.conv2d(xv, weights: tape.constant(w), bias: tape.constant(b), stride: stride, padding: pad)
            let o = (side + 2 * pad - k) / stride + 1
            XCTAssertEqual(tape.value(out).shape, [3, 2, o, o])
            var expected: [Double] = []
            for s in 0..<3 { for f in 0..<2 { for i in 0..<o { for j in 0..<o {
                var sum = b.scalars[f]
                for c in 0..<2 { for u in 0..<k { for v in 0..<k {
                    let y = i * stride + u - pad, xx = j * stride + v - pad
                    guard y >= 0, y < side, xx >= 0, xx < side else { continue }
                    sum += w.scalars[((f * 2 + c) * k + u) * k + v] * x.scalars[((s * 2 + c) * side + y) * side + xx]
                } } }
                expected.append(sum)
            } } } }
            XCTAssertEqual(tape.value(out).scalars, expected, "side \(side) k \(k) stride \(stride) pad \(pad)")
            let r = grid([3, 2, o, o], 0.125)
            tape.backward(from: tape.sum(tape.multiply(out, tape.constant(r))))
            let dx = tape.gradient(xv)
            func objective(_ x: Tensor) -> Double {
                let t = Tape()
                let y = t.conv2d(t.constant(x), weights: t.constant(w), bias: t.constant(b), stride: stride, padding: pad)
                return zip(t.value(y).scalars, r.scalars).reduce(0) { $0 + $1.0 * $1.1 }
            }
            for i in 0..<x.count {
                var up = x, down = x
                up.scalars[i] += 1
                down.scalars[i] -= 1
                XCTAssertEqual(dx.scalars[i], (objective(up) - objective(down)) / 2, accuracy: 1e-12, "x[\(i)]")
            }
        }
    }
}
