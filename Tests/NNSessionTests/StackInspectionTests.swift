import Foundation
import NNData
import NNEngine
import NNSession
import XCTest

/// `forward`, `backward`, `set` and `gradcheck` on networks built layer by layer: a tiny
/// hand-set conv net whose every printed number is checked against a naive loop written out
/// here, and against the gradients the engine trains with.
final class StackInspectionTests: SessionTestCase {
    // MARK: The hand-set net

    let x = HandSetConvNet.x, w = HandSetConvNet.w, b = HandSetConvNet.b
    let dense = HandSetConvNet.dense, denseBias = HandSetConvNet.denseBias, y = HandSetConvNet.y

    /// Sixteen-feature rows with a class, as images 1×4×4; then the net
    /// conv 1 2×2 relu → maxpool 2×2 stride 1 → flatten → dense 2 softmax, every number set by hand.
    func buildHandSetNet() throws {
        for line in try HandSetConvNet.lines(in: folder) { run(line) }
    }

    /// The whole pass by hand: conv, relu, max pooling, dense, softmax, cross-entropy, and back.
    struct Naive {
        var z = [[Double]](repeating: [0, 0, 0], count: 3)
        var a = [[Double]](repeating: [0, 0, 0], count: 3)
        var pooled = [[Double]](repeating: [0, 0], count: 2)
        var denseZ = [0.0, 0.0]
        var softmax = [0.0, 0.0]
        var loss = 0.0
        var denseDelta = [0.0, 0.0]
        var denseWeightGradient = [[Double]](repeating: [0, 0, 0, 0], count: 2)
        var pooledGradient = [[Double]](repeating: [0, 0], count: 2)
        var convDelta = [[Double]](repeating: [0, 0, 0], count: 3)
        var kernelGradient = [[Double]](repeating: [0, 0], count: 2)
        var biasGradient = 0.0
    }

    func naive() -> Naive {
        var n = Naive()
        for i in 0..<3 {
            for j in 0..<3 {
                var sum = b
                for u in 0..<2 { for v in 0..<2 { sum += w[u][v] * x[i + u][j + v] } }
                n.z[i][j] = sum
                n.a[i][j] = max(sum, 0)
            }
        }
        var winner = [[(Int, Int)]](repeating: [(0, 0), (0, 0)], count: 2)
        for i in 0..<2 {
            for j in 0..<2 {
                var best = (i, j)
                for u in 0..<2 { for v in 0..<2 where n.a[i + u][j + v] > n.a[best.0][best.1] { best = (i + u, j + v) } }
                winner[i][j] = best
                n.pooled[i][j] = n.a[best.0][best.1]
            }
        }
        let flat = n.pooled.flatMap { $0 }
        n.denseZ = (0..<2).map { k in denseBias[k] + (0..<4).reduce(0) { $0 + dense[k][$1] * flat[$1] } }
        let m = n.denseZ.max()!
        let e = n.denseZ.map { exp($0 - m) }
        n.softmax = e.map { $0 / e.reduce(0, +) }
        n.loss = -log(n.softmax[y])
        n.denseDelta = (0..<2).map { n.softmax[$0] - ($0 == y ? 1 : 0) }
        n.denseWeightGradient = (0..<2).map { k in flat.map { n.denseDelta[k] * $0 } }
        for i in 0..<2 { for j in 0..<2 { n.pooledGradient[i][j] = (0..<2).reduce(0) { $0 + dense[$1][i * 2 + j] * n.denseDelta[$1] } } }
        var aGradient = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<2 { for j in 0..<2 { aGradient[winner[i][j].0][winner[i][j].1] += n.pooledGradient[i][j] } }
        for i in 0..<3 { for j in 0..<3 { n.convDelta[i][j] = n.z[i][j] > 0 ? aGradient[i][j] : 0 } }
        for u in 0..<2 {
            for v in 0..<2 {
                n.kernelGradient[u][v] = (0..<3).reduce(0) { s, i in s + (0..<3).reduce(0) { $0 + n.convDelta[i][$1] * x[i + u][$1 + v] } }
            }
        }
        n.biasGradient = n.convDelta.flatMap { $0 }.reduce(0, +)
        return n
    }

    /// The numbers of the grid under a label: `rows` lines of `columns` numbers starting at the
    /// label's column (grids sit side by side in bands).
    func grid(_ text: String, under label: String, rows: Int, columns: Int, after: String? = nil,
              file: StaticString = #filePath, line: UInt = #line) -> [[Double]] {
        var lines = text.components(separatedBy: "\n")
        if let after, let start = lines.firstIndex(where: { $0.contains(after) }) { lines = Array(lines[start...]) }
        guard let at = lines.firstIndex(where: { $0.contains(label) }) else {
            XCTFail("no grid labelled '\(label)' in\n\(text)", file: file, line: line)
            return []
        }
        let head = lines[at]
        let offset = head.distance(from: head.startIndex, to: head.range(of: label)!.lowerBound)
        return (1...rows).map { r in
            let row = String(lines[at + r].dropFirst(offset))
            return row.split(separator: " ").prefix(columns).map { Double($0) ?? .nan }
        }
    }

    /// The numbers in a table's body row that starts with `key`, after a title containing `title`.
    func tableRow(_ text: String, title: String, key: String) -> [Double] {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.contains(title) }) else { return [] }
        guard let row = lines[start...].first(where: { $0.split(separator: " ").first.map(String.init) == key }) else { return [] }
        return row.split(separator: " ").dropFirst().compactMap { Double($0) }
    }

    func assertClose(_ a: [[Double]], _ b: [[Double]], _ tolerance: Double, _ what: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, file: file, line: line)
        for (ra, rb) in zip(a, b) {
            XCTAssertEqual(ra.count, rb.count, what, file: file, line: line)
            for (va, vb) in zip(ra, rb) { XCTAssertEqual(va, vb, accuracy: tolerance, "\(what): \(a) vs \(b)", file: file, line: line) }
        }
    }

    // MARK: Tests

    /// `set w1[f,c,i,j]` addresses one filter weight; a wrong index names the extents.
    func testSetAddressesFilterWeights() throws {
        try buildHandSetNet()
        let weights = session.state.trainer!.network.parameters[0]
        XCTAssertEqual(weights.shape, [1, 1, 2, 2])
        XCTAssertEqual(weights.scalars, [0.5, -1, 0.25, 1])
        let before = session.state
        let wrong = session.failureMessage(of: "set w1[0,0,2,0]=1")
        XCTAssertTrue(wrong.contains("w1 is 1 × 1 × 2 × 2") && wrong.contains("row 0…1"), wrong)
        XCTAssertTrue(session.failureMessage(of: "set w1=1").contains("w1[F,C,I,J]"))
        XCTAssertTrue(session.failureMessage(of: "set w1[4]=1").contains("or by one index 0…3"))
        XCTAssertTrue(session.state.sameValues(as: before))
        // One index counts through the bank as `show w1` lists it: w1[3] is w1[0,0,1,1].
        run("set w1[3]=2")
        XCTAssertEqual(session.state.trainer!.network.parameters[0].scalars, [0.5, -1, 0.25, 2])
        run("set w1[0,0,1,1]=1")
        // update (and gradcheck) name a filter weight by its four indices.
        let update = run("update")
        XCTAssertTrue(update.contains("w1[0,0,1,1]") && update.contains("w4[1,3]"), update)
    }

    /// forward prints the conv layer's z and a maps, the pooled map and the dense table, each
    /// number as the naive loop computes it.
    func testForwardMatchesANaiveLoop() throws {
        try buildHandSetNet()
        let n = naive()
        let text = run("forward")
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= 80 }, text)
        assertClose(grid(text, under: "input channel 1", rows: 4, columns: 4), x, 0.005, "input")
        assertClose(grid(text, under: "filter 1 z", rows: 3, columns: 3), n.z, 0.005, "conv z")
        assertClose(grid(text, under: "filter 1 a = relu(z)", rows: 3, columns: 3), n.a, 0.005, "conv a")
        assertClose(grid(text, under: "channel 1", rows: 2, columns: 2, after: "maxpool"), n.pooled, 0.005, "pooled")
        XCTAssertTrue(text.contains("layer 3: flatten → 4"), text)
        for k in 0..<2 {
            let row = tableRow(text, title: "layer 4: dense 2 softmax", key: "\(k + 1)")
            XCTAssertEqual(row.count, 2, text)
            XCTAssertEqual(row[0], n.denseZ[k], accuracy: 1e-6)
            XCTAssertEqual(row[1], n.softmax[k], accuracy: 1e-6)
        }
        XCTAssertTrue(text.contains("loss ce = \(String(format: "%.8g", n.loss))"), text)
    }

    /// backward prints δ maps, the kernel's gradient grid and the dense table as the naive
    /// backward pass computes them — the same numbers the engine trains with.
    func testBackwardMatchesANaiveLoopAndTheEngine() throws {
        try buildHandSetNet()
        let n = naive()
        let text = run("backward")
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= 80 }, text)
        for k in 0..<2 {
            let row = tableRow(text, title: "layer 4: dense 2 softmax", key: "\(k + 1)")
            XCTAssertEqual(row.count, 6, text)
            XCTAssertEqual(row[0], n.denseDelta[k], accuracy: 1e-6)
            XCTAssertEqual(row[1], n.denseDelta[k], accuracy: 1e-6)
            for i in 0..<4 { XCTAssertEqual(row[2 + i], n.denseWeightGradient[k][i], accuracy: 1e-6) }
        }
        assertClose(grid(text, under: "channel 1 ∂L/∂out", rows: 2, columns: 2), n.pooledGradient, 5e-5, "pooled gradient")
        assertClose(grid(text, under: "filter 1 δ", rows: 3, columns: 3), n.convDelta, 5e-5, "conv δ")
        assertClose(grid(text, under: "∂L/∂W filter 1", rows: 2, columns: 2), n.kernelGradient, 5e-5, "kernel gradient")
        XCTAssertTrue(text.contains("∂L/∂b = \(Numbers4.format(n.biasGradient))"), text)

        // The engine's own gradients (what `step` follows) agree with the naive ones.
        let network = session.state.trainer!.network
        let input = Tensor(shape: [1, 16], scalars: x.flatMap { $0 })
        var generator = SeededGenerator(seed: 0)
        let result = try network.gradients(inputs: input, targets: Tensor(shape: [1], scalars: [Double(y)]),
                                           objective: Objective(loss: .ce), generator: &generator)
        XCTAssertEqual(result.loss, n.loss, accuracy: 1e-12)
        for (got, want) in zip(result.gradients[0].scalars, n.kernelGradient.flatMap { $0 }) { XCTAssertEqual(got, want, accuracy: 1e-12) }
        XCTAssertEqual(result.gradients[1].scalars[0], n.biasGradient, accuracy: 1e-12)
    }

    /// Every layer kind prints within 80 columns, maps never list every number, and the rest
    /// of the filters is counted.
    func testEveryLayerKindOnDigits() {
        run("data load \(TestPaths.datasets)/digits.csv shape=1x8x8")
        run("net input 1x8x8 seed=2")
        run("layer conv 10 size=3 pad=1 act=relu")
        run("layer layernorm")
        run("layer dropout 0.25")
        run("layer avgpool")
        run("layer maxpool")
        run("layer dense 12 act=tanh")
        run("layer dense 12 act=tanh skip=on")
        run("layer dense 10 act=softmax")
        let forward = run("forward sample=3")
        let backward = run("backward sample=3")
        for line in (forward + "\n" + backward).split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
        for expected in ["… 6 more filters not shown (4 of 10 above)", "layer 2: layernorm", "layer 3: dropout 0.25",
                         "layer 4: avgpool 2×2 → 10×4×4", "layer 5: maxpool 2×2 → 10×2×2", "layer 6: flatten → 40",
                         "(skip)", "predicted class"] {
            XCTAssertTrue(forward.contains(expected), expected)
        }
        for expected in ["∂L/∂γ", "‖∂L/∂W‖", "‖∂L/∂w‖"] { XCTAssertTrue(backward.contains(expected), expected) }
        // Layers of 640 numbers print as a few maps each: the whole pass stays a few screens.
        XCTAssertLessThan(forward.split(separator: "\n").count, 250)
        XCTAssertLessThan(backward.split(separator: "\n").count, 300)
    }

    /// gradcheck covers every parameter of a stack with conv, pad, stride, pooling, layer norm,
    /// dropout and a skip connection, and agrees to 1e-6.
    func testGradcheckCoversEveryParameter() throws {
        run("data load \(TestPaths.datasets)/digits.csv shape=1x8x8")
        run("net input 1x8x8 init=normal seed=4")
        run("layer conv 2 size=3 pad=1 stride=2 act=tanh")
        run("layer avgpool")
        run("layer layernorm")
        run("layer dropout 0.2")
        run("layer dense 6 act=tanh")
        run("layer dense 6 act=tanh skip=on")
        run("layer dense 10 act=softmax")
        let count = session.state.trainer!.network.parameterCount
        // conv 2·9 + 2, layernorm 8 + 8, dense 8·6 + 6, 6·6 + 6, 6·10 + 10.
        XCTAssertEqual(count, 20 + 16 + 54 + 42 + 70)
        let text = run("gradcheck")
        XCTAssertTrue(text.contains("gradcheck: \(count) parameters"), text)
        XCTAssertTrue(text.contains("— ok"), text)
        // Max pooling has kinks: a window whose two largest values lie within a few ε of each
        // other makes the difference step over the kink (the five standardized rows of 0…4
        // pixels have such near-ties at ε = 1e-4). A smaller ε steps over none: then every
        // parameter agrees, the error rounding only.
        try buildHandSetNet()
        run("net input 1x4x4 init=normal seed=4")
        run("layer conv 2 size=2 pad=1 act=tanh")
        run("layer maxpool")
        run("layer dense 2 act=softmax")
        let pooled = run("gradcheck eps=1e-6")
        XCTAssertTrue(pooled.contains("gradcheck: 28 parameters on"), pooled)
        XCTAssertTrue(pooled.contains("— ok"), pooled)
        // At the default ε those near-ties make differences that disagree; gradcheck checks the
        // worst again with a step 100 times smaller, sees the error shrink and says why.
        let kinked = run("gradcheck")
        XCTAssertTrue(kinked.contains("— a kink, see below"), kinked)
        XCTAssertTrue(kinked.contains("worst again with ε = 1e-06") && kinked.contains("times smaller — ok"), kinked)
        XCTAssertTrue(kinked.contains("so the gradients are right"), kinked)
    }

    /// The one-element difference gradcheck rechecks with is the one it checked with.
    func testCentralDifferenceOfOneElementIsTheChecksOwn() throws {
        try buildHandSetNet()
        let trainer = session.state.trainer!, data = session.state.data!
        let check = try GradientCheck.run(network: trainer.network, inputs: data.trainInputs, targets: data.trainTargets,
                                          objective: trainer.objective, epsilon: 1e-4, seed: 3)
        for entry in check.entries {
            let p = trainer.network.parameterNames.firstIndex(of: entry.parameter)!
            let again = try GradientCheck.centralDifference(network: trainer.network, parameter: p, element: entry.index,
                                                            inputs: data.trainInputs, targets: data.trainTargets,
                                                            objective: trainer.objective, epsilon: 1e-4, seed: 3)
            XCTAssertEqual(again, entry.numeric)
        }
        let rechecked = try check.rechecked(3, network: trainer.network, inputs: data.trainInputs, targets: data.trainTargets,
                                            objective: trainer.objective, epsilon: 1e-4, seed: 3)
        XCTAssertEqual(rechecked.map(\.relativeError), check.entries.map(\.relativeError).sorted(by: >).prefix(3).map { $0 })
    }
}

/// Numbers as the session writes them with four significant digits (`Numbers` is internal).
enum Numbers4 {
    static func format(_ x: Double) -> String {
        if x == 0 { return "0" }
        var text = String(format: "%.4g", x)
        if text.contains("e") { text = String(format: "%.3f", x) }
        return text
    }
}

/// A conv net small enough to work by hand: a 1×4×4 input, one 2×2 filter with relu, 2×2 max
/// pooling with stride 1, and a dense softmax layer of 2 units, every weight set with `set`.
enum HandSetConvNet {
    /// The input image, 4 × 4.
    static let x: [[Double]] = [[1, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 2], [1, 1, 0, 3]]
    /// The one 2 × 2 filter and its bias.
    static let w: [[Double]] = [[0.5, -1], [0.25, 1]]
    static let b = 0.1
    /// The dense output layer: 2 units over the 4 pooled values.
    static let dense: [[Double]] = [[0.3, -0.2, 0.5, 0.1], [-0.4, 0.6, 0.2, -0.3]]
    static let denseBias: [Double] = [0.05, -0.1]
    /// The target class.
    static let y = 1

    /// Writes a tiny image data set into `folder` and returns the session lines that load it,
    /// build the net and set every number.
    static func lines(in folder: URL) throws -> [String] {
        var csv = (0..<16).map { "p\($0)" }.joined(separator: ",") + ",label\n"
        for r in 0..<6 { csv += (0..<16).map { "\(($0 * 7 + r * 3) % 5)" }.joined(separator: ",") + ",\(r % 2)\n" }
        let path = folder.appendingPathComponent("tiny.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        return ["data load \(path) shape=1x4x4", "net input 1x4x4", "layer conv 1 size=2 act=relu",
                "layer maxpool size=2 stride=1", "layer dense 2 act=softmax", "opt sgd lr=0.1",
                "set " + (0..<2).flatMap { u in (0..<2).map { v in "w1[0,0,\(u),\(v)]=\(w[u][v])" } }.joined(separator: " ") + " b1[0]=\(b)",
                "set " + (0..<2).flatMap { j in (0..<4).map { i in "w4[\(j),\(i)]=\(dense[j][i])" } }.joined(separator: " ")
                    + " b4[0]=\(denseBias[0]) b4[1]=\(denseBias[1])",
                "set x=[\(x.flatMap { $0 }.map { "\($0)" }.joined(separator: ","))] y=\(y)"]
    }
}
