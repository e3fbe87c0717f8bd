import Foundation
import NNKernels

/// An elementwise activation function with its exact derivative, or softmax (row-wise).
///
/// Every function is written to stay finite at large |x|: sigmoid and softplus never evaluate
/// `exp` of a large positive number, and softmax subtracts the row maximum first.
public enum Activation: String, CaseIterable, Sendable, Codable {
    case identity, step, sigmoid, tanh, relu
    case leakyRelu = "leaky_relu"
    case elu, gelu
    case geluTanh = "gelu_tanh"
    case swish, mish, softplus, softmax

    /// The slope of `leaky_relu` below zero.
    public static let leakySlope = 0.01
    /// The α of `elu`.
    public static let eluAlpha = 1.0

    /// The names the command language accepts.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// Whether the function acts on each element alone (everything but softmax).
    public var isElementwise: Bool { self != .softmax }

    /// The function's value at x (softmax excepted: it needs a whole row).
    @inlinable
    public func value(_ x: Double) -> Double {
        switch self {
        case .identity: return x
        case .step: return x >= 0 ? 1 : 0
        case .sigmoid: return Activation.sigmoid(x)
        case .tanh: return Foundation.tanh(x)
        case .relu: return x > 0 ? x : 0
        case .leakyRelu: return x > 0 ? x : Activation.leakySlope * x
        case .elu: return x > 0 ? x : Activation.eluAlpha * Foundation.expm1(x)
        case .gelu: return x * Activation.normalCDF(x)
        case .geluTanh:
            return 0.5 * x * (1 + Foundation.tanh(Activation.geluTanhInner(x)))
        case .swish: return x * Activation.sigmoid(x)
        case .mish: return x * Foundation.tanh(Activation.softplus(x))
        case .softplus: return Activation.softplus(x)
        case .softmax: preconditionFailure("softmax is not elementwise")
        }
    }

    /// The exact derivative dσ/dx at x (softmax excepted).
    @inlinable
    public func derivative(_ x: Double) -> Double {
        switch self {
        case .identity: return 1
        case .step: return 0
        case .sigmoid:
            let s = Activation.sigmoid(x)
            return s * (1 - s)
        case .tanh:
            // sech²x rather than 1 − tanh²x, which loses all digits once tanh x rounds to ±1.
            let c = Foundation.cosh(x)
            return 1 / (c * c)
        case .relu: return x > 0 ? 1 : 0
        case .leakyRelu: return x > 0 ? 1 : Activation.leakySlope
        case .elu: return x > 0 ? 1 : Activation.eluAlpha * Foundation.exp(x)
        case .gelu: return Activation.normalCDF(x) + x * Activation.normalPDF(x)
        case .geluTanh:
            let c = (2 / Double.pi).squareRoot()
            let t = Foundation.tanh(Activation.geluTanhInner(x))
            return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)
        case .swish:
            let s = Activation.sigmoid(x)
            return s + x * s * (1 - s)
        case .mish:
            let t = Foundation.tanh(Activation.softplus(x))
            return t + x * (1 - t * t) * Activation.sigmoid(x)
        case .softplus: return Activation.sigmoid(x)
        case .softmax: preconditionFailure("softmax is not elementwise")
        }
    }

    /// The logistic function, computed without overflow for any x.
    @inlinable
    public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }

    /// log(1 + eˣ), computed without overflow for any x.
    @inlinable
    public static func softplus(_ x: Double) -> Double {
        max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x)))
    }

    /// Φ(x), the standard normal distribution function, through erfc for accuracy in the tails.
    @inlinable
    public static func normalCDF(_ x: Double) -> Double { 0.5 * Foundation.erfc(-x / 2.0.squareRoot()) }

    /// φ(x), the standard normal density.
    @inlinable
    public static func normalPDF(_ x: Double) -> Double {
        Foundation.exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
    }

    /// √(2/π)·(x + 0.044715x³), the argument of tanh in the GELU approximation.
    @inlinable
    public static func geluTanhInner(_ x: Double) -> Double {
        (2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x)
    }

    /// Softmax of each row of a matrix, with the row maximum subtracted first.
    public static func softmaxRows(_ z: Tensor) -> Tensor {
        var (terms, softmax) = SoftmaxRows.of(z)
        let c = z.columns
        terms.withUnsafeMutableBufferPointer { p in
            for r in 0..<z.rows {
                let row = p.baseAddress! + r * c, s = softmax.sum(r)
                for j in 0..<c { row[j] /= s }
            }
        }
        return Tensor(shape: z.shape, scalars: terms)
    }
}
