import Foundation
import NNLessons
import NNRender

/// The full-screen quiz: one card at a time, the answer typed on the entry line, the verdict
/// with the worked solution or model answer, grade keys for short answers, and the report at
/// the end. A mock interview shows the time left and ends when it runs out.
///
/// Grades are saved by the loop, not by `update`: the round's tasks are handed out through
/// `takeTasks`, and a grade that could not be saved comes back as a warning on the entry row.
public final class QuizView: InteractiveView {
    /// The smallest terminal the quiz draws in.
    public static let minimumSize = (width: ViewMinimumSize.width, height: ViewMinimumSize.height)

    let session: Session
    /// The round being asked.
    public let round: QuizRound
    /// The answer being typed.
    public private(set) var entry = ""
    /// A line for the entry row: why an answer could not be read, or a command's result.
    public private(set) var message: String?
    /// How far the card is scrolled.
    public private(set) var scroll = 0
    /// The terminal size last seen.
    public private(set) var size: (width: Int, height: Int)
    private var lastSecondShown: Int?
    private var cardHeight = 10
    private var contentHeight = 0

    /// Opens the quiz on a round.
    public init(session: Session, round: QuizRound, width: Int, height: Int) {
        self.session = session
        self.round = round
        self.size = (width, height)
    }

    // MARK: Update

    public func update(_ message: ViewMessage) -> ViewEffect {
        switch message {
        case let .resize(width, height):
            size = (width, height)
        case .tick:
            if round.isTimeUp, round.stage != .finished {
                round.finish()
                self.message = "time is up"
            }
        case let .key(key):
            return handle(key)
        case let .taskFinished(result):
            round.taskFinished(result)
            if let warning = result.warningLine { self.message = warning }
        }
        return .none
    }

    /// Hands over the round's grades (and an interview's result) to save.
    public func takeTasks() -> [ViewTask] { round.takeTasks() }

    private func handle(_ key: ViewKey) -> ViewEffect {
        switch key {
        case .up: scroll = max(0, scroll - 1); return .none
        case .down: scroll = min(maxScroll, scroll + 1); return .none
        case .pageUp: scroll = max(0, scroll - max(1, cardHeight - 2)); return .none
        case .pageDown: scroll = min(maxScroll, scroll + max(1, cardHeight - 2)); return .none
        default: break
        }
        switch round.stage {
        case .asking:
            return handleAnswerKey(key)
        case .answered:
            if round.awaitsGrade {
                if case let .character(c) = key, let grade = Self.grade(for: c) {
                    round.grade(grade)
                    nextCard()
                    return .none
                }
                if key == .escape { return quit() }
                return .none
            }
            switch key {
            case .enter, .character(" "), .character("n"), .right: nextCard()
            case .character(":"): return .openPrompt
            case .escape, .character("q"): return quit()
            default: break
            }
        case .finished:
            switch key {
            case .enter, .escape, .character("q"): return .close
            case .character(":"): return .openPrompt
            default: break
            }
        }
        return .none
    }

    private func handleAnswerKey(_ key: ViewKey) -> ViewEffect {
        switch key {
        case let .character(c):
            entry.append(c)
            message = nil
        case .backspace, .delete:
            if !entry.isEmpty { entry.removeLast() }
        case .enter:
            if let problem = round.submit(entry) {
                message = problem
            } else {
                message = nil
                entry = ""
                scroll = maxScroll
            }
        case .escape:
            return quit()
        default:
            break
        }
        return .none
    }

    private func nextCard() {
        round.advance()
        scroll = 0
        message = nil
    }

    private func quit() -> ViewEffect {
        round.finish()
        return .close
    }

    /// The grade a key gives: 1 or a again, 2 or h hard, 3 or g good, 4 or e easy.
    static func grade(for key: Character) -> ReviewGrade? {
        switch key {
        case "1", "a": return .again
        case "2", "h": return .hard
        case "3", "g": return .good
        case "4", "e": return .easy
        default: return nil
        }
    }

    public func work(budget: Double) -> Bool {
        // Only the interview clock changes the screen on its own: redraw once a second.
        guard let left = round.secondsLeft, round.stage != .finished else { return false }
        let second = Int(left)
        defer { lastSecondShown = second }
        return second != lastSecondShown
    }

    public var isBusy: Bool { false }

    public func runCommand(_ line: String) -> String {
        do {
            message = try session.statusLine(running: line)
        } catch {
            message = "error: \(error.message)"
        }
        return message ?? ""
    }

    public func closingOutput() -> [OutputBlock] {
        round.finish()
        return [.text(QuizReport(round: round).lines.joined(separator: "\n"))]
    }

    // MARK: Rendering

    private var maxScroll: Int { max(0, contentHeight - cardHeight) }

    public func render(into buffer: inout Buffer) {
        guard ViewMinimumSize.fits(&buffer) else { return }
        let area = buffer.area
        let rows = Layout.split(area, direction: .vertical, constraints: [.length(1), .fill, .length(1), .length(1)])
        renderTitle(into: &buffer, rows[0])
        renderCard(into: &buffer, rows[1])
        renderEntry(into: &buffer, rows[2])
        renderKeys(into: &buffer, rows[3])
    }

    private func renderTitle(into buffer: inout Buffer, _ row: Rect) {
        let style = Style(reverse: true)
        buffer.fill(row, style: style)
        let what: String
        switch round.mode {
        case .practice: what = "quiz"
        case .interview: what = "mock interview"
        }
        var title = " nnlab · \(what)"
        if round.stage != .finished, !round.cards.isEmpty {
            title += " · question \(round.index + 1) of \(round.cards.count)"
        }
        title += " · \(round.results.filter(\.isRight).count) right"
        buffer.set(x: row.x, y: row.y, string: title, style: style, clip: row)
        if let left = round.secondsLeft {
            let clock = " ⏱ \(QuizReport.clock(left)) left "
            var clockStyle = Style(bold: true, reverse: true)
            if left < 60 { clockStyle.fg = .red }
            buffer.set(x: row.x + row.width - DisplayWidth.of(clock), y: row.y, string: clock, style: clockStyle, clip: row)
        } else {
            let note = " \(round.deckSummary) "
            buffer.set(x: row.x + row.width - DisplayWidth.of(note), y: row.y, string: note, style: style, clip: row)
        }
    }

    private func renderCard(into buffer: inout Buffer, _ area: Rect) {
        let title: String
        if let card = round.current {
            let kind = card.question.kind.rawValue
            title = "\(card.question.topic) · \(kind)\(card.isNew ? " · new" : "")"
        } else {
            title = "report"
        }
        let panel = Panel(title: title)
        panel.render(in: area, buffer: &buffer)
        let inner = panel.inner(of: area)
        let text = Rect(x: inner.x + 1, y: inner.y, width: max(1, inner.width - 2), height: inner.height)
        let lines = cardLines(width: text.width)
        cardHeight = text.height
        contentHeight = lines.count
        scroll = min(scroll, maxScroll)
        StyledTextView(lines: lines, scrollOffset: scroll, showsScrollBar: lines.count > text.height)
            .render(in: text, buffer: &buffer)
    }

    /// The card's lines: the question, then (once answered) the verdict and the explanation;
    /// at the end, the report.
    func cardLines(width: Int) -> [StyledLine] {
        let markdown = MarkdownRenderer()
        guard let card = round.current else {
            return QuizReport(round: round).lines.enumerated().map { i, line in
                StyledLine(line, style: i == 0 ? Style(bold: true) : Style())
            }
        }
        var lines = card.lines(width: width, theme: .standard)
        guard case let .answered(feedback) = round.stage else { return lines }
        lines.append("")
        switch feedback.verdict {
        case .right:
            lines.append(StyledLine("✓ " + feedback.headline, style: Style(fg: .green, bold: true)))
        case .wrong:
            lines.append(StyledLine("✗ " + feedback.headline, style: Style(fg: .red, bold: true)))
        case .selfGraded:
            let answer = round.pendingAnswer.trimmingCharacters(in: .whitespaces)
            for line in TextWrapper(width: width).wrap("your answer: " + (answer.isEmpty ? "(none)" : answer)) {
                lines.append(StyledLine(line, style: Style(dim: true)))
            }
            lines.append("")
            lines.append(StyledLine("model answer:", style: Style(fg: .cyan, bold: true)))
        }
        if let diagnosis = feedback.diagnosis {
            for line in TextWrapper(width: width).wrap("diagnosis: " + diagnosis) {
                lines.append(StyledLine(line, style: Style(fg: .yellow)))
            }
        }
        lines.append("")
        lines += markdown.render(feedback.explanation, width: width)
        return lines
    }

    private func renderEntry(into buffer: inout Buffer, _ row: Rect) {
        switch round.stage {
        case .asking:
            guard let card = round.current else { return }
            let label = "answer › "
            buffer.set(x: row.x + 1, y: row.y, string: label, style: Style(fg: .cyan, bold: true), clip: row)
            let x = row.x + 1 + DisplayWidth.of(label)
            if let message {
                buffer.set(x: x, y: row.y, string: entry.isEmpty ? message : entry + "   " + message,
                           style: entry.isEmpty ? Style(fg: .red) : Style(), clip: row)
            } else if entry.isEmpty {
                buffer.set(x: x, y: row.y, string: card.instruction, style: Style(dim: true), clip: row)
            } else {
                // Keep the end of a long answer in sight.
                let room = row.width - (x - row.x) - 2
                let shown = DisplayWidth.of(entry) > room ? "…" + String(entry.suffix(max(1, room - 1))) : entry
                let end = buffer.set(x: x, y: row.y, string: shown, style: Style(bold: true), clip: row)
                buffer.set(x: end, y: row.y, string: "▏", style: Style(fg: .cyan), clip: row)
            }
        case .answered:
            let text = round.awaitsGrade ? "grade yourself:  1 again   2 hard   3 good   4 easy"
                : (message ?? "Enter next question")
            buffer.set(x: row.x + 1, y: row.y, string: text, style: Style(fg: .cyan, bold: true), clip: row)
        case .finished:
            buffer.set(x: row.x + 1, y: row.y, string: message.map { "\($0) · Enter to return" } ?? "Enter to return",
                       style: Style(fg: .cyan, bold: true), clip: row)
        }
    }

    private func renderKeys(into buffer: inout Buffer, _ row: Rect) {
        let keys: String
        switch round.stage {
        case .asking: keys = "Enter submit (empty: I don't know)  ↑↓ scroll  Esc stop"
        case .answered: keys = round.awaitsGrade ? "1–4 grade  ↑↓ scroll  Esc stop" : "Enter next  ↑↓ scroll  : command  q stop"
        case .finished: keys = "Enter or q return  ↑↓ scroll"
        }
        buffer.set(x: row.x + 1, y: row.y, string: keys, style: Style(dim: true), clip: row)
    }
}
