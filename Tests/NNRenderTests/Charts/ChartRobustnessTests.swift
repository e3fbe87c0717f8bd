import Foundation
import NNRender
import XCTest

final class ChartRobustnessTests: XCTestCase {
    private func lines(_ widget: some Widget, _ width: Int, _ height: Int) -> [String] {
        widget.renderedLines(width: width, height: height)
    }

    func testTinyAreasNeverCrash() {
        let sizes = [(0, 0), (1, 1), (1, 5), (5, 1), (2, 2), (1, 30), (80, 1), (3, 3), (12, 5), (13, 6), (20, 7)]
        for (name, widget) in AllWidgets.sample() {
            for (w, h) in sizes {
                let buffer = widget.renderedBuffer(width: w, height: h)
                XCTAssertEqual(buffer.cells.count, w * h, "\(name) at \(w)×\(h)")
            }
        }
    }

    func testWidgetsDrawOnlyInsideTheirArea() {
        let marker = Cell("#")
        for (name, widget) in AllWidgets.sample() {
            for area in [Rect(x: 3, y: 2, width: 40, height: 12), Rect(x: 1, y: 1, width: 5, height: 3)] {
                var buffer = Buffer(width: 50, height: 20, filledWith: marker)
                widget.render(in: area, buffer: &buffer)
                for y in 0..<buffer.height {
                    for x in 0..<buffer.width where !area.contains(x: x, y: y) {
                        XCTAssertEqual(buffer[x, y], marker, "\(name) drew at (\(x), \(y)) outside \(area)")
                    }
                }
            }
        }
    }

    func testWideRenderingsKeepEveryLineWithinTheWidth() {
        for (name, widget) in AllWidgets.sample() {
            for line in lines(widget, 40, 12) {
                XCTAssertLessThanOrEqual(DisplayWidth.of(line), 40, name)
            }
        }
    }

    // MARK: - Empty, single-point and non-finite data

    func testLineChartWithEmptyAndSinglePointSeries() {
        let empty = LineChart(series: [])
        XCTAssertNoThrow(lines(empty, 40, 12))
        let noPoints = LineChart(series: [.init(name: "loss", values: [])])
        XCTAssertTrue(lines(noPoints, 40, 12).joined().contains("loss"))
        let single = LineChart(series: [.init(name: "loss", values: [0.693])])
        let text = lines(single, 40, 12)
        XCTAssertEqual(text.joined().filter { ("\u{2801}"..."\u{28FF}").contains($0) }.count, 1, text.joined(separator: "\n"))
        XCTAssertTrue(text.joined().contains("0.693"))
    }

    func testLineChartSkipsNaNAndInfinity() {
        let clean = LineChart(series: [.init(name: "loss", xs: [1, 2, 3, 4, 5], ys: [1, 0.8, 0.6, 0.5, 0.45])], glyphs: .ascii)
        let dirty = LineChart(series: [.init(name: "loss", xs: [1, 1.5, 2, 2.5, 3, 3.5, 4, 5],
                                             ys: [1, .nan, 0.8, .infinity, 0.6, -.infinity, 0.5, 0.45])], glyphs: .ascii)
        let cleanText = lines(clean, 40, 12).joined(separator: "\n")
        let dirtyText = lines(dirty, 40, 12).joined(separator: "\n")
        // The axes are fitted to the finite values only, so the labels match the clean chart's.
        XCTAssertEqual(lines(clean, 40, 12).last, lines(dirty, 40, 12).last)
        XCTAssertEqual(lines(clean, 40, 12).map { $0.prefix(4) }, lines(dirty, 40, 12).map { $0.prefix(4) })
        XCTAssertTrue(dirtyText.contains("1.0") && cleanText.contains("1.0"))
        XCTAssertFalse(dirtyText.contains("inf") || dirtyText.contains("∞") || dirtyText.contains("nan"))
        let allBad = LineChart(series: [.init(name: "loss", values: [.nan, .infinity])])
        XCTAssertNoThrow(lines(allBad, 40, 12))
    }

    func testLogScaleSkipsNonPositiveValues() {
        let chart = LineChart(series: [.init(name: "loss", values: [1, 0, -1, 0.1, 0.01])], yAxis: Axis(scale: .log10))
        let text = lines(chart, 40, 12).joined(separator: "\n")
        XCTAssertTrue(text.contains("0.01"))
        XCTAssertTrue(text.contains("1"))
    }

    func testLineChartCostDoesNotGrowWithPoints() {
        // A million points draw the same picture as their per-column extremes.
        let n = 1_000_000
        let values = (0..<n).map { sin(Double($0) / Double(n) * 6.28) }
        let chart = LineChart(series: [.init(name: "s", values: values)])
        let start = Date()
        _ = chart.renderedBuffer(width: 80, height: 24)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testFixedRangeClipsOutlyingValues() {
        let chart = LineChart(series: [.init(name: "s", values: [0, 1e300, -1e300, 0.5])], yAxis: Axis(range: 0...1))
        let text = lines(chart, 40, 12)
        XCTAssertEqual(text.count, 12)
    }

    func testExtremeMagnitudesNeverCrash() {
        let huge = [1e308, -1e308, 1e-308, 0, 5e307]
        XCTAssertEqual(TickGenerator().ticks(from: -1e308, to: 1e308), [-1e308, 1e308])
        XCTAssertNoThrow(lines(LineChart(series: [.init(name: "s", values: huge)]), 40, 12))
        XCTAssertNoThrow(lines(LineChart(series: [.init(name: "s", xs: huge, ys: huge)], yAxis: Axis(scale: .log10)), 40, 12))
        XCTAssertNoThrow(lines(Histogram(values: huge), 40, 12))
        XCTAssertNoThrow(lines(BarChart(bars: huge.map { .init(label: "x", value: $0) }, logScale: true), 40, 12))
        XCTAssertNoThrow(lines(ScatterPlot(points: huge.map { LabeledPoint(x: $0, y: -$0) }), 40, 12))
        XCTAssertNoThrow(lines(HeatTable(values: [huge]), 40, 12))
        XCTAssertNoThrow(lines(NetworkDiagram(layerSizes: [5, 1], weights: [[huge]]), 40, 12))
        XCTAssertNoThrow(lines(ContourPathPlot(xRange: -1...1, yRange: -1...1, paths: [.init(name: "p", points: huge.map { PlanePoint(x: $0, y: $0) })],
                                               function: { x, _ in x < 0 ? -1e308 : 1e308 }), 40, 12))
        XCTAssertNoThrow(lines(DecisionBoundaryPlot(xRange: -1e308...1e308, yRange: -1...1, valueRange: -1e308...1e308,
                                                    colorMode: .none) { x, _ in x }, 40, 12))
    }

    func testScatterPlotEdgeCases() {
        XCTAssertNoThrow(lines(ScatterPlot(points: []), 40, 12))
        let one = lines(ScatterPlot(points: [LabeledPoint(x: 1, y: 1)]), 40, 12).joined()
        XCTAssertEqual(one.filter { $0 == "●" }.count, 2)  // the point and its legend entry
        let withNaN = lines(ScatterPlot(points: [LabeledPoint(x: .nan, y: 1), LabeledPoint(x: 0, y: .infinity),
                                                 LabeledPoint(x: 0, y: 0, classIndex: 1)]), 40, 12).joined()
        XCTAssertEqual(withNaN.filter { $0 == "■" }.count, 2)
    }

    func testHistogramEdgeCases() {
        XCTAssertNoThrow(lines(Histogram(values: []), 40, 12))
        XCTAssertTrue(lines(Histogram(values: [2, 2, 2]), 40, 12).joined().contains("n=3"))
        let text = lines(Histogram(values: [1, .nan, 2, .infinity]), 60, 12).joined()
        XCTAssertTrue(text.contains("n=2"))
        XCTAssertTrue(text.contains("2 non-finite skipped"))
    }

    func testHistogramBinsCountEveryFiniteValue() {
        let values = TestData.gaussianValues()
        let bins = Histogram.bins(for: values, targetCount: 10)
        XCTAssertEqual(bins.map(\.count).reduce(0, +), values.count)
        XCTAssertLessThanOrEqual(bins.first!.lower, values.min()!)
        XCTAssertGreaterThanOrEqual(bins.last!.upper, values.max()!)
        for (a, b) in zip(bins, bins.dropFirst()) { XCTAssertEqual(a.upper, b.lower) }
    }

    func testBarChartHandlesBadValues() {
        let chart = BarChart(bars: [.init(label: "a", value: .nan), .init(label: "b", value: 0), .init(label: "c", value: -1),
                                    .init(label: "d", value: 1e-3)], logScale: true)
        let text = lines(chart, 40, 6)
        XCTAssertTrue(text[0].hasPrefix("a NaN"))
        XCTAssertTrue(text[1].hasPrefix("b 0"))
        XCTAssertTrue(text[3].contains("█"))
        XCTAssertNoThrow(lines(BarChart(bars: []), 40, 6))
    }

    func testHeatTableAndNetworkWithMissingData() {
        XCTAssertNoThrow(lines(HeatTable(values: []), 40, 12))
        XCTAssertNoThrow(lines(HeatTable(values: [[1], [], [.nan, 2]]), 40, 12))
        XCTAssertNoThrow(lines(NetworkDiagram(layerSizes: []), 40, 12))
        // Weights that do not match the layer sizes are ignored where they do not fit.
        XCTAssertNoThrow(lines(NetworkDiagram(layerSizes: [3, 2], weights: [[[1]]]), 40, 12))
        XCTAssertNoThrow(lines(NetworkDiagram(layerSizes: [1000, 2], weights: []), 40, 12))
    }

    // MARK: - Decision boundary evaluation

    func testClosureIsCalledOncePerPixel() {
        var calls = 0
        let plot = DecisionBoundaryPlot(xRange: -1...1, yRange: -1...1, classCount: 2) { x, _ in
            calls += 1
            return ClassPrediction(probabilityOfClassOne: x > 0 ? 0.9 : 0.1)
        }
        let area = Rect(x: 0, y: 0, width: 40, height: 12)
        let plotArea = plot.plotArea(for: area)
        _ = plot.renderedBuffer(width: 40, height: 12)
        XCTAssertEqual(calls, plotArea.width * plotArea.height * 2)
        XCTAssertEqual(calls, plot.pixelCount(for: area))
    }

    func testGridPointsAreRowsOfPixelCentersFromTheTop() {
        let plot = DecisionBoundaryPlot(xRange: 0...4, yRange: 0...2, classCount: 2, predictions: [])
        let area = Rect(x: 0, y: 0, width: 40, height: 12)
        let p = plot.plotArea(for: area)
        let grid = plot.gridPoints(for: area)
        XCTAssertEqual(grid.count, p.width * p.height * 2)
        // First point: the top-left pixel's center; x grows along a row, y falls row by row.
        XCTAssertEqual(grid[0].x, 4.0 / Double(p.width) / 2, accuracy: 1e-12)
        XCTAssertEqual(grid[0].y, 2 - 2.0 / Double(2 * p.height) / 2, accuracy: 1e-12)
        XCTAssertGreaterThan(grid[1].x, grid[0].x)
        XCTAssertEqual(grid[p.width].x, grid[0].x)
        XCTAssertLessThan(grid[p.width].y, grid[0].y)
        XCTAssertEqual(grid.last!.y, 2.0 / Double(2 * p.height) / 2, accuracy: 1e-12)
    }

    func testPrecomputedPredictionsDrawTheSameAsTheClosure() {
        let points = TestData.circles(count: 20)
        for mode in ColorMode.allCases {
            let byClosure = DecisionBoundaryPlot(xRange: -2...2, yRange: -2...2, classCount: 2, points: points, colorMode: mode,
                                                 evaluate: TestData.circleClassifier)
            var batch = DecisionBoundaryPlot(xRange: -2...2, yRange: -2...2, classCount: 2, points: points, predictions: [],
                                             colorMode: mode)
            let area = Rect(x: 0, y: 0, width: 60, height: 20)
            let predictions = batch.gridPoints(for: area).map { TestData.circleClassifier($0.x, $0.y) }
            batch.surface = .precomputedClasses(count: 2, predictions: predictions)
            XCTAssertEqual(byClosure.renderedBuffer(width: 60, height: 20), batch.renderedBuffer(width: 60, height: 20), "\(mode)")
        }
    }

    func testWrongNumberOfPrecomputedValuesLeavesThePlaneEmpty() {
        let plot = DecisionBoundaryPlot(xRange: -1...1, yRange: -1...1, classCount: 2, predictions: [ClassPrediction(classIndex: 1, confidence: 1)],
                                        colorMode: .none)
        XCTAssertNoThrow(plot.renderedBuffer(width: 40, height: 12))
    }

    func testBoundaryColorsFollowClassAndConfidence() {
        // Left half class 0 (sure), right half class 1 (unsure).
        let plot = DecisionBoundaryPlot(xRange: -1...1, yRange: -1...1, surface: .classes(count: 2, evaluate: { x, _ in
            x < 0 ? ClassPrediction(classIndex: 0, confidence: 1) : ClassPrediction(classIndex: 1, confidence: 0.5)
        }), showsAxes: false, showsLegend: false)
        let buffer = plot.renderedBuffer(width: 20, height: 4)
        let left = buffer[2, 1].style.bg, right = buffer[17, 1].style.bg
        let full = Color.indexed(UInt8(ClassPalette.standard.regionRGB(forClass: 0, strength: 1).color.paletteIndex(in: .indexed256)!))
        let neutral = Color.indexed(UInt8(ClassPalette.neutralRegion.color.paletteIndex(in: .indexed256)!))
        XCTAssertEqual(left, full)
        XCTAssertEqual(right, neutral)   // 50% for two classes is no preference at all
    }

    func testTrainAndTestPointsAreToldApart() {
        let points = [LabeledPoint(x: -0.5, y: 0, classIndex: 0), LabeledPoint(x: 0.5, y: 0, classIndex: 0, isTest: true)]
        let plot = DecisionBoundaryPlot(xRange: -1...1, yRange: -1...1, classCount: 2, points: points, colorMode: .none) { _, _ in
            ClassPrediction(classIndex: 0, confidence: 1)
        }
        let text = plot.renderedLines(width: 40, height: 12).joined()
        XCTAssertTrue(text.contains("A"))
        XCTAssertTrue(text.contains("a"))
        let colored = DecisionBoundaryPlot(xRange: -1...1, yRange: -1...1, classCount: 2, points: points) { _, _ in
            ClassPrediction(classIndex: 0, confidence: 1)
        }.renderedLines(width: 40, height: 12).joined()
        XCTAssertTrue(colored.contains("●") && colored.contains("○"))
    }
}
