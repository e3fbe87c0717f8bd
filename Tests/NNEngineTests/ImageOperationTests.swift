import NNEngine
import XCTest

/// The image primitives (conv2d, max/avg pooling, reshape, layer norm, residual add): values
/// against naive loops written out here, gradients against fourth-order central differences
/// for every parameter and the input.
final class ImageOperationTests: XCTestCase {
    func weightedSum(_ tape: Tape, _ v: Variable, seed: Int = 99) -> Variable {
        tape.sum(tape.multiply(v, tape.constant(randomTensor(tape.value(v).shape, seed: seed))))
    }

    /// out[s,f,i,j] = b[f] + Σ W[f,c,u,v]·x[s,c,i·S+u−P,j·S+v−P], zero outside the image.
    func naiveConv(_ x: Tensor, _ w: Tensor, _ b: Tensor, stride: Int, pad: Int) -> Tensor {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (f, k) = (w.shape[0], w.shape[2])
        let ho = (h + 2 * pad - k) / stride + 1, wo = (wd + 2 * pad - k) / stride + 1
        var out: [Double] = []
        for s in 0..<n { for o in 0..<f { for i in 0..<ho { for j in 0..<wo {
            var sum = b.scalars[o]
            for ch in 0..<c { for u in 0..<k { for v in 0..<k {
                let y = i * stride + u - pad, xx = j * stride + v - pad
                if y < 0 || y >= h || xx < 0 || xx >= wd { continue }
                sum += w.scalars[((o * c + ch) * k + u) * k + v] * x.scalars[((s * c + ch) * h + y) * wd + xx]
            } } }
            out.append(sum)
        } } } }
        return Tensor(shape: [n, f, ho, wo], scalars: out)
    }

    func naivePool(_ x: Tensor, size: Int, stride: Int, max useMax: Bool) -> Tensor {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let ho = (h - size) / stride + 1, wo = (wd - size) / stride + 1
        var out: [Double] = []
        for s in 0..<n { for ch in 0..<c { for i in 0..<ho { for j in 0..<wo {
            var window: [Double] = []
            for u in 0..<size { for v in 0..<size {
                window.append(x.scalars[((s * c + ch) * h + i * stride + u) * wd + j * stride + v])
            } }
            out.append(useMax ? window.max()! : window.reduce(0, +) / Double(size * size))
        } } } }
        return Tensor(shape: [n, c, ho, wo], scalars: out)
    }

    func testConvValuesAgainstNaiveLoop() {
        for (stride, pad, side) in [(1, 0, 5), (1, 1, 5), (2, 1, 6), (2, 0, 7), (3, 2, 4)] {
            let x = randomTensor([2, 3, side, side], seed: 1), w = randomTensor([4, 3, 3, 3], seed: 2), b = randomTensor([4], seed: 3)
            let tape = Tape()
            let out = tape.value(tape.conv2d(tape.constant(x), weights: tape.constant(w), bias: tape.constant(b), stride: stride, padding: pad))
            let expected = naiveConv(x, w, b, stride: stride, pad: pad)
            XCTAssertEqual(out.shape, expected.shape)
            for (a, e) in zip(out.scalars, expected.scalars) { XCTAssertEqual(a, e, accuracy: 1e-12) }
        }
    }

    /// A 3×3 patch by hand: the filter [[1,0,−1]]×3 (a vertical-edge detector) on a patch
    /// whose left column is 1 and right column 0 gives 3, plus the bias.
    func testConvByHand() {
        let x = Tensor(shape: [1, 1, 3, 3], scalars: [1, 0.5, 0, 1, 0.5, 0, 1, 0.5, 0])
        let w = Tensor(shape: [1, 1, 3, 3], scalars: [1, 0, -1, 1, 0, -1, 1, 0, -1])
        let tape = Tape()
        let out = tape.value(tape.conv2d(tape.constant(x), weights: tape.constant(w), bias: tape.constant(Tensor([0.25])), stride: 1, padding: 0))
        XCTAssertEqual(out.shape, [1, 1, 1, 1])
        XCTAssertEqual(out.scalars, [3.25])
        // With pad 1 the output is 3×3 and its centre is the same sum.
        let padded = tape.value(tape.conv2d(tape.constant(x), weights: tape.constant(w), bias: tape.constant(Tensor([0.25])), stride: 1, padding: 1))
        XCTAssertEqual(padded.shape, [1, 1, 3, 3])
        XCTAssertEqual(padded.scalars[4], 3.25)
        // Top-left: only x[0..1, 0..1] under W[1..2, 1..2] = [[0,−1],[0,−1]] → −0.5 −0.5 + 0.25.
        XCTAssertEqual(padded.scalars[0], -0.75)
    }

    func testConvGradients() {
        for (stride, pad, side) in [(1, 0, 4), (1, 1, 4), (2, 1, 5), (2, 0, 6)] {
            let x = randomTensor([2, 2, side, side], seed: 4), w = randomTensor([3, 2, 3, 3], seed: 5), b = randomTensor([3], seed: 6)
            assertGradientsMatch([x, w, b]) { t, v in
                self.weightedSum(t, t.conv2d(v[0], weights: v[1], bias: v[2], stride: stride, padding: pad))
            }
        }
        // A 1×1 convolution and a kernel as large as the padded input.
        let x = randomTensor([2, 3, 3, 3], seed: 7)
        assertGradientsMatch([x, randomTensor([2, 3, 1, 1], seed: 8), randomTensor([2], seed: 9)]) { t, v in
            self.weightedSum(t, t.conv2d(v[0], weights: v[1], bias: v[2], stride: 1, padding: 0))
        }
        assertGradientsMatch([x, randomTensor([2, 3, 5, 5], seed: 10), randomTensor([2], seed: 11)]) { t, v in
            self.weightedSum(t, t.conv2d(v[0], weights: v[1], bias: v[2], stride: 1, padding: 1))
        }
    }

    func testPoolingValuesAgainstNaiveLoops() {
        // 5×5 with size 2: the last row and column are dropped (floor), as PyTorch does.
        for (size, stride, side) in [(2, 2, 5), (2, 2, 4), (3, 1, 5), (3, 2, 7), (2, 1, 3)] {
            let x = randomTensor([2, 3, side, side], seed: 12)
            let tape = Tape()
            let maxOut = tape.value(tape.maxPool2d(tape.constant(x), size: size, stride: stride))
            let avgOut = tape.value(tape.avgPool2d(tape.constant(x), size: size, stride: stride))
            let maxExpected = naivePool(x, size: size, stride: stride, max: true)
            let avgExpected = naivePool(x, size: size, stride: stride, max: false)
            XCTAssertEqual(maxOut, maxExpected)
            XCTAssertEqual(avgOut.shape, avgExpected.shape)
            for (a, e) in zip(avgOut.scalars, avgExpected.scalars) { XCTAssertEqual(a, e, accuracy: 1e-14) }
        }
        let x = Tensor(shape: [1, 1, 2, 2], scalars: [1, 4, 3, 2])
        let tape = Tape()
        XCTAssertEqual(tape.value(tape.maxPool2d(tape.constant(x), size: 2, stride: 2)).scalars, [4])
        XCTAssertEqual(tape.value(tape.avgPool2d(tape.constant(x), size: 2, stride: 2)).scalars, [2.5])
    }

    func testPoolingGradients() {
        for (size, stride, side) in [(2, 2, 5), (3, 1, 4), (2, 1, 3)] {
            let x = randomTensor([2, 2, side, side], seed: 13)
            assertGradientsMatch([x]) { t, v in self.weightedSum(t, t.maxPool2d(v[0], size: size, stride: stride)) }
            assertGradientsMatch([x]) { t, v in self.weightedSum(t, t.avgPool2d(v[0], size: size, stride: stride)) }
        }
        // Overlapping max windows: an input that wins twice gets both gradients.
        let x = Tensor(shape: [1, 1, 1, 3], scalars: [0, 5, 1])
        let tape = Tape()
        let v = tape.parameter(x)
        tape.backward(from: tape.sum(tape.maxPool2d(v, size: 1, stride: 1)))
        XCTAssertEqual(tape.gradient(v).scalars, [1, 1, 1])
        let t2 = Tape()
        let x2 = t2.parameter(Tensor(shape: [1, 1, 2, 3], scalars: [0, 5, 1, 0, 0, 0]))
        t2.backward(from: t2.sum(t2.maxPool2d(x2, size: 2, stride: 1)))
        XCTAssertEqual(t2.gradient(x2).scalars, [0, 2, 0, 0, 0, 0])
    }

    /// Flatten keeps C, then H, then W order: element (c, h, w) of sample s lands at column
    /// (c·H + h)·W + w.
    func testReshapeFlattensInChannelRowColumnOrder() {
        let x = randomTensor([2, 3, 2, 4], seed: 14)
        let tape = Tape()
        let flat = tape.value(tape.reshape(tape.constant(x), to: [2, 24]))
        XCTAssertEqual(flat.shape, [2, 24])
        XCTAssertEqual(flat[1, (2 * 2 + 1) * 4 + 3], x.scalars[((1 * 3 + 2) * 2 + 1) * 4 + 3])
        assertGradientsMatch([x]) { t, v in self.weightedSum(t, t.reshape(v[0], to: [2, 24])) }
    }

    func testLayerNormValuesAndGradients() {
        // By hand: x = [1, 2, 3, 6], μ = 3, biased σ² = (4 + 1 + 0 + 9)/4 = 3.5.
        let tape = Tape()
        let y = tape.value(tape.layerNorm(tape.constant(Tensor(rows: [[1, 2, 3, 6]])), gamma: tape.constant(Tensor([1, 2, 1, 1])),
                                          beta: tape.constant(Tensor([0, 0, 0.5, 0])), epsilon: 1e-5))
        let sd = (3.5 + 1e-5).squareRoot()
        let expected = [-2 / sd, 2 * (-1 / sd), 0.5, 3 / sd]
        for (a, e) in zip(y.scalars, expected) { XCTAssertEqual(a, e, accuracy: 1e-14) }
        let x = randomTensor([3, 5], seed: 15), g = randomTensor([5], seed: 16), b = randomTensor([5], seed: 17)
        assertGradientsMatch([x, g, b]) { t, v in self.weightedSum(t, t.layerNorm(v[0], gamma: v[1], beta: v[2], epsilon: 1e-5)) }
    }

    /// A residual block act(W·a + b) + a: the input's gradient is the block's plus the identity.
    func testResidualAddGradients() {
        let x = randomTensor([3, 4], seed: 18), w = randomTensor([4, 4], seed: 19), b = randomTensor([4], seed: 20)
        assertGradientsMatch([x, w, b]) { t, v in
            self.weightedSum(t, t.add(t.activation(.tanh, t.affine(v[0], weights: v[1], bias: v[2])), v[0]))
        }
    }
}
