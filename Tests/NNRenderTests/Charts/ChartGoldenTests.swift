import Foundation
import NNRender
import XCTest

/// Every chart rendered at fixed sizes and compared with the text in `Golden/`.
/// Record with `NNLAB_RECORD_GOLDEN=1 swift test --filter NNRenderTests`, then read the files.
final class ChartGoldenTests: XCTestCase {
    private let sizes = [(40, 12), (80, 24)]

    private func assertGoldens(_ widget: some Widget, named name: String, file: StaticString = #filePath, line: UInt = #line) {
        for (w, h) in sizes {
            assertGolden(widget, width: w, height: h, named: "\(name)-\(w)x\(h)", file: file, line: line)
        }
    }

    private func lossChart(glyphs: GlyphSet = .unicode, logScale: Bool = false) -> LineChart {
        let curves = TestData.lossCurves()
        return LineChart(series: [.init(name: "train", values: curves.train),
                                  .init(name: "test", values: curves.test, pattern: .dashed)],
                         xAxis: Axis(title: "epoch"), yAxis: Axis(title: "loss", scale: logScale ? .log10 : .linear),
                         glyphs: glyphs)
    }

    func testLineChart() {
        assertGoldens(lossChart(), named: "line-loss")
        assertGolden(lossChart(glyphs: .ascii), width: 80, height: 24, named: "line-loss-ascii-80x24")
        assertGolden(lossChart(logScale: true), width: 80, height: 24, named: "line-loss-log-80x24")
    }

    func testFunctionPlot() {
        assertGoldens(FunctionPlot(name: "tanh", function: tanh, derivative: { 1 - tanh($0) * tanh($0) }), named: "function-tanh")
        assertGoldens(FunctionPlot(name: "relu", function: { max(0, $0) }, derivative: { $0 > 0 ? 1 : 0 }, xRange: -3...3),
                      named: "function-relu")
    }

    func testScatterPlot() {
        assertGoldens(ScatterPlot(points: TestData.circles()), named: "scatter-circles")
        assertGolden(ScatterPlot(points: TestData.circles(), glyphs: .ascii), width: 60, height: 20, named: "scatter-circles-ascii-60x20")
    }

    func testDecisionBoundaryPlot() {
        let mono = DecisionBoundaryPlot(xRange: -2...2, yRange: -2...2, classCount: 2, points: TestData.circles(),
                                        colorMode: .none, evaluate: TestData.circleClassifier)
        assertGoldens(mono, named: "boundary-mono")
        var ascii = mono
        ascii.glyphs = .ascii
        assertGolden(ascii, width: 60, height: 20, named: "boundary-mono-ascii-60x20")
        var discrete = mono
        discrete.discretize = true
        assertGolden(discrete, width: 40, height: 12, named: "boundary-mono-discrete-40x12")
        let colored = DecisionBoundaryPlot(xRange: -2...2, yRange: -2...2, classCount: 2, points: TestData.circles(),
                                           evaluate: TestData.circleClassifier)
        assertGolden(colored, width: 40, height: 12, named: "boundary-color-40x12")
        let threeClasses = DecisionBoundaryPlot(
            xRange: -1...1, yRange: -1...1, surface: .classes(count: 3, evaluate: { x, y in
                let scores = [x, y, -x - y]
                let best = scores.indices.max { scores[$0] < scores[$1] }!
                return ClassPrediction(classIndex: best, confidence: 0.9)
            }), classNames: ["right", "up", "down"], colorMode: .none)
        assertGolden(threeClasses, width: 40, height: 12, named: "boundary-three-classes-40x12")
        let regression = DecisionBoundaryPlot(xRange: -1...1, yRange: -1...1, valueRange: -1...1,
                                              points: [LabeledPoint(x: 0.5, y: 0.5, value: 0.5)], colorMode: .none) { x, y in x * y * 2 }
        assertGolden(regression, width: 40, height: 12, named: "boundary-regression-40x12")
    }

    func testContourPathPlot() {
        let bowl = LossSurface.bowl
        let paths = [ContourPathPlot.Path(name: "sgd", points: TestData.descent(on: bowl, learningRate: 0.17, steps: 60)),
                     ContourPathPlot.Path(name: "momentum", points: TestData.descent(on: bowl, learningRate: 0.02, momentum: 0.9, steps: 60))]
        assertGoldens(ContourPathPlot(surface: bowl, paths: paths, colorMode: .none), named: "contour-bowl-mono")
        assertGolden(ContourPathPlot(surface: bowl, paths: paths), width: 40, height: 12, named: "contour-bowl-color-40x12")
        let rosenbrock = LossSurface.rosenbrock
        let rosenbrockPaths = [ContourPathPlot.Path(name: "sgd", points: TestData.descent(on: rosenbrock, learningRate: 0.001, steps: 400)),
                               ContourPathPlot.Path(name: "momentum", points: TestData.descent(on: rosenbrock, learningRate: 0.0005, momentum: 0.9, steps: 400))]
        assertGolden(ContourPathPlot(surface: rosenbrock, paths: rosenbrockPaths, colorMode: .none), width: 80, height: 24,
                     named: "contour-rosenbrock-mono-80x24")
        assertGolden(ContourPathPlot(surface: .himmelblau, colorMode: .none, glyphs: .ascii), width: 60, height: 20,
                     named: "contour-himmelblau-ascii-60x20")
    }

    func testHistogram() {
        assertGoldens(Histogram(values: TestData.gaussianValues(), xTitle: "weight"), named: "histogram-gaussian")
    }

    func testBarChart() {
        let bars = [BarChart.Bar(label: "dense1.W", value: 3.2e-7), .init(label: "dense1.b", value: 1.1e-6),
                    .init(label: "dense2.W", value: 4.5e-4), .init(label: "dense2.b", value: 2e-3),
                    .init(label: "dense3.W", value: 0.12), .init(label: "dense3.b", value: 0.05)]
        assertGoldens(BarChart(bars: bars, logScale: true), named: "bars-log")
        assertGolden(BarChart(bars: bars), width: 60, height: 8, named: "bars-linear-60x8")
        assertGolden(BarChart(bars: bars + bars, logScale: true, glyphs: .ascii), width: 40, height: 6, named: "bars-cut-ascii-40x6")
    }

    func testHeatTable() {
        assertGoldens(HeatTable(values: TestData.matrix(rows: 8, columns: 12), colorMode: .none), named: "heat-8x12")
        assertGolden(HeatTable(values: TestData.matrix(rows: 30, columns: 3), rowLabels: (0..<30).map { "unit \($0)" },
                               columnLabels: ["x1", "x2", "bias"], colorMode: .none),
                     width: 40, height: 12, named: "heat-tall-40x12")
    }

    func testNetworkDiagram() {
        let weights = [TestData.matrix(rows: 8, columns: 2), TestData.matrix(rows: 8, columns: 8, phase: 1),
                       TestData.matrix(rows: 1, columns: 8, phase: 2)]
        let values = [[0.5, -1.0], (0..<8).map { tanh(Double($0) - 3.5) }, (0..<8).map { tanh(3.5 - Double($0)) }, [0.87]]
        assertGoldens(NetworkDiagram(layerSizes: [2, 8, 8, 1], weights: weights, nodeValues: values, colorMode: .none),
                      named: "network-2-8-8-1")
        let wide = NetworkDiagram(layerSizes: [2, 64, 1], weights: [TestData.matrix(rows: 64, columns: 2),
                                                                   TestData.matrix(rows: 1, columns: 64)])
        assertGolden(wide, width: 40, height: 12, named: "network-elided-40x12")
        assertGolden(NetworkDiagram(layerSizes: [3, 4, 2], weights: [TestData.matrix(rows: 4, columns: 3),
                                                                    TestData.matrix(rows: 2, columns: 4)], glyphs: .ascii),
                     width: 40, height: 12, named: "network-ascii-40x12")
    }
}
