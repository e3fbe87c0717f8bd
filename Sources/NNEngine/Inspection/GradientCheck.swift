/// Compares the gradient autodiff computes with central differences, for every parameter.
public struct GradientCheck: Sendable {
    /// One parameter element's two gradients.
    public struct Entry: Sendable, Equatable {
        /// The parameter tensor's name (w1, b1, …).
        public var parameter: String
        /// The element's position in the tensor.
        public var index: Int
        /// ∂L/∂θ from autodiff.
        public var analytic: Double
        /// The fourth-order central difference (−L(θ+2ε) + 8L(θ+ε) − 8L(θ−ε) + L(θ−2ε)) / 12ε.
        public var numeric: Double
        /// |analytic − numeric| / max(|analytic| + |numeric|, 1e-12); 0 when both are tiny.
        public var relativeError: Double
    }

    /// Every element checked.
    public var entries: [Entry]
    /// The step ε used.
    public var epsilon: Double

    /// The entry with the largest relative error.
    public var worst: Entry? { entries.max { $0.relativeError < $1.relativeError } }

    /// The relative error between two estimates of one derivative.
    public static func relativeError(_ a: Double, _ b: Double) -> Double {
        let scale = abs(a) + abs(b)
        if scale < 1e-10 { return 0 }
        return abs(a - b) / scale
    }

    /// Checks every parameter of a network on a batch, in training mode with fixed dropout
    /// masks (the same seed for every evaluation) so both sides see the same function.
    ///
    /// The fourth-order difference lets ε be large enough (1e-4 by default) that rounding in
    /// the loss stays far below the 1e-6 relative agreement a correct gradient reaches.
    public static func run(network: Network, inputs: Tensor, targets: Tensor, objective: Objective,
                           epsilon: Double = 1e-4, seed: Int = 0, maximumEntries: Int = 20_000) throws(TargetError) -> GradientCheck {
        var generator = SeededGenerator(seed: seed)
        let analytic = try network.gradients(inputs: inputs, targets: targets, objective: objective, generator: &generator)
        let names = network.parameterNames
        var entries: [Entry] = []
        outer: for (p, tensor) in network.parameters.enumerated() {
            for i in 0..<tensor.count {
                if entries.count >= maximumEntries { break outer }
                let numeric = try centralDifference(network: network, parameter: p, element: i, inputs: inputs, targets: targets,
                                                    objective: objective, epsilon: epsilon, seed: seed)
                let a = analytic.gradients[p].scalars[i]
                entries.append(Entry(parameter: names[p], index: i, analytic: a, numeric: numeric,
                                     relativeError: relativeError(a, numeric)))
            }
        }
        return GradientCheck(entries: entries, epsilon: epsilon)
    }

    /// The fourth-order central difference of the objective with respect to one element of
    /// parameter tensor `parameter` (in `Network.parameters` order), dropout masks fixed by `seed`.
    public static func centralDifference(network: Network, parameter p: Int, element i: Int, inputs: Tensor, targets: Tensor,
                                         objective: Objective, epsilon: Double, seed: Int) throws(TargetError) -> Double {
        var probe = network
        var parameters = network.parameters
        let original = parameters[p].scalars[i]
        func loss(at value: Double) throws(TargetError) -> Double {
            parameters[p].scalars[i] = value
            probe.parameters = parameters
            var g = SeededGenerator(seed: seed)
            return try probe.objectiveValue(inputs: inputs, targets: targets, objective: objective, mode: .training, generator: &g)
        }
        return try (-loss(at: original + 2 * epsilon) + 8 * loss(at: original + epsilon)
            - 8 * loss(at: original - epsilon) + loss(at: original - 2 * epsilon)) / (12 * epsilon)
    }

    /// The `count` entries with the largest relative errors checked again with a step `epsilon`
    /// (a far smaller one tells a kink the first step crossed from a wrong gradient).
    public func rechecked(_ count: Int, network: Network, inputs: Tensor, targets: Tensor, objective: Objective,
                          epsilon: Double, seed: Int) throws(TargetError) -> [Entry] {
        let names = network.parameterNames
        return try entries.sorted { $0.relativeError > $1.relativeError }.prefix(count).map { entry throws(TargetError) in
            let p = names.firstIndex(of: entry.parameter)!
            let numeric = try Self.centralDifference(network: network, parameter: p, element: entry.index, inputs: inputs,
                                                     targets: targets, objective: objective, epsilon: epsilon, seed: seed)
            return Entry(parameter: entry.parameter, index: entry.index, analytic: entry.analytic, numeric: numeric,
                         relativeError: Self.relativeError(entry.analytic, numeric))
        }
    }
}
