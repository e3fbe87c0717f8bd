/// A network's shape as the `net` command writes it: widths joined by `-`, each width after the
/// first optionally with its own activation, as in `2-8:relu-8:tanh-3:softmax`.
public struct NetworkSpec: Equatable, Sendable, CustomStringConvertible {
    /// The widths from input to output.
    public var widths: [Int]
    /// The activation of each layer after the input (one fewer than `widths`).
    public var activations: [Activation]

    /// Makes a spec from widths and per-layer activations.
    public init(widths: [Int], activations: [Activation]) {
        precondition(widths.count == activations.count + 1)
        self.widths = widths
        self.activations = activations
    }

    /// The largest width a layer may have.
    public static let maximumWidth = 4096

    /// Parses a spec; hidden layers without their own activation take `hidden`, the output
    /// layer `output`.
    public static func parse(_ text: String, hidden: Activation, output: Activation) throws -> NetworkSpec {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else {
            throw EngineError("a net needs at least an input and an output width, like 2-8-1; got '\(InputExcerpt.cut(text))'")
        }
        var widths: [Int] = [], activations: [Activation] = []
        for (i, part) in parts.enumerated() {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count <= 2, let width = Int(pieces[0]) else {
                throw EngineError("'\(InputExcerpt.cut(part))' in '\(InputExcerpt.cut(text))' is not a width: write whole numbers joined by '-', like 2-8-1, optionally 8:relu")
            }
            guard width >= 1, width <= maximumWidth else {
                throw EngineError("width \(width) in '\(InputExcerpt.cut(text))' is out of range: each layer needs 1 to \(maximumWidth) units")
            }
            widths.append(width)
            if i == 0 {
                if pieces.count == 2 { throw EngineError("the input width '\(InputExcerpt.cut(part))' cannot have an activation; write \(pieces[0])") }
                continue
            }
            if pieces.count == 2 {
                guard let act = Activation(rawValue: pieces[1]) else {
                    throw UnknownName(kind: "activation", name: pieces[1], context: text, known: Activation.names)
                }
                activations.append(act)
            } else {
                activations.append(i == parts.count - 1 ? output : hidden)
            }
        }
        for (i, act) in activations.enumerated() where act == .softmax && i != activations.count - 1 {
            throw EngineError("softmax works on a whole layer's outputs and belongs on the output layer only")
        }
        return NetworkSpec(widths: widths, activations: activations)
    }

    public var description: String {
        var text = "\(widths[0])"
        for (w, a) in zip(widths.dropFirst(), activations) { text += "-\(w):\(a.rawValue)" }
        return text
    }
}
