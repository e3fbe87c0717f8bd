import Foundation
import NNEngine
import XCTest

/// Model and gradient files: round trips, the documented format written by hand, and every
/// way a file can be wrong.
final class ModelFileTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func write(_ text: String, name: String = "model.json") throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func message(_ text: String) -> String {
        do { _ = try ModelFile.read(path: try write(text)); return "no error" } catch { return "\(error)" }
    }

    func testRoundTripKeepsEveryNumber() throws {
        var network = Network(spec: try NetworkSpec.parse("3-5-4-2", hidden: .relu, output: .softmax), seed: 7)
        network.setBatchNorm(true)
        network.layers[0].batchNorm!.runningMean = Tensor([0.1, -0.2, 1e-9, 3, 4.5])
        network.dropout = Dropout(probability: 0.25, scaling: .classic)
        let path = folder.appendingPathComponent("round.json").path
        try ModelFile.write(network, loss: .ce, to: path)
        let contents = try ModelFile.read(path: path)
        XCTAssertEqual(contents.network, network)
        XCTAssertEqual(contents.loss, .ce)
    }

    func testTheDocumentedExampleWrittenByHandLoads() throws {
        let path = try write("""
        {
          "format": "nnlab-model",
          "version": 1,
          "inputs": 2,
          "loss": "bce",
          "layers": [
            {"type": "dense", "inputs": 2, "outputs": 3, "activation": "tanh",
             "weights": [[0.1, -0.2], [0.3, 0.0], [-0.5, 0.4]], "bias": [0.0, 0.1, -0.1]},
            {"type": "dense", "inputs": 3, "outputs": 1, "activation": "sigmoid",
             "weights": [[1, -1, 0.5]], "bias": [0.2]}
          ]
        }
        """)
        let contents = try ModelFile.read(path: path)
        XCTAssertEqual(contents.loss, .bce)
        XCTAssertEqual(contents.network.widths, [2, 3, 1])
        XCTAssertEqual(contents.network.layers[0].weights, Tensor(rows: [[0.1, -0.2], [0.3, 0.0], [-0.5, 0.4]]))
        // x = [1, 2]: z¹ = [−0.3, 0.4, 0.2], a¹ = tanh(z¹), z² = a¹₁ − a¹₂ + 0.5·a¹₃ + 0.2.
        let a1 = [tanh(-0.3), tanh(0.4), tanh(0.2)]
        let z2 = a1[0] - a1[1] + 0.5 * a1[2] + 0.2
        XCTAssertEqual(contents.network.predict(Tensor(rows: [[1, 2]])).scalar, 1 / (1 + exp(-z2)), accuracy: 1e-15)
    }

    func testErrorsNameTheFileAndTheField() throws {
        let good = #"{"format": "nnlab-model", "version": 1, "inputs": 2, "layers": [{"type": "dense", "inputs": 2, "outputs": 1, "activation": "sigmoid", "weights": [[1, 2]], "bias": [0]}]}"#
        XCTAssertEqual(message(good), "no error")
        XCTAssertTrue(message("").hasSuffix("model.json: the file is empty; a model file is the JSON nnlab writes when it saves a net"))
        XCTAssertTrue(message(String(good.prefix(60))).contains("not valid JSON"), message(String(good.prefix(60))))
        XCTAssertTrue(message("[1, 2]").contains("the JSON is not an object"))
        XCTAssertTrue(message(good.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 2"))
            .contains("field 'version': is 2, but this nnlab reads version 1"))
        XCTAssertTrue(message(good.replacingOccurrences(of: "nnlab-model", with: "nnlab-grads")).contains("this is a gradient file"))
        XCTAssertTrue(message(good.replacingOccurrences(of: "[[1, 2]]", with: "[[1, 2, 3]]"))
            .contains("field 'layers[0].weights': row 0 has 3 numbers, needs 2"), message(good.replacingOccurrences(of: "[[1, 2]]", with: "[[1, 2, 3]]")))
        XCTAssertTrue(message(good.replacingOccurrences(of: "[[1, 2]]", with: "[[1, 2], [3, 4]]")).contains("has 2 rows, needs 1"))
        XCTAssertTrue(message(good.replacingOccurrences(of: "\"bias\": [0]", with: "\"bias\": [\"x\"]")).contains("layers[0].bias"))
        XCTAssertTrue(message(good.replacingOccurrences(of: "sigmoid", with: "sigmoyd")).contains("'sigmoyd' is not one of"))
        XCTAssertTrue(message(good.replacingOccurrences(of: "\"inputs\": 2, \"outputs\"", with: "\"inputs\": 3, \"outputs\"")).contains("layers[0].inputs"))
        let binary = folder.appendingPathComponent("binary.json").path
        try Data([0x7b, 0x00, 0x01]).write(to: URL(fileURLWithPath: binary))
        XCTAssertThrowsError(try ModelFile.read(path: binary)) { XCTAssertTrue("\($0)".contains("binary file")) }
        XCTAssertThrowsError(try ModelFile.read(path: folder.appendingPathComponent("missing.json").path)) {
            XCTAssertTrue("\($0)".contains("no such file"))
        }
    }

    func testGradientFileHoldsTheLossAndGradientsInTheModelLayout() throws {
        let network = Network(spec: try NetworkSpec.parse("2-3-1", hidden: .tanh, output: .sigmoid), seed: 3)
        var g = SeededGenerator(seed: 0)
        let x = Tensor(rows: [[1, 2], [-1, 0.5]]), y = Tensor([1, 0])
        let result = try network.gradients(inputs: x, targets: y, objective: Objective(loss: .bce, regularization: Regularization(l2: 0.01)), generator: &g)
        let path = folder.appendingPathComponent("grads.json").path
        try ModelFile.writeText(ModelFile.encodeGradients(network, gradients: result.gradients, loss: result.loss), to: path)
        let object = try XCTUnwrap(JSONReader.parse([UInt8](Data(contentsOf: URL(fileURLWithPath: path)))).object)
        XCTAssertEqual(object["format"], .string("nnlab-grads"))
        XCTAssertEqual(object["loss"]?.number, result.loss)
        let layers = try XCTUnwrap(object["layers"]?.array?.compactMap(\.object))
        XCTAssertEqual(layers.count, 2)
        XCTAssertEqual(layers[0]["weights"]?.array?.flatMap { $0.array!.map { $0.number! } }, result.gradients[0].scalars)
        XCTAssertEqual(layers[1]["bias"]?.array?.map { $0.number! }, result.gradients[3].scalars)
    }

    func testSyntaxErrorsGiveTheLine() {
        XCTAssertTrue(message("{\n  \"format\": \"nnlab-model\",\n  \"version\" 1\n}").contains("not valid JSON at line 3: expected ':' after \"version\""),
                      message("{\n  \"format\": \"nnlab-model\",\n  \"version\" 1\n}"))
        XCTAssertTrue(message("{\"format\": [1, 2").contains("the file ends inside a list (is it cut short?)"))
        XCTAssertEqual(try JSONReader.parse(Array("[0.1, -2e-3, 1.3255086762370496]".utf8)),
                       .array([.number(0.1), .number(-0.002), .number(1.3255086762370496)]))
    }

    func testAFailedWriteNamesTheFolder() {
        XCTAssertThrowsError(try ModelFile.write(Network(spec: try! NetworkSpec.parse("1-1", hidden: .tanh, output: .identity), seed: 0),
                                                 loss: nil, to: "/nonexistent-folder/m.json")) { error in
            XCTAssertTrue("\(error)".contains("cannot write"), "\(error)")
        }
    }
}

/// Model files built to break the reader: deep nesting, huge and hostile strings.
final class ModelFileHostileInputTests: XCTestCase {
    /// 50,000 nested lists give an error naming the limit and the line, not a stack overflow.
    func testDeepNestingIsAnError() {
        let text = "{\"layers\":\n" + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "}"
        XCTAssertThrowsError(try JSONReader.parse(Array(text.utf8))) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("line 2:"), message)
            XCTAssertTrue(message.contains("64"), message)
            XCTAssertLessThan(message.count, 120, message)
        }
    }

    /// A field holding a 300,000-character string with terminal escapes is quoted short and escaped.
    func testHostileStringsAreQuotedShortAndEscaped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let hostile = "\\u001b]0;owned\\u0007\\u001b[2J" + String(repeating: "x", count: 300_000)
        for (name, json) in [
            ("format", "{\"format\": \"\(hostile)\"}"),
            ("activation", "{\"format\": \"nnlab-model\", \"version\": 1, \"inputs\": 1, \"layers\": [{\"type\": \"dense\", \"outputs\": 1, \"activation\": \"\(hostile)\", \"weights\": [[1]], \"bias\": [0]}]}"),
            ("key", "{\"\(hostile)\" 1}"),
        ] {
            let path = folder.appendingPathComponent("\(name).json").path
            try Data(json.utf8).write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try ModelFile.read(path: path)) { error in
                let message = "\(error)"
                XCTAssertLessThan(message.count, 400, "\(name): \(message.prefix(400))")
                XCTAssertFalse(message.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(name): raw control bytes")
                XCTAssertTrue(message.contains("\\x1b]0;owned\\x07"), "\(name): \(message.prefix(400))")
            }
        }
    }
}
