#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NNEngine
import NNLessons
import NNRender
import NNSession

/// The quiz in plain text, for scripts and tests: each question on standard output, each
/// answer read as one line of standard input.
///
/// After a `short` question's answer the model answer is printed and a second line is read as
/// the self-grade (`again`, `hard`, `good`, `easy`, or 1–4). An answer that cannot be read is
/// explained and read again. The end of input ends the round; the report is printed either way.
public struct PlainQuiz {
    /// The session whose lessons and data folder the quiz uses.
    public let session: Session
    /// The width the questions are wrapped at.
    public let width: Int
    /// Whether answers are written back after the prompt, so a transcript shows them (when
    /// they come from a file or a pipe, nothing else echoes them).
    public var echoesAnswers: Bool
    private let readAnswer: () -> String?
    private let write: (String) -> Void

    /// Makes a plain quiz reading answers with `readAnswer` and writing with `write`
    /// (standard input and output by default). Everything written has its control characters
    /// escaped (like `\x1b`): questions come from lesson files and answers from the learner.
    public init(session: Session, width: Int, readAnswer: @escaping () -> String? = { readLine(strippingNewline: true) },
                write: @escaping (String) -> Void = { StandardStream.out($0) }) {
        self.session = session
        self.width = width
        self.readAnswer = readAnswer
        self.echoesAnswers = isatty(STDIN_FILENO) == 0
        self.write = { write(InputExcerpt.escapingControls($0, keepingNewlines: true)) }
    }

    /// Asks the round a request makes; returns the exit status (0, or 1 when nothing could be asked).
    public func run(_ request: QuizRequest) -> Int32 {
        let round = session.startQuiz(request)
        for warning in round.warnings { write("warning: \(warning)\n") }
        guard !round.cards.isEmpty else {
            write("nothing to ask: no quiz questions\(request.topic.map { " on \($0)" } ?? "")\n")
            return 1
        }
        let what = request.interview ? "mock interview" : "quiz"
        write("\(what): \(round.deckSummary)\n")
        ask: while let card = round.current {
            write("\n" + header(card, round: round) + "\n")
            write(card.plainText(width: width) + "\n")
            while case .asking = round.stage {
                write("answer (\(card.instruction))> ")
                guard let line = readAnswer() else { write("\n"); break ask }
                if echoesAnswers { write(line + "\n") }
                if let problem = round.submit(line) { write("\(problem)\n") }
                save(round)
                if round.stage == .finished { write("time is up\n"); break ask }
            }
            guard case let .answered(feedback) = round.stage else { break }
            write(verdict(feedback) + "\n")
            write(plain(feedback.explanation) + "\n")
            while round.awaitsGrade {
                write("grade yourself (again, hard, good, easy)> ")
                guard let line = readAnswer() else { write("\n"); break ask }
                if echoesAnswers { write(line + "\n") }
                if let grade = Self.grade(line) { round.grade(grade) } else { write("answer again, hard, good or easy (or 1–4)\n") }
                save(round)
            }
            round.advance()
        }
        round.finish()
        save(round)
        write("\n" + QuizReport(round: round).lines.joined(separator: "\n") + "\n")
        return 0
    }

    /// Saves the grades (and an interview's result) the round has given so far; a failure joins
    /// the round's warnings, which the report lists.
    private func save(_ round: QuizRound) {
        for task in round.takeTasks() { round.taskFinished(task.carryOut()) }
    }

    private func header(_ card: QuizCard, round: QuizRound) -> String {
        var parts = ["question \(round.index + 1) of \(round.cards.count)", card.question.topic, card.question.kind.rawValue]
        if let left = round.secondsLeft { parts.append("\(QuizReport.clock(left)) left") }
        let text = "── " + parts.joined(separator: " · ") + " "
        return text + String(repeating: "─", count: max(2, width - DisplayWidth.of(text)))
    }

    /// Markdown as plain wrapped lines.
    private func plain(_ markdown: String) -> String {
        OutputPrinter(width: width, colorMode: .none).text(LessonRunner.proseBlock(markdown, width: width, colorMode: .none))
            .trimmingCharacters(in: .newlines)
    }

    private func verdict(_ feedback: QuizFeedback) -> String {
        var lines: [String]
        switch feedback.verdict {
        case .right: lines = ["✓ " + feedback.headline]
        case .wrong: lines = ["✗ " + feedback.headline]
        case .selfGraded: lines = ["model answer:"]
        }
        if let diagnosis = feedback.diagnosis { lines.append("diagnosis: " + diagnosis) }
        return lines.joined(separator: "\n")
    }

    /// A self-grade from a word or a number.
    static func grade(_ text: String) -> ReviewGrade? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "again", "a": return .again
        case "2", "hard", "h": return .hard
        case "3", "good", "g": return .good
        case "4", "easy", "e": return .easy
        default: return nil
        }
    }
}
