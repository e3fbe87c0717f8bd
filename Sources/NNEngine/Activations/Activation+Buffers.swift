import NNKernels

/// Elementwise activations over raw buffers: the loops that the tape's rules and the tape-free
/// training pass (`DenseTrainingPass`) share.
extension Activation {
    /// Whether the derivative is read from the activation's outputs rather than its inputs z:
    /// relu's slope is 1 exactly where its output is positive, and identity's is always 1,
    /// so neither needs z kept.
    var slopeReadsOutputs: Bool { self == .relu || self == .identity }

    /// Replaces each of `count` values x by act(x) (elementwise activations only).
    func apply(inPlace x: UnsafeMutablePointer<Double>, count: Int) {
        switch self {
        case .identity:
            return
        case .relu:
            ElementwiseKernels.relu(inPlace: x, count: count)
        default:
            ElementwiseKernels.map(inPlace: x, count: count) { value($0) }
        }
    }

    /// Multiplies each of `count` gradients by the activation's derivative at the matching
    /// point: the outputs when `slopeReadsOutputs`, the inputs z otherwise.
    ///
    /// relu passes a gradient through where its output is positive and writes 0 elsewhere
    /// (not g·0, which would turn an infinite gradient into NaN).
    func scaleBySlope(_ g: UnsafeMutablePointer<Double>, count: Int, at points: UnsafePointer<Double>) {
        switch self {
        case .identity:
            return
        case .relu:
            ElementwiseKernels.reluSlope(g, count: count, at: points)
        default:
            ElementwiseKernels.scale(g, count: count, at: points) { derivative($0) }
        }
    }
}
