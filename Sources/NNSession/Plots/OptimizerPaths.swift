import NNEngine
import NNRender

/// Runs the engine's optimizers on a 2-D loss surface from its start point, for the
/// optimizer race.
enum OptimizerPaths {
    /// The learning rate each optimizer gets on a surface when none is given: plain gradient
    /// steps need small rates on steep surfaces, adaptive ones move about lr per step.
    static func defaultLearningRate(_ kind: OptimizerSettings.Kind, surface: String) -> Double {
        let adaptive: Set<OptimizerSettings.Kind> = [.rmsprop, .adagrad, .adam, .adamw]
        if adaptive.contains(kind) { return surface == "himmelblau" ? 0.1 : 0.05 }
        switch surface {
        case "bowl": return kind == .sgd ? 0.15 : 0.05
        case "ravine": return kind == .sgd ? 0.03 : 0.01
        case "rosenbrock": return kind == .sgd ? 0.001 : 0.0005
        case "saddle": return kind == .sgd ? 0.05 : 0.02
        default: return kind == .sgd ? 0.01 : 0.005
        }
    }

    /// The points visited, start first; stops early if a step leaves the finite numbers or
    /// the plot's range by far.
    static func run(_ kind: OptimizerSettings.Kind, learningRate: Double, surface: LossSurface, steps: Int) -> [(Double, Double)] {
        var optimizer = Optimizer(settings: OptimizerSettings(kind: kind, learningRate: learningRate))
        var parameters = [Tensor([surface.start.x, surface.start.y])]
        var path = [(surface.start.x, surface.start.y)]
        let span = max(surface.xRange.upperBound - surface.xRange.lowerBound, surface.yRange.upperBound - surface.yRange.lowerBound)
        for _ in 0..<steps {
            let p = parameters[0].scalars
            let g = surface.gradient(x: p[0], y: p[1])
            optimizer.step(&parameters, gradients: [Tensor([g.dx, g.dy])])
            let q = parameters[0].scalars
            guard q.allSatisfy(\.isFinite), abs(q[0]) < 100 * span, abs(q[1]) < 100 * span else { break }
            path.append((q[0], q[1]))
        }
        return path
    }
}
