import NNRender
import XCTest

/// A legend's ━━ and ╍╍ are a promise: at braille resolution a dashed or dotted line leaves
/// blank cells along its length, so two curves are told apart without color.
final class LinePatternTests: XCTestCase {
    /// The cells of the chart's row that a flat line at y = 0.5 runs through.
    func lineCells(_ pattern: LinePattern) -> String {
        let chart = LineChart(series: [LineChart.Series(name: "s", xs: [0, 1], ys: [0.5, 0.5], pattern: pattern)],
                              xAxis: Axis(), yAxis: Axis())
        let lines = BufferPrinter(colorMode: .none).plainLines(chart.renderedBuffer(width: 60, height: 12))
        return lines.first { $0.contains { ("\u{2801}"..."\u{28FF}").contains($0) } } ?? ""
    }

    func testDashedAndDottedLinesShowGapsAndSolidLinesDoNot() {
        func gaps(_ row: String) -> Int {
            let cells = Array(row.drop { !("\u{2801}"..."\u{28FF}").contains($0) })
            let last = cells.lastIndex { ("\u{2801}"..."\u{28FF}").contains($0) } ?? 0
            return cells[..<last].filter { $0 == " " }.count
        }
        XCTAssertEqual(gaps(lineCells(.solid)), 0, lineCells(.solid))
        XCTAssertGreaterThan(gaps(lineCells(.dashed)), 5, lineCells(.dashed))
        XCTAssertGreaterThan(gaps(lineCells(.dotted)), 10, lineCells(.dotted))
    }
}
