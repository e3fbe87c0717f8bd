/// One candidate problem a generator drafted from drawn values, before it is checked for
/// mistakes that come too close to the answer or to each other.
struct NumericDraft {
    /// The question (Markdown).
    var prompt: String
    /// The engine's answer.
    var answer: Double
    /// The worked solution, one step per line (Markdown).
    var solution: String
    /// Mistakes that must be told apart from the answer; the draft is drawn again otherwise.
    var mistakes: [NumericMistake]
    /// Mistakes that only exist for some values (a ReLU's pre-activation when z > 0 is the
    /// answer itself): kept when they are told apart, dropped otherwise.
    var optionalMistakes: [NumericMistake] = []
    /// The absolute tolerance.
    var tolerance: Double = 0.001
    /// The relative tolerance.
    var relativeTolerance: Double = 0.005
    /// The smallest |answer| worth asking for (smaller ones are drawn again).
    var minimumMagnitude: Double = 0

    /// The problem with the same tolerances, to measure distances with.
    private var bare: NumericProblem {
        NumericProblem(generator: "", prompt: prompt, answer: answer, tolerance: tolerance,
                       relativeTolerance: relativeTolerance, solution: solution, mistakes: [])
    }

    /// Whether two numbers are far enough apart that no answer can be within the tolerance
    /// of both, with room to spare.
    private func apart(_ a: Double, _ b: Double) -> Bool {
        let problem = bare
        return abs(a - b) > 2 * (problem.allowance(around: a) + problem.allowance(around: b))
    }

    /// Whether the answer is finite and big enough and every required mistake is apart from
    /// the answer and from the other required mistakes.
    var isClear: Bool {
        guard answer.isFinite, abs(answer) >= minimumMagnitude else { return false }
        for (i, mistake) in mistakes.enumerated() {
            guard mistake.value.isFinite, apart(mistake.value, answer) else { return false }
            for other in mistakes[..<i] where !apart(mistake.value, other.value) { return false }
        }
        return true
    }

    /// The problem: the required mistakes that are apart, then the optional ones that are
    /// apart from the answer and every mistake kept before them.
    func problem(generator: String) -> NumericProblem {
        var kept: [NumericMistake] = []
        for mistake in mistakes + optionalMistakes
        where mistake.value.isFinite && apart(mistake.value, answer) && kept.allSatisfy({ apart($0.value, mistake.value) }) {
            kept.append(mistake)
        }
        return NumericProblem(generator: generator, prompt: prompt, answer: answer, tolerance: tolerance,
                              relativeTolerance: relativeTolerance, solution: solution, mistakes: kept)
    }
}
