import NNText
import Foundation
import NNEngine
import NNLessons

extension Session {
    /// The request a `quiz` command line makes (for `nnlab quiz`, which runs it itself).
    public func quizRequest(line: String) throws(CommandError) -> QuizRequest {
        let commands = try CommandParser.parse(line)
        guard let command = commands.first, command.name == "quiz" else {
            throw CommandError("expected a quiz command, like `quiz optimizers n=5`")
        }
        return try quizRequest(command)
    }

    /// The request a `quiz` command makes (for `nnlab quiz`, built from its own arguments).
    public func quizRequest(_ command: Command) throws(CommandError) -> QuizRequest {
        let words = command.positionals
        try noExtraWords(command, allowed: 1)
        let count = try integerOption(command, "n", minimum: 1, maximum: 200) ?? QuizRequest.defaultCount
        let minutes = command.option("minutes")?.number
        if let argument = command.optionArgument("minutes"), let minutes, !(minutes > 0 && minutes <= 600) {
            throw CommandError("minutes must be more than 0 and at most 600", at: argument)
        }
        let seed = command.option("seed")?.number.map { UInt64(Swift.max(0, $0)) }
        guard let word = words.first else { return QuizRequest(count: count, minutes: minutes, seed: seed) }
        let name = word.value.text
        if name.lowercased() == "interview" {
            return QuizRequest(count: count, interview: true, minutes: minutes, seed: seed)
        }
        if minutes != nil, let argument = command.optionArgument("minutes") {
            throw CommandError("minutes= is for the mock interview: `quiz interview minutes=\(argument.raw.dropFirst(8))`", at: argument)
        }
        let course = loadCourse()
        let bank = QuizBank(course: course)
        let names = bank.topics + course.lessons.map(\.id)
        // A lesson's old id (an alias) names the lesson's questions, as its id does.
        if !names.contains(name), let lesson = course.lessons.first(where: { $0.header.aliases.contains(name) }) {
            return QuizRequest(topic: lesson.id, count: count, seed: seed)
        }
        guard names.contains(name) else {
            let hint = Suggestion.hint(for: name, in: names) ?? "; topics: \(bank.topics.joined(separator: ", "))"
            throw CommandError("no quiz questions on '\(InputExcerpt.cut(name))'\(hint)", at: word)
        }
        return QuizRequest(topic: name, count: count, seed: seed)
    }

    /// Starts the round a request asks for: the deck from the bank and the review schedule,
    /// grades saved in the data folder's review store.
    public func startQuiz(_ request: QuizRequest, clock: @escaping () -> Date = Date.init) -> QuizRound {
        let course = loadCourse()
        let bank = QuizBank(course: course)
        var warnings = course.problems.isEmpty ? [] :
            ["\(course.problems.count) problem\(course.problems.count == 1 ? "" : "s") in the lesson files; `lesson check` lists them"]
        let store: ReviewStore?
        do {
            store = try ReviewStore(dataFolder: environment.dataFolder)
            if let warning = store?.warning { warnings.append(Self.withoutWarningPrefix(warning)) }
        } catch {
            store = nil
            // The store's message says that nothing will be saved, except when it is busy.
            if !error.alreadyReported { warnings.append(error.isBusy ? "your answers will not be saved: \(error)" : "\(error)") }
        }
        let states = store?.allStates() ?? [:]
        var random = SeededGenerator(seed: request.seed ?? UInt64.random(in: 0...UInt64.max))
        let questions = request.topic.map { bank.questions(topic: $0) } ?? bank.questions
        let chosen: [QuizQuestion]
        let summary: String
        if request.interview {
            chosen = QuizDeck.interview(questions, count: request.count, random: &random)
            summary = "\(chosen.count) questions across \(Set(chosen.map(\.topic)).count) topics, \(QuizReport.duration(request.minutes * 60))"
        } else {
            (chosen, summary) = QuizDeck.practice(questions, states: states, count: request.count, at: clock())
        }
        let cards = chosen.map { QuizCard(question: $0, isNew: states[$0.id] == nil, random: &random) }
        return QuizRound(cards: cards, mode: request.interview ? .interview(seconds: request.minutes * 60) : .practice,
                         deckSummary: summary, store: store, warnings: warnings, clock: clock)
    }

    /// A message without a leading "warning: " (the places that print it add their own).
    static func withoutWarningPrefix(_ text: String) -> String {
        text.hasPrefix("warning: ") ? String(text.dropFirst("warning: ".count)) : text
    }
}
