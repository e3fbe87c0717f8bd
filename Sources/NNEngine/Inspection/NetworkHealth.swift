/// Signs of trouble inside a network, measured on a probe batch: dead ReLUs, saturated
/// sigmoid and tanh units, and how big each update is next to the weights it changes.
///
/// A net built with `net SPEC` has one reading per layer; a net built layer by layer has one
/// per dense or conv layer (a conv layer's units are its filters: a filter is dead when it
/// outputs zero at every position of every probe sample).
public struct NetworkHealth: Sendable, Equatable {
    /// One layer's readings.
    public struct Layer: Sendable, Equatable {
        /// The layer's number, as `show net` numbers it (from 1).
        public var number: Int
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

    /// The weight tensors the readings are taken for, in order: what `measure` compares with
    /// `previousWeights` to find the update ratios.
    public static func measuredWeights(of network: Network) -> [Tensor] {
        guard let stack = network.stack else { return network.layers.map(\.weights) }
        return stack.layers.compactMap { layer in
            switch layer {
            case .dense(let d, _): return d.weights
            case .conv(let c): return c.weights
            default: return nil
            }
        }
    }

    /// Measures a network on a probe batch; `previousWeights` (`measuredWeights` before the
    /// last update) gives the update-to-weight ratios.
    public static func measure(_ network: Network, probe: Tensor, previousWeights: [Tensor]? = nil) -> NetworkHealth {
        let tape = Tape()
        var generator = SeededGenerator(seed: 0)
        // Each measured layer: its number, activation, recorded values (a net spec's outputs, a
        // stack's pre-activations z) and units (a conv layer's channels).
        var measured: [(number: Int, activation: Activation, values: Tensor, units: Int)] = []
        if let stack = network.stack {
            let pass = stack.record(on: tape, inputs: probe, mode: .inference, generator: &generator, trainable: false)
            for (index, layer) in stack.layers.enumerated() {
                guard let z = pass.preActivations[index] else { continue }
                switch layer {
                case .dense(let d, _): measured.append((index + 1, d.activation, tape.value(z), d.outputs))
                case .conv(let c): measured.append((index + 1, c.activation, tape.value(z), c.filters))
                default: break
                }
            }
        } else {
            let pass = network.record(on: tape, inputs: probe, mode: .inference, generator: &generator, trainable: false)
            for (i, record) in pass.layers.enumerated() {
                let layer = network.layers[i]
                measured.append((i + 1, layer.activation, tape.value(record.activation), layer.outputs))
            }
        }
        let weights = measuredWeights(of: network)
        var layers: [Layer] = []
        for (i, entry) in measured.enumerated() {
            var reading = Layer(number: entry.number, activation: entry.activation)
            // A stack's pre-activations go through the activation (only the elementwise ones
            // read below).
            func outputs() -> Tensor { network.stack == nil ? entry.values : entry.values.map(entry.activation.value) }
            switch entry.activation {
            case .relu:
                let outputs = outputs()
                // Rows of the probe, then positions: unit j's values are every `units`-th run
                // of `positions` numbers.
                let rows = outputs.shape[0], units = entry.units
                let positions = rows > 0 && units > 0 ? outputs.count / rows / units : 0
                var dead = 0
                outputs.scalars.withUnsafeBufferPointer { a in
                    for j in 0..<units {
                        var alive = false
                        for r in 0..<rows where !alive {
                            let start = (r * units + j) * positions
                            alive = (start..<start + positions).contains { a[$0] > 0 }
                        }
                        if !alive { dead += 1 }
                    }
                }
                reading.deadShare = units > 0 ? Double(dead) / Double(units) : 0
            case .sigmoid, .tanh:
                let outputs = outputs()
                let low = entry.activation == .sigmoid ? 0.01 : -0.99
                let high = 0.99
                let saturated = outputs.scalars.reduce(0) { $0 + (($1 < low || $1 > high) ? 1 : 0) }
                reading.saturatedShare = outputs.count > 0 ? Double(saturated) / Double(outputs.count) : 0
            default:
                break
            }
            if let previousWeights, i < previousWeights.count, i < weights.count, previousWeights[i].count == weights[i].count {
                let change = weights[i].zipMap(previousWeights[i], -).norm
                let size = previousWeights[i].norm
                reading.updateRatio = size > 0 ? change / size : nil
            }
            layers.append(reading)
        }
        return NetworkHealth(layers: layers)
    }
}
