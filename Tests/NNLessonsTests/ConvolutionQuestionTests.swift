import Foundation
import NNLessons
import XCTest

/// The convolution, pooling, receptive-field and residual generators against plain arithmetic
/// on the values each prompt states: (W − K + 2P)/S + 1, F·(C·K·K + 1), r ← (r − 1)·S + K,
/// ⌊(W − K)/S⌋ + 1, f′(x) + 1 and Σ w·x + b.
extension NumericQuestionTests {
    func testConvOutputSize() {
        check("conv-output-size") { _, v in
            let m = v.first(#"(\d+) filters of (\d+)×\d+, stride (\d+) and zero padding (\d+) reads a (\d+)×(\d+)×"#)!
            let k = Int(m[2])!, s = Int(m[3])!, p = Int(m[4])!, w = Int(m[6])!
            return Expected(answer: Double((w - k + 2 * p) / s + 1), required: [
                "forgot the padding": Double((w - k) / s + 1),
                "forgot the stride": Double(w - k + 2 * p + 1),
                "forgot the + 1": Double((w - k + 2 * p) / s),
            ], isCount: true)
        }
        // The lesson's example: 8×8 digits, 3×3 filters, padding 1, stride 1 keep 8×8; stride 2 gives 4×4.
        XCTAssertEqual((8 - 3 + 2 * 1) / 1 + 1, 8)
        XCTAssertEqual((8 - 3 + 2 * 1) / 2 + 1, 4)
    }

    func testConvParameterCount() {
        check("conv-param-count") { _, v in
            let m = v.first(#"(\d+) filters of (\d+)×\d+ .* reads a (\d+)×(\d+)×"#)!
            let f = Int(m[1])!, k = Int(m[2])!, c = Int(m[3])!, side = Int(m[4])!
            let answer = f * c * k * k + f
            return Expected(answer: Double(answer), required: [
                "forgot the bias": Double(f * c * k * k),
                "counted per position instead of shared": Double(answer * side * side),
                "forgot the input channels": Double(f * k * k + f),
            ], isCount: true)
        }
        // conv 8 size=3 on 1 channel: 8·(1·9 + 1) = 80; conv 16 size=3 on 8 channels: 16·(72 + 1) = 1,168.
        XCTAssertEqual(8 * (1 * 9 + 1), 80)
        XCTAssertEqual(16 * (8 * 9 + 1), 1_168)
    }

    func testReceptiveField() {
        check("receptive-field") { _, v in
            // Each layer as (K, S) in the order the prompt names them.
            let layers = v.all(#"(conv (\d)×\d \(stride 1\)|max pool 2×2 \(stride 2\))"#).map { m -> (Int, Int) in
                m[1].hasPrefix("conv") ? (Int(m[2])!, 1) : (2, 2)
            }
            XCTAssertGreaterThanOrEqual(layers.count, 2)
            // Independent: the stride product below each layer times its K − 1, plus 1.
            var field = 1, jump = 1
            for (k, s) in layers {
                field += (k - 1) * jump
                jump *= s
            }
            return Expected(answer: Double(field), required: [
                "added the kernel sizes": Double(layers.map(\.0).reduce(0, +)),
                "ignored the pooling's stride": Double(1 + layers.map { $0.0 - 1 }.reduce(0, +)),
            ], isCount: true)
        }
        // Two 3×3 convs see 5×5; three see 7×7 (the VGG argument).
        XCTAssertEqual(1 + 2 + 2, 5)
    }

    func testPoolOutputSize() {
        check("pool-output-size") { _, v in
            let m = v.first(#"Max pooling (\d+)×\d+ .*?stride (\d+).* (\d+) feature maps of (\d+)×"#)!
            let k = Int(m[1])!, s = Int(m[2])!, w = Int(m[4])!
            return Expected(answer: Double((w - k) / s + 1), required: [
                "forgot the + 1": Double((w - k) / s),
            ], optional: [
                "forgot the stride": Double(w - k + 1),
                "divided by the window size": Double(w) / Double(k),
            ], isCount: true)
        }
    }

    func testResidualGradient() {
        check("residual-gradient") { _, v in
            let w = v.number("w"), b = v.number("b"), x = v.number("x")
            // Independent: a central difference of y(x) = tanh(w·x + b) + x.
            let h = 1e-5
            let y = { (x: Double) in tanh(w * x + b) + x }
            let slope = (y(x + h) - y(x - h)) / (2 * h)
            XCTAssertEqual(slope, 1 + w / pow(cosh(w * x + b), 2), accuracy: 1e-8)
            return Expected(answer: 1 + w / pow(cosh(w * x + b), 2), required: [
                "forgot the identity path": w / pow(cosh(w * x + b), 2),
                "forgot tanh's slope": w + 1,
            ], optional: ["the output, not its slope": y(x)])
        }
    }

    func testFilterResponse() {
        check("conv-filter") { _, v in
            func grid(_ text: String) -> [[Double]] {
                text.components(separatedBy: " / ").map { $0.split(separator: " ").map { PromptValues.parse(String($0))! } }
            }
            let filter = grid(v.first(#"filter with rows ([−\d ./]+) and bias"#)![1])
            let patch = grid(v.first(#"patch with rows ([−\d ./]+) \(no"#)![1])
            let b = v.number("b")
            XCTAssertEqual(filter.count, 3)
            XCTAssertEqual(patch.map(\.count), [3, 3, 3])
            var sum = 0.0, flipped = 0.0
            for i in 0..<3 {
                for j in 0..<3 {
                    sum += filter[i][j] * patch[i][j]
                    flipped += filter[2 - i][2 - j] * patch[i][j]
                }
            }
            return Expected(answer: sum + b, required: ["forgot the bias": sum],
                            optional: ["flipped the filter": flipped + b])
        }
    }
}
