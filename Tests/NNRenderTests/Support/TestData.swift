import Foundation
import NNRender

/// Deterministic data for the rendering tests (a small linear congruential generator, so golden
/// files never depend on the platform's random numbers).
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A uniform value in [0, 1).
    mutating func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(UInt64(1) << 53)
    }

    /// A standard normal value (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(1e-12, uniform()), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

enum TestData {
    /// Training and test loss curves over 120 epochs, the test curve flattening higher.
    static func lossCurves() -> (train: [Double], test: [Double]) {
        var random = TestRandom(seed: 3)
        let train = (0..<120).map { 0.69 * exp(-Double($0) / 25) + 0.03 + 0.004 * random.normal() }
        let test = (0..<120).map { 0.69 * exp(-Double($0) / 30) + 0.08 + 0.01 * random.normal() }
        return (train, test)
    }

    /// Two rings (class 0 inside, class 1 outside); every fifth point is a test point.
    static func circles(count: Int = 80) -> [LabeledPoint] {
        var random = TestRandom(seed: 11)
        return (0..<count).map { i in
            let angle = random.uniform() * 2 * Double.pi
            let radius = i % 2 == 0 ? 0.2 + 0.6 * random.uniform() : 1.2 + 0.5 * random.uniform()
            return LabeledPoint(x: radius * cos(angle), y: radius * sin(angle), classIndex: i % 2, isTest: i % 5 == 0)
        }
    }

    /// A smooth classifier for `circles`: class 1 outside radius 1.
    static func circleClassifier(_ x: Double, _ y: Double) -> ClassPrediction {
        let p = 1 / (1 + exp(-5 * ((x * x + y * y).squareRoot() - 1)))
        return ClassPrediction(probabilityOfClassOne: p)
    }

    /// 1000 draws from N(0, 0.5²).
    static func gaussianValues() -> [Double] {
        var random = TestRandom(seed: 5)
        return (0..<1000).map { _ in 0.5 * random.normal() }
    }

    /// A deterministic `rows × columns` matrix with values in about −1.3…1.3.
    static func matrix(rows: Int, columns: Int, phase: Double = 0) -> [[Double]] {
        (0..<rows).map { i in (0..<columns).map { j in 1.3 * sin(Double(i * columns + j) * 0.9 + phase) } }
    }

    /// Plain gradient descent (with optional momentum) on a surface from its default start.
    static func descent(on surface: LossSurface, learningRate: Double, momentum: Double = 0, steps: Int) -> [PlanePoint] {
        var p = surface.start
        var velocity = (0.0, 0.0)
        var path = [p]
        for _ in 0..<steps {
            let g = surface.gradient(x: p.x, y: p.y)
            velocity = (momentum * velocity.0 + g.dx, momentum * velocity.1 + g.dy)
            p = PlanePoint(x: p.x - learningRate * velocity.0, y: p.y - learningRate * velocity.1)
            path.append(p)
        }
        return path
    }
}
