import NNEngine
import XCTest

/// Every primitive's gradient rule against central differences.
final class OperationGradientTests: XCTestCase {
    /// A fixed random projection so scalar-valued checks see every output element.
    func weightedSum(_ tape: Tape, _ v: Variable, seed: Int = 99) -> Variable {
        let shape = tape.value(v).shape
        return tape.sum(tape.multiply(v, tape.constant(randomTensor(shape, seed: seed))))
    }

    func testMatmulAllTransposes() {
        for (ta, tb) in [(false, false), (false, true), (true, false), (true, true)] {
            let a = randomTensor(ta ? [4, 3] : [3, 4], seed: 1)
            let b = randomTensor(tb ? [5, 4] : [4, 5], seed: 2)
            assertGradientsMatch([a, b]) { t, v in self.weightedSum(t, t.matmul(v[0], v[1], transposeA: ta, transposeB: tb)) }
        }
    }

    func testMatmulValuesByHand() {
        let a = Tensor(rows: [[1, 2], [3, 4]])
        let b = Tensor(rows: [[5, 6], [7, 8]])
        XCTAssertEqual(a.matmul(b).scalars, [19, 22, 43, 50])
        XCTAssertEqual(a.matmul(b, transposeOther: true).scalars, [17, 23, 39, 53])
        XCTAssertEqual(a.matmul(b, transposeSelf: true).scalars, [26, 30, 38, 44])
    }

    func testAffine() {
        let x = randomTensor([4, 3], seed: 13), w = randomTensor([5, 3], seed: 14), b = randomTensor([5], seed: 15)
        assertGradientsMatch([x, w, b]) { t, v in self.weightedSum(t, t.affine(v[0], weights: v[1], bias: v[2])) }
        let tape = Tape()
        let z = tape.affine(tape.constant(Tensor(rows: [[1, 2]])), weights: tape.constant(Tensor(rows: [[0.1, -0.2], [0.3, 0.0], [-0.5, 0.4]])),
                            bias: tape.constant(Tensor([0, 0.1, -0.1])))
        XCTAssertEqual(tape.value(z).scalars[0], -0.3, accuracy: 1e-15)
        XCTAssertEqual(tape.value(z).scalars[1], 0.4, accuracy: 1e-15)
        XCTAssertEqual(tape.value(z).scalars[2], 0.2, accuracy: 1e-15)
    }

    /// The fused dense layer: its gradients against central differences for every elementwise
    /// activation, and its value against affine then activation, element for element.
    func testDenseFusesAffineAndActivation() {
        let x = randomTensor([4, 3], seed: 16), w = randomTensor([5, 3], seed: 17), b = randomTensor([5], seed: 18)
        for kind in Activation.allCases where kind.isElementwise && kind != .step {
            assertGradientsMatch([x, w, b]) { t, v in self.weightedSum(t, t.dense(v[0], weights: v[1], bias: v[2], activation: kind)) }
            let tape = Tape()
            let (cx, cw, cb) = (tape.constant(x), tape.constant(w), tape.constant(b))
            let fused = tape.value(tape.dense(cx, weights: cw, bias: cb, activation: kind))
            let separate = tape.value(tape.activation(kind, tape.affine(cx, weights: cw, bias: cb)))
            XCTAssertEqual(fused, separate, "\(kind)")
        }
    }

    func testAddRowVectorAddSubtractMultiplyScale() {
        let m = randomTensor([3, 4], seed: 3), v = randomTensor([4], seed: 4), n = randomTensor([3, 4], seed: 5)
        assertGradientsMatch([m, v]) { t, x in self.weightedSum(t, t.addRowVector(x[0], x[1])) }
        assertGradientsMatch([m, n]) { t, x in self.weightedSum(t, t.add(x[0], x[1])) }
        assertGradientsMatch([m, n]) { t, x in self.weightedSum(t, t.subtract(x[0], x[1])) }
        assertGradientsMatch([m, n]) { t, x in self.weightedSum(t, t.multiply(x[0], x[1])) }
        assertGradientsMatch([m]) { t, x in self.weightedSum(t, t.scale(x[0], by: -2.5)) }
    }

    func testPenalties() {
        let w = randomTensor([3, 3], seed: 6)
        assertGradientsMatch([w]) { t, x in t.sumOfSquares(x[0]) }
        assertGradientsMatch([w]) { t, x in t.sumOfAbsolutes(x[0]) }
    }

    func testEveryActivationOnTheTape() {
        // Points away from the kinks of relu, leaky_relu, elu and step.
        let x = Tensor(shape: [2, 6], scalars: [-6, -3.2, -0.7, 0.4, 2.9, 7, -4.5, -1.3, 0.05, 1.1, 5.5, 3.3])
        for kind in Activation.allCases {
            assertGradientsMatch([x]) { t, v in self.weightedSum(t, t.activation(kind, v[0])) }
        }
        let large = Tensor(shape: [2, 3], scalars: [-30, 35, 700, -745, 0.5, 12])
        assertGradientsMatch([large]) { t, v in self.weightedSum(t, t.activation(.softmax, v[0])) }
    }

    func testEveryDerivativeAgainstDifferencesIncludingLargeInputs() {
        let points: [Double] = [-700, -40, -30, -12, -3.2, -0.7, -0.01, 0.01, 0.4, 2.9, 12, 35, 40, 700]
        for kind in Activation.allCases where kind != .softmax {
            for x in points {
                let h = min(1e-3 * max(1, abs(x)), abs(x) / 4)
                let numeric = centralDifference(kind.value, at: x, step: h)
                let analytic = kind.derivative(x)
                let error = GradientCheck.relativeError(analytic, numeric)
                // Where f is far larger than f′·h, the difference itself carries rounding of
                // about ulp(f)/h; agreement within that bound is all a difference can show.
                let roundingBound = 8 * abs(kind.value(x)).ulp / h
                XCTAssert(error <= 1e-6 || abs(analytic - numeric) <= max(roundingBound, 1e-300),
                          "\(kind)′(\(x)): analytic \(analytic), numeric \(numeric), relative error \(error)")
            }
        }
    }

    func testActivationsStayFiniteAtExtremes() {
        for kind in Activation.allCases where kind != .softmax {
            for x in [-1000.0, -745, -50, 50, 710, 1000] {
                XCTAssert(kind.value(x).isFinite, "\(kind)(\(x)) = \(kind.value(x))")
                XCTAssert(kind.derivative(x).isFinite, "\(kind)'(\(x)) = \(kind.derivative(x))")
            }
        }
        let s = Activation.softmaxRows(Tensor(rows: [[1000, 0, -1000]]))
        XCTAssertEqual(s.scalars, [1, 0, 0])
        XCTAssertEqual(Activation.sigmoid(-1000), 0)
        XCTAssertEqual(Activation.softplus(1000), 1000)
    }

    func testActivationValuesByHand() {
        XCTAssertEqual(Activation.sigmoid.value(0), 0.5)
        XCTAssertEqual(Activation.sigmoid.derivative(0), 0.25)
        XCTAssertEqual(Activation.leakyRelu.value(-2), -0.02)
        XCTAssertEqual(Activation.elu.value(-1), exp(-1) - 1, accuracy: 1e-15)
        // Exact GELU: x·Φ(x); Φ(1) = 0.8413447460685429.
        XCTAssertEqual(Activation.gelu.value(1), 0.8413447460685429, accuracy: 1e-15)
        // GELU′(1) = Φ(1) + φ(1) = 0.8413447460685429 + 0.24197072451914337 (not the "simplified" form).
        XCTAssertEqual(Activation.gelu.derivative(1), 1.0833154705876864, accuracy: 1e-14)
        XCTAssertEqual(Activation.geluTanh.value(1), 0.8411919906082768, accuracy: 1e-14)
        XCTAssertEqual(Activation.softplus.value(0), log(2), accuracy: 1e-15)
        XCTAssertEqual(Activation.swish.value(1), 1 / (1 + exp(-1)), accuracy: 1e-15)
        XCTAssertEqual(Activation.mish.value(1), tanh(log(1 + exp(1))), accuracy: 1e-15)
        XCTAssertEqual(Activation.step.value(0), 1)
        XCTAssertEqual(Activation.step.value(-0.1), 0)
    }

    func testSoftmaxJacobianIsNotOne() {
        // The seeds' bug: softmax's derivative returned as 1. The true Jacobian of softmax
        // [1, 2] has diagonal p(1−p) = 0.19661193324148185.
        let tape = Tape()
        let z = tape.parameter(Tensor(rows: [[1, 2]]))
        let y = tape.activation(.softmax, z)
        tape.backward(from: tape.sum(tape.multiply(y, tape.constant(Tensor(rows: [[1, 0]])))))
        XCTAssertEqual(tape.gradient(z).scalars[0], 0.19661193324148185, accuracy: 1e-15)
        XCTAssertEqual(tape.gradient(z).scalars[1], -0.19661193324148185, accuracy: 1e-15)
    }

    func testLosses() {
        let logits = Tensor(shape: [4, 3], scalars: [2, -1, 0.5, -40, 30, 0.1, 0.3, 0.2, -0.8, 5, 5, -5])
        let classes = Tensor([0, 1, 2, 0])
        assertGradientsMatch([logits]) { t, v in try t.crossEntropyFromLogits(v[0], classes: classes) }
        let z = Tensor(shape: [4, 1], scalars: [-50, -0.3, 0.8, 60])
        let labels = Tensor([0, 1, 1, 0])
        assertGradientsMatch([z]) { t, v in try t.binaryCrossEntropyFromLogits(v[0], labels: labels) }
        assertGradientsMatch([z]) { t, v in try t.hinge(v[0], labels: Tensor([0, 1, 0, 1])) }
        let p = randomTensor([4, 2], seed: 8)
        assertGradientsMatch([p]) { t, v in try t.meanSquaredError(v[0], targets: randomTensor([4, 2], seed: 9)) }
        assertGradientsMatch([logits]) { t, v in try t.meanSquaredError(t.activation(.softmax, v[0]), targets: classes) }
    }

    func testLossValuesByHand() throws {
        let tape = Tape()
        // ce of logits [0, ln 3] for class 1: softmax = [1/4, 3/4], loss = −ln(3/4).
        let ce = try tape.crossEntropyFromLogits(tape.constant(Tensor(rows: [[0, log(3)]])), classes: Tensor([1]))
        XCTAssertEqual(tape.value(ce).scalar, -log(0.75), accuracy: 1e-15)
        // bce at logit 0 is ln 2 for either label; at huge logits it stays finite.
        let bce = try tape.binaryCrossEntropyFromLogits(tape.constant(Tensor(shape: [2, 1], scalars: [0, 800])), labels: Tensor([1, 0]))
        XCTAssertEqual(tape.value(bce).scalar, (log(2) + 800) / 2, accuracy: 1e-12)
        // mse averages over all elements: ((1−0)² + (2−4)²)/2 = 2.5.
        let mse = try tape.meanSquaredError(tape.constant(Tensor(shape: [2, 1], scalars: [1, 2])), targets: Tensor(shape: [2, 1], scalars: [0, 4]))
        XCTAssertEqual(tape.value(mse).scalar, 2.5)
        // hinge: labels 1 → +1, 0 → −1; scores 0.5 and 0.5: (0.5 + 1.5)/2 = 1.
        let hinge = try tape.hinge(tape.constant(Tensor(shape: [2, 1], scalars: [0.5, 0.5])), labels: Tensor([1, 0]))
        XCTAssertEqual(tape.value(hinge).scalar, 1)
    }

    func testBatchNormTrainingAndInference() {
        let z = randomTensor([5, 3], seed: 10, scale: 3)
        let gamma = randomTensor([3], seed: 11), beta = randomTensor([3], seed: 12)
        assertGradientsMatch([z, gamma, beta], tolerance: 1e-5) { t, v in
            self.weightedSum(t, t.batchNorm(v[0], gamma: v[1], beta: v[2], epsilon: 1e-5).output)
        }
        assertGradientsMatch([z, gamma, beta]) { t, v in
            self.weightedSum(t, t.batchNormInference(v[0], gamma: v[1], beta: v[2],
                                                     runningMean: Tensor([0.1, -0.2, 0.3]),
                                                     runningVariance: Tensor([1.5, 0.5, 2]), epsilon: 1e-5))
        }
        // Batch [1, 3] in one column: μ = 2, σ² = 1, x̂ = [−1, 1] (up to ε).
        let tape = Tape()
        let (out, stats) = tape.batchNorm(tape.constant(Tensor(shape: [2, 1], scalars: [1, 3])),
                                          gamma: tape.constant(Tensor([2])), beta: tape.constant(Tensor([0.5])), epsilon: 0)
        XCTAssertEqual(stats.mean.scalars, [2])
        XCTAssertEqual(stats.variance.scalars, [1])
        XCTAssertEqual(tape.value(out).scalars, [-1.5, 2.5])
    }

    func testGradientsAccumulateWhenAValueIsUsedTwice() {
        let x = Tensor([1.5, -2])
        assertGradientsMatch([x]) { t, v in t.sum(t.multiply(v[0], v[0])) }
        let tape = Tape()
        let a = tape.parameter(Tensor([3]))
        tape.backward(from: tape.sum(tape.add(a, a)))
        XCTAssertEqual(tape.gradient(a).scalars, [2])
    }

    /// Without intermediate gradients, rules change the gradient they are handed in place; a
    /// gradient that reaches two rules (add hands the same tensor to both inputs) must still be
    /// copied for the first, so the leaves' gradients are those of a pass that keeps everything.
    func testBackwardWithoutIntermediatesGivesTheSameLeafGradients() {
        func leafGradients(keeping: Bool) -> (x: Tensor, w: Tensor, y: Tensor) {
            let tape = Tape()
            let x = tape.parameter(Tensor(rows: [[0.5, -1.5], [2, -0.25]]))
            let w = tape.parameter(Tensor(rows: [[1, -2], [0.5, 3]]))
            let b = tape.parameter(Tensor([0.1, -0.2]))
            let relu = tape.dense(x, weights: w, bias: b, activation: .relu)
            let tanh = tape.activation(.tanh, tape.affine(x, weights: w, bias: b))
            let y = tape.add(relu, tanh)
            tape.backward(from: tape.sum(tape.multiply(y, tape.constant(Tensor(rows: [[1, 2], [-3, 4]])))),
                          keepingIntermediates: keeping)
            return (tape.gradient(x), tape.gradient(w), keeping ? tape.gradient(y) : Tensor(rows: [[1, 2], [-3, 4]]))
        }
        let kept = leafGradients(keeping: true), lean = leafGradients(keeping: false)
        XCTAssertEqual(lean.x, kept.x)
        XCTAssertEqual(lean.w, kept.w)
        // ∂/∂y of Σ y ⊙ c is c itself, untouched by the rules that scaled copies of it.
        XCTAssertEqual(kept.y, Tensor(rows: [[1, 2], [-3, 4]]))
    }
}

/// Tensor basics the engine relies on.
final class TensorTests: XCTestCase {
    func testGatherRowsOfMatricesAndVectors() {
        let m = Tensor(rows: [[1, 2], [3, 4], [5, 6]])
        XCTAssertEqual(m.gatherRows([2, 0]), Tensor(rows: [[5, 6], [1, 2]]))
        XCTAssertEqual(Tensor([7, 8, 9]).gatherRows([2, 2, 0]), Tensor([9, 9, 7]))
        XCTAssertEqual(m.transposed, Tensor(rows: [[1, 3, 5], [2, 4, 6]]))
        XCTAssertEqual(m.columnSums().scalars, [9, 12])
    }
}
