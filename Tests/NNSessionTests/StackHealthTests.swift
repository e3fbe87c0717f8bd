import Foundation
import NNEngine
import NNSession
import XCTest

/// The health lenses on a net built layer by layer: a conv layer's dead filters, a tanh
/// layer's saturation and every weight layer's update ratio, numbered as `show net` numbers
/// the layers — what the dashboard's health panel shows for such nets.
final class StackHealthTests: SessionTestCase {
    func testAConvNetsDeadFiltersSaturationAndUpdateRatios() throws {
        run("data load \(TestPaths.datasets)/digits.csv shape=1x8x8")
        run("net input 1x8x8 seed=2")
        run("layer conv 4 size=3 act=relu")
        run("layer maxpool")
        run("layer dense 16 act=tanh")
        run("layer dense 10 act=softmax")
        // Filter 2 can never fire; the other three always do (|W·x| stays far below 100 here).
        run("set b1[0]=100 b1[1]=-100 b1[2]=100 b1[3]=100")
        let network = try XCTUnwrap(session.state.trainer?.network)
        let probe = try XCTUnwrap(session.state.data).trainInputs.gatherRows(Array(0..<64))
        let before = NetworkHealth.measuredWeights(of: network)
        XCTAssertEqual(before.map(\.shape), [[4, 1, 3, 3], [16, 36], [10, 16]])

        let health = NetworkHealth.measure(network, probe: probe)
        XCTAssertEqual(health.layers.map(\.number), [1, 4, 5], "conv, then the two dense layers (2 is the pool, 3 the flatten)")
        XCTAssertEqual(health.layers.map(\.activation), [.relu, .tanh, .softmax])
        XCTAssertEqual(health.layers[0].deadShare, 0.25, "one filter of four is dead")
        XCTAssertNil(health.layers[0].saturatedShare)
        // The tanh layer's share is the count of |tanh z| > 0.99 over 64 × 16 outputs.
        let tape = Tape()
        var generator = SeededGenerator(seed: 0)
        let stack = try XCTUnwrap(network.stack)
        let pass = stack.record(on: tape, inputs: probe, mode: .inference, generator: &generator, trainable: false)
        let z = tape.value(try XCTUnwrap(pass.preActivations[3]))
        let saturated = z.scalars.filter { abs(Foundation.tanh($0)) > 0.99 }.count
        XCTAssertEqual(health.layers[1].saturatedShare, Double(saturated) / 1024)
        XCTAssertNil(health.layers[2].deadShare)
        XCTAssertTrue(health.layers.allSatisfy { $0.updateRatio == nil }, "no update without the weights before one")

        // One step: each ratio is ‖W − W_before‖/‖W_before‖ of its own layer.
        run("step")
        let after = try XCTUnwrap(session.state.trainer?.network)
        let stepped = NetworkHealth.measure(after, probe: probe, previousWeights: before)
        for (i, (old, new)) in zip(before, NetworkHealth.measuredWeights(of: after)).enumerated() {
            let change = zip(new.scalars, old.scalars).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            XCTAssertEqual(stepped.layers[i].updateRatio!, change / old.norm, accuracy: 1e-12 * max(change / old.norm, 1))
            XCTAssertGreaterThan(stepped.layers[i].updateRatio!, 0)
        }
    }
}
