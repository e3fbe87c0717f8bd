import Foundation
import NNEngine
import NNKernels
import XCTest

/// The recurrent primitives and layers: one RNN and one LSTM step against their equations
/// written out here, backpropagation through time against fourth-order central differences for
/// W_ih, W_hh and b of both cells over several steps, shapes, errors, model files and ∂L/∂hₜ.
final class RecurrentTests: XCTestCase {
    func weightedSum(_ tape: Tape, _ v: Variable, seed: Int = 99) -> Variable {
        tape.sum(tape.multiply(v, tape.constant(randomTensor(tape.value(v).shape, seed: seed))))
    }

    func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    /// h′ = tanh(W_ih·x + W_hh·h + b) for one sample, H = 2, N = 2.
    func testRNNStepByHand() {
        let tape = Tape()
        let x = tape.constant(Tensor(rows: [[2, -1]])), h = tape.constant(Tensor(rows: [[0.5, 1]]))
        let wih = tape.constant(Tensor(rows: [[0.5, 0.25], [1, 0]])), whh = tape.constant(Tensor(rows: [[-0.25, 0], [0.5, -1]]))
        let b = tape.constant(Tensor([0.1, -0.2]))
        let out = tape.value(tape.rnnStep(x, hidden: h, weightsIH: wih, weightsHH: whh, bias: b, activation: .tanh))
        // z₁ = 0.5·2 + 0.25·(−1) + (−0.25)·0.5 + 0·1 + 0.1 = 0.725; z₂ = 2 + 0.25 − 1 − 0.2 = 1.05.
        XCTAssertEqual(out.scalars[0], tanh(0.725), accuracy: 1e-15)
        XCTAssertEqual(out.scalars[1], tanh(1.05), accuracy: 1e-15)
    }

    /// One LSTM step, H = 1, N = 1, gates i, f, g, o in PyTorch's order, from a state h = 0.2,
    /// c = −0.3: the pre-activations a = W_ih·x + W_hh·h + b by hand, then the gate equations.
    func testLSTMStepByHand() {
        let tape = Tape()
        let x = tape.constant(Tensor(rows: [[1]])), state = tape.constant(Tensor(rows: [[0.2, -0.3]]))
        let wih = tape.constant(Tensor(rows: [[0.5], [-0.5], [1], [0.25]]))
        let whh = tape.constant(Tensor(rows: [[0.1], [0.2], [-0.3], [0.4]]))
        let b = tape.constant(Tensor([0, 0.5, -0.5, 0.1]))
        let out = tape.value(tape.lstmStep(x, state: state, weightsIH: wih, weightsHH: whh, bias: b))
        // a_i = 0.5 + 0.02 + 0 = 0.52, a_f = −0.5 + 0.04 + 0.5 = 0.04,
        // a_g = 1 − 0.06 − 0.5 = 0.44, a_o = 0.25 + 0.08 + 0.1 = 0.43.
        let i = sigmoid(0.52), f = sigmoid(0.04), g = tanh(0.44), o = sigmoid(0.43)
        let c = f * -0.3 + i * g
        let h = o * tanh(c)
        XCTAssertEqual(out.shape, [1, 2])
        XCTAssertEqual(out.scalars[1], c, accuracy: 1e-15)
        XCTAssertEqual(out.scalars[0], h, accuracy: 1e-15)
        // The same numbers to 12 digits (computed apart, in Python).
        XCTAssertEqual(out.scalars[1], 0.10641658790153985, accuracy: 1e-12)
        XCTAssertEqual(out.scalars[0], 0.06423272373509689, accuracy: 1e-12)
    }

    /// The vectorized gates (σ, tanh through one SIMD exp) agree with libm's to 2e-15, over
    /// pre-activations from −800 to 800, with a ragged last block (H = 11).
    func testLSTMKernelAgainstLibm() {
        let h = 11, rows = 40
        var gates = (0..<(rows * 4 * h)).map { k -> Double in
            let u = Double(k) / Double(rows * 4 * h)
            return k % 7 == 0 ? (u - 0.5) * 1600 : (u - 0.5) * 24
        }
        let state = (0..<(rows * 2 * h)).map { sin(Double($0)) * 3 }
        let original = gates
        var out = [Double](repeating: 0, count: rows * 2 * h), tanhCell = [Double](repeating: 0, count: rows * h)
        RecurrentKernels.lstmForward(gates: &gates, state: state, rows: rows, hidden: h, out: &out, tanhCell: &tanhCell)
        for r in 0..<rows {
            for j in 0..<h {
                let a = r * 4 * h
                let i = sigmoid(original[a + j]), f = sigmoid(original[a + h + j])
                let g = tanh(original[a + 2 * h + j]), o = sigmoid(original[a + 3 * h + j])
                let c = f * state[r * 2 * h + h + j] + i * g
                XCTAssertEqual(gates[a + j], i, accuracy: 2e-15 * max(1, abs(i)))
                XCTAssertEqual(gates[a + h + j], f, accuracy: 2e-15)
                XCTAssertEqual(gates[a + 2 * h + j], g, accuracy: 2e-15)
                XCTAssertEqual(gates[a + 3 * h + j], o, accuracy: 2e-15)
                XCTAssertEqual(out[r * 2 * h + h + j], c, accuracy: 1e-14)
                XCTAssertEqual(out[r * 2 * h + j], o * tanh(c), accuracy: 1e-14)
            }
        }
    }

    /// BPTT of a plain RNN over 4 steps (tanh and softplus): every element of x, W_ih, W_hh and
    /// b against fourth-order central differences, with every step's output in the loss.
    func testRNNGradientsThroughTime() {
        for activation in [Activation.tanh, .softplus] {
            let x = randomTensor([3, 4, 2], seed: 1), wih = randomTensor([5, 2], seed: 2, scale: 0.6)
            let whh = randomTensor([5, 5], seed: 3, scale: 0.6), b = randomTensor([5], seed: 4, scale: 0.3)
            assertGradientsMatch([x, wih, whh, b]) { t, v in
                var h = t.constant(Tensor.zeros([3, 5]))
                var steps: [Variable] = []
                for s in 0..<4 {
                    h = t.rnnStep(t.timeStep(v[0], s), hidden: h, weightsIH: v[1], weightsHH: v[2], bias: v[3], activation: activation)
                    steps.append(h)
                }
                return self.weightedSum(t, t.stackSteps(steps))
            }
        }
    }

    /// BPTT of an LSTM over 4 steps: x, W_ih, W_hh, b against central differences, with the
    /// loss reading every hidden state and the last cell state.
    func testLSTMGradientsThroughTime() {
        let x = randomTensor([3, 4, 2], seed: 5), wih = randomTensor([12, 2], seed: 6, scale: 0.7)
        let whh = randomTensor([12, 3], seed: 7, scale: 0.7), b = randomTensor([12], seed: 8, scale: 0.5)
        assertGradientsMatch([x, wih, whh, b]) { t, v in
            var s = t.constant(Tensor.zeros([3, 6]))
            var hs: [Variable] = []
            for step in 0..<4 {
                s = t.lstmStep(t.timeStep(v[0], step), state: s, weightsIH: v[1], weightsHH: v[2], bias: v[3])
                hs.append(t.columns(s, 0..<3))
            }
            return t.add(self.weightedSum(t, t.stackSteps(hs)), self.weightedSum(t, t.columns(s, 3..<6), seed: 5))
        }
        // From a non-zero starting state, whose gradient is checked too.
        let state = randomTensor([3, 6], seed: 9)
        assertGradientsMatch([randomTensor([3, 2], seed: 10), state, wih, whh, b]) { t, v in
            self.weightedSum(t, t.lstmStep(v[0], state: v[1], weightsIH: v[2], weightsHH: v[3], bias: v[4]))
        }
    }

    func sequenceStack(_ cell: RecurrentLayer.Cell, sequence: Bool, seed: Int = 3) throws -> LayerStack {
        var stack = LayerStack(input: .sequence(steps: 5, features: 2), seed: seed)
        try stack.add(.recurrent(cell: cell, hidden: 4, activation: .tanh, sequence: sequence))
        try stack.add(.dense(units: 3, activation: .identity, skip: false))
        return stack
    }

    func assertChecks(_ network: Network, _ objective: Objective, targets: Tensor, rows: Int,
                      file: StaticString = #filePath, line: UInt = #line) throws {
        let x = randomTensor([rows, network.inputs], seed: 21)
        let check = try GradientCheck.run(network: network, inputs: x, targets: targets, objective: objective, seed: 3)
        XCTAssertEqual(check.entries.count, network.parameterCount, file: file, line: line)
        for e in check.entries {
            XCTAssert(e.relativeError < 1e-6 || abs(e.analytic - e.numeric) < 1e-10,
                      "\(e.parameter)[\(e.index)]: analytic \(e.analytic), numeric \(e.numeric)", file: file, line: line)
        }
    }

    /// Whole stacks: rnn and lstm, many-to-one (ce, mse) and many-to-many (a dense layer on
    /// every step, ce with one class per step, mse with one value per step), stacked cells.
    func testStackGradientsThroughTime() throws {
        for cell in [RecurrentLayer.Cell.rnn, .lstm] {
            let last = Network(stack: try sequenceStack(cell, sequence: false))
            try assertChecks(last, Objective(loss: .mse), targets: randomTensor([3, 3], seed: 1), rows: 3)
            var softmax = try sequenceStack(cell, sequence: false)
            try softmax.add(.dense(units: 2, activation: .softmax, skip: false))
            try assertChecks(Network(stack: softmax), Objective(loss: .ce, regularization: Regularization(l1: 0, l2: 0.01)),
                             targets: Tensor([0, 1, 1]), rows: 3)
            var all = try sequenceStack(cell, sequence: true)
            XCTAssertEqual(all.outputShape, .sequence(steps: 5, features: 3))
            try assertChecks(Network(stack: all), Objective(loss: .mse), targets: randomTensor([2, 15], seed: 2), rows: 2)
            try all.add(.recurrent(cell: cell, hidden: 2, activation: .tanh, sequence: true))
            try all.add(.dense(units: 3, activation: .softmax, skip: false))
            try assertChecks(Network(stack: all), Objective(loss: .ce), targets: Tensor([0, 1, 2, 2, 1, 0, 0, 0, 1, 2]), rows: 2)
        }
    }

    /// Sequence outputs average the loss over steps and samples: mse on n × T × k is the mean
    /// over every element, and ce on n × T steps is the mean over the n·T steps' losses.
    func testSequenceLossesAverageOverSteps() throws {
        var stack = try sequenceStack(.rnn, sequence: true)
        try stack.add(.dense(units: 2, activation: .softmax, skip: false))
        let x = randomTensor([2, 10], seed: 4)
        let probabilities = Network(stack: stack).predict(x)
        XCTAssertEqual(probabilities.shape, [2, 10])
        let classes: [Int] = [0, 1, 1, 0, 1, 1, 1, 0, 0, 1]
        var expected = 0.0
        for s in 0..<2 { for t in 0..<5 { expected -= log(probabilities.scalars[s * 10 + t * 2 + classes[s * 5 + t]]) } }
        expected /= 10
        var g = SeededGenerator(seed: 0)
        let result = try stack.gradients(inputs: x, targets: Tensor(classes.map(Double.init)), objective: Objective(loss: .ce), generator: &g)
        XCTAssertEqual(result.loss, expected, accuracy: 1e-12)
    }

    func testShapesCountsAndInit() throws {
        var stack = LayerStack(input: .sequence(steps: 20, features: 1), seed: 1)
        try stack.add(.recurrent(cell: .lstm, hidden: 32, activation: .tanh, sequence: false))
        try stack.add(.dense(units: 1, activation: .identity, skip: false))
        XCTAssertEqual(stack.shapes, [.flat(32), .flat(1)])
        // 4H·(N + H + 1) = 128·34, as torch.nn.LSTM(1, 32) with bias_hh counted apart would not.
        XCTAssertEqual(stack.layers[0].parameterCount, 4352)
        XCTAssertEqual(stack.parameterNames, ["wih1", "whh1", "b1", "w2", "b2"])
        XCTAssertEqual(stack.describe(0), "lstm 32 seq=last")
        let limit = 1 / 32.0.squareRoot()
        for t in stack.parameters.prefix(3) {
            XCTAssertTrue(t.scalars.allSatisfy { abs($0) <= limit })
            XCTAssertGreaterThan(t.scalars.map(abs).max()!, limit * 0.9)
        }
        var rnn = LayerStack(input: .sequence(steps: 7, features: 3), seed: 2)
        try rnn.add(.recurrent(cell: .rnn, hidden: 5, activation: .relu, sequence: true))
        XCTAssertEqual(rnn.outputShape, .sequence(steps: 7, features: 5))
        XCTAssertEqual(rnn.layers[0].parameterCount, 5 * (3 + 5 + 1))
        XCTAssertEqual(rnn.describe(0), "rnn 5 relu seq=all")
        try rnn.add(.dense(units: 2, activation: .tanh, skip: false))
        XCTAssertEqual(rnn.outputShape, .sequence(steps: 7, features: 2))
        XCTAssertEqual(rnn.layers.count, 2)
    }

    func testShapeErrorsNameTheFix() throws {
        var flat = LayerStack(input: .flat(4), seed: 1)
        XCTAssertThrowsError(try flat.add(.recurrent(cell: .lstm, hidden: 3, activation: .tanh, sequence: false))) {
            XCTAssertEqual(($0 as! EngineError).message, "lstm reads a sequence, but the net's input is a vector of 4 features; start the net with net input TxN (T steps of N features), like 20x1")
        }
        var stack = LayerStack(input: .sequence(steps: 5, features: 2), seed: 1)
        try stack.add(.recurrent(cell: .rnn, hidden: 3, activation: .tanh, sequence: false))
        let before = stack
        XCTAssertThrowsError(try stack.add(.recurrent(cell: .lstm, hidden: 3, activation: .tanh, sequence: false))) {
            XCTAssertEqual(($0 as! EngineError).message, "lstm reads a sequence, but layer 2 gets a vector of 3 features; give the recurrent layer before it seq=all, or start the net with net input TxN, like 20x1")
        }
        XCTAssertEqual(stack, before)
    }

    /// ‖∂L/∂hₜ‖ from the tape: at the last step of a many-to-one RNN with a linear head and mse
    /// it is ‖(2/n)(ŷ − y)·w‖, by hand; earlier steps get only what flows back through W_hh.
    func testHiddenGradientNorms() throws {
        var stack = LayerStack(input: .sequence(steps: 6, features: 1), seed: 5)
        try stack.add(.recurrent(cell: .rnn, hidden: 3, activation: .tanh, sequence: false))
        try stack.add(.dense(units: 1, activation: .identity, skip: false))
        let x = randomTensor([4, 6], seed: 6), y = randomTensor([4, 1], seed: 7)
        let norms = try XCTUnwrap(stack.hiddenGradientNorms(inputs: x, targets: y, objective: Objective(loss: .mse)))
        XCTAssertEqual(norms.count, 6)
        let prediction = Network(stack: stack).predict(x)
        let w = stack.parameters[3].scalars
        var sum = 0.0
        for s in 0..<4 {
            let r = 2.0 / 4 * (prediction.scalars[s] - y.scalars[s])
            for j in 0..<3 { sum += (r * w[j]) * (r * w[j]) }
        }
        XCTAssertEqual(norms[5], sum.squareRoot(), accuracy: 1e-12)
        // Small recurrent weights: the gradient shrinks going back in time.
        var small = stack
        var p = small.parameters
        p[1] = p[1].scaled(by: 0.3)
        small.parameters = p
        let shrinking = try XCTUnwrap(small.hiddenGradientNorms(inputs: x, targets: y, objective: Objective(loss: .mse)))
        XCTAssertLessThan(shrinking[0], shrinking[5] / 10)
        var lstm = LayerStack(input: .sequence(steps: 6, features: 1), seed: 5)
        try lstm.add(.recurrent(cell: .lstm, hidden: 3, activation: .tanh, sequence: false))
        try lstm.add(.dense(units: 1, activation: .identity, skip: false))
        XCTAssertEqual(try lstm.hiddenGradientNorms(inputs: x, targets: y, objective: Objective(loss: .mse))?.count, 6)
        XCTAssertNil(try LayerStack(input: .flat(2), seed: 1).hiddenGradientNorms(inputs: x, targets: y, objective: Objective(loss: .mse)))
    }

    /// An LSTM learns to sum a short sequence through the trainer.
    func testTrainerTrainsAnLSTM() throws {
        var stack = LayerStack(input: .sequence(steps: 4, features: 1), seed: 8)
        try stack.add(.recurrent(cell: .lstm, hidden: 6, activation: .tanh, sequence: false))
        try stack.add(.dense(units: 1, activation: .identity, skip: false))
        let x = randomTensor([32, 4], seed: 9, scale: 0.5)
        let y = Tensor(shape: [32, 1], scalars: (0..<32).map { s in (0..<4).reduce(0) { $0 + x.scalars[s * 4 + $1] } })
        var trainer = Trainer(network: Network(stack: stack), objective: Objective(loss: .mse),
                              optimizer: OptimizerSettings(kind: .adam, learningRate: 0.03), seed: 1)
        let before = try trainer.evaluate(inputs: x, targets: y, classCount: nil).loss
        for _ in 0..<150 { try trainer.step(inputs: x, targets: y) }
        let after = try trainer.evaluate(inputs: x, targets: y, classCount: nil).loss
        XCTAssertLessThan(after, before / 10)
    }
}

/// Model files of recurrent layers: PyTorch's layouts and names, exact round trips.
final class RecurrentModelFileTests: XCTestCase {
    func testRoundTripIsExact() throws {
        var s = LayerStack(input: .sequence(steps: 3, features: 2), seed: 4)
        try s.add(.recurrent(cell: .rnn, hidden: 3, activation: .relu, sequence: true))
        try s.add(.dense(units: 2, activation: .tanh, skip: false))
        try s.add(.recurrent(cell: .lstm, hidden: 2, activation: .tanh, sequence: false))
        try s.add(.dense(units: 1, activation: .identity, skip: false))
        var p = s.parameters
        p[0].scalars[0] = 1.0000000000000002
        p[6].scalars[1] = -3e-17
        s.parameters = p
        let network = Network(stack: s)
        let text = ModelFile.encode(network, loss: .mse)
        XCTAssertTrue(text.contains("\"input_shape\": [3, 2]"))
        XCTAssertTrue(text.contains("{\"type\": \"rnn\", \"inputs\": 2, \"hidden\": 3, \"activation\": \"relu\", \"sequence\": \"all\","), text)
        XCTAssertTrue(text.contains("{\"type\": \"lstm\", \"inputs\": 2, \"hidden\": 2, \"sequence\": \"last\","), text)
        XCTAssertTrue(text.contains("\"weights_ih\": [["))
        let contents = try ModelFile.read(bytes: Array(text.utf8), file: "m.json")
        XCTAssertEqual(contents.network, network)
        XCTAssertEqual(contents.network.stack!.parameters.map(\.scalars), network.stack!.parameters.map(\.scalars))
        let x = randomTensor([3, 6], seed: 5)
        XCTAssertEqual(contents.network.predict(x), network.predict(x))
    }

    /// weights_ih is [4H][N] with the gates' blocks in the order i, f, g, o: a file whose
    /// f block alone is non-zero gives the step of a forget-gate-only LSTM.
    func testLSTMLayoutAndErrors() throws {
        var s = LayerStack(input: .sequence(steps: 1, features: 1), seed: 1)
        try s.add(.recurrent(cell: .lstm, hidden: 1, activation: .tanh, sequence: false))
        // Only the g gate's bias (row 2) and the i gate's (row 0) non-zero: c = σ(1)·tanh(0.5).
        s.parameters = [Tensor.zeros([4, 1]), Tensor.zeros([4, 1]), Tensor([1, 0, 0.5, 0])]
        let out = Network(stack: s).predict(Tensor(rows: [[3]]))
        XCTAssertEqual(out.scalars[0], 0.5 * tanh(1 / (1 + exp(-1)) * tanh(0.5)), accuracy: 1e-15)
        let text = ModelFile.encode(Network(stack: s), loss: nil)
        XCTAssertTrue(text.contains("\"bias\": [1.0, 0.0, 0.5, 0.0]"), text)
        func message(_ text: String) -> String {
            do { _ = try ModelFile.read(bytes: Array(text.utf8), file: "m.json"); return "no error" } catch { return "\(error)" }
        }
        XCTAssertTrue(message(text.replacingOccurrences(of: "\"hidden\": 1", with: "\"hidden\": 2")).contains("layers[0].weights_ih"))
        XCTAssertTrue(message(text.replacingOccurrences(of: "\"sequence\": \"last\"", with: "\"sequence\": \"first\"")).contains("layers[0].sequence"))
    }
}
