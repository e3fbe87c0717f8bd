import Foundation
import NNEngine
import NNRender

/// The pass explorer: walks one training step of the session's network on one sample, value
/// by value — the forward pass neuron by neuron, the loss, the backward pass, the update —
/// with the network diagram on the left (the current node or edge highlighted) and the current
/// value's formula, numbers filled in, on the right.
///
/// `e` edits the selected weight, bias, input or target in the session itself (as `set` does),
/// and the walk is recomputed from the engine; `g` checks the selected gradient numerically.
public final class TraceView: InteractiveView {
    /// The smallest terminal the view draws in.
    public static let minimumSize = (width: ViewMinimumSize.width, height: ViewMinimumSize.height)

    let session: Session
    /// The walk shown.
    public private(set) var walk: PassWalk
    /// The index of the current step.
    public private(set) var index = 0
    /// Whether the key help overlay is up.
    public private(set) var showsHelp = false
    /// A line of feedback for the bottom row.
    public private(set) var message: String?
    /// The text of the value being edited, when the edit line is open.
    public private(set) var editText: String?
    /// Whether the edit field's text is selected, as a form field is when it opens: the first
    /// character typed replaces it, and backspace clears it.
    public private(set) var editTextSelected = false
    /// The gradient check of the current step, when `g` was pressed on it.
    public private(set) var gradientCheck: PassWalk.GradientCheckResult?
    /// The number of values changed with `e`.
    public private(set) var edits = 0
    /// The terminal size last seen.
    public private(set) var size: (width: Int, height: Int)

    /// Opens the explorer on a training sample (the session's inspected one when it already is).
    public init(session: Session, sample: Int, width: Int, height: Int) throws(CommandError) {
        if session.inspection.sample != sample { session.inspection = InspectionTarget(sample: sample) }
        self.session = session
        self.walk = try session.passWalk()
        self.size = (width, height)
    }

    /// The current step.
    public var step: PassStep { walk.steps[index] }

    public var isBusy: Bool { false }

    public func work(budget: Double) -> Bool { false }

    // MARK: Update

    public func update(_ message: ViewMessage) -> ViewEffect {
        switch message {
        case .resize(let width, let height):
            size = (width, height)
        case .tick, .taskFinished:
            break
        case .key(let key):
            if editText != nil { edit(key); return .none }
            if showsHelp { showsHelp = false; return .none }
            self.message = nil
            switch key {
            case .right, .character("l"), .character(" "), .character("n"): move(to: index + 1)
            case .left, .character("h"), .character("p"): move(to: index - 1)
            case .enter: move(to: walk.nextLayerStep(after: index))
            case .home, .character("f"): move(to: 0)
            case .end: move(to: walk.steps.count - 1)
            case .character("b"): jump(to: .backward)
            case .character("u"): jump(to: .update)
            case .character("e"): beginEdit()
            case .character("g"): checkGradient()
            case .character("?"): showsHelp = true
            case .character(":"): return .openPrompt
            case .character("q"), .escape: return .close
            default: break
            }
        }
        return .none
    }

    func move(to newIndex: Int) {
        let clamped = min(max(newIndex, 0), walk.steps.count - 1)
        if clamped != index { gradientCheck = nil }
        index = clamped
    }

    func jump(to phase: PassStep.Phase) {
        if let first = walk.firstStep(of: phase) { move(to: first) }
    }

    // MARK: Editing

    func beginEdit() {
        guard let target = step.target else {
            message = "nothing to edit here: step to a weight, a bias, an input or the loss (the target)"
            return
        }
        editText = TraceNotation.number(currentValue(of: target))
        editTextSelected = true
    }

    /// The value a target has in the walk.
    func currentValue(of target: PassWalk.Target) -> Double {
        switch target {
        case .input(let i): return walk.inputs[i]
        case .target: return walk.target[0]
        case let .weight(l, r, c): return walk.layers[l].weights[r][c]
        case let .bias(l, u): return walk.layers[l].bias[u]
        }
    }

    func edit(_ key: ViewKey) {
        guard var text = editText else { return }
        switch key {
        case .escape:
            editText = nil
            message = "edit cancelled"
            return
        case .backspace:
            if editTextSelected { text = "" } else if !text.isEmpty { text.removeLast() }
        case .enter:
            editText = nil
            apply(text)
            return
        case .character(let c) where c.isNumber || "+-.eE".contains(c):
            if editTextSelected { text = "" }
            text.append(c)
        case .right, .left:
            break
        default:
            return
        }
        // Any key but Enter and Escape deselects (arrows just keep the text to go on typing).
        editTextSelected = false
        editText = text
    }

    /// Applies an edited value through the command that sets it (`set w1[0,1]=…`, `set x=[…]`,
    /// `set y=…`) and rebuilds the walk; a value the session refuses changes nothing.
    func apply(_ text: String) {
        guard let target = step.target else { return }
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "−", with: "-")
        guard let value = Double(trimmed), value.isFinite else {
            message = "error: '\(text)' is not a number; nothing changed"
            return
        }
        let before = session.state
        // The command carries the exact value (Swift's shortest round-trip form); the message
        // shows it as the walk writes numbers.
        let command: String, equivalent: String
        switch target {
        case .weight, .bias:
            command = "set \(target.settingName)=\(value)"
            equivalent = "set \(target.settingName)=\(TraceNotation.number(value))"
        case .input(let i):
            var x = walk.inputs
            x[i] = value
            command = "set x=[\(x.map { "\($0)" }.joined(separator: ", "))]"
            equivalent = "set x=[\(x.map(TraceNotation.number).joined(separator: ", "))]"
        case .target:
            command = "set y=\(value)"
            equivalent = "set y=\(TraceNotation.number(value))"
        }
        do {
            try session.execute(command) { _ in }
            walk = try session.passWalk()
        } catch {
            session.restore(before)
            message = "error: \(error.message); nothing changed"
            return
        }
        edits += 1
        gradientCheck = nil
        let whereText = target == .target || { if case .input = target { return true } else { return false } }()
            ? "the inspected sample changed too (`forward` shows it)" : "the session's net changed too"
        message = "\(target.symbol) = \(TraceNotation.number(value)): everything after it recomputed; \(whereText) (as `\(equivalent)`)"
    }

    // MARK: Gradient check

    func checkGradient() {
        guard let target = step.target, let result = walk.gradientCheck(target) else {
            message = "g checks a weight or a bias: step to one (in the forward, backward or update pass)"
            return
        }
        gradientCheck = result
        message = "gradcheck \(target.symbol): " + gradientCheckVerdict(result)
    }

    func gradientCheckVerdict(_ result: PassWalk.GradientCheckResult) -> String {
        let error = String(format: "%.1e", result.relativeError)
        if result.relativeError < 1e-6 { return "relative error \(error) — they agree" }
        if result.relativeError < 1e-3 { return "relative error \(error) — close; a kink (relu, step) near z would explain it" }
        return "relative error \(error) — they DISAGREE"
    }

    // MARK: Commands from the prompt

    public func runCommand(_ line: String) -> String {
        let last: String
        do {
            last = try session.statusLine(running: line)
        } catch {
            return "error: \(error.message)"
        }
        do {
            let rebuilt = try session.passWalk()
            let sameShape = rebuilt.steps.count == walk.steps.count && rebuilt.widths == walk.widths
            walk = rebuilt
            index = sameShape ? min(index, walk.steps.count - 1) : 0
            gradientCheck = nil
        } catch {
            return "error: \(error.message) — the walk still shows the last pass that worked"
        }
        return last
    }

    // MARK: Closing

    public func closingOutput() -> [OutputBlock] {
        var line = "trace: \(walk.summary)"
        if edits > 0 { line += " · \(edits) value\(edits == 1 ? "" : "s") edited (kept in the session)" }
        return [.text(line)]
    }

    // MARK: Rendering

    public func render(into buffer: inout Buffer) {
        guard ViewMinimumSize.fits(&buffer) else { return }
        let area = buffer.area
        let rows = Layout.split(area, direction: .vertical, constraints: [.length(1), .length(1), .fill, .length(1)])
        renderTitle(into: &buffer, rows[0])
        renderPhases(into: &buffer, rows[1])
        if walk.isStack {
            // Grids instead of the diagram: as wide as they want, up to three fifths of the screen.
            let left = min(max(pictureWidth() + 4, 24), area.width * 3 / 5)
            let columns = Layout.split(rows[2], direction: .horizontal, constraints: [.length(left), .fill])
            renderPicture(into: &buffer, columns[0])
            renderExplanation(into: &buffer, columns[1])
            renderFooter(into: &buffer, rows[3])
            if showsHelp { renderHelp(into: &buffer, rows[2]) }
            return
        }
        let columns = Layout.split(rows[2], direction: .horizontal, constraints: [.percent(area.width >= 120 ? 45 : 40), .fill])
        renderDiagram(into: &buffer, columns[0])
        renderExplanation(into: &buffer, columns[1])
        renderFooter(into: &buffer, rows[3])
        if showsHelp { renderHelp(into: &buffer, rows[2]) }
    }

    func renderTitle(into buffer: inout Buffer, _ row: Rect) {
        let style = Style(reverse: true)
        buffer.fill(row, style: style)
        let title = " nnlab · trace · \(walk.networkName) · \(walk.objective.loss.rawValue) · \(walk.label)"
        let position = " \(step.phase.rawValue.uppercased()) \(index + 1)/\(walk.steps.count) "
        buffer.set(x: row.x, y: row.y, string: title, style: style,
                   clip: Rect(x: row.x, y: row.y, width: max(0, row.width - DisplayWidth.of(position)), height: 1))
        buffer.set(x: row.right - DisplayWidth.of(position), y: row.y, string: position, style: Style(bold: true, reverse: true), clip: row)
    }

    func renderPhases(into buffer: inout Buffer, _ row: Rect) {
        var x = row.x + 1
        for (i, phase) in PassStep.Phase.allCases.enumerated() {
            if i > 0 { x = buffer.set(x: x, y: row.y, string: " ▸ ", style: Style(dim: true), clip: row) }
            let current = phase == step.phase
            x = buffer.set(x: x, y: row.y, string: phase.rawValue, style: current ? Style(bold: true, reverse: true) : Style(dim: true), clip: row)
        }
        let loss = "  loss \(TraceNotation.number(walk.loss))"
        buffer.set(x: x, y: row.y, string: loss, style: Style(bold: true), clip: row)
    }

    /// The diagram's node labels: a (input and forward) or δ (backward, update), NaN until shown.
    func nodeValues() -> [[Double]] {
        let backward = step.phase == .backward || step.phase == .update
        var values: [[Double]] = [walk.inputs.indices.map { walk.isRevealed(.input($0), by: index) && !backward ? walk.inputs[$0] : .nan }]
        for (l, layer) in walk.layers.enumerated() {
            values.append(layer.activation.indices.map { j in
                if backward { return walk.isRevealed(.delta(layer: l, unit: j), by: index) ? layer.delta[j] : .nan }
                return walk.isRevealed(.activation(layer: l, unit: j), by: index) ? layer.activation[j] : .nan
            })
        }
        return values
    }

    func renderDiagram(into buffer: inout Buffer, _ area: Rect) {
        let backward = step.phase == .backward || step.phase == .update
        let panel = Panel(title: backward ? "network · δ at the nodes" : "network · a at the nodes")
        panel.render(in: area, buffer: &buffer)
        let inner = panel.inner(of: area)
        guard !inner.isEmpty else { return }
        let highlight: NetworkDiagram.Highlight?
        switch step.focus {
        case .none: highlight = nil
        case let .node(column, unit): highlight = .node(column: column, unit: unit)
        case let .edge(column, from, to): highlight = .edge(column: column, from: from, to: to)
        }
        let colorMode: ColorMode = session.environment.colorMode == .none ? .none : .indexed256
        let diagram = NetworkDiagram(layerSizes: walk.widths, weights: walk.layers.map(\.weights), nodeValues: nodeValues(),
                                     colorMode: colorMode, glyphs: .unicode, highlight: highlight)
        diagram.render(in: inner, buffer: &buffer)
    }

    func renderExplanation(into buffer: inout Buffer, _ area: Rect) {
        let panel = Panel(title: step.title)
        panel.render(in: area, buffer: &buffer)
        let inner = panel.inner(of: area).inset(left: 1, right: 1)
        guard !inner.isEmpty else { return }
        var lines: [(String, Style)] = []
        let wrapper = TextWrapper(width: max(inner.width - 2, 10))
        for (i, line) in step.lines.enumerated() {
            let wrapped = wrapper.wrap(line)
            for (k, piece) in wrapped.enumerated() {
                lines.append(((k == 0 ? "" : "  ") + piece, i == step.lines.count - 1 ? Style(bold: true) : Style()))
            }
        }
        if let check = gradientCheck, let target = step.target {
            lines.append(("", Style()))
            for line in ["gradcheck ∂L/∂\(target.symbol):",
                         "backprop: \(Numbers.format(check.analytic, digits: 10))",
                         "numeric: \(Numbers.format(check.numeric, digits: 10)) = (L(θ+ε) − L(θ−ε))/2ε, ε = \(String(format: "%g", check.epsilon))",
                         gradientCheckVerdict(check)] {
                for piece in wrapper.wrap(line) { lines.append((piece, Style(fg: .cyan, bold: true))) }
            }
        }
        var y = inner.y
        for (text, style) in lines where y < inner.bottom {
            buffer.set(x: inner.x, y: y, string: text, style: style, clip: inner)
            y += 1
        }
        let table = valueTable()
        let space = inner.bottom - y - 1
        guard space >= 3, !table.rows.isEmpty else { return }
        y += 1
        buffer.set(x: inner.x, y: y, string: table.title, style: Style(dim: true), clip: inner)
        y += 1
        let widths = table.headers.indices.map { c in
            ([table.headers[c]] + table.rows.map { c < $0.count ? $0[c] : "" }).map(DisplayWidth.of).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, text in DisplayWidth.padLeft(text, toWidth: widths[c]) }.joined(separator: "  ")
        }
        buffer.set(x: inner.x, y: y, string: line(table.headers), style: Style(bold: true), clip: inner)
        y += 1
        let room = inner.bottom - y
        let start = max(0, min(table.current - room / 2, table.rows.count - room))
        for (k, row) in table.rows.dropFirst(start).prefix(room).enumerated() {
            let isCurrent = start + k == table.current
            buffer.set(x: inner.x, y: y, string: line(row), style: isCurrent ? Style(bold: true) : Style(), clip: inner)
            y += 1
        }
    }

    /// The small table of the current layer's values shown so far.
    func valueTable() -> (title: String, headers: [String], rows: [[String]], current: Int) {
        func shown(_ x: Double, _ revealed: Bool) -> String { revealed ? TraceNotation.number(x) : "·" }
        // A net built layer by layer shows its values in the step's grids.
        if walk.isStack { return ("", [], [], 0) }
        switch step.phase {
        case .input:
            let current: Int
            if case .node(_, let unit) = step.focus { current = unit } else { current = 0 }
            return ("the sample", ["input", "x"], walk.inputs.indices.map { ["\($0 + 1)", shown(walk.inputs[$0], walk.isRevealed(.input($0), by: index))] }, current)
        case .forward:
            let l = step.layer ?? 0
            let layer = walk.layers[l]
            var headers = ["unit", "z"]
            if layer.normalized != nil { headers.append("ẑ") }
            headers.append("a")
            if layer.mask != nil { headers.append("mask") }
            let rows: [[String]] = layer.z.indices.map { j in
                let hasZ = walk.isRevealed(.z(layer: l, unit: j), by: index)
                let hasA = walk.isRevealed(.activation(layer: l, unit: j), by: index)
                var row = ["\(j + 1)", shown(layer.z[j], hasZ)]
                if let n = layer.normalized { row.append(shown(n[j], hasA)) }
                row.append(shown(layer.activation[j], hasA))
                if let m = layer.mask { row.append(shown(m[j], hasA)) }
                return row
            }
            return ("layer \(l + 1) so far", headers, rows, focusUnit)
        case .loss:
            let out = walk.layers[walk.layers.count - 1]
            let rows = out.activation.indices.map { j in ["\(j + 1)", TraceNotation.number(out.activation[j])] }
            return ("the output, target y = \(walk.target.map(TraceNotation.number).joined(separator: ", "))", ["unit", "a"], rows, 0)
        case .backward:
            let l = step.layer ?? 0
            let layer = walk.layers[l]
            let rows: [[String]] = layer.delta.indices.map { j in
                ["\(j + 1)", shown(layer.delta[j], walk.isRevealed(.delta(layer: l, unit: j), by: index)),
                 shown(layer.biasGradient[j], walk.isRevealed(.biasGradient(layer: l, unit: j), by: index))]
            }
            return ("layer \(l + 1) so far", ["unit", "δ", "∂L/∂b"], rows, focusUnit)
        case .update:
            let l = step.layer ?? 0
            let first = walk.network.layers.prefix(l).reduce(0) { $0 + ($1.batchNorm == nil ? 2 : 4) }
            let count = walk.network.layers[l].batchNorm == nil ? 2 : 4
            var rows: [[String]] = []
            var current = 0
            for p in first..<(first + count) {
                let update = walk.updates[p]
                for e in update.before.indices {
                    let revealed = walk.isRevealed(.updated(parameter: p, element: e), by: index)
                    if revealed { current = rows.count }
                    let name = update.shape.count == 2 ? "\(update.name)[\(e / update.shape[1]),\(e % update.shape[1])]" : "\(update.name)[\(e)]"
                    rows.append([name, TraceNotation.number(update.before[e]), shown(update.after[e], revealed)])
                }
            }
            return ("layer \(l + 1) so far", ["", "before", "after"], rows, current)
        }
    }

    /// The unit the current step is about.
    var focusUnit: Int {
        switch step.focus {
        case .node(_, let unit): return unit
        case .edge(_, _, let to): return to
        case .none: return 0
        }
    }

    func renderFooter(into buffer: inout Buffer, _ row: Rect) {
        if let editText, let target = step.target {
            buffer.fill(row)
            let prompt = "edit \(target.symbol) = "
            var x = buffer.set(x: row.x + 1, y: row.y, string: prompt, style: Style(bold: true), clip: row)
            // Selected text is drawn reversed, as a form field shows a selection.
            x = buffer.set(x: x, y: row.y, string: editText, style: Style(bold: true, reverse: editTextSelected), clip: row)
            x = buffer.set(x: x, y: row.y, string: " ", style: Style(reverse: true), clip: row)
            buffer.set(x: x + 2, y: row.y, string: editTextSelected ? "type to replace · Enter applies · Esc cancels"
                                                                     : "Enter applies · Esc cancels", style: Style(dim: true), clip: row)
            return
        }
        if let message {
            let isError = message.hasPrefix("error:")
            buffer.set(x: row.x + 1, y: row.y, string: message, style: isError ? Style(fg: .red, bold: true) : Style(bold: true), clip: row)
            return
        }
        let keys = row.width >= 100
            ? "←/→ step  Enter layer  b backward  u update  e edit  g gradcheck  : command  ? help  q back"
            : "←/→ step  Enter layer  b backward  u update  e edit  g check  ? help  q back"
        buffer.set(x: row.x + 1, y: row.y, string: keys, style: Style(dim: true), clip: row)
    }

    func renderHelp(into buffer: inout Buffer, _ area: Rect) {
        let lines = [
            "→ l space  next value          ← h  previous value",
            "Enter      the next layer (or filter, or phase)",
            "f / Home   back to the start    End  the last step",
            "b          jump to the backward pass",
            "u          jump to the update",
            "e          edit the selected weight, bias, input or target;",
            "           it changes the session (as `set` does) and",
            "           everything after it is recomputed",
            "g          gradcheck the selected weight or bias:",
            "           backprop beside (L(θ+ε) − L(θ−ε))/2ε, ε = 1e-5",
            ":          a command, e.g. `update` applies one step,",
            "           `trace sample=3` another sample; the walk follows",
            "the update is shown, not applied; training mode throughout",
            "?          this help (any key closes it)",
            "q          back to the prompt",
        ]
        KeyHelpBox(lines: lines).render(in: area, buffer: &buffer)
    }
}
