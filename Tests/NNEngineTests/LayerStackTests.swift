import NNEngine
import XCTest

/// Networks built layer by layer: shapes checked as layers are added, errors that leave the
/// stack unchanged, parameter counts, and whole-network gradients against central differences.
final class LayerStackTests: XCTestCase {
    /// The bench's digits net: shapes and parameter counts written out by hand.
    func testDigitsNetShapesAndParameterCounts() throws {
        var stack = LayerStack(input: try LayerShape.parse("1x8x8"), seed: 1)
        try stack.add(.conv(filters: 8, size: 3, stride: 1, padding: 1, activation: .relu))
        try stack.add(.maxPool(size: 2, stride: 2))
        try stack.add(.conv(filters: 16, size: 3, stride: 1, padding: 1, activation: .relu))
        try stack.add(.maxPool(size: 2, stride: 2))
        try stack.add(.dense(units: 32, activation: .relu, skip: false))
        try stack.add(.dense(units: 10, activation: .softmax, skip: false))
        XCTAssertEqual(stack.layers.map(\.kind), ["conv", "maxpool", "conv", "maxpool", "flatten", "dense", "dense"])
        XCTAssertEqual(stack.shapes.map(\.description), ["8×8×8", "8×4×4", "16×4×4", "16×2×2", "64", "32", "10"])
        // conv: F·C·K² + F; dense: out·in + out.
        XCTAssertEqual(stack.layers.map(\.parameterCount), [8 * 1 * 9 + 8, 0, 16 * 8 * 9 + 16, 0, 0, 64 * 32 + 32, 32 * 10 + 10])
        XCTAssertEqual(stack.parameterCount, 3658)
        XCTAssertEqual(stack.parameterNames, ["w1", "b1", "w3", "b3", "w6", "b6", "w7", "b7"])
        XCTAssertEqual(stack.parameters[0].shape, [8, 1, 3, 3])
        let network = Network(stack: stack)
        XCTAssertEqual(network.inputs, 64)
        XCTAssertEqual(network.outputs, 10)
        XCTAssertEqual(network.outputActivation, .softmax)
        XCTAssertEqual(network.infer(randomTensor([3, 64], seed: 2)).outputs.shape, [3, 10])
    }

    func testShapeParsing() throws {
        XCTAssertEqual(try LayerShape.parse("12"), .flat(12))
        XCTAssertEqual(try LayerShape.parse("3x28x28"), .image(channels: 3, height: 28, width: 28))
        XCTAssertEqual(try LayerShape.parse("20x1"), .sequence(steps: 20, features: 1))
        XCTAssertThrowsError(try LayerShape.parse("1x8x")) { XCTAssertTrue("\($0)".contains("CxHxW")) }
        XCTAssertThrowsError(try LayerShape.parse("0x8x8"))
    }

    /// Errors a learner understands, and the stack as it was before.
    func testShapeErrorsLeaveTheStackUnchanged() throws {
        var stack = LayerStack(input: .image(channels: 1, height: 4, width: 4), seed: 1)
        try stack.add(.maxPool(size: 2, stride: 2))
        let before = stack
        XCTAssertThrowsError(try stack.add(.conv(filters: 4, size: 3, stride: 1, padding: 0, activation: .relu))) {
            XCTAssertEqual("\($0)", "conv 3×3 with pad 0 needs an input of at least 3×3; this layer gets 2×2")
        }
        XCTAssertEqual(stack, before)
        XCTAssertThrowsError(try stack.add(.maxPool(size: 3, stride: 3))) {
            XCTAssertEqual("\($0)", "maxpool 3×3 needs an input of at least 3×3; this layer gets 2×2")
        }
        // pad 1 lets a 3×3 kernel fit a 2×2 input.
        try stack.add(.conv(filters: 2, size: 3, stride: 1, padding: 1, activation: .relu))
        XCTAssertEqual(stack.outputShape, .image(channels: 2, height: 2, width: 2))
        try stack.add(.dense(units: 5, activation: .tanh, skip: false))
        let withDense = stack
        XCTAssertThrowsError(try stack.add(.dense(units: 4, activation: .tanh, skip: true))) {
            XCTAssertTrue("\($0)".contains("widths must match: layer 5 gets 5 features and has 4 units"), "\($0)")
        }
        XCTAssertThrowsError(try stack.add(.conv(filters: 2, size: 1, stride: 1, padding: 0, activation: .relu))) {
            XCTAssertTrue("\($0)".contains("start the net with net input CxHxW"), "\($0)")
        }
        XCTAssertThrowsError(try stack.add(.flatten))
        XCTAssertThrowsError(try stack.add(.dropout(1)))
        XCTAssertEqual(stack, withDense)
        try stack.add(.dense(units: 3, activation: .softmax, skip: false))
        XCTAssertThrowsError(try stack.add(.layerNorm)) { XCTAssertTrue("\($0)".contains("softmax"), "\($0)") }
    }

    func testFlatInputAndSkipShapes() throws {
        var stack = LayerStack(input: .flat(4), seed: 3)
        try stack.add(.dense(units: 4, activation: .tanh, skip: true))
        try stack.add(.layerNorm)
        try stack.add(.dropout(0.5))
        try stack.add(.dense(units: 1, activation: .sigmoid, skip: false))
        XCTAssertEqual(stack.shapes, [.flat(4), .flat(4), .flat(4), .flat(1)])
        XCTAssertEqual(stack.parameterNames, ["w1", "b1", "gamma2", "beta2", "w4", "b4"])
        XCTAssertEqual(stack.parameterIsWeight, [true, false, false, false, true, false])
        XCTAssertEqual(stack.parameterCount, 20 + 8 + 5)
    }

    /// A residual layer's output is act(W·a + b) + a, by hand.
    func testSkipAddsTheInputAfterTheActivation() throws {
        var stack = LayerStack(input: .flat(2), seed: 3)
        try stack.add(.dense(units: 2, activation: .relu, skip: true))
        stack.parameters = [Tensor(rows: [[1, 0], [0, -1]]), Tensor([0.5, 0])]
        let out = Network(stack: stack).predict(Tensor(rows: [[2, 3]]))
        // relu([2.5, −3]) + [2, 3] = [4.5, 3].
        XCTAssertEqual(out.scalars, [4.5, 3])
    }

    func assertNetworkChecks(_ network: Network, _ objective: Objective, targets: Tensor,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let x = randomTensor([targets.rows, network.inputs], seed: 21)
        let check = try GradientCheck.run(network: network, inputs: x, targets: targets, objective: objective, seed: 3)
        XCTAssertEqual(check.entries.count, network.parameterCount, file: file, line: line)
        // Relative agreement to 1e-6, or absolute to 1e-10 for gradients so small (behind a
        // max pool) that the loss's rounding over ε dominates their difference quotient.
        for e in check.entries {
            XCTAssert(e.relativeError < 1e-6 || abs(e.analytic - e.numeric) < 1e-10,
                      "\(e.parameter)[\(e.index)]: analytic \(e.analytic), numeric \(e.numeric)", file: file, line: line)
        }
        XCTAssertGreaterThan(check.entries.map { abs($0.analytic) }.max()!, 1e-3, file: file, line: line)
    }

    /// Every parameter of a conv net with both poolings, layer norm, a residual dense layer and
    /// dropout (fixed masks), against central differences; with L2 on the weights too.
    func testWholeStackGradients() throws {
        var stack = LayerStack(input: .image(channels: 2, height: 6, width: 6), initializer: .normal(deviation: 0.5), seed: 7)
        try stack.add(.conv(filters: 3, size: 3, stride: 1, padding: 1, activation: .tanh))
        try stack.add(.maxPool(size: 2, stride: 2))
        try stack.add(.conv(filters: 2, size: 2, stride: 1, padding: 0, activation: .softplus))
        try stack.add(.avgPool(size: 2, stride: 1))
        try stack.add(.layerNorm)
        try stack.add(.dense(units: 8, activation: .tanh, skip: false))
        try stack.add(.dense(units: 8, activation: .tanh, skip: true))
        try stack.add(.dropout(0.25))
        try stack.add(.dense(units: 3, activation: .softmax, skip: false))
        XCTAssertEqual(stack.shapes.map(\.description), ["3×6×6", "3×3×3", "2×2×2", "2×1×1", "2×1×1", "2", "8", "8", "8", "3"])
        let network = Network(stack: stack)
        let classes = Tensor([0, 2, 1, 2])
        try assertNetworkChecks(network, Objective(loss: .ce), targets: classes)
        try assertNetworkChecks(network, Objective(loss: .ce, regularization: Regularization(l1: 0, l2: 0.01)), targets: classes)
        try assertNetworkChecks(network, Objective(loss: .mse), targets: classes)
    }

    /// The input's gradient through conv and pooling, against central differences.
    func testInputGradient() throws {
        var stack = LayerStack(input: .image(channels: 1, height: 5, width: 5), initializer: .normal(deviation: 0.5), seed: 9)
        try stack.add(.conv(filters: 2, size: 3, stride: 2, padding: 1, activation: .tanh))
        try stack.add(.avgPool(size: 2, stride: 1))
        try stack.add(.dense(units: 1, activation: .sigmoid, skip: false))
        let x = randomTensor([2, 25], seed: 10), y = Tensor([1, 0])
        var g = SeededGenerator(seed: 0)
        let result = try stack.gradients(inputs: x, targets: y, objective: Objective(loss: .bce), generator: &g, watchInput: true)
        let analytic = result.tape.gradient(result.pass.input)
        XCTAssertEqual(analytic.shape, [2, 1, 5, 5])
        let network = Network(stack: stack)
        for i in 0..<x.count {
            let numeric = centralDifference({ v in
                var shifted = x
                shifted.scalars[i] = v
                var g = SeededGenerator(seed: 0)
                return try! network.objectiveValue(inputs: shifted, targets: y, objective: Objective(loss: .bce), mode: .training, generator: &g)
            }, at: x.scalars[i], step: 1e-4)
            XCTAssertEqual(analytic.scalars[i], numeric, accuracy: 1e-8 + 1e-6 * abs(numeric), "x[\(i)]")
        }
    }

    /// The trainer trains a conv net through the tape: the loss falls, and the same seed gives
    /// the same weights.
    func testTrainerTrainsAStack() throws {
        var stack = LayerStack(input: .image(channels: 1, height: 4, width: 4), seed: 11)
        try stack.add(.conv(filters: 2, size: 3, stride: 1, padding: 1, activation: .relu))
        try stack.add(.maxPool(size: 2, stride: 2))
        try stack.add(.dense(units: 2, activation: .softmax, skip: false))
        // Class 1: a bright left column; class 0: a bright right column.
        var rows: [[Double]] = [], labels: [Double] = []
        var gen = SeededGenerator(seed: 12)
        for i in 0..<40 {
            var image = (0..<16).map { _ in gen.uniform(0, 0.2) }
            for r in 0..<4 { image[r * 4 + (i % 2 == 1 ? 0 : 3)] += 1 }
            rows.append(image)
            labels.append(Double(i % 2))
        }
        let x = Tensor(rows: rows), y = Tensor(labels)
        func trained() throws -> (Trainer, Double, Double) {
            var trainer = Trainer(network: Network(stack: stack), objective: Objective(loss: .ce),
                                  optimizer: OptimizerSettings(kind: .adam, learningRate: 0.05), seed: 1)
            let before = try trainer.evaluate(inputs: x, targets: y, classCount: 2)
            for _ in 0..<30 { try trainer.step(inputs: x, targets: y) }
            let after = try trainer.evaluate(inputs: x, targets: y, classCount: 2)
            XCTAssertEqual(after.accuracy, 1)
            return (trainer, before.loss, after.loss)
        }
        let (a, before, after) = try trained()
        XCTAssertLessThan(after, before / 4)
        let (b, _, _) = try trained()
        XCTAssertEqual(a.network, b.network)
        XCTAssertEqual(a.network.parameters.count, 4)
    }
}

/// Model and gradient files of stacks: PyTorch's layouts, exact round trips, errors that name
/// the field.
final class StackModelFileTests: XCTestCase {
    func stack() throws -> LayerStack {
        var s = LayerStack(input: .image(channels: 2, height: 5, width: 5), seed: 4)
        try s.add(.conv(filters: 3, size: 3, stride: 2, padding: 1, activation: .relu))
        try s.add(.avgPool(size: 2, stride: 1))
        try s.add(.layerNorm)
        try s.add(.maxPool(size: 2, stride: 2))
        try s.add(.dense(units: 3, activation: .tanh, skip: true))
        try s.add(.dropout(0.1))
        try s.add(.dense(units: 4, activation: .softmax, skip: false))
        var p = s.parameters
        p[2].scalars[0] = 1.0000000000000002  // γ: every bit must survive the text form
        p[3].scalars[1] = -3e-17
        s.parameters = p
        return s
    }

    func testRoundTripIsExact() throws {
        let network = Network(stack: try stack())
        let text = ModelFile.encode(network, loss: .ce)
        XCTAssertTrue(text.contains("\"input_shape\": [2, 5, 5]"))
        XCTAssertTrue(text.contains("\"inputs\": 50"))
        XCTAssertTrue(text.contains("{\"type\": \"conv2d\", \"in_channels\": 2, \"out_channels\": 3, \"kernel\": 3, \"stride\": 2, \"padding\": 1, \"activation\": \"relu\""))
        XCTAssertTrue(text.contains("{\"type\": \"avgpool2d\", \"kernel\": 2, \"stride\": 1}"))
        XCTAssertTrue(text.contains("{\"type\": \"flatten\"}"))
        XCTAssertTrue(text.contains("\"skip\": true"))
        let contents = try ModelFile.read(bytes: Array(text.utf8), file: "m.json")
        XCTAssertEqual(contents.network, network)
        XCTAssertEqual(contents.loss, .ce)
        XCTAssertEqual(contents.network.stack!.parameters.map(\.scalars), network.stack!.parameters.map(\.scalars))
        // Same outputs, bit for bit.
        let x = randomTensor([3, 50], seed: 5)
        XCTAssertEqual(contents.network.predict(x), network.predict(x))
    }

    /// Conv weights are [F][C][K][K]: element (f, c, u, v) is at W[f][c][u][v] of the file.
    func testConvWeightsUsePyTorchLayout() throws {
        var s = LayerStack(input: .image(channels: 2, height: 3, width: 3), seed: 1)
        try s.add(.conv(filters: 2, size: 2, stride: 1, padding: 0, activation: .identity))
        s.parameters = [Tensor(shape: [2, 2, 2, 2], scalars: (0..<16).map(Double.init)), Tensor([0.5, -0.5])]
        let text = ModelFile.encode(Network(stack: s), loss: nil)
        XCTAssertTrue(text.contains("\"weights\": [[[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [6.0, 7.0]]], [[[8.0, 9.0], [10.0, 11.0]], [[12.0, 13.0], [14.0, 15.0]]]]"), text)
    }

    func testErrorsNameTheField() throws {
        let good = ModelFile.encode(Network(stack: try stack()), loss: .ce)
        func message(_ text: String) -> String {
            do { _ = try ModelFile.read(bytes: Array(text.utf8), file: "m.json"); return "no error" } catch { return "\(error)" }
        }
        XCTAssertTrue(message(good.replacingOccurrences(of: "\"kernel\": 3", with: "\"kernel\": 4")).contains("layers[0].weights"))
        XCTAssertTrue(message(good.replacingOccurrences(of: "\"input_shape\": [2, 5, 5]", with: "\"input_shape\": [2, 5, 4]")).contains("'inputs'"))
        XCTAssertTrue(message(good.replacingOccurrences(of: "\"type\": \"flatten\"", with: "\"type\": \"lstmx\"")).contains("layers[4].type"))
        // A pooling window larger than its input: the shape error, with the file named.
        let big = good.replacingOccurrences(of: "{\"type\": \"maxpool2d\", \"kernel\": 2, \"stride\": 2}", with: "{\"type\": \"maxpool2d\", \"kernel\": 9, \"stride\": 2}")
        XCTAssertEqual(message(big), "m.json: field 'layers': maxpool 9×9 needs an input of at least 9×9; this layer gets 2×2")
    }

    func testGradientFileMirrorsTheParameters() throws {
        let s = try stack()
        let network = Network(stack: s)
        var g = SeededGenerator(seed: 1)
        let result = try network.gradients(inputs: randomTensor([2, 50], seed: 2), targets: Tensor([1, 3]), objective: Objective(loss: .ce), generator: &g)
        let text = ModelFile.encodeGradients(network, gradients: result.gradients, loss: result.loss)
        XCTAssertTrue(text.contains("\"format\": \"nnlab-grads\""))
        XCTAssertTrue(text.contains("\"loss\": \(result.loss)"))
        XCTAssertTrue(text.contains("\"weights\": [[[[\(result.gradients[0].scalars[0])"), text)
        XCTAssertTrue(text.contains("\"gamma\": [\(result.gradients[2].scalars[0])"), text)
    }
}
