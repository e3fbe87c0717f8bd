import Foundation
import NNLessons
import NNSession
import XCTest

/// Every number the normalization-and-residuals lesson quotes, read from what its own blocks
/// print, and its exercises: none passes after the blocks above it, each reference solution
/// passes.
final class NormalizationLessonTests: LessonTestCase {
    /// The ‖∂L/∂W‖ column of the `show grads` table in a block's output.
    static func gradientNorms(_ text: String) -> [Double] {
        let parts = text.components(separatedBy: "‖∂L/∂W‖ per layer on the training split")
        let table = parts.count > 1 ? parts[1] : ""
        return table.split(separator: "\n").compactMap { line -> Double? in
            let fields = line.split(separator: " ")
            guard let first = fields.first, Int(first) != nil, fields.count >= 3,
                  ["dense", "conv"].contains(String(fields[1])) else { return nil }
            return Double(fields.last!)
        }
    }

    func testTheGradientsThePagesQuote() throws {
        let run = try LessonBlockTranscript(lesson: "normalization-and-residuals", data: scratch)
        let source = run.flatSource
        XCTAssertEqual(run.outputs.count, 5)

        // Page 1: the plain ten-layer sigmoid net.
        let plain = Self.gradientNorms(run.outputs[0])
        XCTAssertEqual(plain.count, 11, run.outputs[0])
        guard plain.count == 11 else { return }
        XCTAssertEqual(plain.first!, 1.90e-08, accuracy: 5e-11)
        XCTAssertEqual(plain.last!, 0.3325, accuracy: 5e-5)
        XCTAssertEqual(plain, plain.sorted(), "the gradient shrinks layer by layer")
        XCTAssertTrue(source.contains("from 0.33 at the output to 1.9·10⁻⁸ at the first layer: seven orders of magnitude"))
        XCTAssertEqual(log10(plain.last! / plain.first!), 7, accuracy: 0.3)
        XCTAssertEqual(plain.first! / plain.last!, 6e-8, accuracy: 0.5e-8)
        XCTAssertTrue(source.contains("the first layer's weights would move about 6·10⁻⁸ times as far as the last layer's"))
        XCTAssertEqual(plain.last! / plain.first!, 17e6, accuracy: 1e6)
        XCTAssertTrue(source.contains("some 17 million times less than the last's"))

        // The same net with batch normalization.
        let normalized = Self.gradientNorms(run.outputs[1])
        XCTAssertEqual(normalized.count, 11, run.outputs[1])
        guard normalized.count == 11 else { return }
        XCTAssertEqual(normalized.min()!, 0.01691, accuracy: 5e-6)
        XCTAssertEqual(normalized.max()!, 0.3672, accuracy: 5e-5)
        XCTAssertEqual(normalized.first!, 0.09773, accuracy: 5e-6)
        XCTAssertEqual(normalized.first! / plain.first!, 5e6, accuracy: 0.3e6)
        XCTAssertTrue(source.contains("every layer's gradient lies between 0.017 and 0.37 — the first layer's is 0.098, five million times more than without"))
        XCTAssertTrue(run.outputs[1].contains("dense 8 sigmoid batchnorm"))

        // Layer norm: a γ and a β per feature.
        XCTAssertTrue(run.outputs[2].contains("layernorm") && run.outputs[2].contains("   16"), run.outputs[2])
        XCTAssertTrue(source.contains("on a net of 8 units it adds 16 parameters"))

        // Page 3: eleven hidden sigmoid layers built layer by layer, plain and with skips.
        let stackPlain = Self.gradientNorms(run.outputs[3])
        XCTAssertEqual(stackPlain.count, 12, run.outputs[3])
        guard stackPlain.count == 12 else { return }
        XCTAssertEqual(stackPlain.first!, 2.32e-09, accuracy: 5e-12)
        XCTAssertTrue(run.outputs[3].contains("done: 100 epochs") && run.outputs[3].contains("test 0.693"), run.outputs[3])
        XCTAssertTrue(run.outputs[3].split(separator: "\n").last { $0.hasPrefix("done:") }!.hasSuffix("acc 50.0%"))
        XCTAssertTrue(source.contains("Plain, the first layer's gradient is 2.3·10⁻⁹, and after 100 epochs the net still predicts one class for everything (50% test accuracy)"))

        let skipped = Self.gradientNorms(run.outputs[4])
        XCTAssertEqual(skipped.count, 12, run.outputs[4])
        guard skipped.count == 12 else { return }
        XCTAssertEqual(skipped.first!, 0.02927, accuracy: 5e-6)
        XCTAssertEqual(skipped.min()!, skipped.first!)
        XCTAssertGreaterThan(skipped.first! / stackPlain.first!, 1e7)
        XCTAssertTrue(run.outputs[4].split(separator: "\n").last { $0.hasPrefix("done:") }!.hasSuffix("acc 65.0%"), run.outputs[4])
        XCTAssertTrue(source.contains("the first layer's gradient is 0.029 — ten million times more; no layer's is below 0.02"))
        XCTAssertTrue(source.contains("(65% test accuracy)"))
        // The facts an exercise check reads agree with the table: the session holds the skip net.
        XCTAssertEqual(run.number("skip_layers"), 10)
        XCTAssertEqual(run.number("hidden_layers"), 11)
        XCTAssertEqual(run.session.fact("activation"), .success(.text("sigmoid")))
        XCTAssertEqual(run.number("layernorm_layers"), 0)
        XCTAssertEqual(run.number("conv_layers"), 0)
    }

    func testNoExerciseIsSolvedByTheBlocksAboveItAndEverySolutionPasses() throws {
        let lesson = try assertExercisesNeedTheLearner("normalization-and-residuals", count: 2)
        XCTAssertTrue(lesson.questions.contains { $0.generator == "residual-gradient" })
        XCTAssertGreaterThanOrEqual(lesson.questions.filter { $0.kind != .numeric }.count, 10)
    }

    /// A residual block's input gradient is the layer's plus the identity: the formula the
    /// lesson states, y = f(x) + x ⇒ ∂y/∂x = f′(x) + 1, checked on the session's stack by the
    /// first layer's gradient with and without the skip (the skip changes only that term).
    func testSkipFactsOnAFreshSession() throws {
        let session = TestFolders.session(data: scratch)
        for line in ["data circle n=200 seed=1", "loss bce", "net input 2 seed=1", "layer dense 8 act=tanh",
                     "layer dense 8 act=tanh skip=on", "layer layernorm", "layer dense 1 act=sigmoid"] {
            _ = try TestFolders.text(session, line)
        }
        XCTAssertEqual(session.fact("skip_layers"), .success(.number(1)))
        XCTAssertEqual(session.fact("layernorm_layers"), .success(.number(1)))
        XCTAssertEqual(session.fact("hidden_layers"), .success(.number(2)))
        XCTAssertEqual(session.fact("activation"), .success(.text("tanh")))
        let grads = try TestFolders.text(session, "show grads")
        let norms = Self.gradientNorms(grads)
        XCTAssertEqual(norms.count, 3)
        guard case .success(.number(let first)) = session.fact("grad_first"),
              case .success(.number(let last)) = session.fact("grad_last"),
              case .success(.number(let ratio)) = session.fact("grad_ratio") else { return XCTFail("no gradient facts") }
        XCTAssertEqual(first, norms[0], accuracy: 1e-4 * max(norms[0], 1e-12))
        XCTAssertEqual(last, norms[2], accuracy: 1e-4 * norms[2])
        XCTAssertEqual(ratio, first / last, accuracy: 1e-12)
        XCTAssertTrue(grads.contains("dense 8 tanh skip"), grads)
    }
}
