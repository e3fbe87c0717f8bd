import NNEngine
import XCTest

/// Every loss checks its targets before it reads them: a class index out of range, a label
/// that is not 0/1 (±1 for hinge), or a value that is not finite throws `TargetError`, and
/// training and inspection never reach a kernel with such a target.
final class LossTargetTests: XCTestCase {
    let logits3 = Tensor(shape: [2, 3], scalars: [0.1, 0.2, 0.3, 1, -1, 0])
    let column2 = Tensor(shape: [2, 1], scalars: [0.3, -0.4])

    func problem(_ loss: Loss, _ head: Tensor, _ targets: Tensor) -> TargetError.Problem? {
        do {
            _ = try loss.evaluate(head: head, targets: targets)
            return nil
        } catch {
            return error.problem
        }
    }

    func testCrossEntropyTakesOnlyWholeClassIndicesInRange() {
        XCTAssertNil(problem(.ce, logits3, Tensor([0, 2])))
        for bad in [7, 3, -1, 1.5, .nan, .infinity, -.infinity, 1e19, 100_000_000] {
            XCTAssertEqual(problem(.ce, logits3, Tensor([0, bad])), .notAClass(classes: 3), "target \(bad)")
        }
        XCTAssertEqual(problem(.ce, logits3, Tensor([0, 1, 2])), .count(given: 3, expected: 2))
    }

    func testOneHotMeanSquaredErrorTakesClassIndicesInRange() {
        XCTAssertNil(problem(.mse, logits3, Tensor([1, 2])))
        XCTAssertEqual(problem(.mse, logits3, Tensor([1, 3])), .notAClass(classes: 3))
        XCTAssertEqual(problem(.mse, logits3, Tensor([1, 0.5])), .notAClass(classes: 3))
    }

    func testMeanSquaredErrorTakesFiniteValues() {
        XCTAssertNil(problem(.mse, column2, Tensor(shape: [2, 1], scalars: [5, -1e300])))
        XCTAssertEqual(problem(.mse, column2, Tensor(shape: [2, 1], scalars: [1, .nan])), .notFinite)
        XCTAssertEqual(problem(.mse, column2, Tensor(shape: [2, 1], scalars: [.infinity, 1])), .notFinite)
        XCTAssertEqual(problem(.mse, column2, Tensor([1, 2, 3])), .count(given: 3, expected: 2))
    }

    func testBinaryCrossEntropyTakesZeroOrOne() {
        XCTAssertNil(problem(.bce, column2, Tensor([0, 1])))
        for bad in [2, -1, 0.5, .nan, 1e999] {
            XCTAssertEqual(problem(.bce, column2, Tensor([1, bad])), .notBinary, "label \(bad)")
        }
    }

    func testHingeTakesPlusOrMinusOneOrZeroOrOne() {
        XCTAssertNil(problem(.hinge, column2, Tensor([-1, 1])))
        XCTAssertNil(problem(.hinge, column2, Tensor([0, 1])))
        XCTAssertEqual(problem(.hinge, column2, Tensor([2, 1])), .notAHingeLabel)
        XCTAssertEqual(problem(.hinge, column2, Tensor([.nan, 1])), .notAHingeLabel)
    }

    func testTheMessageNamesTheSampleTheValueAndTheRange() {
        let error = TargetError(loss: .ce, problem: .notAClass(classes: 3), sample: 1, value: 7)
        XCTAssertEqual(error.description, "the target of sample 1 is 7, but cross-entropy reads a class index: " +
                       "a whole number from 0 to 2 for a net with 3 outputs")
        XCTAssertEqual(TargetError(loss: .mse, problem: .notFinite, value: .infinity).description,
                       "the target of sample 0 is infinite; mean squared error needs a finite number")
    }

    func testTrainingStepThrowsAndLeavesTheNetworkAsItWas() throws {
        // A plain dense stack (the tape-free pass) and one with dropout (the tape).
        for dropout in [0.0, 0.5] {
            var network = Network(spec: try NetworkSpec.parse("2-4-3", hidden: .relu, output: .softmax), seed: 1)
            if dropout > 0 { network.dropout = Dropout(probability: dropout) }
            var trainer = Trainer(network: network, objective: Objective(loss: .ce),
                                  optimizer: OptimizerSettings(kind: .adam, learningRate: 0.1))
            let before = trainer.network
            let x = Tensor(shape: [2, 2], scalars: [0.5, -1, 1, 2])
            XCTAssertThrowsError(try trainer.step(inputs: x, targets: Tensor([0, 100_000_000]))) { error in
                XCTAssertEqual((error as? TargetError)?.problem, .notAClass(classes: 3), "dropout \(dropout)")
            }
            XCTAssertEqual(trainer.network, before)
            XCTAssertEqual(trainer.stepsDone, 0)
            XCTAssertNoThrow(try trainer.step(inputs: x, targets: Tensor([0, 2])))
        }
    }

    func testGradientCheckAndEvaluationThrow() throws {
        let network = Network(spec: try NetworkSpec.parse("2-3-1", hidden: .tanh, output: .sigmoid), seed: 2)
        let x = Tensor(shape: [1, 2], scalars: [1, 2])
        XCTAssertThrowsError(try GradientCheck.run(network: network, inputs: x, targets: Tensor([3]), objective: Objective(loss: .bce)))
        let trainer = Trainer(network: network, objective: Objective(loss: .bce), optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.1))
        XCTAssertThrowsError(try trainer.evaluate(inputs: x, targets: Tensor([.nan]), classCount: 2))
    }

    func testAccuracyNeverTrapsOnATargetThatIsNotAClass() {
        let outputs = Tensor(shape: [3, 1], scalars: [0.9, 0.1, 0.7])
        XCTAssertEqual(Metrics.accuracy(outputs, targets: Tensor([1, .infinity, 1e19]), threshold: 0.5), 1.0 / 3.0)
    }
}
