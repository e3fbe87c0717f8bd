import Foundation

/// A rule for drawing a layer's initial weights; biases always start at zero.
///
/// With fan-in `i` and fan-out `o`: `xavier` U(±√(6/(i+o))), `xavier_normal` N(0, 2/(i+o)),
/// `he` N(0, 2/i), `he_uniform` U(±√(6/i)), `lecun` N(0, 1/i), `normal` N(0, σ²) (σ = 0.1
/// unless given, written `normal(0.5)`), `uniform` U(±a) (a = 0.1 unless given), `zeros`.
public enum Initializer: Equatable, Sendable, CustomStringConvertible {
    case xavier, xavierNormal, he, heUniform, lecun
    case normal(deviation: Double)
    case uniform(limit: Double)
    case zeros

    /// The names the command language accepts.
    public static let names = ["xavier", "xavier_normal", "he", "he_uniform", "lecun", "normal", "uniform", "zeros"]

    /// Reads `xavier`, `normal`, `normal(0.5)`, `uniform(0.2)` …; nil for an unknown name.
    public init?(parsing text: String) {
        let lower = text.lowercased()
        var name = lower, argument: Double?
        if let open = lower.firstIndex(of: "("), lower.hasSuffix(")") {
            name = String(lower[..<open])
            let inner = lower[lower.index(after: open)..<lower.index(before: lower.endIndex)]
            guard let v = Double(inner), v.isFinite, v >= 0 else { return nil }
            argument = v
        }
        switch name {
        case "xavier", "xavier_uniform", "glorot": self = .xavier
        case "xavier_normal": self = .xavierNormal
        case "he", "he_normal", "kaiming": self = .he
        case "he_uniform": self = .heUniform
        case "lecun": self = .lecun
        case "normal": self = .normal(deviation: argument ?? 0.1)
        case "uniform": self = .uniform(limit: argument ?? 0.1)
        case "zeros", "zero": self = .zeros
        default: return nil
        }
        if argument != nil, !(name == "normal" || name == "uniform") { return nil }
    }

    /// The initializer that suits an activation when none is named: He for the ReLU family,
    /// Xavier otherwise.
    public static func `default`(for activation: Activation) -> Initializer {
        switch activation {
        case .relu, .leakyRelu, .elu, .gelu, .geluTanh, .swish, .mish: return .he
        default: return .xavier
        }
    }

    public var description: String {
        switch self {
        case .xavier: return "xavier"
        case .xavierNormal: return "xavier_normal"
        case .he: return "he"
        case .heUniform: return "he_uniform"
        case .lecun: return "lecun"
        case .normal(let d): return "normal(\(d))"
        case .uniform(let a): return "uniform(\(a))"
        case .zeros: return "zeros"
        }
    }

    /// Draws a weight matrix of shape outputs × inputs.
    ///
    /// The fan-in is `inputs` and the fan-out `outputs` unless `fanOut` is given: a conv layer
    /// of F filters over C channels with K×K kernels draws F × C·K² weights, with fan-in C·K²
    /// and fan-out F·K², as PyTorch computes them (each input reaches F·K² outputs).
    public func weights(outputs: Int, inputs: Int, fanOut: Int? = nil, generator: inout SeededGenerator) -> Tensor {
        let fanIn = Double(max(inputs, 1)), fanOut = Double(max(fanOut ?? outputs, 1))
        let count = outputs * inputs
        var values = [Double](repeating: 0, count: count)
        switch self {
        case .xavier:
            let a = (6 / (fanIn + fanOut)).squareRoot()
            for i in 0..<count { values[i] = generator.uniform(-a, a) }
        case .xavierNormal:
            let s = (2 / (fanIn + fanOut)).squareRoot()
            for i in 0..<count { values[i] = generator.normal(deviation: s) }
        case .he:
            let s = (2 / fanIn).squareRoot()
            for i in 0..<count { values[i] = generator.normal(deviation: s) }
        case .heUniform:
            let a = (6 / fanIn).squareRoot()
            for i in 0..<count { values[i] = generator.uniform(-a, a) }
        case .lecun:
            let s = (1 / fanIn).squareRoot()
            for i in 0..<count { values[i] = generator.normal(deviation: s) }
        case .normal(let s):
            for i in 0..<count { values[i] = generator.normal(deviation: s) }
        case .uniform(let a):
            for i in 0..<count { values[i] = generator.uniform(-a, a) }
        case .zeros:
            break
        }
        return Tensor(shape: [outputs, inputs], scalars: values)
    }
}
