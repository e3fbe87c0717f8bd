import Foundation
import NNEngine
import NNLessons

/// Chooses the cards of a round from the bank and the review schedule.
///
/// Practice serves the cards that are due first (most overdue first), then new ones in course
/// order; cards reviewed and not yet due wait. When nothing is due or new on the topic asked
/// for, the cards due soonest come back early, so `quiz TOPIC` always has something to ask. A
/// mock interview draws across topics in turn, at random.
public enum QuizDeck {
    /// The questions a practice round asks, and a summary of why ("2 due, 8 new").
    public static func practice(_ questions: [QuizQuestion], states: [String: CardState], count: Int, at now: Date)
        -> (questions: [QuizQuestion], summary: String) {
        let byID = Dictionary(questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let queued = ReviewQueue.order(cards: questions.map(\.id), states: states, at: now)
        var chosen = Array(queued.prefix(count)).compactMap { byID[$0] }
        let due = chosen.filter { states[$0.id] != nil }.count
        let new = chosen.count - due
        var parts: [String] = []
        if due > 0 { parts.append("\(due) due") }
        if new > 0 { parts.append("\(new) new") }
        if chosen.count < count {
            let early = questions.filter { states[$0.id] != nil && !queued.contains($0.id) }
                .sorted { (states[$0.id]?.due ?? now) < (states[$1.id]?.due ?? now) }
                .prefix(count - chosen.count)
            if !early.isEmpty { parts.append("\(early.count) ahead of schedule") }
            chosen += early
        }
        return (chosen, parts.isEmpty ? "nothing to ask" : parts.joined(separator: ", "))
    }

    /// The questions of a mock interview: `count` drawn at random, taking topics in turn.
    public static func interview(_ questions: [QuizQuestion], count: Int, random: inout SeededGenerator) -> [QuizQuestion] {
        var byTopic: [String: [QuizQuestion]] = [:]
        var topics: [String] = []
        for question in questions {
            if byTopic[question.topic] == nil { topics.append(question.topic) }
            byTopic[question.topic, default: []].append(question)
        }
        for topic in topics { byTopic[topic]!.shuffle(using: &random) }
        topics.shuffle(using: &random)
        var chosen: [QuizQuestion] = []
        while chosen.count < count {
            var tookAny = false
            for topic in topics where chosen.count < count {
                if let next = byTopic[topic]?.popLast() {
                    chosen.append(next)
                    tookAny = true
                }
            }
            if !tookAny { break }
        }
        return chosen
    }
}
