import Foundation
import NNRender

/// One instance of every widget, with ordinary data, for tests that must hold for all of them.
enum AllWidgets {
    static func sample() -> [(name: String, widget: any Widget)] {
        let curves = TestData.lossCurves()
        let points = TestData.circles(count: 30)
        let bowl = LossSurface.bowl
        return [
            ("LineChart", LineChart(series: [.init(name: "train", values: curves.train), .init(name: "test", values: curves.test)],
                                    xAxis: Axis(title: "epoch"), yAxis: Axis(title: "loss"))),
            ("LineChart log", LineChart(series: [.init(name: "loss", values: curves.train)], yAxis: Axis(scale: .log10))),
            ("LineChart ascii", LineChart(series: [.init(name: "loss", values: curves.train)], glyphs: .ascii)),
            ("FunctionPlot", FunctionPlot(name: "tanh", function: tanh, derivative: { 1 - tanh($0) * tanh($0) })),
            ("ScatterPlot", ScatterPlot(points: points)),
            ("DecisionBoundaryPlot", DecisionBoundaryPlot(xRange: -2...2, yRange: -2...2, classCount: 2, points: points,
                                                          evaluate: TestData.circleClassifier)),
            ("DecisionBoundaryPlot mono", DecisionBoundaryPlot(xRange: -2...2, yRange: -2...2, classCount: 2, points: points,
                                                               colorMode: .none, evaluate: TestData.circleClassifier)),
            ("DecisionBoundaryPlot 8", DecisionBoundaryPlot(xRange: -2...2, yRange: -2...2, classCount: 2, points: points,
                                                            colorMode: .basic8, evaluate: TestData.circleClassifier)),
            ("ContourPathPlot", ContourPathPlot(surface: bowl, paths: [.init(name: "sgd", points: TestData.descent(on: bowl, learningRate: 0.1, steps: 20))])),
            ("ContourPathPlot mono", ContourPathPlot(surface: bowl, paths: [.init(name: "sgd", points: TestData.descent(on: bowl, learningRate: 0.1, steps: 20))],
                                                     colorMode: .none)),
            ("Histogram", Histogram(values: TestData.gaussianValues())),
            ("BarChart", BarChart(bars: [.init(label: "w1", value: 0.5), .init(label: "w2", value: 1e-4)], logScale: true)),
            ("HeatTable", HeatTable(values: TestData.matrix(rows: 4, columns: 5))),
            ("NetworkDiagram", NetworkDiagram(layerSizes: [2, 4, 1], weights: [TestData.matrix(rows: 4, columns: 2),
                                                                              TestData.matrix(rows: 1, columns: 4)],
                                              nodeValues: [[1, 2], [0, 0.5, -0.5, 1], [0.3]])),
            ("StyledTextView", StyledTextView(lines: MarkdownRenderer().render("# Title\n\nSome *text* and `code`.", width: 20),
                                              showsScrollBar: true)),
            ("Panel", Panel(title: "a title")),
        ]
    }
}
