import Foundation
import NNRender
import NNSession

/// Opens the full-screen views commands ask for, taking the terminal from line editing and
/// handing it back afterwards (`def_prog_mode`/`endwin` out, `reset_prog_mode`/`refresh` in),
/// so the scrollback stays as it was and libedit and curses never use the terminal at once.
final class ViewRunner {
    private var screen: CursesScreen?
    private let colorMode: ColorMode
    /// The REPL's history, shared with the views' `:` prompt.
    var history: [String]
    let completer: Completer

    init(colorMode: ColorMode, history: [String], completer: Completer) {
        self.colorMode = colorMode
        self.history = history
        self.completer = completer
    }

    /// Runs the view a request names and returns what to print into the scrollback afterwards.
    func open(_ request: ViewRequest, session: Session) -> [OutputBlock] {
        let screen: CursesScreen
        do {
            if let existing = self.screen {
                existing.resume()
                screen = existing
            } else {
                screen = try CursesScreen(colorMode: colorMode)
                self.screen = screen
                ActiveScreen.isActive = true
            }
        } catch {
            return [.text("note: \(error); the view cannot open, so here is the plain output instead")] + fallback(request, session: session)
        }
        defer {
            screen.suspend()
        }
        let size = screen.size
        let view: InteractiveView
        switch request {
        case let .dashboard(epochs, batch, patience, pace):
            do {
                view = try TrainingDashboard(session: session, epochs: epochs, batch: batch, patience: patience, pace: pace ?? .unlimited,
                                             width: size.width, height: size.height)
            } catch {
                screen.suspend()
                return [.text("error: \(error.message)")]
            }
        case let .trace(sample):
            do {
                view = try TraceView(session: session, sample: sample, width: size.width, height: size.height)
            } catch {
                screen.suspend()
                return [.text("error: \(error.message)")]
            }
        case let .quiz(request):
            let round = session.startQuiz(request)
            guard !round.cards.isEmpty else {
                screen.suspend()
                return [.text((round.warnings.map { "warning: \($0)" } + ["nothing to ask: no quiz questions\(request.topic.map { " on \($0)" } ?? "")"]).joined(separator: "\n"))]
            }
            view = QuizView(session: session, round: round, width: size.width, height: size.height)
        case let .lesson(name):
            do {
                view = try LessonExplorer(lessonNamed: name, environment: session.environment, width: size.width, height: size.height)
            } catch {
                screen.suspend()
                return [.text("error: \(error.message)")]
            }
        case let .draw(classes):
            view = DrawingView(session: session, classes: classes, width: size.width, height: size.height)
        }
        let loop = ViewLoop(view: view, screen: screen, history: history, completer: completer)
        // The canvas takes clicks: mouse reporting is on while it is up, and off again after.
        let wantsMouse = view is DrawingView
        if wantsMouse { screen.setMouseReporting(true) }
        loop.run()
        if wantsMouse { screen.setMouseReporting(false) }
        history = loop.history
        session.environment.width = screen.size.width
        view.carryOutTasks()
        var blocks = view.closingOutput()
        // Closing may leave something to save (a mock interview's result); a failure is said here.
        for result in view.carryOutTasks() {
            if let warning = result.warningLine { blocks.append(.text(warning)) }
        }
        if ProcessInfo.processInfo.environment["NNLAB_VIEW_STATS"] != nil, loop.seconds > 0 {
            var line = String(format: "view: %d frames in %.2f s, %.1f frames/s, %.1f ms a frame to draw", loop.frames, loop.seconds,
                              Double(loop.frames) / loop.seconds, 1000 * loop.drawSeconds / Double(max(1, loop.frames)))
            if loop.busySeconds > 0 {
                line += String(format: "; while working %d frames in %.2f s, %.1f frames/s", loop.busyFrames, loop.busySeconds,
                               Double(loop.busyFrames) / loop.busySeconds)
            }
            blocks.append(.text(line))
        }
        return blocks
    }

    /// What a view request prints when no view can open: its plain form, in the scrollback.
    private func fallback(_ request: ViewRequest, session: Session) -> [OutputBlock] {
        // Commands are built from their words, never from text parsed again (a lesson's name
        // stays one word whatever it holds).
        let name: String
        let words: [String]
        switch request {
        case let .dashboard(epochs, batch, patience, _):
            name = "train"
            words = ["epochs=\(epochs)"] + (batch.map { ["batch=\($0)"] } ?? []) + (patience.map { ["patience=\($0)"] } ?? [])
        case let .trace(sample):
            name = "trace"
            words = ["sample=\(sample)"]
        case let .lesson(lesson):
            name = "lesson"
            words = [lesson, "--plain"]
        case .quiz:
            return [.text("the quiz can also run as plain text: `nnlab quiz --plain` reads the answers from standard input")]
        case .draw:
            return [.text(DrawingView.needsTerminal)]
        }
        var blocks: [OutputBlock] = []
        let interactive = session.environment.interactive
        session.environment.interactive = false
        defer { session.environment.interactive = interactive }
        do {
            try session.run(try Command(name: name, words: words)) { blocks.append($0) }
        } catch {
            blocks.append(.text("error: \(error.message)"))
        }
        return blocks
    }

    /// Leaves curses for good (at exit).
    func close() {
        screen?.end()
        screen = nil
        ActiveScreen.isActive = false
    }
}

/// Whether curses holds the terminal, for the signal handlers that must give it back.
enum ActiveScreen {
    nonisolated(unsafe) static var isActive = false
}
