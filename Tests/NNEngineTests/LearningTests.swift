import NNData
import NNEngine
import XCTest

/// Seeded, deterministic training runs that must reach the accuracy each lesson promises.
final class LearningTests: XCTestCase {
    func data(_ dataset: Dataset) -> TrainingData { dataset.trainingData }

    func train(_ dataset: Dataset, spec: String, hidden: Activation, output: Activation, loss: Loss,
               optimizer: OptimizerSettings, epochs: Int, batch: Int?, seed: Int = 1) throws -> Trainer {
        let network = Network(spec: try NetworkSpec.parse(spec, hidden: hidden, output: output), seed: seed)
        var trainer = Trainer(network: network, objective: Objective(loss: loss), optimizer: optimizer, seed: seed)
        _ = try trainer.train(data(dataset), epochs: epochs, batchSize: batch)
        return trainer
    }

    func accuracy(_ trainer: Trainer, _ dataset: Dataset, test: Bool) throws -> Double {
        let x = test ? dataset.testInputs : dataset.trainInputs
        let y = test ? dataset.testTargets : dataset.trainTargets
        return try trainer.evaluate(inputs: x, targets: y, classCount: dataset.classCount).accuracy ?? 0
    }

    func testXorWithASmallTanhNetReachesFullTrainingAccuracy() throws {
        let xor = try DatasetGenerator.make("xor", n: 200, noise: 0, seed: 1, test: 0)
        let trainer = try train(xor, spec: "2-4-1", hidden: .tanh, output: .sigmoid, loss: .bce,
                                optimizer: OptimizerSettings(kind: .adam, learningRate: 0.05), epochs: 300, batch: 32)
        XCTAssertEqual(try accuracy(trainer, xor, test: false), 1.0)
    }

    func testCircleAndMoons() throws {
        for name in ["circle", "moons"] {
            let dataset = try DatasetGenerator.make(name, n: 400, seed: 2)
            let trainer = try train(dataset, spec: "2-16-16-1", hidden: .tanh, output: .sigmoid, loss: .bce,
                                    optimizer: OptimizerSettings(kind: .adam, learningRate: 0.02), epochs: 300, batch: 32)
            XCTAssertGreaterThanOrEqual(try accuracy(trainer, dataset, test: false), 0.98, name)
        }
    }

    func testSpiralThreeClassesWithReluAndAdam() throws {
        let spiral = try DatasetGenerator.make("spiral", n: 600, seed: 3, classes: 3)
        let trainer = try train(spiral, spec: "2-64-64-3", hidden: .relu, output: .softmax, loss: .ce,
                                optimizer: OptimizerSettings(kind: .adam, learningRate: 0.01), epochs: 600, batch: 32)
        XCTAssertGreaterThanOrEqual(try accuracy(trainer, spiral, test: false), 0.95)
    }

    func testIrisTestAccuracy() throws {
        let iris = try CSVLoader.load(path: repositoryFile("datasets/iris.csv"), test: 0.2, seed: 4)
        let trainer = try train(iris, spec: "4-16-3", hidden: .relu, output: .softmax, loss: .ce,
                                optimizer: OptimizerSettings(kind: .adam, learningRate: 0.01), epochs: 200, batch: 16)
        XCTAssertGreaterThanOrEqual(try accuracy(trainer, iris, test: true), 0.9)
    }

    func testDigitsTestAccuracy() throws {
        let digits = try CSVLoader.load(path: repositoryFile("datasets/digits.csv"), test: 0.2, seed: 5)
        let trainer = try train(digits, spec: "64-128-10", hidden: .relu, output: .softmax, loss: .ce,
                                optimizer: OptimizerSettings(kind: .adam, learningRate: 0.005), epochs: 30, batch: 32)
        XCTAssertGreaterThanOrEqual(try accuracy(trainer, digits, test: true), 0.93)
    }

    func testThePerceptronRuleSeparatesAndButNotXor() throws {
        let and = try DatasetGenerator.make("and", n: 200, noise: 0, seed: 6, test: 0)
        let perceptron = try train(and, spec: "2-1", hidden: .step, output: .step, loss: .mse,
                                   optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.1), epochs: 50, batch: nil)
        XCTAssertTrue(perceptron.usesPerceptronRule)
        XCTAssertEqual(try accuracy(perceptron, and, test: false), 1.0)
        let xor = try DatasetGenerator.make("xor", n: 200, noise: 0, seed: 6, test: 0)
        let failing = try train(xor, spec: "2-1", hidden: .step, output: .step, loss: .mse,
                                optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.1), epochs: 50, batch: nil)
        XCTAssertLessThan(try accuracy(failing, xor, test: false), 0.8)
    }

    func testTrainingIsDeterministicForASeed() throws {
        let moons = try DatasetGenerator.make("moons", n: 200, seed: 7)
        let a = try train(moons, spec: "2-8-1", hidden: .tanh, output: .sigmoid, loss: .bce,
                          optimizer: OptimizerSettings(kind: .adam), epochs: 20, batch: 16, seed: 9)
        let b = try train(moons, spec: "2-8-1", hidden: .tanh, output: .sigmoid, loss: .bce,
                          optimizer: OptimizerSettings(kind: .adam), epochs: 20, batch: 16, seed: 9)
        XCTAssertEqual(a.network, b.network)
        XCTAssertEqual(a.history, b.history.map { var r = $0; r.gradientNorms = $0.gradientNorms; return r })
    }
}

/// The path of a file in the repository, found from this source file's location.
func repositoryFile(_ relative: String) -> String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent(relative).path
}
