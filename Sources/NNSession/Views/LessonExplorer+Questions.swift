import NNEngine
import NNLessons
import NNRender

/// The "Check yourself" questions answered in place: Tab selects a question like a block,
/// digits choose its options (or type a number), Enter answers, and the verdict with the
/// explanation shows under it. Each answer goes through a one-card `QuizRound`, the quiz's own
/// marker and recorder, so it lands in the same review store as the hub's `quiz`.
extension LessonExplorer {
    /// A question being answered: the round that marks and records it, and what the learner
    /// has chosen or typed so far.
    struct QuestionAttempt {
        var round: QuizRound
        var chosen: [Int] = []
        var entry = ""
        var problem: String?
        /// How many times it was asked on this visit (each asking shuffles the options anew).
        var asked: Int

        /// The state the page draws.
        var pageState: LessonPageText.QuestionState {
            var state = LessonPageText.QuestionState(card: round.cards[0])
            state.chosen = chosen
            state.entry = entry
            state.problem = problem
            if case .answered(let feedback) = round.stage {
                state.feedback = feedback
                state.awaitsGrade = round.awaitsGrade
                if feedback.verdict == .selfGraded { state.grade = round.results.first?.grade }
            }
            return state
        }

        var isAnswered: Bool { if case .answered = round.stage { return true } else { return false } }
    }

    /// The selected question, if the selection is one.
    public var selectedQuestion: QuizQuestion? {
        if case .question(let question)? = selectedLessonItem { return question }
        return nil
    }

    /// How a question of the lesson stands on the page (nil before it was shown).
    public func questionState(_ id: String) -> LessonPageText.QuestionState? { questionAttempts[id]?.pageState }

    /// Makes the attempts of the page's questions that have none yet (options shuffled by a
    /// seed taken from the question's id, so a page draws the same each time it is shown).
    func prepareQuestions() {
        for item in page.items {
            if case .question(let question) = item, questionAttempts[question.id] == nil {
                questionAttempts[question.id] = makeAttempt(question, asked: 0)
            }
        }
    }

    func makeAttempt(_ question: QuizQuestion, asked: Int) -> QuestionAttempt {
        var random = SeededGenerator(seed: Self.seed(question.id) &+ UInt64(asked))
        let card = QuizCard(question: question, isNew: false, random: &random)
        let round = QuizRound(cards: [card], mode: .practice, deckSummary: "lesson \(lesson.id)", store: nil,
                              dataFolder: environment.dataFolder)
        return QuestionAttempt(round: round, asked: asked)
    }

    /// FNV-1a of a question's id.
    static func seed(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The page's question states, for the layout.
    var pageQuestionStates: [String: LessonPageText.QuestionState] {
        var states: [String: LessonPageText.QuestionState] = [:]
        for item in page.items {
            if case .question(let question) = item, let attempt = questionAttempts[question.id] {
                states[question.id] = attempt.pageState
            }
        }
        return states
    }

    /// A key for the selected question: digits choose options, grade a short answer or type a
    /// number; Backspace takes back; `r` asks an answered question again. Returns whether the
    /// key was the question's.
    func handleQuestionKey(_ key: ViewKey) -> Bool {
        guard let question = selectedQuestion, var attempt = questionAttempts[question.id] else { return false }
        let count = attempt.round.cards[0].displayOrder.count
        if attempt.isAnswered {
            if attempt.round.awaitsGrade, case .character(let c) = key, let grade = Self.selfGrade(c) {
                attempt.round.grade(grade)
                pendingTasks += attempt.round.takeTasks()
                questionAttempts[question.id] = attempt
                say("graded \(grade.rawValue): saved for review")
                changed()
                keepSelectionEndInView()
                return true
            }
            if key == .character("r") {
                attempt = makeAttempt(question, asked: attempt.asked + 1)
                questionAttempts[question.id] = attempt
                say("asked again, the options in a new order")
                changed()
                scrollToSelection()
                return true
            }
            if case .character(let c) = key, c.isNumber {
                say(attempt.round.awaitsGrade ? "grade yourself with 1 to 4" : "answered; r asks it again", error: !attempt.round.awaitsGrade)
                return true
            }
            return false
        }
        switch (question.kind, key) {
        case (.numeric, .character(let c)) where c.isNumber || ".,-−+eE/%".contains(c):
            attempt.entry.append(c)
        case (.numeric, .backspace), (.numeric, .delete):
            if attempt.entry.isEmpty { return true }
            attempt.entry.removeLast()
        case (.choice, .character(let c)), (.bug, .character(let c)), (.multi, .character(let c)), (.order, .character(let c)):
            guard let digit = c.wholeNumberValue, c.isASCII, digit >= 1 else { return false }
            guard digit <= count else {
                say("this question has options 1 to \(count)", error: true)
                return true
            }
            let position = digit - 1
            switch question.kind {
            case .choice, .bug:
                attempt.chosen = [position]
            case .multi:
                if let index = attempt.chosen.firstIndex(of: position) { attempt.chosen.remove(at: index) } else { attempt.chosen.append(position) }
            default:
                // An item pressed again goes back out of the order, with those after it.
                if let index = attempt.chosen.firstIndex(of: position) { attempt.chosen.removeSubrange(index...) } else { attempt.chosen.append(position) }
            }
        case (.multi, .backspace), (.order, .backspace), (.multi, .delete), (.order, .delete):
            if attempt.chosen.isEmpty { return true }
            attempt.chosen.removeLast()
        default:
            return false
        }
        attempt.problem = nil
        questionAttempts[question.id] = attempt
        changed()
        if !selectionIsVisible { scrollToSelection() }
        return true
    }

    /// Enter on a question: marks the answer and records it (a short one shows the model answer
    /// and waits for the learner's grade).
    func answerSelectedQuestion() {
        guard let question = selectedQuestion, var attempt = questionAttempts[question.id] else { return }
        if attempt.isAnswered {
            say(attempt.round.awaitsGrade ? "grade yourself with 1 to 4" : "answered; r asks it again, Tab goes on")
            return
        }
        let count = attempt.round.cards[0].displayOrder.count
        let text: String
        switch question.kind {
        case .short:
            text = ""
        case .numeric:
            guard !attempt.entry.isEmpty else {
                say("type the number first, then Enter", error: true)
                return
            }
            text = attempt.entry
        case .order:
            guard attempt.chosen.count == count else {
                say("press all \(count) numbers in the right order first", error: true)
                return
            }
            text = attempt.chosen.map { String($0 + 1) }.joined(separator: " ")
        case .choice, .bug, .multi:
            guard !attempt.chosen.isEmpty else {
                say(question.kind == .multi ? "tick the right ones with 1 to \(count) first" : "choose with 1 to \(count) first", error: true)
                return
            }
            text = attempt.chosen.sorted().map { String($0 + 1) }.joined(separator: " ")
        }
        if let problem = attempt.round.submit(text) {
            attempt.problem = problem
            questionAttempts[question.id] = attempt
            say(problem, error: true)
            changed()
            return
        }
        attempt.problem = nil
        questionAttempts[question.id] = attempt
        pendingTasks += attempt.round.takeTasks()
        if case .answered(let feedback) = attempt.round.stage {
            switch feedback.verdict {
            case .right: say("✓ right: saved for review")
            case .wrong: say("✗ not quite: the answer is \(attempt.pageState.expected)", error: true)
            case .selfGraded: say("compare with the model answer, then grade yourself with 1 to 4")
            }
        }
        changed()
        keepSelectionEndInView()
    }

    /// Scrolls so the end of the selected item (a verdict, a new hint) is in view.
    func keepSelectionEndInView() {
        let ranges = pageText().itemRanges
        guard ranges.indices.contains(selectedItem) else { return }
        let end = ranges[selectedItem].upperBound
        if end > proseScroll + proseViewHeight { proseScroll = end - proseViewHeight }
        clampScrolls()
    }

    /// The grade a digit gives a short answer: 1 again, 2 hard, 3 good, 4 easy.
    static func selfGrade(_ key: Character) -> ReviewGrade? {
        switch key {
        case "1": return .again
        case "2": return .hard
        case "3": return .good
        case "4": return .easy
        default: return nil
        }
    }

    /// The keys the selected question takes now, for the key bar.
    var questionKeys: [(String, String, Int)] {
        guard let question = selectedQuestion, let attempt = questionAttempts[question.id] else { return [] }
        let count = attempt.round.cards[0].displayOrder.count
        if attempt.isAnswered {
            return attempt.round.awaitsGrade ? [("1–4", "grade yourself", 0)] : [("r", "ask again", 1)]
        }
        switch question.kind {
        case .choice, .bug: return [("1–\(count)", "choose", 0), ("Enter", "answer", 0)]
        case .multi: return [("1–\(count)", "tick", 0), ("Enter", "answer", 0)]
        case .order: return [("1–\(count)", "order", 0), ("Enter", "answer", 0)]
        case .numeric: return [("0–9", "type", 0), ("Enter", "answer", 0)]
        case .short: return [("Enter", "model answer", 0)]
        }
    }
}
