import Foundation
import NNEngine
import NNLessons
import NNSession
import XCTest

/// The information-theory lesson: every number it quotes, read from the engine's output of the
/// lesson's own blocks and recomputed independently (entropies by hand, the loss from `eval`'s
/// path, the split H(p) + KL), and the `entropy` command and `loss ce smoothing=` it relies on.
final class InformationTheoryLessonTests: XCTestCase {
    var scratch: String!

    override func setUp() { scratch = TestFolders.temporary("nnlab-information") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    // MARK: Helpers

    /// The lesson run in plain mode from a fresh session, and its source flattened.
    func lesson() throws -> (text: String, source: String) {
        let course = Course.load(folder: TestFolders.lessons)
        let lesson = try XCTUnwrap(course.lessons.first { $0.id == "information-theory" })
        let (text, success) = LessonRunner.plain(lesson: lesson, session: TestFolders.session(data: scratch), solve: false)
        XCTAssertTrue(success, "the lesson runs")
        let raw = try String(contentsOfFile: (TestFolders.lessons as NSString).appendingPathComponent("information-theory.md"), encoding: .utf8)
        let flat = raw.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return (text, flat)
    }

    /// The outputs of every run of a command line in a plain lesson, in order.
    func outputs(of line: String, in text: String) -> [String] {
        text.components(separatedBy: "nnlab> ").dropFirst().compactMap { chunk in
            chunk.hasPrefix(line + "\n") ? String(chunk.dropFirst(line.count + 1)) : nil
        }
    }

    /// The numbers of an `entropy` table row: train nats, train bits, test nats, test bits.
    func row(_ label: String, in output: String) -> [Double] {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(label) }) else {
            XCTFail("no row \(label) in:\n\(output)")
            return []
        }
        return line.dropFirst(label.count).split(separator: " ").compactMap { Double($0) }
    }

    func session(_ lines: [String]) throws -> Session {
        let session = TestFolders.session(data: scratch)
        for line in lines { try LessonRunner.runLine(line, session: session) { _ in } }
        return session
    }

    func number(_ session: Session, _ fact: String) -> Double {
        guard case .success(.number(let value)) = session.fact(fact) else {
            XCTFail("fact \(fact) has no number: \(session.fact(fact))")
            return .nan
        }
        return value
    }

    func entropy(_ p: [Double]) -> Double { p.filter { $0 > 0 }.map { -$0 * log($0) }.reduce(0, +) }

    func fourDecimals(_ x: Double) -> String { String(format: "%.4f", x) }

    // MARK: The lesson's numbers

    func testEveryQuotedNumberIsWhatTheEnginePrints() throws {
        let (text, source) = try lesson()
        let tables = outputs(of: "entropy", in: text)
        XCTAssertEqual(tables.count, 7)
        for table in tables {
            for line in table.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
        }
        // Page 1: three balanced clouds: H(Y) = ln 3 nats = log₂ 3 bits; the untrained net's CE.
        let clouds = row("H(Y) labels", in: tables[0])
        XCTAssertEqual(clouds[0], log(3), accuracy: 5e-5)
        XCTAssertEqual(clouds[1], log(3), accuracy: 5e-5, "balanced test split")
        XCTAssertEqual(row("H(Y) in bits", in: tables[0])[0], log2(3), accuracy: 5e-5)
        XCTAssertEqual(row("baseline CE", in: tables[0])[0], log(3), accuracy: 5e-5)
        XCTAssertTrue(source.contains("H(Y) is ln 3 = \(fourDecimals(log(3))) nats, log₂ 3 = \(fourDecimals(log2(3))) bits"))
        let untrained = row("model CE = loss", in: tables[0])[0]
        XCTAssertTrue(source.contains("The untrained net scores \(fourDecimals(untrained)), worse than knowing nothing"))
        XCTAssertGreaterThan(untrained, log(3))
        // rare-events: 5 % events, so H(Y) = H(0.95, 0.05) on the (stratified) split.
        let rare = row("H(Y) labels", in: tables[1])[0], rareBits = row("H(Y) in bits", in: tables[1])[0]
        XCTAssertEqual(rare, entropy([0.95, 0.05]), accuracy: 5e-5)
        XCTAssertEqual(rareBits, entropy([0.95, 0.05]) / log(2), accuracy: 5e-5)
        XCTAssertTrue(source.contains("H(Y) is \(fourDecimals(rare)) nats, \(fourDecimals(rareBits)) bits"))
        XCTAssertTrue(source.contains("A constant prediction of (0.95, 0.05) already has a loss of \(fourDecimals(rare))"))
        XCTAssertTrue(source.contains("1 bit = ln 2 = \(fourDecimals(log(2))) nats"))

        // Page 2: the trained clouds: CE = KL (H(p) = 0), equal to the loss `train` printed.
        let trained = tables[2]
        let ce = row("model CE = loss", in: trained), kl = row(" + KL(p‖q)", in: trained)
        XCTAssertEqual(row(" = H(p) targets", in: trained), [0, 0])
        XCTAssertEqual(ce, kl)
        let done = try XCTUnwrap(outputs(of: "train epochs=100 live", in: text).first)
        let printedLoss = try XCTUnwrap(done.components(separatedBy: "train loss ").last?.split(separator: " ").first.flatMap { Double($0) })
        XCTAssertEqual(ce[0], printedLoss, accuracy: 5e-5, "the CE row is the loss training printed")
        XCTAssertTrue(source.contains("The model's cross-entropy, \(fourDecimals(ce[0])) nats on the training split"))
        XCTAssertTrue(source.contains("the test split's is \(fourDecimals(ce[1]))"))
        let hardEntropy = row("H(q) predictions", in: trained)[0]
        XCTAssertTrue(source.contains("how unsure its answers are, whatever the labels") && source.contains("predictions, \(fourDecimals(hardEntropy))"))

        // Page 4: −ln q and its slope, from `expr`; one q = 0.01 outweighs forty at 0.9.
        XCTAssertTrue(try XCTUnwrap(outputs(of: "expr -log(q) q=0.9", in: text).first).contains("out = 0.10536052"))
        XCTAssertTrue(try XCTUnwrap(outputs(of: "expr -log(q) q=0.01", in: text).first).contains("out = 4.6051702; ∂out/∂q = -100"))
        XCTAssertTrue(source.contains("q = 0.9 costs \(fourDecimals(-log(0.9))) and q = 0.01 costs \(fourDecimals(-log(0.01))), with slope −1/q = −100"))
        XCTAssertGreaterThan(-log(0.01) / -log(0.9), 40)
        XCTAssertTrue(source.contains("costs more than forty predictions at q = 0.9 together"))
        // The memorizing net on noisy moons.
        let moons = tables[3]
        let moonsCE = row("model CE = loss", in: moons), moonsGain = row("baseline − model", in: moons)
        let moonsDone = try XCTUnwrap(outputs(of: "train epochs=600 live", in: text).first)
        XCTAssertTrue(moonsDone.contains("acc 76.0% ·"), moonsDone)
        XCTAssertTrue(source.contains("The training cross-entropy is \(fourDecimals(moonsCE[0])), but on the test split the net is right 76 % of the time and its cross-entropy is \(fourDecimals(moonsCE[1])) nats, far above the baseline's \(fourDecimals(log(2)))"))
        XCTAssertEqual(row("baseline CE", in: moons)[1], log(2), accuracy: 5e-5)

        // Page 5: smoothing 0.1 over 3 classes: H(t) floors the loss; predictions less sure.
        let smooth = tables[4]
        let t = [0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3]
        XCTAssertTrue(source.contains("the label gets \(fourDecimals(t[0])) and each other class \(fourDecimals(t[1]))"))
        let floor = row(" = H(p) targets", in: smooth)
        XCTAssertEqual(floor[0], entropy(t), accuracy: 5e-5)
        XCTAssertEqual(floor[1], entropy(t), accuracy: 5e-5)
        XCTAssertTrue(source.contains("The `H(p)` row is now \(fourDecimals(entropy(t))) nats on both splits"))
        let smoothKL = row(" + KL(p‖q)", in: smooth)[0], smoothCE = row("model CE = loss", in: smooth)[0]
        XCTAssertEqual(smoothCE, floor[0] + smoothKL, accuracy: 2e-4)
        XCTAssertTrue(source.contains("the KL row, \(fourDecimals(smoothKL)), is the part"))
        let softEntropy = row("H(q) predictions", in: smooth)[0]
        XCTAssertTrue(source.contains("H(q) is \(fourDecimals(softEntropy)), three times the \(fourDecimals(hardEntropy))"))
        XCTAssertEqual(softEntropy / hardEntropy, 3, accuracy: 0.25)
        XCTAssertTrue(text.contains("(3 classes: 0.9333 for the label, 0.03333 for each other class)"))
        // "Smoothing costs nothing in accuracy here": the same accuracies as the hard labels.
        let hardDone = try XCTUnwrap(outputs(of: "train epochs=100 live", in: text).first)
        let softDone = try XCTUnwrap(outputs(of: "train epochs=200 live", in: text).first)
        for accuracy in ["acc 99.6% ·", "acc 100.0% ·"] {
            XCTAssertTrue(hardDone.contains(accuracy) && softDone.contains(accuracy), "\(hardDone)\n\(softDone)")
        }
        XCTAssertTrue(source.contains("Smoothing costs nothing in accuracy here"))

        // Page 6: circles, linear (no gain) and with a hidden layer; the moons' training gain.
        let linearGain = row("baseline − model", in: tables[5])
        let hiddenGain = row("baseline − model", in: tables[6])
        XCTAssertTrue(source.contains("The straight boundary's test gain is −\(fourDecimals(abs(linearGain[1]))) nats"))
        XCTAssertLessThan(abs(linearGain[1]), 0.01)
        XCTAssertTrue(source.contains("The hidden layer's test gain is \(fourDecimals(hiddenGain[1])) of H(Y) = \(fourDecimals(log(2))) nats"))
        XCTAssertTrue(source.contains("I(X;Y) is at least about \(String(format: "%.2f", hiddenGain[1])) nats"))
        XCTAssertTrue(source.contains("gained \(fourDecimals(moonsGain[0])) nats on its training split"))
        XCTAssertTrue(source.contains("its test gain was −\(fourDecimals(abs(moonsGain[1])))"))
        XCTAssertLessThan(moonsGain[1], 0)
    }

    /// The numbers in the quiz answers, computed here.
    func testQuizNumbers() throws {
        let (_, source) = try lesson()
        XCTAssertTrue(source.contains("1.5·ln 2 ≈ \(String(format: "%.2f", 1.5 * log(2))) nats"))
        XCTAssertTrue(source.contains("1.5/ln 2 ≈ \(String(format: "%.2f", 1.5 / log(2))) nats"))
        XCTAssertTrue(source.contains("1.5·log₁₀ 2 ≈ \(String(format: "%.2f", 1.5 * log10(2))) nats"))
        XCTAssertTrue(source.contains("−ln 0.001 ≈ \(String(format: "%.2f", -log(0.001))) nats, more than 65 samples"))
        XCTAssertGreaterThan(-log(0.001) / -log(0.9), 65)
        XCTAssertTrue(source.contains("−ln 0.9 = \(String(format: "%.3f", -log(0.9)))"))
        XCTAssertTrue(source.contains("about \(String(format: "%.3f", entropy([0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3]))) nats"))
        let ordered = [[1.0, 0, 0], [0.9, 0.05, 0.05], [0.5, 0.5, 0], [0.4, 0.3, 0.3], [1.0 / 3, 1.0 / 3, 1.0 / 3]].map(entropy)
        XCTAssertEqual(ordered, ordered.sorted())
        let quoted = ordered.map { $0 == 0 ? "0" : String(format: "%.3f", $0) }
        XCTAssertTrue(source.contains("Their entropies are \(quoted[0]), \(quoted[1]), \(quoted[2]), \(quoted[3]) and \(quoted[4]) nats"), "\(quoted)")
        XCTAssertTrue(source.contains("I(X;Y) is at least about \(String(format: "%.2f", 0.69 - 0.25)) nats"))
    }

    // MARK: The lesson's formulas

    /// Mean cross-entropy = −(1/n)·ln(likelihood of the labels), on a trained net.
    func testCrossEntropyIsMinusTheMeanLogLikelihood() throws {
        let s = try session(["data gauss n=300 classes=3 seed=1", "net 2-3:softmax seed=1", "opt adam lr=0.05", "train epochs=20"])
        let trainer = try XCTUnwrap(s.trainer), data = try XCTUnwrap(s.data)
        let q = trainer.network.infer(data.trainInputs).outputs
        var logLikelihood = 0.0
        for r in 0..<q.rows { logLikelihood += log(q[r, Int(data.trainTargets.scalars[r])]) }
        XCTAssertEqual(number(s, "train_loss"), -logLikelihood / Double(q.rows), accuracy: 1e-10)
    }

    /// I(X;Y) = H(Y) − H(Y|X) = H(X) − H(X|Y), and no predictor q(y|x) has an expected
    /// cross-entropy below H(Y|X): it exceeds it by the mean KL, so H(Y) − CE ≤ I(X;Y).
    func testMutualInformationAndTheBound() {
        // A joint distribution of X ∈ {0, 1, 2} and Y ∈ {0, 1}, rows x, columns y.
        let joint = [[0.30, 0.05], [0.10, 0.15], [0.05, 0.35]]
        let px = joint.map { $0.reduce(0, +) }, py = [0, 1].map { y in joint.map { $0[y] }.reduce(0, +) }
        let hYgivenX = zip(joint, px).map { row, p in p * entropy(row.map { $0 / p }) }.reduce(0, +)
        let hXgivenY = [0, 1].map { y in py[y] * entropy(joint.map { $0[y] / py[y] }) }.reduce(0, +)
        let fromY = entropy(py) - hYgivenX, fromX = entropy(px) - hXgivenY
        var direct = 0.0
        for x in 0..<3 { for y in 0..<2 { direct += joint[x][y] * log(joint[x][y] / (px[x] * py[y])) } }
        XCTAssertEqual(fromY, fromX, accuracy: 1e-12, "symmetric")
        XCTAssertEqual(fromY, direct, accuracy: 1e-12)
        XCTAssertGreaterThan(fromY, 0)
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<50 {
            // A random predictor q(y|x).
            let q = (0..<3).map { _ -> [Double] in let a = generator.uniform(0.01, 0.99); return [a, 1 - a] }
            var ce = 0.0, kl = 0.0
            for x in 0..<3 {
                for y in 0..<2 {
                    ce -= joint[x][y] * log(q[x][y])
                    kl += joint[x][y] * log((joint[x][y] / px[x]) / q[x][y])
                }
            }
            XCTAssertEqual(ce, hYgivenX + kl, accuracy: 1e-12)
            XCTAssertLessThanOrEqual(entropy(py) - ce, fromY + 1e-12)
        }
    }

    // MARK: The command and the facts

    func testEntropyCommandAndFacts() throws {
        let s = try session(["data gauss n=300 classes=3 seed=1", "net 2-3:softmax seed=1", "opt adam lr=0.05", "train epochs=30"])
        let text = try TestFolders.text(s, "entropy")
        for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
        XCTAssertTrue(text.hasPrefix("entropy · ce · 3 classes · 240 train, 60 test\n"), text)
        XCTAssertEqual(number(s, "label_entropy"), log(3), accuracy: 1e-12)
        XCTAssertEqual(number(s, "baseline_ce"), log(3), accuracy: 1e-12)
        XCTAssertEqual(number(s, "smoothing"), 0)
        // With one-hot targets the loss is the KL divergence.
        XCTAssertEqual(number(s, "kl"), number(s, "train_loss"), accuracy: 1e-12)
        XCTAssertEqual(number(s, "test_kl"), number(s, "test_loss"), accuracy: 1e-12)
        let trainer = try XCTUnwrap(s.trainer), data = try XCTUnwrap(s.data)
        var h = 0.0
        let q = trainer.network.infer(data.trainInputs).outputs
        for r in 0..<q.rows { for j in 0..<3 where q[r, j] > 0 { h -= q[r, j] * log(q[r, j]) } }
        XCTAssertEqual(number(s, "pred_entropy"), h / Double(q.rows), accuracy: 1e-12)
        XCTAssertEqual(row("H(q) predictions", in: text)[0], h / Double(q.rows), accuracy: 5e-5)

        // Smoothing: the loss is H(t) + KL; the facts follow the loss in force.
        try LessonRunner.runLine("loss ce smoothing=0.2", session: s) { _ in }
        XCTAssertEqual(number(s, "smoothing"), 0.2)
        let t = Loss.smoothedTarget(label: 0, classes: 3, smoothing: 0.2)
        XCTAssertEqual(number(s, "kl") + entropy(t), number(s, "train_loss"), accuracy: 1e-12)
        try LessonRunner.runLine("loss ce", session: s) { _ in }
        XCTAssertEqual(number(s, "smoothing"), 0, "loss ce without the option turns smoothing off")

        // bce as a two-class distribution: the loss is the KL divergence too.
        let b = try session(["data circle n=100 seed=2", "net 2-4-1:sigmoid seed=1", "train epochs=20"])
        XCTAssertEqual(number(b, "kl"), number(b, "train_loss"), accuracy: 1e-12)
        XCTAssertTrue(try TestFolders.text(b, "entropy").contains("entropy · bce · 2 classes"))
    }

    /// `trace` and `backward` write the smoothed target where plain `ce` writes the one-hot one,
    /// and their numbers are the engine's smoothed loss and gradient.
    func testTraceShowsTheSmoothedTarget() throws {
        let s = try session(["data gauss n=30 classes=3 seed=1", "net 2-3:softmax seed=1", "loss ce smoothing=0.1"])
        let text = try TestFolders.text(s, "trace sample=0")
        let trainer = try XCTUnwrap(s.trainer), data = try XCTUnwrap(s.data)
        let x = data.trainInputs.gatherRows([0]), y = data.trainTargets.gatherRows([0])
        let label = Int(y.scalars[0])
        let (loss, gradient) = try Loss.ce.evaluate(head: trainer.network.infer(x).logits, targets: y, smoothing: 0.1)
        XCTAssertTrue(text.contains("ce, smoothing ε = 0.1: L = −Σⱼ tⱼ·ln pⱼ, t = (1 − ε)·one-hot(y) + ε/3"), text)
        XCTAssertTrue(text.contains("loss ce = \(String(format: "%.4g", loss))"), "loss \(loss):\n\(text)")
        let t = Loss.smoothedTarget(label: label, classes: 3, smoothing: 0.1)
        XCTAssertTrue(text.contains("(y = class \(label), so tⱼ = 0.9333)"))
        XCTAssertTrue(text.contains(" = \(String(format: "%.4g", gradient.scalars[label]))  (y = class \(label)"), "δ = p − t = \(gradient.scalars[label])")
        XCTAssertEqual(t[label], 0.9 + 0.1 / 3, accuracy: 1e-15)
        XCTAssertTrue(try TestFolders.text(s, "backward sample=0").contains("a¹ − t (ce with softmax, t the smoothed target"))
    }

    func testEntropyRefusesWhatItCannotRead() throws {
        func message(_ lines: [String], _ command: String = "entropy") throws -> String {
            let s = try session(lines)
            let before = s.state
            do { _ = try s.output(of: command) } catch { XCTAssertEqual(s.state, before); return "\(error)" }
            XCTFail("\(command) succeeded after \(lines)")
            return ""
        }
        XCTAssertTrue(try message(["data xor"]).contains("there is no network yet"))
        XCTAssertTrue(try message(["data sine n=50", "net 1-4-1"]).contains("the data is a regression set"))
        XCTAssertTrue(try message(["data xor n=50", "net 2-4-1", "loss mse"]).contains("it needs loss ce (softmax output) or bce"))
        XCTAssertTrue(try message(["data xor n=50", "net 2-4-2:softmax"], "entropy now").contains("does not take 'now'"))
        XCTAssertTrue(try message([], "loss bce smoothing=0.1").contains("smoothing is an option of loss ce"))
        XCTAssertTrue(try message([], "loss ce smoothing=1").contains("smoothing needs ε in [0, 1)"))
        XCTAssertTrue(try message([], "loss ce smoothing=-0.1").contains("smoothing needs ε in [0, 1)"))
    }
}
