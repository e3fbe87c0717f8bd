import Foundation

/// A scalar computation graph for one expression — micrograd's picture: every node keeps its
/// value, its gradient, and the local derivative towards each input.
///
/// Expressions use numbers, named variables, `+ - * / ^` (a numeric exponent), parentheses,
/// and functions: every activation (`sigmoid`, `tanh`, `relu`, `gelu`, …) plus `exp`, `log`,
/// `sqrt`, `abs`, `square`. An expression is small by design: at most `maximumNodes` values and
/// operations, `maximumDepth` levels deep, names of at most `maximumNameLength` characters;
/// beyond that it is an error naming the limit and the column, never a deep recursion.
public struct ScalarGraph: Sendable {
    /// One node: a variable, a constant, or an operation on earlier nodes.
    public struct Node: Sendable, Equatable {
        /// What the node computes, e.g. `*`, `sigmoid`, or the variable's name.
        public var operation: String
        /// The nodes it reads, by index.
        public var inputs: [Int]
        /// Its value in the forward pass.
        public var value: Double
        /// ∂(output)/∂(this node), after `backward`.
        public var gradient: Double = 0
        /// ∂(this node)/∂(input) for each input.
        public var localDerivatives: [Double]
        /// The expression text the node stands for (cut with `…` past 48 characters).
        public var text: String
        /// Whether the node is a named variable.
        public var isVariable: Bool
    }

    /// The nodes in the order they were computed (inputs before the nodes that use them).
    public private(set) var nodes: [Node] = []
    /// The node of the whole expression.
    public private(set) var output = 0

    /// Parses and evaluates an expression with the given variable values, then backpropagates.
    public init(expression: String, values: [String: Double]) throws {
        var parser = Parser(text: expression)
        let tree = try parser.parseExpression()
        try parser.expectEnd()
        var graph = ScalarGraph()
        var variables: [String: Int] = [:]
        graph.output = try graph.build(tree, values: values, variables: &variables)
        graph.backward()
        self = graph
    }

    private init() {}

    /// The gradient of the output with respect to a variable.
    public func gradient(of variable: String) -> Double? {
        nodes.first { $0.isVariable && $0.operation == variable }?.gradient
    }

    /// The variables the expression uses, in order of first appearance.
    public var variableNames: [String] { nodes.filter(\.isVariable).map(\.operation) }

    private mutating func add(_ node: Node) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    private mutating func build(_ tree: Tree, values: [String: Double], variables: inout [String: Int]) throws -> Int {
        switch tree {
        case .number(let x):
            return add(Node(operation: ScalarGraph.short(x), inputs: [], value: x, localDerivatives: [], text: ScalarGraph.short(x), isVariable: false))
        case .variable(let name):
            if let existing = variables[name] { return existing }
            guard let value = values[name] else {
                throw EngineError("the expression uses '\(InputExcerpt.cut(name))' but gives it no value; add \(name)=0.5 (any number)")
            }
            let index = add(Node(operation: name, inputs: [], value: value, localDerivatives: [], text: name, isVariable: true))
            variables[name] = index
            return index
        case .binary(let op, let left, let right):
            let l = try build(left, values: values, variables: &variables)
            let r = try build(right, values: values, variables: &variables)
            let a = nodes[l].value, b = nodes[r].value
            let text = ScalarGraph.label("\(nodes[l].text) \(op) \(nodes[r].text)")
            switch op {
            case "+": return add(Node(operation: "+", inputs: [l, r], value: a + b, localDerivatives: [1, 1], text: text, isVariable: false))
            case "-": return add(Node(operation: "−", inputs: [l, r], value: a - b, localDerivatives: [1, -1], text: text, isVariable: false))
            case "*": return add(Node(operation: "×", inputs: [l, r], value: a * b, localDerivatives: [b, a], text: text, isVariable: false))
            case "/":
                guard b != 0 else { throw EngineError("division by zero in '\(InputExcerpt.cut(text))'") }
                return add(Node(operation: "÷", inputs: [l, r], value: a / b, localDerivatives: [1 / b, -a / (b * b)], text: text, isVariable: false))
            default: // "^": exponent must be a constant
                guard nodes[r].inputs.isEmpty, !nodes[r].isVariable else {
                    throw EngineError("'^' takes a number as its exponent, like x^2")
                }
                let value = pow(a, b)
                guard value.isFinite else { throw EngineError("\(ScalarGraph.short(a))^\(ScalarGraph.short(b)) is not a finite number") }
                return add(Node(operation: "^\(ScalarGraph.short(b))", inputs: [l], value: value, localDerivatives: [b * pow(a, b - 1)],
                                text: text, isVariable: false))
            }
        case .negate(let inner):
            let i = try build(inner, values: values, variables: &variables)
            return add(Node(operation: "−", inputs: [i], value: -nodes[i].value, localDerivatives: [-1], text: ScalarGraph.label("−\(nodes[i].text)"), isVariable: false))
        case .call(let name, let argument):
            let i = try build(argument, values: values, variables: &variables)
            let x = nodes[i].value
            let text = ScalarGraph.label("\(name)(\(nodes[i].text))")
            let (value, derivative) = try ScalarGraph.function(name, at: x)
            return add(Node(operation: name, inputs: [i], value: value, localDerivatives: [derivative], text: text, isVariable: false))
        }
    }

    /// The value and derivative of a named one-argument function.
    static func function(_ name: String, at x: Double) throws -> (Double, Double) {
        if let activation = Activation(rawValue: name), activation != .softmax {
            return (activation.value(x), activation.derivative(x))
        }
        switch name {
        case "exp": return (exp(x), exp(x))
        case "log":
            guard x > 0 else { throw EngineError("log needs a positive argument, got \(ScalarGraph.short(x))") }
            return (log(x), 1 / x)
        case "sqrt":
            guard x > 0 else { throw EngineError("sqrt needs a positive argument here, got \(ScalarGraph.short(x))") }
            return (x.squareRoot(), 0.5 / x.squareRoot())
        case "abs": return (abs(x), x > 0 ? 1 : (x < 0 ? -1 : 0))
        case "square": return (x * x, 2 * x)
        default:
            throw UnknownName(kind: "function", name: name, known: functionNames)
        }
    }

    /// A node's expression text, cut to `maximumTextLength` characters so every label stays
    /// short however large the expression (building them stays linear in its size).
    static func label(_ text: String) -> String {
        text.count <= maximumTextLength ? text : String(text.prefix(maximumTextLength - 1)) + "…"
    }

    /// Short number text for graph labels.
    static func short(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e9 { return String(Int(x)) }
        return String(format: "%g", x)
    }

    /// The functions expressions may call.
    public static var functionNames: [String] {
        Activation.names.filter { $0 != "softmax" } + ["exp", "log", "sqrt", "abs", "square"]
    }

    /// Fills in every node's gradient, output first (each node once, in reverse order).
    private mutating func backward() {
        for i in nodes.indices { nodes[i].gradient = 0 }
        nodes[output].gradient = 1
        for i in stride(from: output, through: 0, by: -1) {
            let node = nodes[i]
            for (k, input) in node.inputs.enumerated() {
                nodes[input].gradient += node.gradient * node.localDerivatives[k]
            }
        }
    }

    // MARK: Parsing

    /// How deep an expression may nest: parentheses, calls, signs and powers inside each other,
    /// and operations chained on one another (`x+x+x` is 2 deep).
    public static let maximumDepth = 200
    /// The most values and operations one expression may have (its graph is printed node by node).
    public static let maximumNodes = 256
    /// The longest name a variable or function may have.
    public static let maximumNameLength = 64
    /// How many characters of a node's expression text are kept for labels.
    static let maximumTextLength = 48

    indirect enum Tree {
        case number(Double)
        case variable(String)
        case binary(Character, Tree, Tree)
        case negate(Tree)
        case call(String, Tree)
    }

    /// A parsed subtree and how deep it is (a leaf is 1).
    struct Parsed {
        var tree: Tree
        var depth: Int
    }

    struct Parser {
        let characters: [Character]
        var position = 0
        /// How many parentheses, calls, signs and powers the parser is inside now.
        var nesting = 0
        /// The nodes made so far.
        var nodeCount = 0
        init(text: String) { characters = Array(text) }

        mutating func skip() { while position < characters.count, characters[position].isWhitespace { position += 1 } }
        mutating func peek() -> Character? { skip(); return position < characters.count ? characters[position] : nil }

        func error(_ message: String, advice: String = "") -> EngineError {
            EngineError("\(message) at column \(position + 1) of the expression\(advice)")
        }

        mutating func expectEnd() throws {
            if let c = peek() { throw error("unexpected '\(InputExcerpt.cut(String(c)))'") }
        }

        /// A node over subtrees of the given depths, after checking the size limits.
        mutating func make(_ tree: Tree, over depths: Int...) throws -> Parsed {
            let depth = (depths.max() ?? 0) + 1
            nodeCount += 1
            if depth > ScalarGraph.maximumDepth {
                throw error("the expression is more than \(ScalarGraph.maximumDepth) operations deep (chained or nested)",
                            advice: "; the graph is drawn for small expressions — split it into parts")
            }
            if nodeCount > ScalarGraph.maximumNodes {
                throw error("the expression has more than \(ScalarGraph.maximumNodes) values and operations",
                            advice: "; the graph is drawn for small expressions — split it into parts")
            }
            return Parsed(tree: tree, depth: depth)
        }

        /// Enters one level of nesting (a parenthesis, call, sign or power), checking the limit.
        mutating func enter() throws {
            nesting += 1
            if nesting > ScalarGraph.maximumDepth {
                throw error("the expression nests more than \(ScalarGraph.maximumDepth) levels deep (parentheses, calls, signs and powers)")
            }
        }

        mutating func parseExpression() throws -> Tree { try parseSum().tree }

        mutating func parseSum() throws -> Parsed {
            var left = try parseTerm()
            while let c = peek(), c == "+" || c == "-" {
                position += 1
                let right = try parseTerm()
                left = try make(.binary(c, left.tree, right.tree), over: left.depth, right.depth)
            }
            return left
        }

        mutating func parseTerm() throws -> Parsed {
            var left = try parseUnary()
            while let c = peek(), c == "*" || c == "/" {
                position += 1
                let right = try parseUnary()
                left = try make(.binary(c, left.tree, right.tree), over: left.depth, right.depth)
            }
            return left
        }

        mutating func parseUnary() throws -> Parsed {
            if peek() == "-" {
                position += 1
                try enter()
                let inner = try parseUnary()
                nesting -= 1
                return try make(.negate(inner.tree), over: inner.depth)
            }
            if peek() == "+" {
                position += 1
                try enter()
                let inner = try parseUnary()
                nesting -= 1
                return inner
            }
            return try parsePower()
        }

        mutating func parsePower() throws -> Parsed {
            let base = try parseAtom()
            if peek() == "^" {
                position += 1
                try enter()
                let exponent = try parseUnary()
                nesting -= 1
                return try make(.binary("^", base.tree, exponent.tree), over: base.depth, exponent.depth)
            }
            return base
        }

        mutating func parseAtom() throws -> Parsed {
            guard let c = peek() else { throw error("the expression ends where a value should be") }
            if c == "(" {
                position += 1
                try enter()
                let inner = try parseSum()
                guard peek() == ")" else { throw error("missing ')'") }
                position += 1
                nesting -= 1
                return inner
            }
            if c.isNumber || c == "." {
                let start = position
                while position < characters.count, characters[position].isNumber || characters[position] == "." ||
                    ((characters[position] == "e" || characters[position] == "E") && position + 1 < characters.count &&
                        (characters[position + 1].isNumber || characters[position + 1] == "-")) ||
                    (characters[position] == "-" && position > start && (characters[position - 1] == "e" || characters[position - 1] == "E")) {
                    position += 1
                }
                let text = String(characters[start..<position])
                guard let x = Double(text) else { throw error("'\(InputExcerpt.cut(text))' is not a number") }
                return try make(.number(x))
            }
            if c.isLetter || c == "_" {
                let start = position
                while position < characters.count, characters[position].isLetter || characters[position].isNumber || characters[position] == "_" {
                    position += 1
                }
                let name = String(characters[start..<position])
                guard position - start <= ScalarGraph.maximumNameLength else {
                    position = start
                    throw error("the name '\(InputExcerpt.cut(name))' is longer than \(ScalarGraph.maximumNameLength) characters")
                }
                if peek() == "(" {
                    position += 1
                    try enter()
                    let argument = try parseSum()
                    guard peek() == ")" else { throw error("missing ')' after the argument of \(name)") }
                    position += 1
                    nesting -= 1
                    return try make(.call(name.lowercased(), argument.tree), over: argument.depth)
                }
                return try make(.variable(name))
            }
            throw error("unexpected '\(InputExcerpt.cut(String(c)))'")
        }
    }
}
