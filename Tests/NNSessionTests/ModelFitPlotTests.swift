import Foundation
import NNData
import NNEngine
import NNRender
import NNSession
import XCTest

/// The dashboard shows each task's model the way it reads best: the fitted curve for one input,
/// the boundary or surface for two, a confusion matrix for classification with more inputs.
final class ModelFitPlotTests: XCTestCase {
    func makeSession(_ setup: String) throws -> Session {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: TestPaths.lessons,
                                                              width: 80, colorMode: .none))
        _ = try session.output(of: setup)
        return session
    }

    func screen(_ view: TrainingDashboard, width: Int = 80, height: Int = 24) -> [String] {
        var buffer = Buffer(width: width, height: height)
        view.render(into: &buffer)
        return BufferPrinter(colorMode: .none).plainLines(buffer)
    }

    func testConfusionCountsByTrueAndPredictedClass() {
        let counts = ModelFitPlot.confusionCounts(predicted: [0, 1, 1, 2, 0, 2], targets: [0, 1, 2, 2, 1, .nan], classes: 3)
        XCTAssertEqual(counts, [[1, 0, 0], [1, 1, 0], [0, 1, 1]], "the NaN target is left out")
    }

    func testEachTaskGetsItsPanel() throws {
        let cases: [(String, String)] = [
            ("data sine n=100 seed=1; net 1-8-1", "fitted curve"),
            ("data xor n=100 seed=1; net 2-4-1", "decision boundary"),
            ("data plane n=100 seed=1; net 2-4-1", "prediction surface"),
            ("data load \(TestPaths.datasets)/iris.csv; net 4-8-3", "confusion · test split"),
        ]
        for (setup, title) in cases {
            let session = try makeSession(setup)
            let view = try TrainingDashboard(session: session, epochs: 3, batch: nil, patience: nil, width: 80, height: 24)
            while view.work(budget: 0.05) {}
            let lines = screen(view)
            XCTAssertTrue(lines[2].contains("┌ \(title)"), "\(setup):\n\(lines.joined(separator: "\n"))")
            XCTAssertLessThanOrEqual(lines[23].count, 80)
            XCTAssertTrue(lines[23].hasSuffix("? help  q back"), "the key bar fits at 80 columns: \(lines[23])")
            _ = view.update(.key(.character("n")))
            XCTAssertTrue(screen(view)[2].contains("┌ network"), "n shows the network diagram")
        }
    }

    func testIrisConfusionMatrixNamesTheClasses() throws {
        let session = try makeSession("data load \(TestPaths.datasets)/iris.csv; net 4-8-3; opt adam lr=0.05")
        let view = try TrainingDashboard(session: session, epochs: 100, batch: nil, patience: nil, width: 80, height: 24)
        while view.work(budget: 0.05) {}
        let text = screen(view).joined(separator: "\n")
        for name in ["0 setosa", "1 versicolor", "2 virginica"] { XCTAssertTrue(text.contains(name), text) }
    }
}

/// Folders of the checkout the tests run from.
enum TestPaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let lessons = root.appendingPathComponent("lessons").path
    static let datasets = root.appendingPathComponent("datasets").path
}

/// `f` projects data with many features on pairs of them, marked with the net's classes.
final class ProjectionTests: XCTestCase {
    func testFeaturePairsCycleBackToTheConfusionMatrix() {
        var pair: (Int, Int)? = nil
        var seen: [String] = []
        repeat {
            pair = ModelFitPlot.nextProjection(after: pair, featureCount: 4)
            if let pair { seen.append("\(pair.0)\(pair.1)") }
        } while pair != nil
        XCTAssertEqual(seen, ["01", "02", "03", "12", "13", "23"])
        XCTAssertNil(ModelFitPlot.nextProjection(after: nil, featureCount: 2))
    }

    func testTheDashboardShowsAProjectionOnF() throws {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: TestPaths.lessons,
                                                              width: 80, colorMode: .none))
        _ = try session.output(of: "data load \(TestPaths.datasets)/iris.csv; net 4-8-3")
        let view = try TrainingDashboard(session: session, epochs: 20, batch: nil, patience: nil, width: 80, height: 24)
        while view.work(budget: 0.05) {}
        XCTAssertTrue(view.keyBar.contains("f features"))
        _ = view.update(.key(.character("f")))
        var buffer = Buffer(width: 80, height: 24)
        view.render(into: &buffer)
        let lines = BufferPrinter(colorMode: .none).plainLines(buffer)
        XCTAssertTrue(lines[2].contains("┌ projection · marks: the net's class"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("sepal_width") }, "the axes name the features")
        XCTAssertEqual(view.message, "the data on sepal_length and sepal_width, marked with the net's class")
        for _ in 0..<6 { _ = view.update(.key(.character("f"))) }
        XCTAssertNil(view.projection, "after the last pair, back to the confusion matrix")
    }
}
