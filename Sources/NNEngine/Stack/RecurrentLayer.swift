/// A recurrent layer over sequences: a plain RNN or an LSTM, in PyTorch's layouts.
///
/// W_ih is G·H × N and W_hh is G·H × H, with G = 1 for an RNN and 4 for an LSTM (gates in the
/// order i, f, g, o, as `torch.nn.LSTM`); the one bias of G·H is PyTorch's `bias_ih`, with
/// `bias_hh` = 0. Both start from zero states. With `returnsSequence` the layer hands on every
/// step's hidden state (T × H, many-to-many), else only the last one (H, many-to-one).
public struct RecurrentLayer: Equatable, Sendable {
    /// Which cell runs at each step.
    public enum Cell: String, Equatable, Sendable {
        case rnn, lstm

        /// The blocks of H rows in the weights: 1 for an RNN, 4 for an LSTM's gates.
        public var blocks: Int { self == .rnn ? 1 : 4 }
    }

    /// The cell.
    public var cell: Cell
    /// W_ih, G·H × N.
    public var weightsIH: Tensor
    /// W_hh, G·H × H.
    public var weightsHH: Tensor
    /// b, G·H.
    public var bias: Tensor
    /// An RNN's activation (tanh by default); an LSTM's is fixed (σ for gates, tanh for cells).
    public var activation: Activation
    /// Whether every step's hidden state is handed on rather than the last one.
    public var returnsSequence: Bool

    /// Makes a layer from its parts.
    public init(cell: Cell, weightsIH: Tensor, weightsHH: Tensor, bias: Tensor, activation: Activation = .tanh,
                returnsSequence: Bool) {
        let h = weightsHH.rank == 2 ? weightsHH.shape[1] : 0
        precondition(weightsHH.rank == 2 && weightsHH.shape[0] == cell.blocks * h && weightsIH.rank == 2
                     && weightsIH.shape[0] == cell.blocks * h && bias.count == cell.blocks * h,
                     "\(cell.rawValue): W_ih \(weightsIH.shape), W_hh \(weightsHH.shape), b \(bias.shape) do not fit")
        self.cell = cell
        self.weightsIH = weightsIH
        self.weightsHH = weightsHH
        self.bias = bias
        self.activation = cell == .lstm ? .tanh : activation
        self.returnsSequence = returnsSequence
    }

    /// Makes a fresh layer as PyTorch does: every weight and bias drawn from U(−1/√H, 1/√H).
    public init(cell: Cell, inputs: Int, hidden: Int, activation: Activation = .tanh, returnsSequence: Bool,
                generator: inout SeededGenerator) {
        let limit = 1 / Double(hidden).squareRoot(), rows = cell.blocks * hidden
        func draw(_ shape: [Int]) -> Tensor {
            Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in generator.uniform(-limit, limit) })
        }
        self.init(cell: cell, weightsIH: draw([rows, inputs]), weightsHH: draw([rows, hidden]), bias: draw([rows]),
                  activation: activation, returnsSequence: returnsSequence)
    }

    /// N, the features per step.
    public var inputs: Int { weightsIH.shape[1] }
    /// H, the hidden units.
    public var hidden: Int { weightsHH.shape[1] }
}
