import Foundation
import NNSession

/// A small course written into a temporary folder for the quiz tests: one question of each kind.
enum QuizTestCourse {
    static let lesson = """
        ---
        id: basics
        title: Basics
        order: 1
        topics: perceptron, optimizers
        minutes: 5
        ---

        # Basics

        Some prose.

        ```quiz
        id: q-choice
        topic: perceptron
        kind: choice
        question: Which gate can one perceptron learn?
        - [x] and
        - [ ] xor
        - [ ] xnor
        answer: `and` is linearly separable.
        ```

        ```quiz
        id: q-multi
        topic: perceptron
        kind: multi
        question: Which are linearly separable?
        - [x] and
        - [x] or
        - [ ] xor
        answer: `and` and `or`.
        ```

        ```quiz
        id: q-order
        topic: optimizers
        kind: order
        question: Put the steps of one training step in order.
        - forward pass
        - loss
        - backward pass
        - update
        answer: Forward, loss, backward, update.
        ```

        ```quiz
        id: q-short
        topic: optimizers
        kind: short
        question: Why does momentum help in a ravine?
        answer: It averages the gradients, so the zig-zag across the ravine cancels out.
        ```

        ```quiz
        id: q-numeric
        topic: perceptron
        kind: numeric
        generator: neuron-sigmoid
        question: A sigmoid neuron's output.
        ```

        """

    /// Makes fresh lessons and data folders with the course; returns a session over them.
    static func session(interactive: Bool = false) throws -> (session: Session, data: String, lessons: String) {
        let root = (NSTemporaryDirectory() as NSString).appendingPathComponent("nnlab-quiz-\(UUID().uuidString.prefix(8))")
        let lessons = (root as NSString).appendingPathComponent("lessons")
        let data = (root as NSString).appendingPathComponent("data")
        try FileManager.default.createDirectory(atPath: lessons, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try lesson.write(toFile: (lessons as NSString).appendingPathComponent("basics.md"), atomically: true, encoding: .utf8)
        try "basics\n".write(toFile: (lessons as NSString).appendingPathComponent("course.txt"), atomically: true, encoding: .utf8)
        let session = Session(environment: SessionEnvironment(dataFolder: data, lessonsFolder: lessons, width: 80,
                                                              colorMode: .none, interactive: interactive))
        return (session, data, lessons)
    }
}

/// A clock the tests move by hand.
final class TestClock: @unchecked Sendable {
    var now = Date(timeIntervalSince1970: 1_800_000_000)
    func advance(_ seconds: Double) { now = now.addingTimeInterval(seconds) }
}
