import Foundation

/// A named 2-D loss surface f(x, y) with its exact gradient, a default view range, a default
/// starting point for optimizers, and its minima — shared by the optimizer lessons and the
/// contour plots so everyone draws and descends the same function.
///
/// The five surfaces:
/// - `bowl`: f = ½(x² + 10y²) — a quadratic whose curvature is 10× larger along y than along x
///   (condition number 10): plain gradient descent zig-zags across the steep direction.
/// - `ravine`: f = ½(u² + 50v²) with u = (x + y)/√2, v = (x − y)/√2 — a long, narrow valley along
///   the diagonal y = x (condition number 50). Because the valley is not aligned with the axes,
///   per-coordinate step sizes (Adagrad, RMSProp, Adam) do not straighten it; momentum helps.
/// - `rosenbrock`: f = (a − x)² + b(y − x²)² with a = 1, b = 100 — a curved banana-shaped valley
///   whose floor is easy to reach and slow to follow; minimum at (1, 1).
/// - `saddle`: f = x² − y² — a saddle point at the origin: a minimum along x, a maximum along y;
///   unbounded below, so descent leaves along ±y after lingering near the saddle.
/// - `himmelblau`: f = (x² + y − 11)² + (x + y² − 7)² — four minima of value 0; which one an
///   optimizer reaches depends on where it starts and how it moves.
public struct LossSurface: Sendable {
    /// The surface's name: `bowl`, `ravine`, `rosenbrock`, `saddle` or `himmelblau`.
    public let name: String
    /// The formula in plain Unicode.
    public let formula: String
    /// One sentence on what the surface shows.
    public let summary: String
    /// The x range that frames the interesting part.
    public let xRange: ClosedRange<Double>
    /// The y range that frames the interesting part.
    public let yRange: ClosedRange<Double>
    /// The default starting point for optimizers.
    public let start: PlanePoint
    /// The (global or local) minima, empty when there is none.
    public let minima: [PlanePoint]
    private let valueFunction: @Sendable (Double, Double) -> Double
    private let gradientFunction: @Sendable (Double, Double) -> (Double, Double)

    public init(name: String, formula: String, summary: String, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                start: PlanePoint, minima: [PlanePoint],
                value: @escaping @Sendable (Double, Double) -> Double,
                gradient: @escaping @Sendable (Double, Double) -> (Double, Double)) {
        self.name = name
        self.formula = formula
        self.summary = summary
        self.xRange = xRange
        self.yRange = yRange
        self.start = start
        self.minima = minima
        valueFunction = value
        gradientFunction = gradient
    }

    /// f(x, y).
    public func value(x: Double, y: Double) -> Double { valueFunction(x, y) }

    /// The exact gradient (∂f/∂x, ∂f/∂y) at (x, y).
    public func gradient(x: Double, y: Double) -> (dx: Double, dy: Double) {
        let g = gradientFunction(x, y)
        return (g.0, g.1)
    }

    /// f at a point.
    public func value(at p: PlanePoint) -> Double { valueFunction(p.x, p.y) }

    // MARK: - The five surfaces

    /// f = ½(x² + 10y²): an ill-conditioned bowl (condition number 10).
    public static let bowl = LossSurface(
        name: "bowl", formula: "f(x, y) = ½(x² + 10y²)",
        summary: "A bowl 10× steeper along y than along x: gradient descent zig-zags across it.",
        xRange: -4...4, yRange: -2.5...2.5, start: PlanePoint(x: -3.5, y: 1.5), minima: [PlanePoint(x: 0, y: 0)],
        value: { x, y in 0.5 * (x * x + 10 * y * y) },
        gradient: { x, y in (x, 10 * y) })

    /// f = ½(u² + 50v²), u = (x + y)/√2, v = (x − y)/√2: a narrow valley along y = x.
    public static let ravine = LossSurface(
        name: "ravine", formula: "f(x, y) = ½(u² + 50v²),  u = (x + y)/√2,  v = (x − y)/√2",
        summary: "A narrow diagonal valley (condition number 50): steps bounce between its walls; momentum helps.",
        xRange: -3...3, yRange: -3...3, start: PlanePoint(x: -2.5, y: -1.0), minima: [PlanePoint(x: 0, y: 0)],
        value: { x, y in
            let u = (x + y) / 2.0.squareRoot(), v = (x - y) / 2.0.squareRoot()
            return 0.5 * (u * u + 50 * v * v)
        },
        gradient: { x, y in
            // ∂f/∂x = (u + 50v)/√2, ∂f/∂y = (u − 50v)/√2.
            let u = (x + y) / 2.0.squareRoot(), v = (x - y) / 2.0.squareRoot()
            return ((u + 50 * v) / 2.0.squareRoot(), (u - 50 * v) / 2.0.squareRoot())
        })

    /// f = (1 − x)² + 100(y − x²)²: Rosenbrock's banana valley, minimum at (1, 1).
    public static let rosenbrock = LossSurface(
        name: "rosenbrock", formula: "f(x, y) = (1 − x)² + 100(y − x²)²",
        summary: "A curved valley: reaching its floor is quick, following it to (1, 1) is slow.",
        xRange: -2...2, yRange: -1...3, start: PlanePoint(x: -1.2, y: 1.0), minima: [PlanePoint(x: 1, y: 1)],
        value: { x, y in (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x) },
        gradient: { x, y in (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)) })

    /// f = x² − y²: a saddle point at the origin.
    public static let saddle = LossSurface(
        name: "saddle", formula: "f(x, y) = x² − y²",
        summary: "A saddle: downhill along y, uphill along x; descent stalls near (0, 0) before escaping.",
        xRange: -2...2, yRange: -2...2, start: PlanePoint(x: -1.5, y: 0.1), minima: [],
        value: { x, y in x * x - y * y },
        gradient: { x, y in (2 * x, -2 * y) })

    /// f = (x² + y − 11)² + (x + y² − 7)²: four minima of value 0.
    public static let himmelblau = LossSurface(
        name: "himmelblau", formula: "f(x, y) = (x² + y − 11)² + (x + y² − 7)²",
        summary: "Four equally deep minima: where an optimizer ends depends on its path.",
        xRange: -5...5, yRange: -5...5, start: PlanePoint(x: 0, y: 0),
        minima: [PlanePoint(x: 3, y: 2), PlanePoint(x: -2.805118, y: 3.131312),
                 PlanePoint(x: -3.779310, y: -3.283186), PlanePoint(x: 3.584428, y: -1.848126)],
        value: { x, y in
            let a = x * x + y - 11, b = x + y * y - 7
            return a * a + b * b
        },
        gradient: { x, y in
            let a = x * x + y - 11, b = x + y * y - 7
            return (4 * x * a + 2 * b, 2 * a + 4 * y * b)
        })

    /// All five surfaces, in teaching order.
    public static let all: [LossSurface] = [bowl, ravine, rosenbrock, saddle, himmelblau]

    /// The surface with this name (case-insensitive), or nil.
    public static func named(_ name: String) -> LossSurface? {
        all.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}
