import Foundation
import NNLessons

/// Reads a learner's typed answer to a card and judges it.
///
/// Letters answer option questions (`b`; `a c` or `a,c` or `ac` for select-all; `c a d b` for
/// an ordering), numbers answer numeric ones (`0.731`, `-1.2e-3`, `3/4`); an empty answer means
/// "I don't know" and is marked wrong with the answer shown. A malformed answer is not judged:
/// the marker says what to type and the learner tries again.
public enum QuizMarker {
    /// The outcome of reading an answer.
    public enum Outcome: Sendable, Equatable {
        /// The answer was read and judged.
        case judged(QuizFeedback)
        /// The answer could not be read; the message says what to type.
        case unreadable(String)
    }

    /// Judges `text` as the answer to `card`.
    public static func mark(_ text: String, for card: QuizCard) -> Outcome {
        let answer = text.trimmingCharacters(in: .whitespaces)
        let question = card.question
        switch question.kind {
        case .short:
            return .judged(QuizFeedback(verdict: .selfGraded, headline: "compare with the model answer, then grade yourself",
                                        diagnosis: nil, explanation: question.answer))
        case .numeric:
            return markNumber(answer, for: card)
        case .choice, .bug, .multi, .order:
            if answer.isEmpty { return .judged(wrong(card, note: "no answer")) }
            guard let letters = readLetters(answer, count: card.displayOrder.count) else {
                return .unreadable("answer with \(card.instruction)")
            }
            return markLetters(letters, for: card)
        }
    }

    private static func markLetters(_ letters: [Int], for card: QuizCard) -> Outcome {
        let question = card.question
        switch question.kind {
        case .choice, .bug:
            guard letters.count == 1 else { return .unreadable("one letter only: answer with \(card.instruction)") }
            return .judged(question.options[card.displayOrder[letters[0]]].isCorrect ? right(card) : wrong(card))
        case .multi:
            guard Set(letters).count == letters.count else { return .unreadable("each letter once: answer with \(card.instruction)") }
            let chosen = Set(letters.map { card.displayOrder[$0] })
            return .judged(chosen == Set(question.correctOptions) ? right(card) : wrong(card))
        case .order:
            guard letters.count == card.displayOrder.count, Set(letters).count == letters.count else {
                return .unreadable("give all \(card.displayOrder.count) letters, each once: \(card.instruction)")
            }
            let order = letters.map { card.displayOrder[$0] }
            return .judged(order == Array(question.items.indices) ? right(card) : wrong(card))
        case .short, .numeric:
            return .unreadable(card.instruction)
        }
    }

    private static func markNumber(_ answer: String, for card: QuizCard) -> Outcome {
        guard let problem = card.problem else {
            return .unreadable("this numeric question has no generator; report it to the lesson's author")
        }
        if answer.isEmpty { return .judged(wrong(card, note: "no answer")) }
        guard let value = NumericProblem.parseAnswer(answer) else {
            return .unreadable("answer with \(card.instruction), like 0.731")
        }
        if problem.accepts(value) { return .judged(right(card)) }
        var feedback = wrong(card)
        if let mistake = problem.diagnose(value) {
            feedback.diagnosis = "\(mistake.name): \(mistake.explanation)"
        }
        return .judged(feedback)
    }

    /// Letter positions from `a c`, `a,c`, `ac` or `1 3`; nil when something else is there or a
    /// letter is out of range.
    static func readLetters(_ text: String, count: Int) -> [Int]? {
        let words = text.lowercased().split(whereSeparator: { " ,;)".contains($0) }).map(String.init)
        var positions: [Int] = []
        for word in words {
            if let number = Int(word) {
                guard (1...count).contains(number) else { return nil }
                positions.append(number - 1)
                continue
            }
            for character in word {
                guard let ascii = character.asciiValue, ascii >= UInt8(ascii: "a"), ascii < UInt8(ascii: "a") + UInt8(min(count, 26)) else {
                    return nil
                }
                positions.append(Int(ascii - UInt8(ascii: "a")))
            }
        }
        return positions.isEmpty ? nil : positions
    }

    private static func explanation(_ card: QuizCard) -> String {
        card.problem?.solution ?? card.question.answer
    }

    private static func right(_ card: QuizCard) -> QuizFeedback {
        QuizFeedback(verdict: .right, headline: "right", diagnosis: nil, explanation: explanation(card))
    }

    private static func wrong(_ card: QuizCard, note: String? = nil) -> QuizFeedback {
        let prefix = note.map { "\($0): " } ?? "not quite: "
        return QuizFeedback(verdict: .wrong, headline: prefix + "the answer is \(card.expected)", diagnosis: nil,
                            explanation: explanation(card))
    }
}
