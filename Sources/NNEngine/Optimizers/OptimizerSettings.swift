/// Which update rule an optimizer applies, with its hyper-parameters.
///
/// The rules, with g the gradient (regularization included) and every state starting at zero:
/// - `sgd`: θ ← θ − lr·g
/// - `momentum`: v ← μ·v + g, θ ← θ − lr·v
/// - `nesterov`: v ← μ·v + g, θ ← θ − lr·(g + μ·v)
/// - `rmsprop`: s ← ρ·s + (1−ρ)·g², θ ← θ − lr·g/(√s + ε)
/// - `adagrad`: G ← G + g², θ ← θ − lr·g/(√G + ε)
/// - `adam`: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr·m̂/(√v̂ + ε),
///   m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
/// - `adamw`: as adam, but θ ← θ − lr·(m̂/(√v̂ + ε) + decay·θ) (decoupled weight decay, applied
///   to every parameter, as PyTorch's AdamW does by default)
public struct OptimizerSettings: Equatable, Sendable {
    /// The update rules.
    public enum Kind: String, CaseIterable, Sendable {
        case sgd, momentum, nesterov, rmsprop, adagrad, adam, adamw

        /// Whether the rule divides by a square root per weight (the costly updates).
        public var dividesBySquareRoot: Bool { self == .rmsprop || self == .adagrad || self == .adam || self == .adamw }
    }

    /// The rule.
    public var kind: Kind
    /// The learning rate.
    public var learningRate: Double
    /// μ of momentum and nesterov.
    public var momentum: Double = 0.9
    /// β₁ of adam and adamw.
    public var beta1: Double = 0.9
    /// β₂ of adam and adamw.
    public var beta2: Double = 0.999
    /// ρ of rmsprop.
    public var rho: Double = 0.9
    /// ε of rmsprop, adagrad, adam and adamw.
    public var epsilon: Double = 1e-8
    /// The decoupled weight decay of adamw.
    public var decay: Double = 0.01

    /// The names the command language accepts.
    public static var names: [String] { Kind.allCases.map(\.rawValue) }

    /// Makes settings with the rule's usual learning rate unless one is given.
    public init(kind: Kind, learningRate: Double? = nil) {
        self.kind = kind
        self.learningRate = learningRate ?? OptimizerSettings.defaultLearningRate(kind)
    }

    /// The learning rate a rule starts with when none is given.
    public static func defaultLearningRate(_ kind: Kind) -> Double {
        switch kind {
        case .sgd, .momentum, .nesterov, .adagrad: return 0.1
        case .rmsprop, .adam, .adamw: return 0.01
        }
    }

    /// A sentence naming an out-of-range setting, or nil when all are valid.
    public func validationError() -> String? {
        if !(learningRate > 0) || !learningRate.isFinite { return "lr must be a positive number, got \(learningRate); try lr=0.01" }
        if !(0..<1).contains(momentum) { return "momentum must be in [0, 1), got \(momentum); 0.9 is usual" }
        if !(0..<1).contains(beta1) { return "beta1 must be in [0, 1), got \(beta1); 0.9 is usual" }
        if !(0..<1).contains(beta2) { return "beta2 must be in [0, 1), got \(beta2); 0.999 is usual" }
        if !(0..<1).contains(rho) { return "rho must be in [0, 1), got \(rho); 0.9 is usual" }
        if !(epsilon > 0) || !epsilon.isFinite { return "eps must be a small positive number, got \(epsilon); 1e-8 is usual" }
        if !(decay >= 0) || !decay.isFinite { return "decay must be zero or positive, got \(decay); 0.01 is usual" }
        return nil
    }

    /// The hyper-parameters that matter for this rule, as `name=value` words.
    public var summary: String {
        var words = ["\(kind.rawValue)", "lr=\(learningRate)"]
        switch kind {
        case .momentum, .nesterov: words.append("momentum=\(momentum)")
        case .rmsprop: words += ["rho=\(rho)", "eps=\(epsilon)"]
        case .adagrad: words.append("eps=\(epsilon)")
        case .adam: words += ["beta1=\(beta1)", "beta2=\(beta2)", "eps=\(epsilon)"]
        case .adamw: words += ["beta1=\(beta1)", "beta2=\(beta2)", "eps=\(epsilon)", "decay=\(decay)"]
        case .sgd: break
        }
        return words.joined(separator: " ")
    }
}
