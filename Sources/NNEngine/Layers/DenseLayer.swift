/// A fully connected layer: z = W·a + b, then its activation; W is outputs × inputs.
///
/// With batch normalization on, z is normalized over the batch before the activation, and the
/// layer owns the learnable γ and β and the running statistics used at inference.
public struct DenseLayer: Equatable, Sendable {
    /// W, of shape outputs × inputs.
    public var weights: Tensor
    /// b, one per output.
    public var bias: Tensor
    /// The function applied to z.
    public var activation: Activation
    /// Batch normalization of z, when switched on for this layer.
    public var batchNorm: BatchNormalization?

    /// Makes a layer from its weights and bias.
    public init(weights: Tensor, bias: Tensor, activation: Activation, batchNorm: BatchNormalization? = nil) {
        precondition(weights.rank == 2 && bias.count == weights.shape[0], "bias must have one entry per output")
        self.weights = weights
        self.bias = bias
        self.activation = activation
        self.batchNorm = batchNorm
    }

    /// The number of inputs.
    public var inputs: Int { weights.shape[1] }
    /// The number of outputs (units).
    public var outputs: Int { weights.shape[0] }
    /// The number of trainable numbers.
    public var parameterCount: Int { weights.count + bias.count + (batchNorm.map { $0.gamma.count * 2 } ?? 0) }
}

/// The learnable scale γ and shift β of batch normalization, with the running statistics.
public struct BatchNormalization: Equatable, Sendable {
    /// γ, one per unit, starting at 1.
    public var gamma: Tensor
    /// β, one per unit, starting at 0.
    public var beta: Tensor
    /// The running mean used at inference.
    public var runningMean: Tensor
    /// The running (unbiased) variance used at inference.
    public var runningVariance: Tensor
    /// ε added to the variance.
    public var epsilon: Double
    /// How much of each batch's statistics enters the running averages.
    public var momentum: Double

    /// Makes fresh batch normalization for a layer of `units` units.
    public init(units: Int, epsilon: Double = 1e-5, momentum: Double = 0.1) {
        gamma = Tensor(shape: [units], repeating: 1)
        beta = Tensor.zeros([units])
        runningMean = Tensor.zeros([units])
        runningVariance = Tensor(shape: [units], repeating: 1)
        self.epsilon = epsilon
        self.momentum = momentum
    }

    /// Folds one batch's statistics into the running averages (the variance unbiased, n/(n−1)).
    public mutating func update(with statistics: BatchStatistics, batchSize: Int) {
        let correction = batchSize > 1 ? Double(batchSize) / Double(batchSize - 1) : 1
        for j in 0..<runningMean.count {
            runningMean.scalars[j] += momentum * (statistics.mean.scalars[j] - runningMean.scalars[j])
            let unbiased = statistics.variance.scalars[j] * correction
            runningVariance.scalars[j] += momentum * (unbiased - runningVariance.scalars[j])
        }
    }
}
