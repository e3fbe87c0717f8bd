import NNEngine

/// `expr EXPRESSION name=value …`: the expression's graph with every value and gradient,
/// then the backward pass node by node.
enum ExprCommand: SessionCommand {
    static let spec = CommandSpec(
        "expr", summary: "draw a scalar expression's graph with values and gradients",
        usage: "expr EXPRESSION [name=value ...]", example: "expr sigmoid(w1*x1 + w2*x2 + b) w1=0.5 x1=1 w2=-1 x2=2 b=0.1",
        freeKeys: true)

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let words = command.positionals.map(\.raw)
        guard !words.isEmpty else {
            throw CommandError("expr needs an expression, like `expr sigmoid(w*x + b) w=0.5 x=1 b=0.1`", column: command.column)
        }
        var values: [String: Double] = [:]
        for argument in command.arguments where argument.key != nil {
            guard let x = argument.value.number else {
                let key = InputExcerpt.cut(argument.key!)
                throw CommandError("\(key) needs a number, like \(key)=0.5", at: argument)
            }
            values[argument.key!] = x
        }
        let expression = words.joined(separator: " ")
        let graph: ScalarGraph
        do { graph = try ScalarGraph(expression: expression, values: values) } catch {
            throw CommandError(EngineErrorWording.sentence(for: error), column: command.positionals[0].column, length: expression.count)
        }
        let nodes = graph.nodes
        func label(_ i: Int) -> String {
            let n = nodes[i]
            return n.isVariable || n.inputs.isEmpty ? n.operation : "\(n.operation)"
        }
        // The graph is small (see ScalarGraph's limits) but its text need not be: echo a cut excerpt.
        var lines = ["expr \(InputExcerpt.cut(expression, width: 200))", "", "graph (output on top; value, then ∂out/∂node):"]
        var seen = Set<Int>()
        func draw(_ i: Int, prefix: String, connector: String, childPrefix: String) {
            let n = nodes[i]
            let again = seen.contains(i) && !n.inputs.isEmpty
            seen.insert(i)
            let name = n.isVariable ? n.operation : (n.inputs.isEmpty ? "const \(n.operation)" : n.operation)
            lines.append("\(prefix)\(connector)\(name) = \(Numbers.format(n.value, digits: 6))   ∂ \(Numbers.format(n.gradient, digits: 6))" +
                         (again ? "   (same node as above)" : ""))
            if again { return }
            for (k, input) in n.inputs.enumerated() {
                let last = k == n.inputs.count - 1
                draw(input, prefix: prefix + childPrefix, connector: last ? "└─ " : "├─ ", childPrefix: last ? "   " : "│  ")
            }
        }
        draw(graph.output, prefix: "  ", connector: "", childPrefix: "")
        lines += ["", "backward, node by node: ∂out/∂input += ∂out/∂node × local derivative"]
        sink(.text(lines.joined(separator: "\n")))
        var rows: [[String]] = []
        for i in stride(from: graph.output, through: 0, by: -1) where !nodes[i].inputs.isEmpty {
            let n = nodes[i]
            for (k, input) in n.inputs.enumerated() {
                rows.append(["\(n.operation)  \(n.text)", label(input), Numbers.format(n.gradient, digits: 5),
                             Numbers.format(n.localDerivatives[k], digits: 5), Numbers.format(n.gradient * n.localDerivatives[k], digits: 5)])
            }
        }
        sink(.table(TextTable(headers: ["node", "input", "∂out/∂node", "local", "adds to ∂out/∂input"], rows: rows)))
        let summary = graph.variableNames.map { "∂out/∂\($0) = \(Numbers.format(graph.gradient(of: $0) ?? 0, digits: 6))" }
        sink(.text("out = \(Numbers.format(nodes[graph.output].value, digits: 8)); " + summary.joined(separator: ", ")))
    }
}
