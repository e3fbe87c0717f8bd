import Foundation
import NNRender

/// The dashboard's playground controls (`c`): a strip in place of the loss and health panels
/// that shows the data, features, architecture and training settings; ↑/↓ (Tab) choose a
/// control and ←/→ (+/-) change it. Each change runs the commands that make it (so they join
/// the session's history and `history save` replays them): learning rate, batch size and
/// regularization apply to the running training; data, features and architecture restart
/// it from the seed, as TensorFlow Playground does.
extension TrainingDashboard {
    /// The key that shows and hides the strip.
    public static let controlsKey: Character = "c"

    /// The batch size the running training uses now.
    public var liveBatchSize: Int? { run.batchSize }

    /// Whether the control strip is shown.
    public var showsControls: Bool { controls != nil }

    /// Handles a key for the strip; nil when the key is not the strip's (the dashboard's own
    /// keys then apply).
    func handleControlKey(_ key: ViewKey) -> ViewEffect? {
        if key == .character(Self.controlsKey) {
            if controls == nil {
                var fresh = PlaygroundControls(session: session)
                fresh.selected = lastControlRow
                controls = fresh
                say("controls: ↑/↓ choose, ←/→ change; each change runs its command (c hides)")
            } else {
                controls = nil
                say("controls hidden (c shows them)")
            }
            boundaryCache.reset()
            lossCache.reset()
            healthCache.reset()
            return ViewEffect.none
        }
        guard var strip = controls else { return nil }
        switch key {
        case .up, .backTab:
            strip.move(by: -1)
        case .down, .tab:
            strip.move(by: 1)
        case .left, .character("-"), .character("_"):
            return changeControl(by: -1)
        case .right, .character("+"), .character("="):
            return changeControl(by: 1)
        case .escape:
            controls = nil
            lossCache.reset()
            healthCache.reset()
            return ViewEffect.none
        default:
            return nil
        }
        controls = strip
        return ViewEffect.none
    }

    /// The row the strip opens on: the learning rate, the control played with most.
    var lastControlRow: Int {
        PlaygroundControls(session: session).rows.firstIndex(of: .learningRate) ?? 0
    }

    /// Changes the selected control one step and runs the commands that make the change.
    func changeControl(by step: Int) -> ViewEffect {
        guard var strip = controls else { return .none }
        let row = strip.selectedRow
        guard let change = strip.change(by: step) else {
            if strip.dataset == nil, row == .noise || row == .testSplit {
                say("noise and split are for the built-in sets: choose one on the data row first")
                return .none
            }
            say("\(strip.label(of: row).trimmingCharacters(in: .whitespaces)): \(strip.value(of: row)) is as far as it goes")
            return .none
        }
        let wasRunning = phase == .running
        let reply = runCommands(change.commands)
        if reply.hasPrefix("error") {
            say(reply)
            // The state is as before the change: read the controls from it again.
            var back = PlaygroundControls(session: session)
            back.selected = strip.selected
            controls = back
            return .none
        }
        if change.effect == .restart {
            if wasRunning { phase = .running }
            paceStart = nil
        }
        // The strip keeps the row the learner is on (adding a layer adds a row below it).
        let selected = strip.selected
        var fresh = PlaygroundControls(session: session)
        fresh.strength = strip.strength
        fresh.selected = min(selected, fresh.rows.count - 1)
        controls = fresh
        lastCommands = change.commands
        // The message fits the row: the commands, or the last with a count (all are in the strip).
        let all = "→ " + change.commands.joined(separator: " · ")
        let last = "→ … " + (change.commands.last ?? "") + " (\(change.commands.count) commands, in the strip)"
        say(DisplayWidth.of(all) <= size.width - 2 ? all : last)
        return .none
    }

    // MARK: Drawing

    /// The strip: one row per control, the selected one reversed, the last commands below.
    func renderControls(into buffer: inout Buffer, _ area: Rect) {
        guard let controls else { return }
        let panel = Panel(title: "controls · ↑/↓ choose · ←/→ change")
        panel.render(in: area, buffer: &buffer)
        let inner = panel.inner(of: area)
        guard inner.width > 4, inner.height > 0 else { return }
        let labelWidth = 15
        for (i, line) in controls.lines.enumerated() where i < inner.height {
            let selected = i == controls.selected
            let row = Rect(x: inner.x, y: inner.y + i, width: inner.width, height: 1)
            let style = selected ? Style(bold: true, reverse: true) : Style()
            if selected { buffer.fill(row, style: style) }
            let label = line.label.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            let shown = Self.shortened(line.value, to: inner.width - 1 - labelWidth - 4)
            let value = selected ? "‹ \(shown) ›" : "  \(shown)"
            buffer.set(x: row.x + 1, y: row.y, string: label, style: selected ? style : Style(dim: true), clip: row)
            buffer.set(x: row.x + 1 + labelWidth, y: row.y, string: value, style: style, clip: row)
        }
        // What the last change ran, so the commands stay in view after the message goes.
        let free = inner.height - controls.lines.count - 1
        guard free > 1, !lastCommands.isEmpty else { return }
        let top = inner.y + controls.lines.count + 1
        buffer.set(x: inner.x + 1, y: top, string: "ran (see `history`):", style: Style(dim: true), clip: inner)
        // Long commands wrap between words, their next lines indented.
        let wrapped = lastCommands.flatMap { command in
            TextWrapper(width: max(inner.width - 4, 10)).wrap(command).enumerated().map { $0.offset == 0 ? $0.element : "  " + $0.element }
        }
        for (i, text) in wrapped.prefix(free - 1).enumerated() {
            buffer.set(x: inner.x + 1, y: top + 1 + i, string: text, style: Style(bold: true), clip: inner)
        }
    }

    /// A value cut between words to fit `width` columns, with `…` when cut.
    static func shortened(_ text: String, to width: Int) -> String {
        guard DisplayWidth.of(text) > width, width > 1 else { return text }
        var words: [Substring] = []
        for word in text.split(separator: " ") {
            if DisplayWidth.of((words + [word]).joined(separator: " ") + " …") > width { break }
            words.append(word)
        }
        return words.isEmpty ? "…" : words.joined(separator: " ") + " …"
    }
}
