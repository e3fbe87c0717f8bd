import Foundation
import NNData
import NNEngine
import NNLessons
import NNSession
import XCTest

/// `val=`, `eval`'s metrics, `plot confusion`, `set threshold=`, `loss ce weights=` and
/// `loss bce pos_weight=`: their output, their facts, and errors that change nothing.
final class EvaluationCommandTests: SessionTestCase {
    override var lessonsFolder: String { TestPaths.lessons }

    func number(_ fact: String) -> Double? {
        if case .success(.number(let value)) = session.fact(fact) { return value }
        return nil
    }

    func assertFits(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        for row in text.split(separator: "\n") { XCTAssertLessThanOrEqual(row.count, 80, String(row), file: file, line: line) }
    }

    func testValidationSplitIsReportedAndEvaluated() {
        XCTAssertTrue(run("data xor n=200 seed=1 val=0.25").hasPrefix("data xor: 120 train, 40 val, 40 test"))
        XCTAssertTrue(run("data show").contains("rows      200 (120 train, 40 val, 40 test)"))
        XCTAssertEqual(number("val_size"), 40)
        XCTAssertEqual(number("train_size"), 120)
        run("loss bce; net 2-8-1 act=tanh seed=1; opt adam lr=0.05; train epochs=100")
        let eval = run("eval")
        let lines = eval.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[4].hasPrefix("val loss   "), eval)
        XCTAssertTrue(lines[5].hasPrefix("val acc    "), eval)
        XCTAssertEqual(Double(lines[4].dropFirst(11)) ?? .nan, number("val_loss") ?? 0, accuracy: 5e-7)
        XCTAssertEqual(Double(lines[5].dropFirst(11)) ?? .nan, number("val_acc") ?? 0, accuracy: 5e-5)
        XCTAssertTrue(eval.contains("\nval    1 "), eval)
        // The training set's own figures are what the engine computes on the validation rows.
        let dataset = session.data!, trainer = session.trainer!
        let direct = try! trainer.evaluate(inputs: dataset.validationInputs, targets: dataset.validationTargets, classCount: 2)
        XCTAssertEqual(number("val_loss")!, direct.loss, accuracy: 1e-12)
        XCTAssertEqual(failure("data xor val=1"), "val must be in [0, 1): the share of the non-test rows held out for validation (e.g. val=0.2), got 1")
        XCTAssertTrue(run("data load \(TestPaths.datasets)/iris.csv val=0.2 seed=3").hasPrefix("data iris: 96 train, 24 val, 30 test"))
    }

    func testPatienceWatchesValidationAndNeedsASplit() {
        run("data circle n=200 test=0 val=0.3 seed=2; loss bce; net 2-32-1 act=tanh seed=1; opt adam lr=0.05")
        XCTAssertTrue(run("train epochs=5 patience=2").contains("epochs"), "a validation split alone is enough to watch")
        // A test split alone is not watched: the error names the fix, and nothing trains.
        run("data circle n=200 test=0.2 seed=2; net 2-32-1 act=tanh seed=1")
        XCTAssertEqual(failure("train epochs=5 patience=2"), "patience watches a validation split, and this data has none; " +
                       "make one with val=0.2 (data circle … val=0.2), so the test split stays unseen")
        XCTAssertEqual(session.trainer!.epochsDone, 0, "nothing trained")
        run("data load \(TestPaths.datasets)/iris.csv seed=3; loss ce; net 4-8-3 seed=1")
        let loaded = failure("train epochs=5 patience=2")
        XCTAssertTrue(loaded.contains("(data load … val=0.2)"), loaded)
    }

    func testMetricsFitEightyColumnsForTenClasses() {
        run("data load \(TestPaths.datasets)/digits.csv val=0.2 seed=1; net 64-16-10 seed=1; train epochs=3")
        let eval = run("eval")
        assertFits(eval)
        XCTAssertTrue(eval.contains("\ntest   macro "), eval)
        XCTAssertTrue(eval.contains("\nval    macro "), eval)
        let confusion = run("plot confusion")
        assertFits(confusion)
        XCTAssertTrue(confusion.hasPrefix("confusion · test split · "), confusion)
        XCTAssertEqual(confusion.split(separator: "\n").count, 13, confusion)
        // The facts are the macro averages over the ten classes, counted here independently.
        let dataset = session.data!, outputs = session.trainer!.network.predict(dataset.testInputs)
        var tp = [Double](repeating: 0, count: 10), predicted = tp, actual = tp
        for r in 0..<outputs.rows {
            let row = (0..<10).map { outputs[r, $0] }
            let guess = row.indices.max { row[$0] < row[$1] }!, truth = Int(dataset.testTargets.scalars[r])
            predicted[guess] += 1
            actual[truth] += 1
            if guess == truth { tp[truth] += 1 }
        }
        let precision = (0..<10).map { predicted[$0] > 0 ? tp[$0] / predicted[$0] : 0 }
        let recall = (0..<10).map { actual[$0] > 0 ? tp[$0] / actual[$0] : 0 }
        let f1 = (0..<10).map { precision[$0] + recall[$0] > 0 ? 2 * precision[$0] * recall[$0] / (precision[$0] + recall[$0]) : 0 }
        XCTAssertEqual(number("precision")!, precision.reduce(0, +) / 10, accuracy: 1e-12)
        XCTAssertEqual(number("recall")!, recall.reduce(0, +) / 10, accuracy: 1e-12)
        XCTAssertEqual(number("f1")!, f1.reduce(0, +) / 10, accuracy: 1e-12)
    }

    /// precision, recall and f1 read class 1 of the test split, from the same counts `plot
    /// confusion` prints, and the threshold moves them.
    func testConfusionAndFactsAgree() throws {
        run("data load \(TestPaths.lessons)/data/rare-events.csv seed=1 test=0.3 val=0.3; loss bce; net 2-8-1 seed=1; opt adam lr=0.02; train epochs=200")
        let table = run("plot confusion")
        XCTAssertTrue(table.contains("0            114  0  1.0000"), table)
        XCTAssertTrue(table.contains("1              1  5  0.8333"), table)
        XCTAssertEqual(number("precision"), 1)
        XCTAssertEqual(number("recall")!, 5.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(number("f1")!, 2 * (5.0 / 6) / (1 + 5.0 / 6), accuracy: 1e-12)
        XCTAssertEqual(number("threshold"), 0.5)
        XCTAssertTrue(run("set threshold=0.2").hasPrefix("set threshold 0.2: class 1 when the sigmoid output ≥ 0.2"))
        XCTAssertEqual(number("threshold"), 0.2)
        XCTAssertEqual(number("recall"), 1)
        XCTAssertTrue(run("plot confusion").contains("1              0  6  1.0000"))
        // The threshold survives a new net and goes with `default`.
        run("net 2-8-1 seed=1")
        XCTAssertEqual(number("threshold"), 0.2)
        run("set threshold=default")
        XCTAssertEqual(number("threshold"), 0.5)
        XCTAssertEqual(failure("set threshold=1.5"),
                       "threshold needs a number between 0 and 1 (a sigmoid output is class 1 when it is at least the threshold), like threshold=0.3, or threshold=default")
        run("data sine; loss mse; net 1-4-1")
        XCTAssertEqual(failure("plot confusion").prefix(25), "a confusion matrix counts")
    }

    func testClassWeightsAndTheirErrors() throws {
        run("data spiral n=150 classes=3 seed=1")
        XCTAssertEqual(failure("loss ce weights=[1, 2]"), "weights= has 2 values but the data has 3 classes; give one weight per class")
        XCTAssertEqual(failure("loss ce weights=[1, -2, 1]"), "class weights must be zero or positive numbers (got -2)")
        XCTAssertEqual(failure("loss ce weights=[0, 0, 0]"), "at least one class weight must be positive")
        XCTAssertEqual(failure("loss ce weights=[1, a, 1]"), "weights needs a list of numbers, one per class, like weights=[1, 5]")
        XCTAssertEqual(failure("loss bce weights=[1, 2]"), "weights= is for loss ce (one weight per class); for bce weigh the positive class with pos_weight=X")
        XCTAssertEqual(failure("loss ce pos_weight=3"), "pos_weight= is for loss bce (a sigmoid output); for ce give one weight per class with weights=[…]")
        XCTAssertEqual(failure("loss bce pos_weight=-1"), "pos_weight must be zero or a positive number (got -1)")
        XCTAssertEqual(run("loss ce weights=[1, 2, 3]"), "loss ce weights=[1, 2, 3]\n")
        if case .success(.bool(let on)) = session.fact("class_weights") { XCTAssertTrue(on) } else { XCTFail("class_weights") }
        run("net 2-8-3 seed=1")
        XCTAssertEqual(session.trainer?.objective.weights, LossWeights(classes: [1, 2, 3]))
        // The loss the session reports is the weighted one.
        let dataset = session.data!, trainer = session.trainer!
        let (logits, _) = trainer.network.infer(dataset.trainInputs)
        let weighted = try Loss.ce.evaluate(head: logits, targets: dataset.trainTargets, weights: LossWeights(classes: [1, 2, 3])).value
        XCTAssertEqual(number("train_loss")!, weighted, accuracy: 1e-12)
        // A grads file holds the weighted loss; the model file round-trips as before.
        let gradsFile = folder.appendingPathComponent("g.json"), modelFile = folder.appendingPathComponent("m.json")
        run("grads save \(gradsFile.path); save \(modelFile.path)")
        let grads = try JSONSerialization.jsonObject(with: Data(contentsOf: gradsFile)) as? [String: Any]
        XCTAssertEqual(grads?["loss"] as? Double ?? .nan, weighted, accuracy: 1e-9)
        let loaded = run("load \(modelFile.path)")
        XCTAssertTrue(loaded.hasPrefix("loaded 2-8:tanh-3:softmax"), loaded)
        // A new data set whose class count the weights do not fit is caught before training.
        run("data spiral n=150 classes=4 seed=1; net 2-8-4 seed=1")
        XCTAssertEqual(failure("train epochs=1"), "weights= has 3 values but the data has 4 classes; give one weight per class, e.g. `loss ce weights=[1, 5]`")
        // `loss ce` without weights drops them; pos_weight reads 1 when not set.
        run("loss ce")
        if case .success(.bool(let on)) = session.fact("class_weights") { XCTAssertFalse(on) } else { XCTFail("class_weights") }
        XCTAssertEqual(number("pos_weight"), 1)
        run("data xor seed=1; loss bce pos_weight=4; net 2-4-1 seed=1")
        XCTAssertEqual(number("pos_weight"), 4)
    }
}
