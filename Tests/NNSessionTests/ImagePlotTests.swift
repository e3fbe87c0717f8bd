import Foundation
import NNData
import NNEngine
import NNRender
import NNSession
import XCTest

/// `data show`, `plot images`, `plot filters` and `plot maps` on digits as 1×8×8 images, in
/// plain text at 80 columns: every pixel's character checked against values computed here.
final class ImagePlotTests: XCTestCase {
    var session: Session!

    override func setUpWithError() throws {
        session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory(),
                                                          width: 80, colorMode: .none))
    }

    func run(_ line: String, file: StaticString = #filePath, lineNumber: UInt = #line) -> [String] {
        do {
            var lines = try session.printedText(of: line).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            while lines.last == "" { lines.removeLast() }
            return lines
        } catch {
            XCTFail("\(line): \(error)", file: file, line: lineNumber)
            return []
        }
    }

    func loadDigits() { _ = run("data load \(TestPaths.datasets)/digits.csv shape=1x8x8 seed=1") }

    func buildConvNet() {
        for line in ["seed 2", "net input 1x8x8", "layer conv 4 size=3 pad=1 act=relu", "layer maxpool", "layer conv 3 size=3 pad=1 act=tanh",
                     "layer dense 10 act=softmax"] {
            _ = run(line)
        }
    }

    /// The characters a tile's pixels get on a gray ramp from `low` to `high` at scale 2 (each
    /// pixel two columns wide and one text row tall, so the mean of a cell's halves is the pixel).
    func expectedRows(_ values: [Double], width: Int, height: Int, low: Double, high: Double) -> [String] {
        let ramp = Array(" .:-=+*#%@")
        return (0..<height).map { r in
            String((0..<width).flatMap { c -> [Character] in
                let t = high > low ? max(0, min(1, (values[r * width + c] - low) / (high - low))) : 0
                let ch = ramp[min(9, Int(t * 10))]
                return [ch, ch]
            })
        }
    }

    /// The text of a tile of `rows` text rows and `columns` columns at a grid position.
    func tile(_ lines: [String], top: Int, left: Int, rows: Int, columns: Int) -> [String] {
        (top..<(top + rows)).map { y in
            let chars = Array(lines[y])
            let cut = chars.count > left ? Array(chars[left..<min(chars.count, left + columns)]) : []
            return String(cut + Array(repeating: " ", count: columns - cut.count))
        }
    }

    func testPlotImagesDrawsEachSampleInItsOwnUnitsLabeledWithItsClass() throws {
        loadDigits()
        let lines = run("plot images n=6 start=2")
        XCTAssertTrue(lines[0].hasPrefix("training samples 2–7 of "), lines[0])
        XCTAssertTrue(lines.allSatisfy { DisplayWidth.of($0) <= 80 }, lines.joined(separator: "\n"))
        let raw = try XCTUnwrap(session.state.rawData)
        // digits.csv holds whole numbers: undo the standardization and round away its dust.
        let pixels = raw.featureScaling!.invert(raw.trainInputs).map { $0.rounded() }
        // The shown range is the smallest and largest pixel of the six samples.
        let shown = (2..<8).flatMap { r in (0..<64).map { pixels[r, $0] } }
        let low = shown.min()!, high = shown.max()!
        XCTAssertEqual(low, 0, "digits.csv pixels run from 0")
        for k in 0..<6 {
            let top = 1 + (k / 4) * 10, left = (k % 4) * 18
            let values = (0..<64).map { pixels[2 + k, $0] }
            XCTAssertEqual(tile(lines, top: top, left: left, rows: 8, columns: 16),
                           expectedRows(values, width: 8, height: 8, low: low, high: high), "sample \(2 + k)")
            let label = "\(Int(raw.trainTargets.scalars[2 + k])) #\(2 + k)"
            XCTAssertEqual(tile(lines, top: top + 8, left: left, rows: 1, columns: 16)[0].trimmingCharacters(in: .whitespaces), label)
        }
        XCTAssertEqual(lines.last!, "pixel  ' ' 0  . 1.6  : 3.2  - 4.8  = 6.4  + 8  * 9.6  # 11  % 13  @ 14 to 16")
    }

    func testDataShowAddsTwoRowsOfImages() {
        loadDigits()
        let lines = run("data show")
        XCTAssertTrue(lines.contains { $0.hasPrefix("dataset") && $0.contains("digits") })
        let labels = lines.filter { $0.contains(" #0") }
        XCTAssertEqual(labels.count, 1, lines.joined(separator: "\n"))
        XCTAssertTrue(labels[0].contains("#3"), "four tiles to a row at 80 columns: \(labels[0])")
        XCTAssertTrue(lines.contains { $0.contains("#7") } && !lines.contains { $0.contains("#8") }, "two rows of four")
        let grid = lines.drop { !$0.contains(" #0") }
        XCTAssertTrue(grid.allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    func testPlotFiltersDrawsEveryWeightOnOneDivergingScale() throws {
        loadDigits()
        buildConvNet()
        let lines = run("plot filters")
        let stack = try XCTUnwrap(session.state.trainer?.network.stack)
        guard case .conv(let conv) = stack.layers[0] else { return XCTFail("layer 1 is not conv") }
        let w = conv.weights.scalars
        let limit = w.map(abs).max()!
        XCTAssertTrue(lines[0].hasPrefix("layer 1: conv 4 3×3 pad 1 relu · 4 filters of 3×3 · max |w| "), lines[0])
        // Scale 4 (3 × 4 = 12 columns): each weight is 4 columns wide and 2 text rows tall.
        let ramp = ["=", "-", ",", ".", "'", "+", "#"]
        for f in 0..<4 {
            let left = f * 14
            let text = tile(lines, top: 1, left: left, rows: 6, columns: 12)
            for r in 0..<3 {
                let expected = (0..<3).map { c -> String in
                    let t = (max(-1, min(1, w[f * 9 + r * 3 + c] / limit)) + 1) / 2
                    return String(repeating: ramp[min(6, Int(t * 7))], count: 4)
                }.joined()
                XCTAssertEqual(text[2 * r], expected, "filter \(f + 1) row \(r)")
                XCTAssertEqual(text[2 * r + 1], expected, "filter \(f + 1) row \(r)")
            }
            XCTAssertEqual(tile(lines, top: 7, left: left, rows: 1, columns: 12)[0].trimmingCharacters(in: .whitespaces), "\(f + 1)")
        }
        XCTAssertTrue(lines.last!.hasPrefix("weight  = -"), lines.last!)
        XCTAssertTrue(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
        // Filters over several channels: one tile per filter and channel.
        let second = run("plot filters layer=3")
        XCTAssertTrue(second[0].hasPrefix("layer 3: conv 3 3×3 pad 1 tanh · 3×4 filters (filter.channel) · max |w| "), second[0])
        XCTAssertTrue(second.contains { $0.contains("3.4") })
    }

    /// The maps are the engine's layer outputs: checked against a convolution written out here.
    func testPlotMapsMatchesAConvolutionByHand() throws {
        loadDigits()
        buildConvNet()
        let lines = run("plot maps sample=3")
        XCTAssertTrue(lines[0].hasPrefix("sample 3 (class "), lines[0])
        XCTAssertTrue(lines[0].hasSuffix(") · layer 1: conv 4 3×3 pad 1 relu · 4 maps of 8×8"), lines[0])
        let stack = try XCTUnwrap(session.state.trainer?.network.stack)
        guard case .conv(let conv) = stack.layers[0] else { return XCTFail("layer 1 is not conv") }
        let x = try XCTUnwrap(session.state.data).trainInputs
        var maps = [Double](repeating: 0, count: 4 * 64)
        for f in 0..<4 {
            for i in 0..<8 {
                for j in 0..<8 {
                    var z = conv.bias.scalars[f]
                    for u in 0..<3 {
                        for v in 0..<3 {
                            let r = i + u - 1, c = j + v - 1
                            if r >= 0 && r < 8 && c >= 0 && c < 8 { z += conv.weights.scalars[f * 9 + u * 3 + v] * x[3, r * 8 + c] }
                        }
                    }
                    maps[f * 64 + i * 8 + j] = max(0, z)
                }
            }
        }
        let high = maps.max()!
        for f in 0..<4 {
            XCTAssertEqual(tile(lines, top: 1, left: f * 18, rows: 8, columns: 16),
                           expectedRows(Array(maps[(f * 64)..<((f + 1) * 64)]), width: 8, height: 8, low: 0, high: high), "map \(f + 1)")
        }
        XCTAssertTrue(lines.last!.hasPrefix("activation  ' '"), lines.last!)
        // After max pooling: 4 maps of 4×4 at scale 4; after tanh: signed, on the diverging scale.
        XCTAssertTrue(run("plot maps layer=2")[0].hasSuffix("maxpool 2×2 · 4 maps of 4×4"))
        XCTAssertTrue(run("plot maps layer=3").last!.hasPrefix("activation  ="))
    }

    func testClearErrors() {
        XCTAssertTrue(session.failureMessage(of: "plot images").contains("there is no data yet"))
        _ = run("data xor")
        let notImages = session.failureMessage(of: "plot images")
        XCTAssertTrue(notImages.contains("`plot images` draws image data, but xor is not"), notImages)
        XCTAssertTrue(notImages.contains("shape=1x8x8"), notImages)
        _ = run("net 2-4-1")
        XCTAssertTrue(session.failureMessage(of: "plot filters").contains("built with `net SPEC`"))
        loadDigits()
        for line in ["net input 1x8x8", "layer dense 10 act=softmax"] { _ = run(line) }
        XCTAssertTrue(session.failureMessage(of: "plot filters").contains("has none; add one, e.g. `layer conv 8"))
        XCTAssertTrue(session.failureMessage(of: "plot maps").contains("has none"))
        buildConvNet()
        XCTAssertEqual(session.failureMessage(of: "plot filters layer=9"),
                       "layer must be a layer number from 1 to 5, as `show net` numbers them")
        XCTAssertEqual(session.failureMessage(of: "plot filters layer=2"), "layer 2 is maxpool 2×2, which has no filters; conv layers: 1, 3")
        XCTAssertEqual(session.failureMessage(of: "plot maps layer=5"),
                       "layer 5 (dense 10 softmax) hands on a vector of 10, not feature maps; choose one of layers 1, 2, 3")
        XCTAssertTrue(session.failureMessage(of: "plot maps sample=100000").contains("sample must be from 0 to"))
        XCTAssertTrue(session.failureMessage(of: "plot images start=100000").contains("start"))
        XCTAssertTrue(session.failureMessage(of: "plot images n=0").contains("n"))
    }
}
