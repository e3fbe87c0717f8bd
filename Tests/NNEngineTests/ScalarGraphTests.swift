import NNEngine
import XCTest

/// The scalar expression graph against values and derivatives worked out by hand and by
/// central differences.
final class ScalarGraphTests: XCTestCase {
    func testTheSingleNeuronFromTheIssue() throws {
        // z = 0.5·1 + (−1)·2 + 0.1 = −1.4; y = σ(−1.4) = 0.19781611144141825.
        let values = ["w1": 0.5, "x1": 1, "w2": -1, "x2": 2, "b": 0.1]
        let graph = try ScalarGraph(expression: "sigmoid(w1*x1 + w2*x2 + b)", values: values)
        let y = 1 / (1 + exp(1.4))
        XCTAssertEqual(graph.nodes[graph.output].value, y, accuracy: 1e-15)
        // ∂y/∂z = y(1 − y); ∂y/∂w1 = y(1 − y)·x1; ∂y/∂x2 = y(1 − y)·w2; ∂y/∂b = y(1 − y).
        let s = y * (1 - y)
        XCTAssertEqual(graph.gradient(of: "w1")!, s * 1, accuracy: 1e-15)
        XCTAssertEqual(graph.gradient(of: "x2")!, s * -1, accuracy: 1e-15)
        XCTAssertEqual(graph.gradient(of: "b")!, s, accuracy: 1e-15)
        XCTAssertEqual(graph.variableNames, ["w1", "x1", "w2", "x2", "b"])
    }

    func testEveryOperatorAgainstDifferences() throws {
        let expression = "tanh(a*b - c/d) + exp(-a)^2 + log(d) * sqrt(b) - abs(c) + square(a) + gelu(c) + softplus(b*c)"
        let values = ["a": 0.7, "b": 1.3, "c": -0.4, "d": 2.5]
        let graph = try ScalarGraph(expression: expression, values: values)
        for name in values.keys {
            func f(_ x: Double) -> Double {
                var v = values
                v[name] = x
                let g = try! ScalarGraph(expression: expression, values: v)
                return g.nodes[g.output].value
            }
            let h = 1e-4
            let numeric = (-f(values[name]! + 2 * h) + 8 * f(values[name]! + h) - 8 * f(values[name]! - h) + f(values[name]! - 2 * h)) / (12 * h)
            XCTAssertEqual(graph.gradient(of: name)!, numeric, accuracy: 1e-9, name)
        }
    }

    func testAVariableUsedTwiceGathersBothGradients() throws {
        let graph = try ScalarGraph(expression: "x*x + 3*x", values: ["x": 2])
        XCTAssertEqual(graph.nodes[graph.output].value, 10)
        XCTAssertEqual(graph.gradient(of: "x"), 7)
    }

    func testErrors() {
        XCTAssertThrowsError(try ScalarGraph(expression: "w*x", values: ["w": 1])) { XCTAssertTrue("\($0)".contains("gives it no value; add x=")) }
        XCTAssertThrowsError(try ScalarGraph(expression: "sigmod(x)", values: ["x": 1])) {
            XCTAssertEqual($0 as? UnknownName, UnknownName(kind: "function", name: "sigmod", known: ScalarGraph.functionNames))
        }
        XCTAssertThrowsError(try ScalarGraph(expression: "(x + 1", values: ["x": 1])) { XCTAssertTrue("\($0)".contains("missing ')'")) }
        XCTAssertThrowsError(try ScalarGraph(expression: "x / 0", values: ["x": 1])) { XCTAssertTrue("\($0)".contains("division by zero")) }
        XCTAssertThrowsError(try ScalarGraph(expression: "x ^ y", values: ["x": 1, "y": 2])) { XCTAssertTrue("\($0)".contains("exponent")) }
        XCTAssertThrowsError(try ScalarGraph(expression: "x $ 2", values: ["x": 1])) { XCTAssertTrue("\($0)".contains("unexpected '$'")) }
    }
}

/// `expr` on inputs built to break it: deep nesting, long chains, long names.
final class ScalarGraphLimitTests: XCTestCase {
    private func message(_ expression: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try ScalarGraph(expression: expression, values: ["x": 0.5])
            XCTFail("expected an error", file: file, line: line)
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// Each of these overflowed the stack (SIGSEGV) before the depth limit.
    func testDeepNestingIsAShortError() {
        let cases = [
            String(repeating: "(", count: 30_000) + "x" + String(repeating: ")", count: 30_000),
            String(repeating: "-", count: 100_000) + "x",
            String(repeating: "x^", count: 50_000) + "x",
            String(repeating: "sin(", count: 30_000) + "x" + String(repeating: ")", count: 30_000),
            String(repeating: "+", count: 100_000) + "x",
        ]
        for expression in cases {
            let text = message(expression)
            XCTAssertTrue(text.contains("\(ScalarGraph.maximumDepth)"), text)
            XCTAssertTrue(text.contains("at column"), text)
            XCTAssertLessThan(text.count, 200, text)
        }
    }

    /// `x+x+…+x` with 3,000 terms ran for minutes: every node kept the text of its whole
    /// subexpression, and `expr` printed them all.
    func testALongChainIsRefusedQuickly() {
        let start = Date()
        let text = message(Array(repeating: "x", count: 3_000).joined(separator: "+"))
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
        XCTAssertTrue(text.contains("\(ScalarGraph.maximumNodes)") || text.contains("\(ScalarGraph.maximumDepth)"), text)
        XCTAssertLessThan(text.count, 200, text)
    }

    func testTheLargestAllowedExpressionKeepsShortLabels() throws {
        let terms = ScalarGraph.maximumNodes / 2
        let graph = try ScalarGraph(expression: Array(repeating: "x", count: terms).joined(separator: " + "), values: ["x": 1])
        XCTAssertEqual(graph.nodes[graph.output].value, Double(terms))
        XCTAssertEqual(graph.gradient(of: "x"), Double(terms))
        XCTAssertTrue(graph.nodes.allSatisfy { $0.text.count <= 48 }, "labels are cut")
        XCTAssertTrue(graph.nodes[graph.output].text.hasSuffix("…"))
    }

    func testTooManyNodesAndLongNames() {
        // Balanced, so shallow, but with more nodes than the limit.
        var expression = "x"
        while expression.filter({ $0 == "x" }).count <= ScalarGraph.maximumNodes { expression = "(\(expression))*(\(expression))" }
        XCTAssertTrue(message(expression).contains("more than \(ScalarGraph.maximumNodes) values and operations"))
        let name = String(repeating: "w", count: 100_000)
        let text = message("\(name) + 1")
        XCTAssertTrue(text.contains("longer than \(ScalarGraph.maximumNameLength)"), text)
        XCTAssertLessThan(text.count, 200, text)
    }
}
