import NNSession

/// The one-line command prompt a view opens with `:`: editing, history and Tab completion,
/// drawn by the view loop on the screen's last row.
struct PromptLine {
    /// The text typed so far.
    private(set) var text: [Character] = []
    /// The cursor's position in `text`.
    private(set) var cursor = 0
    /// Lines entered before, oldest first (shared with the REPL's history).
    var history: [String]
    private var historyIndex: Int?
    /// Candidates to show after an ambiguous Tab.
    private(set) var hint: String?
    let completer: Completer

    init(history: [String], completer: Completer) {
        self.history = history
        self.completer = completer
    }

    /// What a key did to the prompt.
    enum Outcome: Equatable { case editing, submitted(String), cancelled }

    mutating func handle(_ key: ViewKey) -> Outcome {
        hint = nil
        switch key {
        case .character(let c):
            text.insert(c, at: cursor)
            cursor += 1
        case .backspace:
            if cursor > 0 { text.remove(at: cursor - 1); cursor -= 1 } else if text.isEmpty { return .cancelled }
        case .delete:
            if cursor < text.count { text.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = text.count
        case .up: recall(-1)
        case .down: recall(1)
        case .tab: complete()
        case .escape: return .cancelled
        case .enter:
            let line = String(text)
            if !line.allSatisfy(\.isWhitespace) { history.append(line) }
            return .submitted(line)
        default: break
        }
        return .editing
    }

    private mutating func recall(_ direction: Int) {
        guard !history.isEmpty else { return }
        let index = (historyIndex ?? history.count) + direction
        guard index >= 0 else { return }
        if index >= history.count {
            historyIndex = nil
            text = []
        } else {
            historyIndex = index
            text = Array(history[index])
        }
        cursor = text.count
    }

    private mutating func complete() {
        let line = String(text[..<cursor])
        let candidates = completer.candidates(line: line, cursor: line.count)
        guard !candidates.isEmpty else { return }
        let start = Completer.wordStart(line: line, cursor: line.count)
        let typed = Array(line)[start...]
        var common = candidates[0]
        for c in candidates.dropFirst() { common = String(common.commonPrefix(with: c)) }
        let addition = Array(common.dropFirst(typed.count))
        text.insert(contentsOf: addition, at: cursor)
        cursor += addition.count
        if candidates.count == 1, !(candidates[0].hasSuffix("=") || candidates[0].hasSuffix("/")) {
            text.insert(" ", at: cursor)
            cursor += 1
        } else if candidates.count > 1 {
            hint = candidates.prefix(12).joined(separator: "  ")
        }
    }
}
