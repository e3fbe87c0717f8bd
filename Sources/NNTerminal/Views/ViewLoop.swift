import Foundation
import NNRender
import NNSession

/// Runs a full-screen view: keys, resizes and the clock go in as messages; frames come out
/// at most 30 times a second, so fast training never floods the terminal.
///
/// While the view is busy (training), the loop gives it slices of at most 25 ms between
/// frames and reads keys after every slice, so keys are answered within 50 ms.
///
/// After every update and slice of work the loop carries out the tasks the view handed out
/// (saving progress and grades; `InteractiveView.carryOutTasks`), so the view never waits on
/// the disk inside `update` and the next key sees the record as saved.
final class ViewLoop {
    /// The most frames per second drawn.
    static let framesPerSecond = 30.0
    /// The longest slice of work between looks at the keyboard.
    static let workSlice = 0.025

    let view: InteractiveView
    let screen: CursesScreen
    var prompt: PromptLine?
    var history: [String]
    let completer: Completer
    /// A line shown on the last row until the next key (a command's result).
    var status: String?
    /// Frames drawn, and the seconds the loop ran, for the frame-rate statistics.
    private(set) var frames = 0
    /// Frames drawn, and seconds passed, while the view had work to do (training ran).
    private(set) var busyFrames = 0
    private(set) var busySeconds = 0.0
    /// Seconds spent rendering and drawing frames.
    private(set) var drawSeconds = 0.0
    private(set) var seconds = 0.0

    init(view: InteractiveView, screen: CursesScreen, history: [String], completer: Completer) {
        self.view = view
        self.screen = screen
        self.history = history
        self.completer = completer
    }

    /// Runs until the view closes (or Ctrl-C closes it).
    func run() {
        let clock = ContinuousClock()
        let began = clock.now
        var size = screen.size
        _ = send(.resize(width: size.width, height: size.height))
        var nextFrame = clock.now
        var dirty = true
        func elapsed(_ from: ContinuousClock.Instant) -> Double {
            let d = clock.now - from
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        running: while true {
            let iteration = clock.now
            let working = view.isBusy
            defer {
                if working { busySeconds += elapsed(iteration) }
            }
            if Interruption.requested {
                Interruption.clear()
                if prompt != nil { prompt = nil; dirty = true } else { _ = send(.key(.character("q"))); break running }
            }
            let untilFrame = max(0, -elapsed(nextFrame))
            var wait = view.isBusy ? 0 : Int(min(50, untilFrame * 1000 + 1))
            while let input = screen.read(waiting: wait) {
                wait = 0
                dirty = true
                switch input {
                case .interrupt:
                    if prompt != nil { prompt = nil } else { _ = send(.key(.character("q"))); break running }
                case .resize:
                    size = screen.size
                    screen.invalidate()
                    _ = send(.resize(width: size.width, height: size.height))
                case .key(let key):
                    if handle(key) { break running }
                }
            }
            if view.isBusy {
                // Work until the next frame is due; when it is due already, draw first.
                let budget = min(ViewLoop.workSlice, max(0, -elapsed(nextFrame)))
                if budget > 0.0005 || !dirty {
                    if view.work(budget: max(budget, 0.0005)) { dirty = true }
                    if !view.carryOutTasks().isEmpty { dirty = true }
                }
            } else {
                let effect = view.update(.tick)
                if !view.carryOutTasks().isEmpty { dirty = true }
                if effect == .close { break running }
                // A view with nothing to do may still change on its own (an interview's clock).
                if view.work(budget: 0) { dirty = true }
                if !view.carryOutTasks().isEmpty { dirty = true }
            }
            if dirty && elapsed(nextFrame) >= 0 {
                let drawStart = clock.now
                draw(size)
                drawSeconds += elapsed(drawStart)
                frames += 1
                if working { busyFrames += 1 }
                // Frames keep a steady beat: a slow frame (a boundary redraw) is made up by
                // drawing the next one sooner, but never by a burst of frames after a stall.
                let interval = Duration.microseconds(Int(1_000_000 / ViewLoop.framesPerSecond))
                nextFrame = max(nextFrame + interval, drawStart)
                dirty = false
            }
        }
        seconds = elapsed(began)
    }

    /// Gives the view a message, then carries out the tasks it handed out.
    private func send(_ message: ViewMessage) -> ViewEffect {
        let effect = view.update(message)
        view.carryOutTasks()
        return effect
    }

    /// Handles a key; returns true when the view closes.
    private func handle(_ key: ViewKey) -> Bool {
        status = nil
        if var line = prompt {
            switch line.handle(key) {
            case .editing:
                prompt = line
            case .cancelled:
                prompt = nil
            case .submitted(let text):
                history = line.history
                prompt = nil
                if !text.allSatisfy(\.isWhitespace) {
                    status = view.runCommand(text)
                    view.carryOutTasks()
                }
            }
            return false
        }
        switch send(.key(key)) {
        case .close: return true
        case .openPrompt: prompt = PromptLine(history: history, completer: completer)
        case .none: break
        }
        return false
    }

    private func draw(_ size: (width: Int, height: Int)) {
        var buffer = Buffer(width: size.width, height: size.height)
        view.render(into: &buffer)
        let row = Rect(x: 0, y: size.height - 1, width: size.width, height: 1)
        if let prompt {
            buffer.fill(row)
            let text = ":" + String(prompt.text)
            buffer.set(x: 0, y: row.y, string: text, style: Style(bold: true), clip: row)
            let cursorX = 1 + DisplayWidth.of(String(prompt.text.prefix(prompt.cursor)))
            let under = prompt.cursor < prompt.text.count ? String(prompt.text[prompt.cursor]) : " "
            buffer.set(x: cursorX, y: row.y, string: under, style: Style(reverse: true), clip: row)
            if let hint = prompt.hint, size.height > 1 {
                let hintRow = Rect(x: 0, y: size.height - 2, width: size.width, height: 1)
                buffer.fill(hintRow)
                buffer.set(x: 1, y: hintRow.y, string: hint, style: Style(dim: true), clip: hintRow)
            }
        } else if let status {
            buffer.fill(row)
            let isError = status.hasPrefix("error:")
            buffer.set(x: 1, y: row.y, string: status, style: isError ? Style(fg: .red, bold: true) : Style(bold: true), clip: row)
        }
        screen.draw(buffer)
    }
}
