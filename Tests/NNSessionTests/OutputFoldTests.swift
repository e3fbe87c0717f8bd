import NNRender
import NNSession
import XCTest

/// The hub, `nnlab lesson` and plain mode fold lines wider than the width at a field gap or a
/// space, and cut wide tables into blocks of columns; a printer that does not fold (for callers
/// that lay text out themselves) keeps each line whole.
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
        XCTAssertEqual(OutputPrinter(width: 80, colorMode: .none).lines(long).count, 1, "a printer that does not fold keeps whole lines")
        XCTAssertTrue(OutputPrinter(width: 80, colorMode: .none, foldsText: true).lines(long).allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    /// A word is never cut while a space can take the fold, even early in the line.
    func testAFoldPrefersAShortLineToACutWord() {
        let line = "see " + String(repeating: "x", count: 70) + " and more words"
        let folded = OutputPrinter.fold(line, width: 40)
        XCTAssertEqual(folded.first, "see", "\(folded)")
        XCTAssertTrue(folded.allSatisfy { DisplayWidth.of($0) <= 40 }, "\(folded)")
        XCTAssertEqual(folded.suffix(2), ["  " + String(repeating: "x", count: 32) + " and", "  more words"],
                       "only the word wider than the line is cut: \(folded)")
        let pieces = OutputPrinter.fold("a " + String(repeating: "y", count: 30) + " b", width: 20)
        XCTAssertEqual(pieces.first, "a", "the fold goes at the space after `a`, not inside the long word")
        XCTAssertEqual(OutputPrinter.fold("   indented words here", width: 12), ["   indented", "  words here"])
        let title = "layer 2: δ² = ∂L/∂z² = a² − y (ce with softmax, per sample); ∂L/∂W = δ·aᵀ, ∂L/∂b = δ"
        XCTAssertEqual(OutputPrinter.fold(title, width: 80),
                       ["layer 2: δ² = ∂L/∂z² = a² − y (ce with softmax, per sample);", "  ∂L/∂W = δ·aᵀ, ∂L/∂b = δ"],
                       "a formula after a clause stays whole")
        let spec = "net 2-8:sigmoid-8:sigmoid-8:sigmoid-8:sigmoid-8:sigmoid-8:sigmoid-8:sigmoid-8:sigmoid-1:sigmoid: 537 parameters"
        let specPieces = OutputPrinter.fold(spec, width: 80)
        XCTAssertEqual(specPieces.count, 2, "\(specPieces)")
        XCTAssertTrue(specPieces[0].hasPrefix("net 2-8:sigmoid-") && specPieces[0].hasSuffix(":sigmoid-"),
                      "a word wider than any line breaks after a hyphen, on the line it starts: \(specPieces)")
        XCTAssertTrue(specPieces.allSatisfy { DisplayWidth.of($0) <= 80 }, "\(specPieces)")
        XCTAssertEqual(specPieces[0] + specPieces[1].dropFirst(2), spec)
    }

    /// Reading, a table wider than the width is cut into blocks of columns, each repeating the
    /// first; for scripts its rows stay whole.
    func testAWideTableIsCutIntoBlocksOfColumns() {
        let table = TextTable(title: "layer 2", headers: ["unit", "δ", "∂L/∂w1", "∂L/∂w2", "∂L/∂w3"],
                              rows: [["1", "0.232197", "0.192451", "0.102814", "0.199530"],
                                     ["2", "-0.751673", "-0.623009", "-0.332832", "-0.645923"]])
        XCTAssertEqual(table.lines(width: 80), table.lines(), "a table that fits is as it was")
        XCTAssertEqual(table.lines(width: 37), [
            "layer 2",
            "unit          δ     ∂L/∂w1     ∂L/∂w2",
            "────  ─────────  ─────────  ─────────",
            "   1   0.232197   0.192451   0.102814",
            "   2  -0.751673  -0.623009  -0.332832",
            "",
            "unit     ∂L/∂w3",
            "────  ─────────",
            "   1   0.199530",
            "   2  -0.645923",
        ])
        let reading = OutputPrinter(width: 30, colorMode: .none, foldsText: true).lines(.table(table))
        XCTAssertTrue(reading.allSatisfy { DisplayWidth.of($0) <= 30 }, reading.joined(separator: "\n"))
        XCTAssertEqual(reading.filter { $0.hasPrefix("unit") }.count, 2, reading.joined(separator: "\n"))
        XCTAssertEqual(OutputPrinter(width: 30, colorMode: .none).lines(.table(table)).count, 5, "a printer that does not fold keeps one line per row")
    }
}
