extension Tape {
    /// Layer normalization of each sample's whole feature vector, as PyTorch's `LayerNorm`
    /// over every axis after the batch: y = γ ⊙ (x − μ)/√(σ² + ε) + β with μ and the biased
    /// σ² taken over the sample's N features; γ and β hold N numbers each.
    ///
    /// Its rule, per sample with ĝ = γ ⊙ ∂L/∂y:
    /// ∂x = (1/N)·(1/√(σ²+ε))·(N·ĝ − Σĝ − x̂·Σ(ĝ⊙x̂)), ∂γ = Σₛ ∂L/∂y ⊙ x̂, ∂β = Σₛ ∂L/∂y.
    public func layerNorm(_ x: Variable, gamma: Variable, beta: Variable, epsilon: Double) -> Variable {
        let xv = value(x), gv = value(gamma), bv = value(beta)
        let n = xv.rows, c = xv.columns
        precondition(gv.count == c && bv.count == c, "layerNorm: x \(xv.shape), γ \(gv.shape), β \(bv.shape)")
        var xHat = xv, y = xv
        var invStd = [Double](repeating: 0, count: n)
        for r in 0..<n {
            var mean = 0.0
            for j in 0..<c { mean += xv.scalars[r * c + j] }
            mean /= Double(c)
            var variance = 0.0
            for j in 0..<c { let d = xv.scalars[r * c + j] - mean; variance += d * d }
            variance /= Double(c)
            let k = 1 / (variance + epsilon).squareRoot()
            invStd[r] = k
            for j in 0..<c {
                let h = (xv.scalars[r * c + j] - mean) * k
                xHat.scalars[r * c + j] = h
                y.scalars[r * c + j] = gv.scalars[j] * h + bv.scalars[j]
            }
        }
        let normalized = xHat
        return record(y, inputs: [x, gamma, beta]) { grad in
            var dx = grad
            var dGamma = [Double](repeating: 0, count: c), dBeta = [Double](repeating: 0, count: c)
            let count = Double(c)
            for r in 0..<n {
                var sumG = 0.0, sumGX = 0.0
                for j in 0..<c {
                    let gy = grad.scalars[r * c + j], h = normalized.scalars[r * c + j]
                    dGamma[j] += gy * h
                    dBeta[j] += gy
                    let gh = gy * gv.scalars[j]
                    sumG += gh
                    sumGX += gh * h
                }
                for j in 0..<c {
                    let gh = grad.scalars[r * c + j] * gv.scalars[j]
                    dx.scalars[r * c + j] = invStd[r] / count * (count * gh - sumG - normalized.scalars[r * c + j] * sumGX)
                }
            }
            return [dx, Tensor(shape: gv.shape, scalars: dGamma), Tensor(shape: bv.shape, scalars: dBeta)]
        }
    }
}
