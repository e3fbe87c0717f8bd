import Foundation
import NNLessons
import XCTest

/// Every numeric question generator, for many seeds: the engine's answer equals an independent
/// computation in plain arithmetic from the values the prompt states, every planted mistake is
/// diagnosed by name, rounded answers pass and others do not.
final class NumericQuestionTests: XCTestCase {
    /// What the test expects of one problem, computed from its prompt.
    struct Expected {
        var answer: Double
        /// Mistakes every problem of the generator has.
        var required: [String: Double]
        /// Mistakes dropped when, for these values, they come too close to the answer or to
        /// another mistake.
        var optional: [String: Double] = [:]
        /// Whether the answer is a whole count that must be exact.
        var isCount = false
    }

    static let seeds: [UInt64] = Array(1...60) + [0, 12_345, UInt64.max]

    func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    /// Checks a generator on every seed against `expected`, and that every mistake it knows
    /// shows up for some seed.
    func check(_ id: String, file: StaticString = #filePath, line: UInt = #line,
               _ expected: (NumericProblem, PromptValues) -> Expected) {
        guard let generator = NumericGenerators.named(id) else { return XCTFail("no generator \(id)", file: file, line: line) }
        XCTAssertEqual(generator.id, id)
        var seen: Set<String> = []
        var known: Set<String> = []
        for seed in Self.seeds {
            let problem = generator.make(seed: seed)
            let context = "\(id) seed \(seed): \(problem.prompt)"
            XCTAssertEqual(problem, generator.make(seed: seed), "the same seed gives the same problem", file: file, line: line)
            XCTAssertEqual(problem.generator, id, file: file, line: line)
            let values = PromptValues(problem.prompt)
            let want = expected(problem, values)
            XCTAssertEqual(problem.answer, want.answer, accuracy: 1e-9 * max(1, abs(want.answer)), context, file: file, line: line)

            // Every required mistake is there and diagnosed; optional ones when present.
            let names = problem.mistakes.map(\.name)
            XCTAssertEqual(Set(names).count, names.count, "mistake names are unique: \(context)", file: file, line: line)
            for (name, value) in want.required {
                XCTAssertTrue(names.contains(name), "\(name) is planted: \(context)", file: file, line: line)
                XCTAssertEqual(problem.diagnose(value)?.name, name, "diagnose \(value): \(context)", file: file, line: line)
                XCTAssertFalse(problem.accepts(value), "\(name) is not accepted: \(context)", file: file, line: line)
            }
            for (name, value) in want.optional where names.contains(name) {
                XCTAssertEqual(problem.diagnose(value)?.name, name, "diagnose \(value): \(context)", file: file, line: line)
            }
            for mistake in problem.mistakes {
                let value = want.required[mistake.name] ?? want.optional[mistake.name]
                XCTAssertNotNil(value, "unexpected mistake \(mistake.name): \(context)", file: file, line: line)
                if let value {
                    XCTAssertEqual(mistake.value, value, accuracy: 1e-4 * max(1, abs(value)), "\(mistake.name): \(context)", file: file, line: line)
                }
                XCTAssertFalse(mistake.explanation.isEmpty, file: file, line: line)
            }
            seen.formUnion(names)
            known.formUnion(want.required.keys)
            known.formUnion(want.optional.keys)

            // Tolerance: rounded answers pass, numbers further off do not.
            XCTAssertTrue(problem.accepts(want.answer), context, file: file, line: line)
            XCTAssertNil(problem.diagnose(want.answer), context, file: file, line: line)
            let off = 0.01 + 0.01 * abs(want.answer)
            XCTAssertFalse(problem.accepts(want.answer + off), context, file: file, line: line)
            XCTAssertFalse(problem.accepts(want.answer - off), context, file: file, line: line)
            if want.isCount {
                XCTAssertFalse(problem.accepts(want.answer + 1), context, file: file, line: line)
                XCTAssertTrue(problem.solution.contains(grouped(Int(want.answer))), "the solution ends at the answer: \(context)", file: file, line: line)
            } else {
                for decimals in [3, 4] {
                    let scale = pow(10, Double(decimals))
                    let rounded = (want.answer * scale).rounded() / scale
                    XCTAssertTrue(problem.accepts(rounded), "\(rounded) to \(decimals) decimals: \(context)", file: file, line: line)
                }
                XCTAssertTrue(problem.solution.contains(fourDecimals(want.answer)),
                              "the solution shows \(fourDecimals(want.answer)):\n\(problem.solution)", file: file, line: line)
            }
            XCTAssertNil(problem.prompt.range(of: #"\b(nan|inf|infinity)\b"#, options: [.regularExpression, .caseInsensitive]),
                         "no NaN or infinity in the question: \(context)", file: file, line: line)
            XCTAssertGreaterThanOrEqual(problem.solution.split(separator: "\n").count, 2, "a worked solution in steps", file: file, line: line)
        }
        XCTAssertEqual(seen, known, "\(id): every known mistake is planted for some seed", file: file, line: line)
    }

    /// A number as solutions write it: 4 decimals, trailing zeros dropped, − for minus.
    func fourDecimals(_ value: Double) -> String {
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        if text == "-0" { text = "0" }
        return text.replacingOccurrences(of: "-", with: "−")
    }

    /// A count with digit groups: 109,386.
    func grouped(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        formatter.usesGroupingSeparator = true
        return formatter.string(from: NSNumber(value: value))!
    }

    /// The 1-based digit written as a subscript right after `prefix` (`∂L/∂w₂` → 2).
    func subscriptAfter(_ prefix: String, in text: String) -> Int {
        let digits: [Character: Int] = ["₁": 1, "₂": 2, "₃": 3]
        let range = text.range(of: prefix)!
        return digits[text[range.upperBound]]!
    }

    // MARK: - Neurons

    func testSigmoidNeuron() {
        check("neuron-sigmoid") { _, v in
            let w = v.vector("w"), x = v.vector("x"), b = v.number("b")
            let z = zip(w, x).map(*).reduce(0, +) + b
            return Expected(answer: sigmoid(z), required: [
                "pre-activation given": z,
                "bias forgotten": sigmoid(z - b),
                "e^z instead of e^−z": 1 / (1 + exp(z)),
            ])
        }
    }

    func testReluTanhNeuron() {
        var activations: Set<String> = []
        check("neuron-relu-tanh") { p, v in
            let w = v.vector("w"), x = v.vector("x"), b = v.number("b")
            let z = zip(w, x).map(*).reduce(0, +) + b
            let isRelu = p.prompt.contains("a ReLU activation")
            XCTAssertTrue(isRelu || p.prompt.contains("a tanh activation"))
            activations.insert(isRelu ? "relu" : "tanh")
            func f(_ u: Double) -> Double {
                if isRelu { return u > 0 ? u : 0 }
                let up = exp(u), down = exp(-u)
                return (up - down) / (up + down)
            }
            var required = ["bias forgotten": f(z - b)]
            if !isRelu { required["sigmoid instead of tanh"] = sigmoid(z) }
            return Expected(answer: f(z), required: required, optional: ["pre-activation given": z])
        }
        XCTAssertEqual(activations, ["relu", "tanh"])
    }

    // MARK: - Gradients

    func testSigmoidNeuronGradient() {
        var losses: Set<String> = []
        check("grad-sigmoid-neuron") { p, v in
            let w = v.vector("w"), x = v.vector("x"), b = v.number("b"), y = v.number("y")
            let j = subscriptAfter("what is ∂L/∂w", in: p.prompt) - 1
            let z = w[0] * x[0] + w[1] * x[1] + b
            let a = sigmoid(z)
            if p.prompt.contains("`loss mse`") {
                losses.insert("mse")
                // L = (a − y)²: ∂L/∂wⱼ = 2(a − y)·a(1 − a)·xⱼ.
                let gradient = 2 * (a - y) * a * (1 - a) * x[j]
                return Expected(answer: gradient, required: [
                    "σ′ forgotten": 2 * (a - y) * x[j],
                    "sign flipped": -gradient,
                    "z instead of the input x": 2 * (a - y) * a * (1 - a) * z,
                    "factor 2 forgotten": (a - y) * a * (1 - a) * x[j],
                ])
            }
            XCTAssertTrue(p.prompt.contains("`loss bce`"))
            losses.insert("bce")
            // L = −[y ln a + (1 − y) ln(1 − a)]: ∂L/∂z = a − y.
            let gradient = (a - y) * x[j]
            return Expected(answer: gradient, required: [
                "sign flipped": -gradient,
                "z instead of the input x": (a - y) * z,
                "σ′ applied twice": (a - y) * a * (1 - a) * x[j],
            ])
        }
        XCTAssertEqual(losses, ["mse", "bce"])
    }

    func testTwoLayerGradient() {
        check("grad-two-layer") { p, v in
            let w1 = v.matrix("W¹"), b1 = v.vector("b¹"), w2 = v.vector("W²"), b2 = v.number("b²")
            let x = v.vector("x"), y = v.number("y")
            let pair = v.first(#"from input (\d) to hidden unit (\d)"#)!
            let j = Int(pair[1])! - 1, i = Int(pair[2])! - 1
            XCTAssertTrue(p.prompt.contains("∂L/∂W¹\(["₁", "₂"][i])\(["₁", "₂"][j])"))
            let h0 = w1[0][0] * x[0] + w1[0][1] * x[1] + b1[0]
            let h1 = w1[1][0] * x[0] + w1[1][1] * x[1] + b1[1]
            let zHidden = [h0, h1]
            let aHidden = zHidden.map(sigmoid)
            let zOut = w2[0] * aHidden[0] + w2[1] * aHidden[1] + b2
            let aOut = sigmoid(zOut)
            let dLda = 2 * (aOut - y)
            let outSlope = aOut * (1 - aOut), hiddenSlope = aHidden[i] * (1 - aHidden[i])
            let gradient = dLda * outSlope * w2[i] * hiddenSlope * x[j]
            return Expected(answer: gradient, required: [
                "σ′ forgotten at the output layer": dLda * w2[i] * hiddenSlope * x[j],
                "σ′ forgotten at the hidden layer": dLda * outSlope * w2[i] * x[j],
                "sign flipped": -gradient,
                "pre- instead of post-activation": dLda * zOut * (1 - zOut) * w2[i] * zHidden[i] * (1 - zHidden[i]) * x[j],
            ])
        }
    }

    // MARK: - Losses

    func testSoftmaxProbability() {
        check("softmax-probability") { p, v in
            let z = v.vector("z")
            let k = Int(v.first(#"give class (\d)"#)![1])! - 1
            let total = exp(z[0]) + exp(z[1]) + exp(z[2])
            return Expected(answer: exp(z[k]) / total, required: [
                "forgot to exponentiate": z[k] / (z[0] + z[1] + z[2]),
                "forgot to normalise": exp(z[k]),
            ], optional: ["sigmoid instead of softmax": sigmoid(z[k])])
        }
    }

    func testCrossEntropy() {
        check("cross-entropy") { _, v in
            let samples = v.all(#"p = \(([^)]*)\), true class (\d)"#)
            XCTAssertEqual(samples.count, 2)
            let rows = samples.map { PromptValues.list($0[1]) }
            let labels = samples.map { Int($0[2])! - 1 }
            for row in rows { XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-9, "probabilities add up to 1") }
            let picked = [rows[0][labels[0]], rows[1][labels[1]]]
            let loss = -(log(picked[0]) + log(picked[1])) / 2
            let predicted = rows.map { row in row[row.indices.max { row[$0] < row[$1] }!] }
            return Expected(answer: loss, required: [
                "log base 10": -(log10(picked[0]) + log10(picked[1])) / 2,
                "log base 2": -(log2(picked[0]) + log2(picked[1])) / 2,
                "mean vs sum": -(log(picked[0]) + log(picked[1])),
            ], optional: ["wrong class": -(log(predicted[0]) + log(predicted[1])) / 2])
        }
    }

    func testBinaryCrossEntropyFromALogit() {
        check("bce-logit") { _, v in
            let z = v.number("z"), y = v.number("y")
            let p = sigmoid(z)
            let loss = -(y * log(p) + (1 - y) * log(1 - p))
            var optional = ["minus sign forgotten": -loss]
            if z > 0 && z < 1 { optional["logit used as the probability"] = -(y * log(z) + (1 - y) * log(1 - z)) }
            return Expected(answer: loss, required: [
                "label flipped": -((1 - y) * log(p) + y * log(1 - p)),
                "log base 10": -(y * log10(p) + (1 - y) * log10(1 - p)),
            ], optional: optional)
        }
    }

    func testMeanSquaredError() {
        check("mse-batch") { _, v in
            let predictions = v.vector("ŷ"), targets = v.vector("y")
            XCTAssertEqual(predictions.count, targets.count)
            let n = Double(targets.count)
            let errors = zip(predictions, targets).map { $0 - $1 }
            let sum = errors.map { $0 * $0 }.reduce(0, +)
            let meanError = errors.reduce(0, +) / n
            return Expected(answer: sum / n, required: [
                "mean vs sum": sum,
                "absolute instead of squared errors": errors.map { abs($0) }.reduce(0, +) / n,
            ], optional: ["halved": sum / n / 2, "squared the mean error": meanError * meanError])
        }
    }

    // MARK: - Optimizers

    func testMomentumStep() {
        check("momentum-step") { _, v in
            let w = v.number("w"), velocity = v.number("v"), g = v.number("g"), lr = v.number("lr"), mu = v.number("μ")
            let newVelocity = mu * velocity + g
            return Expected(answer: w - lr * newVelocity, required: [
                "sign flipped": w + lr * newVelocity,
                "forgot the old velocity": w - lr * g,
            ], optional: ["stepped with the old velocity": w - lr * velocity])
        }
    }

    func testRMSpropStep() {
        check("rmsprop-step") { _, v in
            let w = v.number("w"), s = v.number("s"), g = v.number("g"), lr = v.number("lr"), rho = v.number("ρ")
            let newAverage = rho * s + (1 - rho) * g * g
            let eps = 1e-8
            return Expected(answer: w - lr * g / (newAverage.squareRoot() + eps), required: [
                "sign flipped": w + lr * g / newAverage.squareRoot(),
                "square root forgotten": w - lr * g / newAverage,
                "forgot the old average": w - lr * g / ((1 - rho) * g * g).squareRoot(),
            ], optional: ["(1 − ρ) forgotten": w - lr * g / (rho * s + g * g).squareRoot()])
        }
    }

    func testAdamStep() {
        var stepsSeen: Set<Int> = []
        check("adam-step") { p, v in
            let lr = v.number("lr"), w = v.number("w")
            let secondStep = p.prompt.contains("g₂ = ")
            let gradients = secondStep ? [v.number("g₁"), v.number("g₂")] : [v.number("g")]
            stepsSeen.insert(gradients.count)
            let (b1, b2, eps) = (0.9, 0.999, 1e-8)
            var m = 0.0, s = 0.0
            for g in gradients {
                m = b1 * m + (1 - b1) * g
                s = b2 * s + (1 - b2) * g * g
            }
            let t = Double(gradients.count)
            let mHat = m / (1 - pow(b1, t)), sHat = s / (1 - pow(b2, t))
            let answer = w - lr * mHat / (sHat.squareRoot() + eps)
            var optional = ["square root forgotten": w - lr * mHat / sHat]
            if secondStep { optional["state restarted"] = w - lr * (gradients[1] > 0 ? 1 : -1) }
            if !secondStep {
                XCTAssertEqual(abs(answer - w), lr, accuracy: 1e-6, "Adam's first step is ±lr")
                // Without bias correction the first step is (1 − β₁)/√(1 − β₂) ≈ 3.16 times as long (the lesson's remark).
                let uncorrected = abs(m / (s.squareRoot() + eps)) * lr
                XCTAssertEqual(uncorrected / abs(answer - w), 0.1 / 0.001.squareRoot(), accuracy: 1e-4, "up to ε")
                XCTAssertEqual(0.1 / 0.001.squareRoot(), 3.1623, accuracy: 1e-4)
            }
            return Expected(answer: answer, required: [
                "no bias correction": w - lr * m / (s.squareRoot() + eps),
                "sign flipped": w + lr * mHat / (sHat.squareRoot() + eps),
            ], optional: optional)
        }
        XCTAssertEqual(stepsSeen, [1, 2])
    }

    // MARK: - Layers

    func testDropoutScaling() {
        var cases: Set<String> = []
        check("dropout-scaling") { p, v in
            let a = v.number("a"), drop = v.number("p"), keep = 1 - drop
            let inverted = p.prompt.contains("**inverted**")
            XCTAssertTrue(inverted || p.prompt.contains("**classic**"))
            let inference = p.prompt.contains("At inference")
            XCTAssertTrue(inference || p.prompt.contains("During training"))
            cases.insert("\(inverted ? "inverted" : "classic") \(inference ? "inference" : "training")")
            switch (inverted, inference) {
            case (true, true):
                return Expected(answer: a, required: ["scaling applied twice": a * keep, "training scale used at inference": a / keep])
            case (false, true):
                return Expected(answer: a * keep, required: ["scaling not applied": a, "p instead of 1 − p": a * drop,
                                                             "inverted scale used": a / keep])
            case (true, false):
                return Expected(answer: a / keep, required: ["scaling not applied": a, "multiplied by 1 − p": a * keep,
                                                             "divided by p": a / drop])
            case (false, false):
                return Expected(answer: a, required: ["scaling applied in training": a / keep, "inference scale used in training": a * keep])
            }
        }
        XCTAssertEqual(cases.count, 4, "all four cases come up")
    }

    func testBatchNormOutput() {
        check("batchnorm-output") { p, v in
            let z = v.vector("z"), gamma = v.number("γ"), beta = v.number("β")
            XCTAssertEqual(z.count, 4)
            let ordinal = v.first(#"for the (first|second|third|fourth) sample \(z = ([−\d.]+)\)"#)!
            let k = ["first", "second", "third", "fourth"].firstIndex(of: ordinal[1])!
            XCTAssertEqual(PromptValues.parse(ordinal[2]), z[k])
            let mean = (z[0] + z[1] + z[2] + z[3]) / 4
            let variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
            let answer = gamma * (z[k] - mean) / (variance + 1e-5).squareRoot() + beta
            return Expected(answer: answer, required: [
                "n − 1 (unbiased) variance": gamma * (z[k] - mean) / (variance * 4 / 3).squareRoot() + beta,
                "forgot γ and β": (z[k] - mean) / variance.squareRoot(),
            ], optional: ["divided by σ² instead of σ": gamma * (z[k] - mean) / variance + beta])
        }
    }

    func testParameterCount() {
        check("param-count") { _, v in
            let spec = v.first(#"dense network ([\d-]+) have"#)![1]
            let widths = spec.split(separator: "-").map { Int($0)! }
            var total = 0, weights = 0
            for l in 1..<widths.count {
                weights += widths[l - 1] * widths[l]
                total += widths[l - 1] * widths[l] + widths[l]
            }
            let last = widths[widths.count - 2] * widths[widths.count - 1] + widths[widths.count - 1]
            return Expected(answer: Double(total), required: [
                "biases forgotten": Double(weights),
                "a layer left out": Double(total - last),
                "biases on the inputs": Double(total + widths[0]),
            ], isCount: true)
        }
        // The classic example, worked by hand: 784·128 + 128 + 128·64 + 64 + 64·10 + 10.
        XCTAssertEqual(784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10, 109_386)
    }

    // MARK: - The catalog

    // MARK: - Evaluation

    func testPrecisionRecallF1() {
        check("precision-recall-f1") { problem, v in
            let tp = v.number("TP"), fn = v.number("FN"), fp = v.number("FP"), tn = v.number("TN")
            let precision = tp / (tp + fp), recall = tp / (tp + fn)
            let f1 = 2 * precision * recall / (precision + recall)
            let accuracy = (tp + tn) / (tp + tn + fp + fn)
            if problem.prompt.contains("its precision") {
                return Expected(answer: precision, required: ["precision and recall swapped": recall, "accuracy given": accuracy])
            } else if problem.prompt.contains("its recall") {
                return Expected(answer: recall, required: ["precision and recall swapped": precision, "accuracy given": accuracy])
            }
            XCTAssertTrue(problem.prompt.contains("its F1 score"))
            return Expected(answer: f1, required: ["F1 as the arithmetic mean": (precision + recall) / 2, "accuracy given": accuracy])
        }
    }

    func testWeightedCrossEntropy() {
        check("weighted-ce") { _, v in
            let weights = v.all(#"weights=\[(\d+), (\d+)\]"#).first!.dropFirst().map { Double($0)! }
            let samples = v.all(#"class (\d), p\(true class\) = (\d+(?:\.\d+)?)"#)
            XCTAssertEqual(samples.count, 3)
            let labels = samples.map { Int($0[1])! }, p = samples.map { Double($0[2])! }
            XCTAssertEqual(Set(labels), [0, 1], "both classes are in the batch")
            let w = labels.map { weights[$0] }, other = labels.map { weights[1 - $0] }
            let terms = p.map { -log($0) }
            let sum = zip(w, terms).map(*).reduce(0, +)
            return Expected(answer: sum / w.reduce(0, +), required: [
                "divided by the batch size": sum / 3,
                "weights forgotten": terms.reduce(0, +) / 3,
                "weight of the wrong class": zip(other, terms).map(*).reduce(0, +) / other.reduce(0, +),
            ])
        }
    }

    func testTheCatalogCoversTheBrief() {
        XCTAssertEqual(NumericGenerators.ids, ["neuron-sigmoid", "neuron-relu-tanh", "grad-sigmoid-neuron", "grad-two-layer",
                                               "softmax-probability", "cross-entropy", "bce-logit", "mse-batch",
                                               "entropy", "kl-divergence",
                                               "momentum-step", "rmsprop-step", "adam-step",
                                               "dropout-scaling", "batchnorm-output", "param-count",
                                               "precision-recall-f1", "weighted-ce", "initial-loss",
                                               "conv-output-size", "conv-param-count", "pool-output-size", "receptive-field",
                                               "conv-filter", "residual-gradient",
                                               "rnn-step", "lstm-step", "recurrent-param-count"])
        XCTAssertEqual(Set(NumericGenerators.ids).count, NumericGenerators.all.count, "ids are unique")
        XCTAssertNil(NumericGenerators.named("adam"))
        XCTAssertEqual(NumericGenerators.suggestion(for: "adam-stpe"), "adam-step")
        XCTAssertEqual(NumericGenerators.named("adam-step")?.title, "One step of Adam")
        // Adam's known mistake is named exactly so.
        XCTAssertTrue(NumericGenerators.named("adam-step")!.make(seed: 7).mistakes.contains { $0.name == "no bias correction" })
        // Different generators draw different values from the same seed.
        let sigmoid = NumericGenerators.named("neuron-sigmoid")!.make(seed: 5)
        let relu = NumericGenerators.named("neuron-relu-tanh")!.make(seed: 5)
        XCTAssertNotEqual(PromptValues(sigmoid.prompt).vector("w"), PromptValues(relu.prompt).vector("w"))
    }

    func testEveryGeneratorTopicIsACourseTopic() {
        let course = Course.load(folder: TestFolders.lessons)
        let topics = Set(course.lessons.flatMap(\.header.topics))
        for generator in NumericGenerators.all {
            XCTAssertTrue(topics.contains(generator.topic), "\(generator.id): topic \(generator.topic)")
        }
        // And the shipped lessons ask every generator's question at least once.
        let used = Set(course.questions.filter { $0.kind == .numeric }.compactMap(\.generator))
        XCTAssertEqual(used, Set(NumericGenerators.ids))
        for question in course.questions where question.kind == .numeric {
            let problem = question.numericProblem(seed: 3)
            XCTAssertNotNil(problem, question.id)
            XCTAssertEqual(problem?.generator, question.generator)
        }
    }

    // MARK: - Diagnosis and tolerance

    func testDiagnosisPicksTheNearestMatchingMistake() {
        let problem = NumericProblem(generator: "made-up", prompt: "?", answer: 1.0, tolerance: 0.001, relativeTolerance: 0.005,
                                     solution: "- 1", mistakes: [
                                         NumericMistake(name: "doubled", explanation: "twice", value: 2.0),
                                         NumericMistake(name: "negated", explanation: "sign", value: -1.0),
                                     ])
        // Allowance around 1.0 is max(0.001, 0.005) = 0.005; around 2.0 it is 0.01.
        XCTAssertTrue(problem.accepts(1.004))
        XCTAssertTrue(problem.accepts(0.996))
        XCTAssertFalse(problem.accepts(1.006))
        XCTAssertEqual(problem.diagnose(2.009)?.name, "doubled")
        XCTAssertNil(problem.diagnose(2.02), "too far from every mistake")
        XCTAssertEqual(problem.diagnose(-1.003)?.name, "negated")
        XCTAssertNil(problem.diagnose(1.0), "a right answer is no mistake")
        XCTAssertFalse(problem.accepts(.nan))
        XCTAssertNil(problem.diagnose(.infinity))

        let count = NumericProblem(generator: "made-up", prompt: "?", answer: 109_386, tolerance: 0.5, relativeTolerance: 0,
                                   solution: "- 109,386", mistakes: [])
        XCTAssertTrue(count.accepts(109_386))
        XCTAssertFalse(count.accepts(109_387), "counts are exact")
    }

    func testParseAnswer() {
        let cases: [(String, Double?)] = [
            ("0.731", 0.731), ("-1.2e-3", -0.0012), (" .5 ", 0.5), ("3/4", 0.75), ("−0.2", -0.2), ("+2", 2),
            ("-3 / 4", -0.75), ("−1.5E2", -150), ("73.1%", 0.731), ("109,386", 109_386), ("109 386", 109_386),
            ("1,000,000", 1_000_000), ("1,234.5", 1234.5), ("5.", 5), ("\t0.25\n", 0.25), ("– 0.5", nil),
            ("", nil), ("   ", nil), ("abc", nil), ("1/0", nil), ("0,731", nil), ("1,23", nil), ("1.2.3", nil),
            ("inf", nil), ("nan", nil), ("0x10", nil), ("1 2", nil), ("e5", nil), ("%", nil), ("2 apples", nil),
        ]
        for (text, expected) in cases {
            let parsed = NumericProblem.parseAnswer(text)
            if let expected {
                XCTAssertEqual(parsed ?? .nan, expected, accuracy: 1e-12, "'\(text)'")
            } else {
                XCTAssertNil(parsed, "'\(text)' is not a number")
            }
        }
    }
}
