import NNRender
import NNSession
import XCTest

/// Reading contexts (the hub, `nnlab lesson … --plain`) fold lines wider than the terminal at a
/// field gap or a space; `nnlab run` keeps each line whole for scripts.
final class OutputFoldTests: XCTestCase {
    func testATrainingLogLineFoldsAtAFieldGap() {
        let line = "epoch     1  loss 0.100000  acc  90.0%  test loss 0.200000  test acc  80.0%  lr 0.01"
        XCTAssertEqual(OutputPrinter.fold(line, width: 80),
                       ["epoch     1  loss 0.100000  acc  90.0%  test loss 0.200000  test acc  80.0%", "  lr 0.01"])
    }

    func testProseFoldsAtASpaceAndAHugeWordIsCut() {
        let header = "Lesson 1 · perceptron · about 20 minutes · topics: perceptron, linear-separability"
        XCTAssertEqual(OutputPrinter.fold(header, width: 80), ["Lesson 1 · perceptron · about 20 minutes · topics: perceptron,", "  linear-separability"])
        let word = String(repeating: "x", count: 200)
        let pieces = OutputPrinter.fold(word, width: 80)
        XCTAssertTrue(pieces.allSatisfy { DisplayWidth.of($0) <= 80 }, "\(pieces)")
        XCTAssertEqual(pieces.joined().replacingOccurrences(of: " ", with: ""), word)
        XCTAssertEqual(OutputPrinter.fold("short line", width: 80), ["short line"])
    }

    func testOnlyAFoldingPrinterFolds() {
        let long = OutputBlock.text(String(repeating: "word ", count: 30))
        XCTAssertEqual(OutputPrinter(width: 80, colorMode: .none).lines(long).count, 1, "scripts keep whole lines")
        XCTAssertTrue(OutputPrinter(width: 80, colorMode: .none, foldsText: true).lines(long).allSatisfy { DisplayWidth.of($0) <= 80 })
    }
}
