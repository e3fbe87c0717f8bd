import Foundation
import NNEngine
import NNLessons
import NNSession
import XCTest

/// Every number the convolutional-networks lesson quotes, read from what its own blocks print
/// or recomputed by the engine, and its exercises: none passes after the blocks above it, each
/// reference solution passes.
final class ConvolutionalLessonTests: LessonTestCase {
    /// The test accuracy on the last `done:` line of a block's output.
    func finalTestAccuracy(_ text: String) -> String? {
        guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix("done:") }),
              let range = line.range(of: #"acc +[0-9.]+%$"#, options: .regularExpression) else { return nil }
        return line[range].split(separator: " ").last.map(String.init)
    }

    func testTheNumbersThePagesQuote() throws {
        let run = try LessonBlockTranscript(lesson: "convolutional-networks", data: scratch)
        let source = run.flatSource
        XCTAssertEqual(run.outputs.count, 9)
        XCTAssertTrue(run.outputs[1].contains("training samples 0–7 of 1438 (digits, each 1×8×8)"), run.outputs[1])
        XCTAssertTrue(run.outputs[0].contains("1,438 train, 359 test, 64 features (each row 1×8×8), 10 classes"), run.outputs[0])
        XCTAssertTrue(source.contains("1,797 handwritten digits of 8×8 pixels"))

        // The filter by hand: −(0 + 1 + 0) + (4 + 5 + 4) + 0.5 = 12.5, and eval prints its square.
        XCTAssertEqual(-(0 + 1 + 0) + (4 + 5 + 4) + 0.5, 12.5)
        XCTAssertTrue(run.outputs[2].contains("train loss 156.250000"), run.outputs[2])
        XCTAssertTrue(run.outputs[2].contains("w1: [-1.0000, 0.0000, 1.0000, -1.0000, 0.0000, 1.0000, -1.0000, 0.0000, 1.0000]"))
        XCTAssertTrue(source.contains("z = −(0 + 1 + 0) + (4 + 5 + 4) + 0.5 = 12.5"))
        XCTAssertTrue(source.contains("The training loss is 156.25 = 12.5²"))
        // forward shows the conv layer's one-number feature map.
        XCTAssertTrue(run.outputs[3].contains("filter 1 a (b = 0.5)\n12.50"), run.outputs[3])
        XCTAssertTrue(source.contains("the conv layer's feature map is one number here, z = a = 12.5"))
        let filter = ConvolutionLayer(weights: Tensor(shape: [1, 1, 3, 3], scalars: [-1, 0, 1, -1, 0, 1, -1, 0, 1]),
                                      bias: Tensor([0.5]), stride: 1, padding: 0, activation: .identity)
        let single = try LayerStack(input: .image(channels: 1, height: 3, width: 3), layers: [.conv(filter)])
        XCTAssertEqual(single.infer(Tensor(rows: [[0, 2, 4, 1, 3, 5, 0, 2, 4]])).outputs.scalars, [12.5])
        // The exercise's Sobel filter on the corner patch sums to −12, so the bias is 12.
        let sobel = ConvolutionLayer(weights: Tensor(shape: [1, 1, 3, 3], scalars: [-1, 0, 1, -2, 0, 2, -1, 0, 1]),
                                     bias: Tensor([0]), stride: 1, padding: 0, activation: .identity)
        let corner = try LayerStack(input: .image(channels: 1, height: 3, width: 3), layers: [.conv(sobel)])
        XCTAssertEqual(corner.infer(Tensor(rows: [[4, 4, 4, 4, 1, 0, 4, 0, 0]])).outputs.scalars, [-12])
        XCTAssertEqual(12.0.squareRoot(), 3.4641, accuracy: 5e-5, "the Sobel filter's weight norm, which the check pins")

        // Output sizes and parameter counts, as show net prints them.
        let summary = run.outputs[4]
        for expected in ["8×8×8", "80", "8×4×4", "16×4×4", "1,168", "16×2×2", "2,080", "330", "3,658",
                         "conv 8 3×3 stride 2 pad 1 relu → 8×4×4, 80 parameters"] {
            XCTAssertTrue(summary.contains(expected), "\(expected) in\n\(summary)")
        }
        XCTAssertEqual(8 * (1 * 3 * 3 + 1), 80)
        XCTAssertEqual(16 * (8 * 3 * 3 + 1), 1_168)
        XCTAssertEqual((64 + 1) * 32, 2_080)
        XCTAssertEqual((32 + 1) * 10, 330)
        XCTAssertEqual((8 - 3 + 2) / 2 + 1, 4)
        XCTAssertTrue(source.contains("8·(1·3·3 + 1) = 80 parameters") && source.contains("16·(8·3·3 + 1) = 1,168"))
        XCTAssertTrue(source.contains("(64 + 1)·32 = 2,080 and (32 + 1)·10 = 330; 3,658 in all"))
        XCTAssertTrue(source.contains("stride 2 halves it: (8 − 3 + 2)/2 + 1 = 4"))

        // Weight sharing: a dense layer to 8×8×8 against the conv layer's 80; the two nets of 310.
        XCTAssertEqual(64 * 512 + 512, 33_280)
        XCTAssertTrue(source.contains("64·512 + 512 = 33,280 parameters; the conv layer needs 80"))
        let sharing = run.outputs[5]
        XCTAssertTrue(sharing.contains("net 64-4-10: 310 parameters"), sharing)
        XCTAssertTrue(sharing.contains("310"))
        let parts = sharing.components(separatedBy: "net input 1×8×8")
        XCTAssertEqual(finalTestAccuracy(parts[0]), "85.0%", parts[0])
        XCTAssertEqual(finalTestAccuracy(parts.last!), "89.1%", parts.last!)
        XCTAssertTrue(source.contains("The dense net 64-4-10 squeezes the image through 4 units: 85.0% test accuracy."))
        XCTAssertTrue(source.contains("spends 60 parameters on six 3×3 filters and 250 on its output layer: 89.1%"))
        XCTAssertEqual(6 * (9 + 1), 60)
        XCTAssertEqual(6 * 2 * 2 * 10 + 10, 250)
        XCTAssertTrue(source.contains("(89.1% against 85.0%)"))
        XCTAssertEqual(finalTestAccuracy(run.outputs[6]), "89.1%", "the last page trains the same net")
        // plot filters draws the six trained filters; plot maps one digit's six maps after the conv layer.
        XCTAssertTrue(run.outputs[7].contains("6 filters of 3×3"), run.outputs[7])
        XCTAssertTrue(run.outputs[8].contains("sample 0 (class 0) · layer 1: conv 6 3×3 pad 1 relu · 6 maps of 8×8"), run.outputs[8])
    }

    /// The first exercise's hint: the page's conv net reaches about 91% in 30 epochs.
    func testThePagesConvNetGivenThirtyEpochs() throws {
        let session = TestFolders.session(data: scratch)
        var text = ""
        for line in ["reg off; dropout off; batchnorm off; sched none; clip off; set batch=all",
                     "data load datasets/digits.csv shape=1x8x8 seed=1", "loss ce", "opt adam lr=0.01",
                     "net input 1x8x8 seed=1", "layer conv 6 size=3 pad=1 act=relu", "layer maxpool", "layer maxpool",
                     "layer dense 10 act=softmax", "train epochs=30 batch=32"] {
            text = try TestFolders.text(session, line)
        }
        XCTAssertEqual(finalTestAccuracy(text), "91.4%", text)
        XCTAssertEqual(session.fact("conv_layers"), .success(.number(1)))
        XCTAssertEqual(session.fact("params"), .success(.number(310)))
        XCTAssertEqual(session.fact("hidden_layers"), .success(.number(1)))
        XCTAssertEqual(session.fact("activation"), .success(.text("relu")))
    }

    /// Receptive fields: the walk r ← r + (K − 1)·j gives 3, 4, 8, 10 for the digits net; the
    /// engine agrees (10×10 is the smallest unpadded input that gives one output), and with the
    /// padding each final unit depends on exactly 7×7 of the 8×8 pixels.
    func testReceptiveFieldsOfTheDigitsNet() throws {
        var r = 1, j = 1, fields: [Int] = []
        for (k, s) in [(3, 1), (2, 2), (3, 1), (2, 2)] {
            r += (k - 1) * j
            j *= s
            fields.append(r)
        }
        XCTAssertEqual(fields, [3, 4, 8, 10])
        func unpadded(_ side: Int) -> Bool {
            var stack = LayerStack(input: .image(channels: 1, height: side, width: side), seed: 0)
            do {
                for request: LayerStack.Request in [.conv(filters: 1, size: 3, stride: 1, padding: 0, activation: .identity),
                                                    .maxPool(size: 2, stride: 2),
                                                    .conv(filters: 1, size: 3, stride: 1, padding: 0, activation: .identity),
                                                    .maxPool(size: 2, stride: 2)] {
                    try stack.add(request)
                }
            } catch { return false }
            return true
        }
        XCTAssertEqual((1...20).first(where: unpadded), 10)

        // Padded, with positive weights and average pooling: which pixels move output unit 0?
        func ones(_ channels: Int) -> ConvolutionLayer {
            ConvolutionLayer(weights: Tensor(shape: [1, channels, 3, 3], repeating: 1), bias: Tensor([0]), stride: 1,
                             padding: 1, activation: .identity)
        }
        let stack = try LayerStack(input: .image(channels: 1, height: 8, width: 8),
                                   layers: [.conv(ones(1)), .avgPool(size: 2, stride: 2), .conv(ones(1)), .avgPool(size: 2, stride: 2)])
        let base = stack.infer(Tensor(rows: [[Double](repeating: 0, count: 64)])).outputs.scalars
        var seen: [Int] = []
        for pixel in 0..<64 {
            var x = [Double](repeating: 0, count: 64)
            x[pixel] = 1
            if stack.infer(Tensor(rows: [x])).outputs.scalars[0] != base[0] { seen.append(pixel) }
        }
        XCTAssertEqual(seen.count, 49)
        XCTAssertEqual(Set(seen.map { $0 / 8 }), Set(0...6))
        XCTAssertEqual(Set(seen.map { $0 % 8 }), Set(0...6))
        let run = try String(contentsOfFile: (TestFolders.lessons as NSString).appendingPathComponent("convolutional-networks.md"), encoding: .utf8)
            .split(separator: "\n").joined(separator: " ")
        XCTAssertTrue(run.contains("4 + 2·2 = 8 after the second conv, and 8 + 1·2 = 10 after the second pooling"))
        XCTAssertTrue(run.contains("each of the last 16×2×2 units sees 7×7 of the 8×8 pixels"))
    }

    func testNoExerciseIsSolvedByTheBlocksAboveItAndEverySolutionPasses() throws {
        let lesson = try assertExercisesNeedTheLearner("convolutional-networks", count: 3)
        let generators = Set(lesson.questions.compactMap(\.generator))
        XCTAssertEqual(generators, ["conv-filter", "conv-output-size", "conv-param-count", "pool-output-size", "receptive-field"])
        XCTAssertGreaterThanOrEqual(lesson.questions.filter { $0.kind != .numeric }.count, 10)
    }
}
