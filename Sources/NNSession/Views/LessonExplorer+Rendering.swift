import NNLessons
import NNRender

/// Drawing the lesson explorer: the title row, the prose column, the live panel, the key bar
/// and the overlays (help, lesson list). A live view too big for the side panel takes the
/// whole screen while it has the keys.
extension LessonExplorer {
    // MARK: Layout

    /// The rows between the title and the key bar.
    var bodyArea: Rect { Rect(x: 0, y: 1, width: size.width, height: max(0, size.height - 2)) }

    /// Terminals narrower than this put the panel under the prose instead of beside it.
    public static let sideBySideMinimumWidth = 100

    /// Whether the panel sits under the prose (a narrow terminal) rather than beside it.
    public var isStacked: Bool { size.width < Self.sideBySideMinimumWidth }

    /// The prose column's width (beside it, the panel gets the rest).
    var proseColumnWidth: Int { isStacked ? size.width : min(84, max(30, (size.width - 4) / 2)) }

    /// The rows the panel takes under the prose: a few while it is empty, about half the body
    /// with output, and most of it while it has the keys.
    var stackedPanelHeight: Int {
        let body = bodyArea.height
        if child == nil && transcript.isEmpty {
            return min(max(2, body / 3), 1 + introLines(width: max(1, size.width - 2)).count)
        }
        if focus == .panel { return max(3, body - 4) }
        // About half, less when the output is short (a check's few lines).
        let half = max(3, (body + 2) / 2)
        guard child == nil else { return half }
        return min(half, max(4, 1 + stackedOutputLineCount(plotHeight: max(3, half - 2))))
    }

    /// How many lines the output takes under the prose (cached until it changes).
    func stackedOutputLineCount(plotHeight: Int) -> Int {
        let key = PanelLinesKey(width: max(1, size.width - 2), height: plotHeight, version: stateVersion)
        if let cache = outputCountCache, cache.key == key { return cache.count }
        let count = transcript.lines(width: key.width, height: plotHeight).count
        outputCountCache = (key, count)
        return count
    }

    /// The prose column: text and its scroll bar (a blank column keeps it off the panel).
    var proseArea: Rect {
        let body = bodyArea
        if isStacked {
            return Rect(x: 1, y: body.y, width: max(1, body.width - 1), height: max(1, body.height - stackedPanelHeight))
        }
        return Rect(x: 1, y: body.y, width: proseColumnWidth - 2, height: body.height)
    }

    /// The width prose is laid out at (one column for the gap, one for the scroll bar).
    var proseTextWidth: Int { max(10, proseArea.width - 2) }

    /// The panel's box: beside the prose, or under it.
    var panelArea: Rect {
        let body = bodyArea
        if isStacked {
            let height = stackedPanelHeight
            return Rect(x: 0, y: body.bottom - height, width: body.width, height: height)
        }
        return Rect(x: proseColumnWidth, y: body.y, width: size.width - proseColumnWidth, height: body.height)
    }

    /// Inside the panel's border (under the prose, the panel has only a title row).
    var panelInner: Rect {
        let area = panelArea
        if isStacked { return Rect(x: area.x, y: area.y + 1, width: area.width, height: max(0, area.height - 1)) }
        return Panel().inner(of: area)
    }

    /// Where panel text is drawn: a column in from the left edge; its last column holds the
    /// scroll bar.
    var panelTextArea: Rect { panelInner.inset(left: 1) }

    /// The width panel text is laid out at.
    var panelTextWidth: Int { max(1, panelInner.width - 2) }

    var proseViewHeight: Int { max(1, proseArea.height) }
    var panelViewHeight: Int { max(1, panelInner.height) }

    /// Whether a live view fits in the side panel.
    var childFitsSidePanel: Bool {
        panelInner.width >= Self.liveViewMinimumSize.width && panelInner.height >= Self.liveViewMinimumSize.height
    }

    /// Whether the live view has the whole screen (it has the keys and the side panel is too small).
    public var isZoomed: Bool { child != nil && focus == .panel && !childFitsSidePanel }

    /// Whether the zoomed live view leaves the last row for the explorer's key bar.
    var zoomKeepsKeyBar: Bool { size.height - 1 >= Self.liveViewMinimumSize.height }

    /// Where a live view is drawn, with the panel focused or not.
    func childArea(panelFocused: Bool) -> Rect {
        if childFitsSidePanel || !panelFocused { return panelInner }
        return Rect(x: 0, y: 0, width: size.width, height: zoomKeepsKeyBar ? size.height - 1 : size.height)
    }

    // MARK: Content

    /// The page laid out at the prose width (cached until something changes).
    func pageText() -> LessonPageText {
        let key = PageTextKey(lesson: lesson.id, page: pageIndex, width: proseTextWidth, version: stateVersion)
        if let cache = pageTextCache, cache.key == key { return cache.text }
        let text = layOutPage(width: proseTextWidth)
        pageTextCache = (key, text)
        return text
    }

    /// The page shown, laid out at any width with the learner's state as it is now (the
    /// selection, hints, answers) and its footer: what the prose column draws at its width.
    public func pageLines(width: Int) -> [StyledLine] { layOutPage(width: width).lines }

    func layOutPage(width: Int) -> LessonPageText {
        var state = LessonPageText.State(selected: selectableItems.isEmpty ? nil : selectedItem)
        for (k, value) in blockStates where k.page == pageIndex { state.blocks[k.item] = value }
        state.solved = Set(progress.solved)
        state.hints = progress.hints
        state.questions = pageQuestionStates
        var text = LessonPageText(page: page, width: width, state: state)
        text.appendFooter(pageFooter(width: width))
        return text
    }

    /// Where the prose's text is drawn on the screen (its scroll bar is beside it).
    public var proseTextRegion: Rect { Rect(x: proseArea.x, y: proseArea.y, width: proseTextWidth, height: proseViewHeight) }

    /// The prose's lines at the width they are drawn at.
    public var proseLineCount: Int { pageText().lines.count }

    /// The line under the page: what `n` leads to — the next page, or on the last page the
    /// next lesson of the course.
    func pageFooter(width: Int) -> [StyledLine] {
        let wrapper = TextWrapper(width: width)
        if pageIndex + 1 < lesson.pages.count {
            return wrapper.wrap([StyledSpan("── n: next page, “\(lesson.pages[pageIndex + 1].title)” ──", style: Style(dim: true))])
        }
        let end = wrapper.wrap([StyledSpan("── the end of the lesson ──", style: Style(dim: true))])
        guard let next = nextLesson else {
            return end + wrapper.wrap([StyledSpan("It is the last lesson of the course; l lists them all.", style: Style(dim: true))])
        }
        let key = Style(fg: .yellow, bold: true)
        return end + wrapper.wrap([StyledSpan("Next: lesson \(next.header.order), “\(next.title)” · ", style: Style(bold: true)),
                                   StyledSpan("n", style: key), StyledSpan(" opens it")])
    }

    /// The panel's transcript laid out at the panel's width (one column for the scroll bar).
    func panelLines() -> [StyledLine] {
        let key = PanelLinesKey(width: panelTextWidth, height: panelInner.height, version: stateVersion)
        if let cache = panelLinesCache, cache.key == key { return cache.lines }
        let lines = transcript.lines(width: panelTextWidth, height: panelPlotHeight)
        panelLinesCache = (key, lines)
        return lines
    }

    /// The most rows a plot in the panel takes.
    var panelPlotHeight: Int { max(3, panelInner.height - 1) }

    /// The widest panel line (tables keep their rows whole).
    var panelContentWidth: Int { panelLines().map(\.width).max() ?? 0 }

    /// Whether some panel line is wider than the panel (←/→ scroll it sideways).
    public var panelIsWider: Bool { child == nil && panelContentWidth > panelTextWidth }

    /// The panel's lines cut to its view, from column `panelColumn`: a line that goes on past
    /// the right edge ends in a dim `›`, one cut at the left starts with a dim `‹`.
    func visiblePanelLines() -> [StyledLine] {
        let width = panelTextWidth
        return panelLines().map { line in
            guard line.width > width || panelColumn > 0 else { return line }
            return Self.slice(line, from: panelColumn, width: width)
        }
    }

    /// `width` columns of a line from column `start`, with `‹`/`›` where it goes on.
    static func slice(_ line: StyledLine, from start: Int, width: Int) -> StyledLine {
        let total = line.width
        let cutLeft = start > 0 && total > start
        let cutRight = total > start + width
        var out = StyledLine()
        var column = 0
        var used = 0
        for span in line.spans {
            for character in span.text {
                let w = DisplayWidth.of(character)
                defer { column += w }
                guard column >= start else { continue }
                if used + w > width { break }
                out.append(String(character), style: span.style)
                used += w
            }
        }
        guard cutLeft || cutRight, width >= 2 else { return out }
        var spans = out.spans
        let mark = Style(dim: true)
        if cutRight, let last = spans.indices.last {
            spans[last].text = String(spans[last].text.dropLast())
            spans.append(StyledSpan("›", style: mark))
        }
        if cutLeft, let first = spans.indices.first {
            spans[first].text = String(spans[first].text.dropFirst())
            spans.insert(StyledSpan("‹", style: mark), at: 0)
        }
        return StyledLine(spans.filter { !$0.text.isEmpty })
    }

    // MARK: Rendering

    public func render(into buffer: inout Buffer) {
        guard ViewMinimumSize.fits(&buffer) else { return }
        let area = buffer.area
        if isZoomed, let child {
            let region = childArea(panelFocused: true)
            draw(child, in: region, into: &buffer)
            if zoomKeepsKeyBar {
                renderKeyBar(into: &buffer, Rect(x: 0, y: size.height - 1, width: size.width, height: 1))
            }
            return
        }
        renderTitle(into: &buffer, Rect(x: 0, y: 0, width: area.width, height: 1))
        renderProse(into: &buffer)
        renderPanel(into: &buffer)
        renderKeyBar(into: &buffer, Rect(x: 0, y: area.height - 1, width: area.width, height: 1))
        if showsLessonList { renderLessonList(into: &buffer) }
        if showsHelp { renderHelp(into: &buffer) }
    }

    func renderTitle(into buffer: inout Buffer, _ row: Rect) {
        let bar = Style(reverse: true)
        buffer.fill(row, style: bar)
        let ids = lesson.exercises.map(\.id)
        let solved = ids.filter(progress.solved.contains).count
        let right = ids.isEmpty ? "" : " exercises \(solved)/\(ids.count) "
        let rightWidth = DisplayWidth.of(right)
        let room = max(0, row.width - rightWidth - 1)
        buffer.set(x: row.x, y: row.y, string: titleText(room: room), style: Style(bold: true, reverse: true), clip: row)
        if !right.isEmpty {
            let style = solved == ids.count ? Style(fg: .green, bold: true, reverse: true) : Style(reverse: true)
            buffer.set(x: row.right - rightWidth, y: row.y, string: right, style: style, clip: row)
        }
    }

    /// The title bar's text in `room` columns: the lesson, the page and its title; without
    /// the lesson's id when that is too long, and the title cut after a whole word (with `…`)
    /// when even that is.
    func titleText(room: Int) -> String {
        let position = "page \(pageIndex + 1)/\(lesson.pages.count)"
        let full = " \(lesson.id) · \(position) · \(page.title)"
        if DisplayWidth.of(full) <= room { return full }
        let short = " \(position) · \(page.title)"
        if DisplayWidth.of(short) <= room { return short }
        return DisplayWidth.cutAtWord(short, toWidth: room)
    }

    func renderProse(into buffer: inout Buffer) {
        let text = pageText()
        let view = StyledTextView(lines: text.lines, scrollOffset: proseScroll, showsScrollBar: true)
        let area = proseArea
        // The text, then the scroll bar in the area's last column.
        view.render(in: area, buffer: &buffer)
    }

    /// The panel's title: what it shows and the keys that work on it now.
    var panelTitleText: String {
        let focused = focus == .panel
        if child != nil {
            return "\(childTitle) · live" + (focused ? " · Tab: back to the lesson" : " · Tab gives it the keys")
        }
        if transcript.isEmpty { return "output" }
        var title = panelTitle
        if focused {
            title += " · ↑↓ scroll" + (panelIsWider ? " · ←→ sideways" : "") + " · Tab: back"
        } else if panelIsWider {
            title += " · wider: Tab, then ←→"
        }
        return title
    }

    func renderPanel(into buffer: inout Buffer) {
        let area = panelArea
        let focused = focus == .panel
        let titleStyle = focused ? Style(fg: .yellow, bold: true) : Style(bold: true)
        let borderStyle = focused ? Style(fg: .yellow) : Style(dim: true)
        if isStacked {
            // Under the prose: one rule with the title, no box (the rows go to the output).
            let row = Rect(x: area.x, y: area.y, width: area.width, height: 1)
            buffer.fill(row)
            buffer.set(x: row.x, y: row.y, string: String(repeating: "─", count: row.width), style: borderStyle, clip: row)
            let title = " " + DisplayWidth.truncate(panelTitleText, toWidth: max(0, row.width - 6)) + " "
            buffer.set(x: row.x + 2, y: row.y, string: title, style: titleStyle, clip: row)
        } else {
            Panel(title: panelTitleText, borderStyle: borderStyle, titleStyle: titleStyle).render(in: area, buffer: &buffer)
        }
        let inner = panelInner
        guard !inner.isEmpty else { return }
        if isStacked { buffer.fill(inner) }
        if let child {
            if childFitsSidePanel {
                draw(child, in: inner, into: &buffer)
            } else {
                let lines = [
                    StyledLine("The \(childTitle) is open.", style: Style(bold: true)),
                    StyledLine(""),
                    StyledLine("It needs \(Self.liveViewMinimumSize.width)×\(Self.liveViewMinimumSize.height) and this panel is \(inner.width)×\(inner.height),"),
                    StyledLine("so it takes the whole screen when it has"),
                    StyledLine("the keys: press Tab."),
                    StyledLine(""),
                    StyledLine("The rest of the block runs when it closes.", style: Style(dim: true)),
                ]
                let wrapped = lines.flatMap { TextWrapper(width: panelTextWidth).wrap($0.spans) }
                StyledTextView(lines: wrapped).render(in: panelTextArea, buffer: &buffer)
            }
            return
        }
        if transcript.isEmpty {
            StyledTextView(lines: introLines(width: panelTextWidth)).render(in: panelTextArea, buffer: &buffer)
            return
        }
        let view = StyledTextView(lines: visiblePanelLines(), scrollOffset: panelScroll, showsScrollBar: true)
        view.render(in: panelTextArea, buffer: &buffer)
    }

    /// What the empty panel says.
    func introLines(width: Int) -> [StyledLine] {
        let key = Style(fg: .yellow, bold: true)
        if isStacked {
            // Under the prose, in few rows.
            let spans: [[StyledSpan]] = [
                [StyledSpan("Enter", style: key), StyledSpan(" runs the selected block; what it prints and plots shows here.")],
                [StyledSpan("Tab", style: key), StyledSpan(" selects the next block, exercise or question · "),
                 StyledSpan(":", style: key), StyledSpan(" a command · "), StyledSpan("?", style: key), StyledSpan(" the keys")],
            ]
            return spans.flatMap { TextWrapper(width: width).wrap($0, continuationPrefix: [StyledSpan("  ")]) }
        }
        let header = lesson.header
        var spans: [[StyledSpan]] = [
            [StyledSpan("Lesson \(header.order): \(lesson.title)", style: Style(bold: true))],
            [StyledSpan("about \(header.minutes) minutes · topics: \(header.topics.joined(separator: ", "))", style: Style(dim: true))],
            [],
            [StyledSpan("Enter", style: Style(fg: .yellow, bold: true)), StyledSpan(" runs the selected block; what it prints and plots shows here.")],
            [StyledSpan("Tab", style: Style(fg: .yellow, bold: true)), StyledSpan(" selects the next block, exercise or question.")],
            [StyledSpan(":", style: Style(fg: .yellow, bold: true)), StyledSpan(" runs any command in this lesson's own session (the hub's data and net are not touched).")],
        ]
        if !lesson.exercises.isEmpty {
            spans.append([StyledSpan("h", style: Style(fg: .yellow, bold: true)), StyledSpan(" shows a hint, "),
                          StyledSpan("c", style: Style(fg: .yellow, bold: true)), StyledSpan(" checks the exercise.")])
        }
        return spans.flatMap { $0.isEmpty ? [StyledLine()] : TextWrapper(width: width).wrap($0, continuationPrefix: [StyledSpan("  ")]) }
    }

    /// Draws a live view into a region of the screen: rendered at the region's size, then copied in.
    func draw(_ view: any InteractiveView, in region: Rect, into buffer: inout Buffer) {
        guard !region.isEmpty else { return }
        var scratch = Buffer(width: region.width, height: region.height)
        view.render(into: &scratch)
        buffer.fill(region)
        for y in 0..<region.height {
            for x in 0..<region.width {
                let cell = scratch[x, y]
                if cell.isContinuation { continue }
                buffer.set(x: region.x + x, y: region.y + y, string: cell.symbol, style: cell.style, clip: region)
            }
        }
    }

    /// The keys that matter now, as many as fit, or the message.
    func renderKeyBar(into buffer: inout Buffer, _ row: Rect) {
        buffer.fill(row)
        if let message {
            let style = messageIsError ? Style(fg: .red, bold: true) : Style(fg: .green, bold: true)
            buffer.set(x: row.x + 1, y: row.y, string: DisplayWidth.truncate(message, toWidth: max(0, row.width - 2)), style: style, clip: row)
            return
        }
        // (key, what it does, priority: lower stays longer)
        let keys: [(String, String, Int)]
        if focus == .panel, child != nil {
            keys = [("Tab", "back to the lesson", 0), ("", "the other keys go to the \(childTitle)", 1)]
        } else if focus == .panel {
            keys = [("↑↓", "scroll", 0)] + (panelIsWider ? [("←→", "sideways", 0)] : [])
                + [("PgUp/PgDn", "page", 2), ("Tab", "back to the lesson", 0), ("n/p", "page", 1),
                   (":", "command", 1), ("?", "help", 0), ("q", "quit", 0)]
        } else {
            let selectedIsExercise: Bool = { if case .exercise? = selectedLessonItem { return true } else { return false } }()
            let last = pageIndex + 1 == lesson.pages.count
            let pages: [(String, String, Int)] = last && nextLesson != nil ? [("n", "next lesson", 0), ("p", "back", 2)] : [("n/p", "page", 0)]
            if selectedQuestion != nil {
                keys = pages + questionKeys + [("Tab", "next", 1), ("↑↓", "scroll", 3), (":", "command", 2),
                                               ("l", "lessons", 3), ("?", "help", 0), ("q", "quit", 0)]
            } else {
                keys = pages + [("↑↓", "scroll", 3), ("Tab", child != nil ? "next/panel" : "next", 1),
                        ("Enter", selectedIsExercise ? "check" : "run", 0), ("h", "hint", 2), ("c", "check", 2),
                        (":", "command", 1), ("l", "lessons", 3), ("?", "help", 0), ("q", "quit", 0)]
            }
        }
        var chosen = keys
        func width(_ list: [(String, String, Int)]) -> Int {
            list.reduce(0) { $0 + DisplayWidth.of($1.0) + ($1.0.isEmpty ? 0 : 1) + DisplayWidth.of($1.1) } + max(0, list.count - 1) * 2 + 1
        }
        while width(chosen) > row.width, let worst = chosen.map(\.2).max(), worst > 0 {
            if let index = chosen.lastIndex(where: { $0.2 == worst }) { chosen.remove(at: index) }
        }
        var x = row.x + 1
        for (index, (key, label, _)) in chosen.enumerated() {
            if index > 0 { x += 2 }
            if !key.isEmpty {
                x = buffer.set(x: x, y: row.y, string: key, style: Style(fg: .yellow, bold: true), clip: row)
                x += 1
            }
            x = buffer.set(x: x, y: row.y, string: label, style: Style(dim: true), clip: row)
        }
    }

    /// A centered box over the body, with its inner area.
    func overlayBox(width: Int, height: Int, title: String, into buffer: inout Buffer) -> Rect {
        let body = bodyArea
        let w = min(body.width - 2, width)
        let h = min(body.height, height)
        let box = Rect(x: body.x + (body.width - w) / 2, y: body.y + (body.height - h) / 2, width: w, height: h)
        buffer.fill(box)
        let panel = Panel(title: title, borderStyle: Style(fg: .yellow), titleStyle: Style(fg: .yellow, bold: true))
        panel.render(in: box, buffer: &buffer)
        return panel.inner(of: box)
    }

    func renderHelp(into buffer: inout Buffer) {
        let lines = [
            "n / →      next page; on the last page, the next lesson",
            "p / ←      previous page    ↑ ↓ a line    PgUp PgDn space a screen",
            "Tab        select the next block, exercise or question; after",
            "           the last, the panel; Shift-Tab goes back",
            "Enter      run the selected block, check an exercise, answer",
            "           a question (one out of view is brought into view)",
            "1–9        a selected question's options; a number for a",
            "           numeric one; r asks an answered question again",
            "h          the next hint of the page's exercise",
            "c          check the exercise (solved ones are saved)",
            ":          run a command in the lesson's own session",
            "l          the lesson list: ↑ ↓ and Enter open another",
            "?          this help (any key closes it)",
            "q          back to the hub (progress is saved as you go)",
            "In the panel (Tab): ↑ ↓ scroll, ← → scroll a wide table.",
            "A block that trains `live` opens the dashboard in the panel;",
            "it has the keys until you press Tab, and the rest of the",
            "block runs when you close it with q.",
        ]
        let width = (lines.map(DisplayWidth.of).max() ?? 20) + 4
        let inner = overlayBox(width: width, height: lines.count + 2, title: "keys", into: &buffer)
        for (i, line) in lines.prefix(inner.height).enumerated() {
            buffer.set(x: inner.x + 1, y: inner.y + i, string: line, style: Style(), clip: inner)
        }
    }

    func renderLessonList(into buffer: inout Buffer) {
        // Every lesson as last loaded or saved; this one as the explorer has it (with changes
        // that could not be saved).
        var loaded = courseProgress
        loaded[lesson: lesson.id] = progress
        let lessons = course.lessons
        let idWidth = lessons.map(\.id.count).max() ?? 10
        let rows = lessons.map { lesson -> (String, String) in
            let left = "\(lesson.header.order). " + lesson.id.padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  " + lesson.title
            return (left, loaded.summary(of: lesson))
        }
        let natural = (rows.map { DisplayWidth.of($0.0) + DisplayWidth.of($0.1) + 4 }.max() ?? 30) + 4
        let inner = overlayBox(width: max(40, natural), height: rows.count + 4, title: "lessons · ↑↓ Enter opens · Esc closes", into: &buffer)
        guard !inner.isEmpty else { return }
        let visible = max(1, inner.height - 1)
        let first = max(0, min(listSelection - visible + 1, rows.count - visible))
        for (offset, index) in (first..<min(rows.count, first + visible)).enumerated() {
            let y = inner.y + offset
            let line = Rect(x: inner.x, y: y, width: inner.width, height: 1)
            let selected = index == listSelection
            let current = lessons[index].id == lesson.id
            let base = selected ? Style(reverse: true) : Style()
            if selected { buffer.fill(line, style: base) }
            let summary = rows[index].1
            let summaryWidth = DisplayWidth.of(summary)
            let room = max(0, inner.width - summaryWidth - 3)
            buffer.set(x: inner.x + 1, y: y, string: DisplayWidth.cutAtWord(rows[index].0, toWidth: room),
                       style: current ? base.withBold() : base, clip: line)
            let summaryStyle = summary == "done" ? base.withFG(.green) : base.withDim(!selected)
            buffer.set(x: inner.right - summaryWidth - 1, y: y, string: summary, style: summaryStyle, clip: line)
        }
        if inner.height > rows.count {
            buffer.set(x: inner.x + 1, y: inner.bottom - 1, string: "you are in: \(lesson.id)", style: Style(dim: true), clip: inner)
        }
    }
}
