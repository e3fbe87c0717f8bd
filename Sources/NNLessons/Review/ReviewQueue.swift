import Foundation

/// The order a quiz serves cards in: what is due first, then what is new.
public enum ReviewQueue {
    /// Orders a deck for review at `now`.
    ///
    /// Cards that are due come first, the most overdue first (cards due at the same moment keep
    /// the deck's order); then cards never reviewed, in the deck's order. Cards that have been
    /// reviewed and are not due yet are left out.
    public static func order(cards: [String], states: [String: CardState], at now: Date) -> [String] {
        var due: [(card: String, due: Date, index: Int)] = []
        var new: [String] = []
        for (index, card) in cards.enumerated() {
            if let state = states[card] {
                if state.isDue(at: now) { due.append((card, state.due, index)) }
            } else {
                new.append(card)
            }
        }
        due.sort { $0.due != $1.due ? $0.due < $1.due : $0.index < $1.index }
        return due.map(\.card) + new
    }
}
