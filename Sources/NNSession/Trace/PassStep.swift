/// One value of a pass walk explained: which phase it belongs to, where it sits in the network,
/// and the formula that gives it, with the engine's numbers filled in.
public struct PassStep: Sendable, Equatable {
    /// The part of the walk a step belongs to, in walking order.
    public enum Phase: String, Sendable, CaseIterable {
        case input, forward, loss, backward, update
    }

    /// What the network diagram highlights for a step. Columns count from the input (0) to the
    /// output layer (the number of dense layers); units and edges count from 0.
    public enum Focus: Sendable, Equatable {
        case none
        /// One node of a column.
        case node(column: Int, unit: Int)
        /// The edge from node `from` of `column` to node `to` of `column + 1`.
        case edge(column: Int, from: Int, to: Int)
    }

    /// A value the walk has shown so far, for tables and the diagram's node labels.
    public enum Reveal: Hashable, Sendable {
        /// An input feature.
        case input(Int)
        /// z of a layer's unit (layers count from 0).
        case z(layer: Int, unit: Int)
        /// a of a layer's unit.
        case activation(layer: Int, unit: Int)
        /// δ = ∂L/∂z of a layer's unit.
        case delta(layer: Int, unit: Int)
        /// ∂L/∂b of a layer's unit.
        case biasGradient(layer: Int, unit: Int)
        /// The updated value of one element of `Network.parameters[parameter]`.
        case updated(parameter: Int, element: Int)
    }

    /// The phase.
    public var phase: PassStep.Phase
    /// The dense layer the step belongs to (from 0), or nil for the input and the loss.
    public var layer: Int?
    /// A short heading, such as "layer 1 · unit 2 · weighted sum, term 1 of 2".
    public var title: String
    /// The formula lines, symbols first, then the numbers.
    public var lines: [String]
    /// What the diagram highlights.
    public var focus: Focus
    /// The value `e` edits and `g` checks at this step, if any.
    public var target: PassWalk.Target?
    /// The values this step shows for the first time.
    public var reveals: [Reveal]
    /// The grids the explorer draws instead of the network diagram (nets built layer by layer).
    public var picture: [PassGrid] = []
    /// A part of a layer, such as a filter or a channel, that Enter jumps past; nil in dense walks.
    public var part: Int?
    /// Whether the plain transcript leaves this step out, as one of many alike (a conv position).
    public var elided = false

    /// Makes a step.
    public init(phase: PassStep.Phase, layer: Int?, title: String, lines: [String], focus: Focus = .none,
                target: PassWalk.Target? = nil, reveals: [Reveal] = [], picture: [PassGrid] = []) {
        self.phase = phase
        self.layer = layer
        self.title = title
        self.lines = lines
        self.focus = focus
        self.target = target
        self.reveals = reveals
        self.picture = picture
    }
}
