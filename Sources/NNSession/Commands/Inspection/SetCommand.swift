import NNText
import NNData
import NNEngine

/// `set w1[0,1]=0.5`, `set b2[0]=0.1`, `set x=[0.5,-1]`, `set y=1`, `set sample=3`, `set batch=32`,
/// `set threshold=0.3`: set one weight, a bias element, the inspected input and target, or the
/// decision threshold of a sigmoid output.
enum SetCommand: SessionCommand {
    static let spec = CommandSpec("set", summary: "set weights, biases, the inspected sample or the decision threshold",
                                  usage: "set w1[0,1]=0.5 | set b2[0]=0.1 | set x=[0.5,-1] | set y=1 | set threshold=0.3", example: "set w1[0,1]=0.5",
                                  freeKeys: true)

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        guard !command.arguments.isEmpty else {
            throw CommandError("set needs name=value, like `set w1[0,1]=0.5` or `set x=[0.5, -1]`", column: command.column)
        }
        var working = session.trainer
        var inspect = session.inspection
        var batch = session.batchSize
        var threshold = session.decisionThreshold
        var messages: [String] = []
        for argument in command.arguments {
            let key = argument.key!.lowercased()
            switch key {
            case "x":
                guard case .list(let items) = argument.value, !items.isEmpty, items.allSatisfy({ $0.number != nil }) else {
                    throw CommandError("x needs a list of numbers, like x=[0.5, -1]", at: argument)
                }
                let values = items.map { $0.number! }
                if let net = working?.network, values.count != net.inputs {
                    throw CommandError("x has \(values.count) values but the net takes \(net.inputs)", at: argument)
                }
                inspect.input = values
                messages.append("x = \(session.vectorText(values))")
            case "y":
                guard let v = argument.value.number else { throw CommandError("y needs a number (a class index or a target value)", at: argument) }
                // Bounded so no later step converts a huge target to Int (1e300 trapped in trace and forward).
                guard v.isFinite, abs(v) <= Double(CommandParser.maximumWholeNumber) else {
                    throw CommandError("y must be a number from -\(CommandParser.maximumWholeNumber) to \(CommandParser.maximumWholeNumber), got \(Numbers.format(v))", at: argument)
                }
                try session.checkInspectedTarget(v, at: argument)
                inspect.target = v
                messages.append("y = \(Numbers.format(v))")
            case "sample":
                let lastRow = session.data.map { max($0.trainCount - 1, 0) } ?? CSVLoader.defaultMaximumRows - 1
                let v = try argument.wholeNumber(minimum: 0, maximum: lastRow, name: "sample (a training row index)")
                inspect = InspectionTarget(sample: v)
                messages.append("sample \(v)")
            case "batch":
                if argument.value.text.lowercased() == "all" || argument.value.text.lowercased() == "off" {
                    batch = nil
                    messages.append("batch: whole training split")
                } else {
                    guard argument.value.number != nil else { throw CommandError("batch needs a positive whole number or `all`", at: argument) }
                    let v = try argument.wholeNumber(minimum: 1, maximum: CommandParser.maximumWholeNumber, name: "batch")
                    batch = v
                    messages.append("batch \(v)")
                }
            case "threshold":
                // The cut a single sigmoid output is read with: class 1 when a ≥ threshold.
                if ["default", "off"].contains(argument.value.text.lowercased()) {
                    threshold = nil
                    messages.append("threshold 0.5 (the default)")
                } else {
                    guard let v = argument.value.number, v.isFinite, v > 0, v < 1 else {
                        throw CommandError("threshold needs a number between 0 and 1 (a sigmoid output is class 1 when it is at least the threshold), like threshold=0.3, or threshold=default", at: argument)
                    }
                    threshold = v
                    var message = "threshold \(Numbers.format(v)): class 1 when the sigmoid output ≥ \(Numbers.format(v))"
                    if let net = working?.network, !(net.outputs == 1 && net.outputActivation == .sigmoid) {
                        message += " (note: this net has no single sigmoid output, so predictions ignore it)"
                    }
                    messages.append(message)
                }
            default:
                guard working != nil else {
                    throw CommandError(session.noNetworkMessage, at: argument)
                }
                try setParameter(key, argument, in: &working!.network)
                messages.append("\(argument.key!) = \(Numbers.format(argument.value.number!))")
            }
        }
        session.trainer = working
        session.inspection = inspect
        session.batchSize = batch
        if threshold != session.decisionThreshold {
            session.decisionThreshold = threshold
            session.syncTrainer()
        }
        sink(.text("set " + messages.joined(separator: ", ")))
    }

    /// Sets one element named like `w1[0,1]` or `b2[0]`.
    static func setParameter(_ key: String, _ argument: Command.Argument, in network: inout Network) throws(CommandError) {
        let names = network.parameterNames
        let base = String(key.prefix { $0 != "[" })
        guard let p = names.firstIndex(of: base) else {
            let hint = Suggestion.hint(for: base, in: names + ["x", "y", "sample", "batch", "threshold"]) ?? ""
            throw CommandError("unknown name '\(InputExcerpt.cut(base))' for set\(hint); this net has \(names.joined(separator: ", ")), and x, y, sample, batch, threshold", at: argument)
        }
        guard let value = argument.value.number else {
            throw CommandError("\(base) elements take a number, like \(base)[0,0]=0.5", at: argument)
        }
        var parameters = network.parameters
        let t = parameters[p]
        let indexText = key.dropFirst(base.count)
        guard indexText.hasPrefix("["), indexText.hasSuffix("]") else {
            let form = t.rank == 2 ? "[ROW,COLUMN]" : (t.rank == 4 ? "[F,C,I,J]" : "[I]")
            throw CommandError("name the element: \(base)\(form)=\(Numbers.format(value))", at: argument)
        }
        let indices = indexText.dropFirst().dropLast().split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard indices.allSatisfy({ $0 != nil }) else { throw CommandError("indices must be whole numbers, like \(base)[0,1]", at: argument) }
        let idx = indices.map { $0! }
        let flat: Int
        if t.rank == 2 {
            guard idx.count == 2, (0..<t.rows).contains(idx[0]), (0..<t.columns).contains(idx[1]) else {
                throw CommandError("\(base) is \(t.rows) × \(t.columns): rows 0…\(t.rows - 1), columns 0…\(t.columns - 1)", at: argument)
            }
            flat = idx[0] * t.columns + idx[1]
        } else if t.rank > 2 {
            // A filter bank F × C × K × K: w1[f,c,i,j] (PyTorch's order).
            let names = ["filter", "channel", "row", "column"].suffix(t.rank)
            let ranges = zip(names, t.shape).map { "\($0) 0…\($1 - 1)" }.joined(separator: ", ")
            // One index counts through the whole bank in that order, as `show` lists it.
            if idx.count == 1, (0..<t.count).contains(idx[0]) {
                flat = idx[0]
            } else {
                guard idx.count == t.rank, zip(idx, t.shape).allSatisfy({ (0..<$1).contains($0) }) else {
                    throw CommandError("\(base) is \(t.shape.map(String.init).joined(separator: " × ")): name an element as \(base)[F,C,I,J] with \(ranges), or by one index 0…\(t.count - 1)", at: argument)
                }
                flat = zip(idx, t.shape).reduce(0) { $0 * $1.1 + $1.0 }
            }
        } else {
            guard idx.count == 1, (0..<t.count).contains(idx[0]) else {
                throw CommandError("\(base) has \(t.count) entries: 0…\(t.count - 1)", at: argument)
            }
            flat = idx[0]
        }
        parameters[p].scalars[flat] = value
        network.parameters = parameters
    }
}
