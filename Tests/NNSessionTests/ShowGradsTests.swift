import Foundation
import NNData
import NNEngine
import NNSession
import XCTest

/// `show grads`: ‖∂L/∂W‖ of every dense or conv layer on the training split, for dense nets and
/// nets built layer by layer, equal to the gradient the engine computes, and the facts that
/// read it.
final class ShowGradsTests: SessionTestCase {
    /// The ‖∂L/∂W‖ column, one number per row.
    func norms(_ text: String) -> [Double] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count >= 3, Int(fields[0]) != nil else { return nil }
            return Double(fields.last!)
        }
    }

    func testAConvNetsGradientsMatchTheEngine() throws {
        run("data load \(TestPaths.datasets)/digits.csv shape=1x8x8")
        run("net input 1x8x8 seed=2")
        run("layer conv 4 size=3 act=relu")
        run("layer maxpool")
        run("layer dense 10 act=softmax")
        let text = run("show grads")
        XCTAssertTrue(text.contains("‖∂L/∂W‖ per layer on the training split"), text)
        XCTAssertTrue(text.contains("conv 4 3×3 relu") && text.contains("dense 10 softmax"), text)
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let shown = norms(text)
        XCTAssertEqual(shown.count, 2)
        // The engine's own gradients of the whole training split: W of the conv layer and of the dense one.
        let trainer = try XCTUnwrap(session.state.trainer)
        let data = try XCTUnwrap(session.state.data)
        let stack = try XCTUnwrap(trainer.network.stack)
        var generator = SeededGenerator(seed: session.state.seed)
        let result = try stack.gradients(inputs: data.trainInputs, targets: data.trainTargets, objective: trainer.objective,
                                         generator: &generator)
        let weights = zip(result.gradients, stack.parameterIsWeight).filter(\.1).map(\.0.norm)
        XCTAssertEqual(weights.count, 2)
        for (a, b) in zip(shown, weights) { XCTAssertEqual(a, b, accuracy: 5e-4 * b) }
        guard case .success(.number(let first)) = session.fact("grad_first"),
              case .success(.number(let last)) = session.fact("grad_last") else { return XCTFail("no gradient facts") }
        XCTAssertEqual(first, weights[0], accuracy: 1e-12)
        XCTAssertEqual(last, weights[1], accuracy: 1e-12)
        XCTAssertEqual(session.fact("conv_layers"), .success(.number(1)))
        XCTAssertEqual(session.fact("hidden_layers"), .success(.number(1)))
        XCTAssertEqual(session.fact("activation"), .success(.text("relu")))
        // weight_norm counts the conv and dense weights, not the biases.
        let norm = zip(stack.parameters, stack.parameterIsWeight).filter(\.1).reduce(0) { $0 + $1.0.sumOfSquares }.squareRoot()
        XCTAssertEqual(session.fact("weight_norm"), .success(.number(norm)))

        // `plot gradnorm` draws the same norms, one bar per weight layer, and `plot hist` the
        // tensors themselves (a layer without weights is refused, naming those with weights).
        let bars = run("plot gradnorm").split(separator: "\n").filter { $0.hasPrefix("layer ") }
        XCTAssertEqual(bars.map { String($0.split(separator: " ")[1]) }, ["1", "4"]) // layer 3 is the flatten the dense layer put in
        for (bar, norm) in zip(bars, weights) { XCTAssertEqual(Double(bar.split(separator: " ").last!)!, norm, accuracy: 5e-3 * norm) }
        XCTAssertTrue(run("plot hist weights layer=1").contains("n=36 "), "the conv layer's 4×1×3×3 weights")
        XCTAssertTrue(run("plot hist grads").contains("n=396 "), "36 conv and 360 dense weights")
        XCTAssertEqual(failure("plot hist weights layer=2"), "layer 2 has no weights; the layers with weights are 1, 4")
    }

    func testARecurrentLayersTwoWeightMatricesHaveABarEach() {
        run("data seq sine n=100 steps=6 seed=1")
        run("net input 6x1 seed=3")
        run("layer lstm 4")
        run("layer dense 1 act=identity")
        let bars = run("plot gradnorm").split(separator: "\n").filter { $0.hasPrefix("layer ") }
        XCTAssertEqual(bars.count, 3, bars.joined(separator: "\n"))
        XCTAssertTrue(bars[0].hasPrefix("layer 1 W_ih ") && bars[1].hasPrefix("layer 1 W_hh ") && bars[2].hasPrefix("layer 2 "),
                      bars.joined(separator: "\n"))
        XCTAssertTrue(run("show grads").contains("lstm"), "show grads lists each weight matrix too")
        XCTAssertTrue(run("plot hist weights layer=1").contains("n=80 "), "W_ih 16×1 and W_hh 16×4")
    }

    func testADenseNetMatchesPlotGradnormAndTheFacts() throws {
        run("data circle n=100 seed=1")
        run("net 2-4-4-1 act=sigmoid seed=1")
        let text = run("show grads")
        let shown = norms(text)
        XCTAssertEqual(shown.count, 3)
        XCTAssertTrue(text.contains("dense 4 sigmoid"), text)
        guard case .success(.number(let first)) = session.fact("grad_first") else { return XCTFail("no grad_first") }
        XCTAssertEqual(shown[0], first, accuracy: 5e-4 * first)
        XCTAssertEqual(session.fact("conv_layers"), .success(.number(0)))
        XCTAssertEqual(session.fact("skip_layers"), .success(.number(0)))
        XCTAssertEqual(session.fact("hidden_layers"), .success(.number(2)))
        run("batchnorm on")
        run("net 2-4-4-1 act=sigmoid seed=1")
        XCTAssertTrue(run("show grads").contains("dense 4 sigmoid batchnorm"))
    }

    func testShowGradsNeedsANetAndData() {
        XCTAssertTrue(session.failureMessage(of: "show grads").contains("no network yet"))
        run("net 2-4-1")
        XCTAssertTrue(session.failureMessage(of: "show grads").contains("no data yet"))
        run("data xor")
        run("net 3-4-1")
        XCTAssertFalse(session.failureMessage(of: "show grads").isEmpty)
    }
}
