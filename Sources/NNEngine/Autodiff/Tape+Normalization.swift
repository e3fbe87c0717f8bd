import Foundation

/// The statistics batch normalization computed for one batch, kept for inspection.
public struct BatchStatistics: Sendable, Equatable {
    /// μ, the mean of each column over the batch.
    public var mean: Tensor
    /// σ², the biased variance of each column over the batch.
    public var variance: Tensor
    /// x̂ = (z − μ)/√(σ² + ε), the normalized input.
    public var normalized: Tensor

    /// Makes statistics from their parts.
    public init(mean: Tensor, variance: Tensor, normalized: Tensor) {
        self.mean = mean
        self.variance = variance
        self.normalized = normalized
    }
}

extension Tape {
    /// Batch normalization with batch statistics: γ·(z − μ)/√(σ² + ε) + β, column by column.
    ///
    /// One primitive with its own gradient rule rather than a chain of broadcasts:
    /// ∂L/∂z = (1/n)·(1/√(σ²+ε))·(n·ĝ − Σĝ − x̂·Σ(ĝ⊙x̂)), with ĝ = γ ⊙ ∂L/∂y.
    public func batchNorm(_ input: Variable, gamma: Variable, beta: Variable, epsilon: Double)
        -> (output: Variable, statistics: BatchStatistics) {
        let z = value(input), g = value(gamma), b = value(beta)
        let n = z.rows, c = z.columns
        var mean = [Double](repeating: 0, count: c)
        var variance = [Double](repeating: 0, count: c)
        for r in 0..<n { for j in 0..<c { mean[j] += z.scalars[r * c + j] } }
        for j in 0..<c { mean[j] /= Double(n) }
        for r in 0..<n { for j in 0..<c { let d = z.scalars[r * c + j] - mean[j]; variance[j] += d * d } }
        for j in 0..<c { variance[j] /= Double(n) }
        let invStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        var xHat = z
        var y = z
        for r in 0..<n {
            for j in 0..<c {
                let h = (z.scalars[r * c + j] - mean[j]) * invStd[j]
                xHat.scalars[r * c + j] = h
                y.scalars[r * c + j] = g.scalars[j] * h + b.scalars[j]
            }
        }
        let normalized = xHat
        let out = record(y, inputs: [input, gamma, beta]) { grad in
            var dz = grad
            var dGamma = [Double](repeating: 0, count: c)
            var dBeta = [Double](repeating: 0, count: c)
            var sumG = [Double](repeating: 0, count: c)
            var sumGX = [Double](repeating: 0, count: c)
            for r in 0..<n {
                for j in 0..<c {
                    let gy = grad.scalars[r * c + j], h = normalized.scalars[r * c + j]
                    dGamma[j] += gy * h
                    dBeta[j] += gy
                    let gh = gy * g.scalars[j]
                    sumG[j] += gh
                    sumGX[j] += gh * h
                }
            }
            let count = Double(n)
            for r in 0..<n {
                for j in 0..<c {
                    let gh = grad.scalars[r * c + j] * g.scalars[j]
                    let h = normalized.scalars[r * c + j]
                    dz.scalars[r * c + j] = invStd[j] / count * (count * gh - sumG[j] - h * sumGX[j])
                }
            }
            return [dz, Tensor(dGamma), Tensor(dBeta)]
        }
        return (out, BatchStatistics(mean: Tensor(mean), variance: Tensor(variance), normalized: normalized))
    }

    /// Batch normalization at inference: a fixed per-column affine map from running statistics.
    public func batchNormInference(_ input: Variable, gamma: Variable, beta: Variable,
                                   runningMean: Tensor, runningVariance: Tensor, epsilon: Double) -> Variable {
        let z = value(input), g = value(gamma), b = value(beta)
        let n = z.rows, c = z.columns
        let invStd = runningVariance.scalars.map { 1 / ($0 + epsilon).squareRoot() }
        var xHat = z, y = z
        for r in 0..<n {
            for j in 0..<c {
                let h = (z.scalars[r * c + j] - runningMean.scalars[j]) * invStd[j]
                xHat.scalars[r * c + j] = h
                y.scalars[r * c + j] = g.scalars[j] * h + b.scalars[j]
            }
        }
        let normalized = xHat
        return record(y, inputs: [input, gamma, beta]) { grad in
            var dz = grad
            var dGamma = [Double](repeating: 0, count: c)
            var dBeta = [Double](repeating: 0, count: c)
            for r in 0..<n {
                for j in 0..<c {
                    let gy = grad.scalars[r * c + j]
                    dz.scalars[r * c + j] = gy * g.scalars[j] * invStd[j]
                    dGamma[j] += gy * normalized.scalars[r * c + j]
                    dBeta[j] += gy
                }
            }
            return [dz, Tensor(dGamma), Tensor(dBeta)]
        }
    }
}
