/// Signs of trouble inside a network, measured on a probe batch: dead ReLUs, saturated
/// sigmoid and tanh units, and how big each update is next to the weights it changes.
public struct NetworkHealth: Sendable, Equatable {
    /// One layer's readings.
    public struct Layer: Sendable, Equatable {
        /// The layer's activation.
        public var activation: Activation
        /// The share of units that output zero for every probe sample (ReLU family), else nil.
        public var deadShare: Double?
        /// The share of unit outputs in the flat tails (sigmoid below 0.01 or above 0.99,
        /// tanh beyond ±0.99), else nil.
        public var saturatedShare: Double?
        /// ‖ΔW‖/‖W‖ of the last update, if known.
        public var updateRatio: Double?
    }

    /// One entry per layer.
    public var layers: [Layer]

    /// Measures a network on a probe batch; `previousWeights` (the weights before the last
    /// update) gives the update-to-weight ratios.
    public static func measure(_ network: Network, probe: Tensor, previousWeights: [Tensor]? = nil) -> NetworkHealth {
        let tape = Tape()
        var generator = SeededGenerator(seed: 0)
        let pass = network.record(on: tape, inputs: probe, mode: .inference, generator: &generator, trainable: false)
        var layers: [Layer] = []
        for (i, record) in pass.layers.enumerated() {
            let layer = network.layers[i]
            let a = tape.value(record.activation)
            let rows = a.rows, units = a.columns
            var reading = Layer(activation: layer.activation)
            switch layer.activation {
            case .relu:
                var dead = 0
                for j in 0..<units where (0..<rows).allSatisfy({ a.scalars[$0 * units + j] <= 0 }) { dead += 1 }
                reading.deadShare = units > 0 ? Double(dead) / Double(units) : 0
            case .sigmoid, .tanh:
                let low = layer.activation == .sigmoid ? 0.01 : -0.99
                let high = 0.99
                let saturated = a.scalars.reduce(0) { $0 + (($1 < low || $1 > high) ? 1 : 0) }
                reading.saturatedShare = a.count > 0 ? Double(saturated) / Double(a.count) : 0
            default:
                break
            }
            if let previousWeights, i < previousWeights.count, previousWeights[i].count == layer.weights.count {
                let change = layer.weights.zipMap(previousWeights[i], -).norm
                let size = previousWeights[i].norm
                reading.updateRatio = size > 0 ? change / size : nil
            }
            layers.append(reading)
        }
        return NetworkHealth(layers: layers)
    }
}
