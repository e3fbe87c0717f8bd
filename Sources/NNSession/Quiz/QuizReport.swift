import Foundation
import NNLessons
import NNRender

/// The report at the end of a round: the score, per topic, the time taken, and what to review.
public struct QuizReport: Sendable {
    /// The lines of the report, plain text.
    public var lines: [String]

    /// The report of a finished (or abandoned) round.
    public init(round: QuizRound) {
        let results = round.results
        let right = results.filter(\.isRight).count
        var lines: [String] = []
        let title: String
        switch round.mode {
        case .practice: title = "quiz"
        case .interview: title = "mock interview"
        }
        if results.isEmpty {
            lines.append("\(title): no questions answered")
            self.lines = lines + round.warnings.map { "warning: \($0)" }
            return
        }
        let share = Double(right) / Double(results.count)
        lines.append("\(title): \(right) of \(results.count) right (\(Int((share * 100).rounded()))%)"
                     + (results.count < round.cards.count ? ", \(round.cards.count - results.count) not reached" : "")
                     + " in \(Self.duration(round.elapsed))")
        var topics: [String] = []
        var tally: [String: (right: Int, asked: Int, seconds: Double)] = [:]
        for result in results {
            let topic = result.card.question.topic
            if tally[topic] == nil { topics.append(topic) }
            tally[topic, default: (0, 0, 0)].asked += 1
            tally[topic, default: (0, 0, 0)].seconds += result.seconds
            if result.isRight { tally[topic, default: (0, 0, 0)].right += 1 }
        }
        if topics.count > 1 || round.mode != .practice {
            let width = topics.map(\.count).max() ?? 5
            for topic in topics {
                let t = tally[topic]!
                lines.append("  " + topic.padding(toLength: width, withPad: " ", startingAt: 0)
                             + "  \(t.right)/\(t.asked)  " + Self.duration(t.seconds / Double(t.asked)) + " a question")
            }
        }
        let missed = results.filter { !$0.isRight }
        if !missed.isEmpty {
            // Questions by their words (a learner does not know the ids), the id after each for `quiz`.
            lines.append("to review:")
            lines += missed.map { "  \(Self.gist($0.card.question.question))  (\($0.card.question.id))" }
            let weakest = Set(missed.map(\.card.question.topic)).sorted()
            lines.append("next: " + weakest.map { "`quiz \($0)`" }.joined(separator: " or "))
        }
        self.lines = lines + round.warnings.map { "warning: \($0)" }
    }

    /// The first line of a question, cut after a whole word to at most 56 columns.
    static func gist(_ question: String) -> String {
        DisplayWidth.cutAtWord(question.split(separator: "\n").first.map(String.init) ?? question, toWidth: 56)
    }

    /// Seconds left as a clock, "4:05".
    public static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }

    /// Seconds as "42 s" or "3 min 5 s".
    public static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole < 60 ? "\(whole) s" : "\(whole / 60) min \(whole % 60) s"
    }
}
