import NNData
import NNEngine
import XCTest

/// `Network.infer` runs plain dense stacks without a tape; its logits and outputs must be the
/// tape's inference pass's to the last bit, for every activation and in blocks of 512 rows (which
/// `infer` shares out over the worker pool: each block's numbers are the same on any thread).
final class DenseInferenceTests: XCTestCase {
    /// The tape's inference pass over all rows at once, block by block as `infer` cuts them.
    func tapeInference(_ network: Network, _ inputs: Tensor) -> (logits: [Double], outputs: [Double]) {
        var logits: [Double] = [], outputs: [Double] = []
        var start = 0
        while start < inputs.rows {
            let end = min(start + 512, inputs.rows)
            let tape = Tape()
            var generator = SeededGenerator(seed: 0)
            let pass = network.record(on: tape, inputs: inputs.gatherRows(Array(start..<end)), mode: .inference,
                                      generator: &generator, trainable: false)
            logits += tape.value(pass.logits).scalars
            outputs += tape.value(pass.output).scalars
            start = end
        }
        return (logits, outputs)
    }

    func testEveryActivationGivesTheTapesNumbers() throws {
        let spiral = try DatasetGenerator.make("spiral", n: 1100, seed: 4, classes: 3, test: 0)
        let hidden = Activation.allCases.filter { $0 != .softmax }
        for activation in hidden {
            for output in [Activation.softmax, .sigmoid, .identity, activation] {
                let width = output == .softmax ? 3 : 2
                let network = Network(spec: try NetworkSpec.parse("2-12-9-\(width)", hidden: activation, output: output), seed: 3)
                let fast = network.infer(spiral.trainInputs)
                let tape = tapeInference(network, spiral.trainInputs)
                XCTAssertEqual(fast.logits.shape, [1100, width])
                XCTAssertEqual(fast.logits.scalars.map(\.bitPattern), tape.logits.map(\.bitPattern), "\(activation) → \(output)")
                XCTAssertEqual(fast.outputs.scalars.map(\.bitPattern), tape.outputs.map(\.bitPattern), "\(activation) → \(output)")
            }
        }
    }

    func testDropoutAndBatchNormStillInferOnTheTape() throws {
        let spiral = try DatasetGenerator.make("spiral", n: 300, seed: 4, classes: 3, test: 0)
        var network = Network(spec: try NetworkSpec.parse("2-8-3", hidden: .tanh, output: .softmax), seed: 3)
        network.dropout = Dropout(probability: 0.5, scaling: .classic)
        let scaled = network.infer(spiral.trainInputs)
        let tape = tapeInference(network, spiral.trainInputs)
        XCTAssertEqual(scaled.outputs.scalars, tape.outputs, "classic dropout scales the hidden units at inference")
        network.dropout = nil
        network.setBatchNorm(true)
        XCTAssertEqual(network.infer(spiral.trainInputs).outputs.scalars, tapeInference(network, spiral.trainInputs).outputs)
    }
}
