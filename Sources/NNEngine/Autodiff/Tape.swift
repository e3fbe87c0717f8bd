/// A record of tensor operations for reverse-mode automatic differentiation.
///
/// Each operation appends its result to the tape together with a local rule that maps the
/// gradient of its result to the gradients of its inputs (micrograd's idea, at tensor scale).
/// `backward(from:)` walks the tape once in reverse. Rules capture only tensors and numbers,
/// never the tape or other entries, so no reference cycle can form through them; a tape is
/// thrown away after each pass.
public final class Tape {
    /// The gradient rule of one operation: the gradient of the result in, one gradient per
    /// input out (nil where an input needs none).
    ///
    /// The rule owns the gradient it is given: when nobody else holds it (a backward pass that
    /// does not keep intermediate gradients), a rule may change it in place and pass it on.
    public typealias Rule = (_ gradient: consuming Tensor) -> [Tensor?]

    struct Entry {
        var value: Tensor
        var needsGradient: Bool
        var inputs: [Variable]
        var rule: Rule?
    }

    private(set) var entries: [Entry] = []
    private var gradients: [Tensor?] = []

    /// Makes an empty tape.
    public init() { entries.reserveCapacity(32) }

    /// The number of values recorded.
    public var count: Int { entries.count }

    /// Records a trainable leaf (a weight or bias) whose gradient will be kept.
    public func parameter(_ value: Tensor) -> Variable { append(value, needsGradient: true, inputs: [], rule: nil) }

    /// Records a leaf that needs no gradient (inputs, targets, masks).
    public func constant(_ value: Tensor) -> Variable { append(value, needsGradient: false, inputs: [], rule: nil) }

    /// Records an input whose gradient is wanted although it is not trained (for inspection).
    public func watched(_ value: Tensor) -> Variable { append(value, needsGradient: true, inputs: [], rule: nil) }

    /// Records the result of an operation with its gradient rule.
    public func record(_ value: Tensor, inputs: [Variable], rule: @escaping Rule) -> Variable {
        let needs = inputs.contains { entries[$0.index].needsGradient }
        return append(value, needsGradient: needs, inputs: inputs, rule: needs ? rule : nil)
    }

    private func append(_ value: Tensor, needsGradient: Bool, inputs: [Variable], rule: Rule?) -> Variable {
        entries.append(Entry(value: value, needsGradient: needsGradient, inputs: inputs, rule: rule))
        return Variable(index: entries.count - 1)
    }

    /// The value of a recorded variable.
    public func value(_ v: Variable) -> Tensor { entries[v.index].value }

    /// Whether a variable's gradient will be computed.
    public func needsGradient(_ v: Variable) -> Bool { entries[v.index].needsGradient }

    /// Fills in the gradient of every recorded value with respect to a scalar result.
    ///
    /// With `keepingIntermediates` false (a training step, which reads only the leaves'
    /// gradients) each operation's gradient is handed to its rule and not kept, so elementwise
    /// rules work in place instead of on a copy; `gradient(_:)` then gives only leaves'.
    public func backward(from output: Variable, keepingIntermediates: Bool = true) {
        let outValue = entries[output.index].value
        precondition(outValue.count == 1, "backward needs a scalar, got shape \(outValue.shape)")
        gradients = [Tensor?](repeating: nil, count: entries.count)
        gradients[output.index] = Tensor(shape: outValue.shape, repeating: 1)
        for i in stride(from: output.index, through: 0, by: -1) {
            guard let g = gradients[i], let rule = entries[i].rule else { continue }
            if !keepingIntermediates { gradients[i] = nil }
            let inputGradients = rule(consume g)
            for (slot, variable) in entries[i].inputs.enumerated() where entries[variable.index].needsGradient {
                let input = variable.index
                guard let contribution = inputGradients[slot] else { continue }
                if gradients[input] == nil {
                    gradients[input] = contribution
                } else {
                    gradients[input]!.add(contribution)
                }
            }
        }
    }

    /// The gradient of the last `backward` result with respect to a variable (zeros if it
    /// did not influence the result).
    public func gradient(_ v: Variable) -> Tensor {
        if v.index < gradients.count, let g = gradients[v.index] { return g }
        return Tensor.zeros(entries[v.index].value.shape)
    }
}

/// A handle to a value recorded on a `Tape`.
public struct Variable: Hashable, Sendable {
    /// The position of the value on its tape.
    public let index: Int
}
