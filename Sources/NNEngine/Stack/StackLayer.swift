/// One layer of a network built layer by layer (`net input …; layer …`).
public enum StackLayer: Equatable, Sendable {
    /// A fully connected layer; with `skip` its input is added after the activation.
    case dense(DenseLayer, skip: Bool)
    /// A 2-D convolution.
    case conv(ConvolutionLayer)
    /// K×K max pooling with stride S.
    case maxPool(size: Int, stride: Int)
    /// K×K average pooling with stride S.
    case avgPool(size: Int, stride: Int)
    /// An image (or sequence) laid out as one vector: C, then H, then W.
    case flatten
    /// Layer normalization of each sample's whole vector.
    case layerNorm(LayerNormalization)
    /// Inverted dropout with drop probability p while training.
    case dropout(Double)
    /// A plain RNN or an LSTM over a sequence.
    case recurrent(RecurrentLayer)

    /// The word `layer` takes for this kind, and the summary's name.
    public var kind: String {
        switch self {
        case .dense: return "dense"
        case .conv: return "conv"
        case .maxPool: return "maxpool"
        case .avgPool: return "avgpool"
        case .flatten: return "flatten"
        case .layerNorm: return "layernorm"
        case .dropout: return "dropout"
        case .recurrent(let r): return r.cell.rawValue
        }
    }

    /// The layer's trainable tensors in order, with their name stems and whether each is a
    /// weight (regularized): W, b for dense and conv; γ, β for layer norm; W_ih, W_hh, b for
    /// recurrent layers.
    public var parameters: [(stem: String, tensor: Tensor, isWeight: Bool)] {
        switch self {
        case .dense(let d, _): return [("w", d.weights, true), ("b", d.bias, false)]
        case .conv(let c): return [("w", c.weights, true), ("b", c.bias, false)]
        case .layerNorm(let n): return [("gamma", n.gamma, false), ("beta", n.beta, false)]
        case .recurrent(let r): return [("wih", r.weightsIH, true), ("whh", r.weightsHH, true), ("b", r.bias, false)]
        default: return []
        }
    }

    /// The number of trainable numbers.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.tensor.count } }

    /// Replaces the layer's parameters, in `parameters` order.
    mutating func setParameters(_ values: ArraySlice<Tensor>) {
        let v = Array(values)
        switch self {
        case .dense(var d, let skip): d.weights = v[0]; d.bias = v[1]; self = .dense(d, skip: skip)
        case .conv(var c): c.weights = v[0]; c.bias = v[1]; self = .conv(c)
        case .layerNorm(var n): n.gamma = v[0]; n.beta = v[1]; self = .layerNorm(n)
        case .recurrent(var r): r.weightsIH = v[0]; r.weightsHH = v[1]; r.bias = v[2]; self = .recurrent(r)
        default: break
        }
    }
}

/// A convolution layer: F filters of C × K × K (PyTorch's layout), a bias per filter, its
/// stride, zero padding and activation.
public struct ConvolutionLayer: Equatable, Sendable {
    /// W, of shape F × C × K × K.
    public var weights: Tensor
    /// b, one per filter.
    public var bias: Tensor
    /// The step between window positions.
    public var stride: Int
    /// The zeros added on every side.
    public var padding: Int
    /// The function applied to every output.
    public var activation: Activation

    /// Makes a layer from its parts.
    public init(weights: Tensor, bias: Tensor, stride: Int, padding: Int, activation: Activation) {
        precondition(weights.rank == 4 && weights.shape[2] == weights.shape[3] && bias.count == weights.shape[0],
                     "conv weights must be F × C × K × K with one bias per filter")
        self.weights = weights
        self.bias = bias
        self.stride = stride
        self.padding = padding
        self.activation = activation
    }

    /// F, the number of filters.
    public var filters: Int { weights.shape[0] }
    /// C, the input channels.
    public var channels: Int { weights.shape[1] }
    /// K, the kernel's side.
    public var kernel: Int { weights.shape[2] }
}

/// Layer normalization's learnable scale γ and shift β over N features, and its ε.
public struct LayerNormalization: Equatable, Sendable {
    /// γ, starting at 1.
    public var gamma: Tensor
    /// β, starting at 0.
    public var beta: Tensor
    /// ε inside the square root.
    public var epsilon: Double

    /// Makes fresh layer normalization over `size` features.
    public init(size: Int, epsilon: Double = 1e-5) {
        gamma = Tensor(shape: [size], repeating: 1)
        beta = Tensor.zeros([size])
        self.epsilon = epsilon
    }

    /// Makes layer normalization from its parts.
    public init(gamma: Tensor, beta: Tensor, epsilon: Double) {
        self.gamma = gamma
        self.beta = beta
        self.epsilon = epsilon
    }
}
