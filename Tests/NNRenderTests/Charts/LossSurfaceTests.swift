import NNRender
import XCTest

final class LossSurfaceTests: XCTestCase {
    /// The exact gradient matches central differences everywhere in the default range.
    func testGradientsMatchFiniteDifferences() {
        let h = 1e-6
        for surface in LossSurface.all {
            var random = TestRandom(seed: 17)
            for _ in 0..<50 {
                let x = surface.xRange.lowerBound + random.uniform() * (surface.xRange.upperBound - surface.xRange.lowerBound)
                let y = surface.yRange.lowerBound + random.uniform() * (surface.yRange.upperBound - surface.yRange.lowerBound)
                let g = surface.gradient(x: x, y: y)
                let dx = (surface.value(x: x + h, y: y) - surface.value(x: x - h, y: y)) / (2 * h)
                let dy = (surface.value(x: x, y: y + h) - surface.value(x: x, y: y - h)) / (2 * h)
                XCTAssertEqual(g.dx, dx, accuracy: 1e-4 * max(1, abs(dx)), "\(surface.name) ∂f/∂x at (\(x), \(y))")
                XCTAssertEqual(g.dy, dy, accuracy: 1e-4 * max(1, abs(dy)), "\(surface.name) ∂f/∂y at (\(x), \(y))")
            }
        }
    }

    func testMinimaAreStationaryPointsInsideTheRange() {
        for surface in LossSurface.all {
            for m in surface.minima {
                let g = surface.gradient(x: m.x, y: m.y)
                XCTAssertEqual(g.dx, 0, accuracy: 1e-4, surface.name)
                XCTAssertEqual(g.dy, 0, accuracy: 1e-4, surface.name)
                XCTAssertEqual(surface.value(at: m), 0, accuracy: 1e-9, surface.name)
                XCTAssertTrue(surface.xRange.contains(m.x) && surface.yRange.contains(m.y), surface.name)
            }
            XCTAssertTrue(surface.xRange.contains(surface.start.x) && surface.yRange.contains(surface.start.y), surface.name)
        }
    }

    func testHandCalculatedValues() {
        XCTAssertEqual(LossSurface.bowl.value(x: 1, y: 1), 5.5)                 // ½(1 + 10)
        XCTAssertEqual(LossSurface.rosenbrock.value(x: 0, y: 0), 1)             // (1 − 0)² + 0
        XCTAssertEqual(LossSurface.rosenbrock.value(x: -1.2, y: 1), 24.2, accuracy: 1e-12)
        XCTAssertEqual(LossSurface.saddle.value(x: 1, y: 2), -3)
        XCTAssertEqual(LossSurface.himmelblau.value(x: 0, y: 0), 170)           // 121 + 49
        XCTAssertEqual(LossSurface.ravine.value(x: 1, y: 1), 1, accuracy: 1e-12) // u = √2, v = 0
        XCTAssertEqual(LossSurface.ravine.value(x: 1, y: -1), 50, accuracy: 1e-12) // u = 0, v = √2
    }

    func testLookupByName() {
        XCTAssertEqual(LossSurface.all.map(\.name), ["bowl", "ravine", "rosenbrock", "saddle", "himmelblau"])
        XCTAssertEqual(LossSurface.named("Rosenbrock")?.name, "rosenbrock")
        XCTAssertNil(LossSurface.named("banana"))
    }
}
