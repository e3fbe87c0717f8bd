import Foundation
import NNLessons
import NNRender

/// Running a lesson's blocks in the explorer, and the live view (the dashboard) a block can
/// open inside the panel.
extension LessonExplorer {
    /// Runs the selected block, or checks the selected exercise, when it is in view; a
    /// selection scrolled out of view is brought back first instead, so Enter never runs
    /// something the learner cannot see.
    func runSelected() {
        if selectedLessonItem != nil, !selectionIsVisible {
            scrollToSelection()
            say("the selected item is now in view; Enter runs it")
            return
        }
        switch selectedLessonItem {
        case .commands(let block)?:
            scrollToSelection()
            runBlock(block, key: ItemKey(page: pageIndex, item: selectedItem))
            keepRunBlockEndInView()
            // The next block is selected, but the prose stays where it is: the text after the
            // block, about its output, is what to read now (Enter brings the next one into view).
            if blockStates[ItemKey(page: pageIndex, item: selectedItem)] == .ran, selectedItem + 1 < selectableItems.count,
               case .commands = selectableItems[selectedItem + 1] {
                selectedItem += 1
                changed()
            }
        case .exercise?:
            checkExercise()
        case .question?:
            answerSelectedQuestion()
        default:
            say("this page has nothing to run; n goes to the next page")
        }
    }

    /// After a run the panel may have grown over the prose (under it, on a narrow terminal):
    /// when the block's last line went out of view, the prose scrolls to put it a third of the
    /// way down, with the text after the block — what it says about the output — below it.
    func keepRunBlockEndInView() {
        let ranges = pageText().itemRanges
        guard ranges.indices.contains(selectedItem) else { return }
        let end = ranges[selectedItem].upperBound - 1
        guard end < proseScroll || end >= proseScroll + proseViewHeight else { return }
        proseScroll = max(0, end - proseViewHeight / 3)
        clampScrolls()
    }

    /// Runs a block's lines in the lesson's session; its output replaces the panel's.
    func runBlock(_ block: CommandBlock, key: ItemKey) {
        startOutput(title: blockTitle(key))
        runLines(block.lines, mustFail: block.failingLine, key: key)
        showResult()
    }

    /// Scrolls the panel to the result of what just ran: the end of the output, so the whole
    /// of the last command's output shows (with what came before it above); when that output
    /// is taller than the panel, its first line (the command) at the top instead.
    func showResult() {
        guard child == nil else { return }
        let lines = panelLines()
        let start = transcript.lastResultStart(width: panelTextWidth, height: panelPlotHeight)
        panelColumn = 0
        panelShowsEnd = lines.count - start <= panelViewHeight
        panelScroll = panelShowsEnd ? maximumPanelScroll : start
        clampScrolls()
    }

    func blockTitle(_ key: ItemKey) -> String {
        let blocks = LessonPageText.selectableItems(of: lesson.pages[key.page]).prefix(key.item + 1)
            .filter { if case .commands = $0 { return true } else { return false } }.count
        let all = lesson.pages[key.page].items.filter { if case .commands = $0 { return true } else { return false } }.count
        return all > 1 ? "block \(blocks) of \(all), page \(key.page + 1)" : "block of page \(key.page + 1)"
    }

    /// Closes any live view and starts a fresh transcript in the panel.
    func startOutput(title: String) {
        if pending != nil, let key = pending?.key { blockStates[key] = .notRun }
        pending = nil
        closeChild(keepOutput: false)
        transcript = OutputTranscript()
        panelTitle = title
        panelScroll = 0
        panelColumn = 0
        panelShowsEnd = false
        changed()
    }

    /// Runs lines one by one; a line that opens a live view puts the view in the panel and
    /// leaves the rest of the lines for when it closes. Returns the first error, if any.
    @discardableResult
    func runLines(_ lines: [BlockLine], mustFail: BlockLine?, key: ItemKey?) -> String? {
        for (index, line) in lines.enumerated() {
            let trimmed = line.text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            transcript.append(.echo(LessonRunner.prompt + line.text))
            if trimmed.hasPrefix("#") { continue }
            var requests: [ViewRequest] = []
            do {
                try LessonRunner.runLine(line.text, session: session) { block in
                    if case .view(let request) = block { requests.append(request) } else { self.transcript.append(block: block) }
                }
            } catch {
                transcript.append(.error(error.message))
                if line == mustFail {
                    transcript.append(.note("This block fails on purpose: the error above is what the lesson wants you to see."))
                    if let key { blockStates[key] = .ran }
                    changed()
                    return nil
                }
                if let key { blockStates[key] = .failed }
                say("error: \(error.message)", error: true)
                changed()
                return error.message
            }
            if let request = requests.first {
                do {
                    try openChild(request)
                } catch {
                    transcript.append(.error(error.message))
                    if let key { blockStates[key] = .failed }
                    say("error: \(error.message)", error: true)
                    changed()
                    return error.message
                }
                let rest = Array(lines[(index + 1)...])
                if rest.contains(where: { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }) {
                    pending = PendingLines(lines: rest, mustFail: mustFail, key: key)
                    if let key { blockStates[key] = .waiting }
                } else if let key {
                    blockStates[key] = .ran
                }
                changed()
                return nil
            }
        }
        if let key { blockStates[key] = .ran }
        changed()
        return nil
    }

    // MARK: The live view in the panel

    /// Makes the live view a request names, sized to the panel: the training dashboard for
    /// `train … live`, the pass explorer for `trace` (when the sandbox lets lessons run it).
    public static func makeChildView(for request: ViewRequest, session: Session, width: Int, height: Int) throws(CommandError)
        -> (view: any InteractiveView, title: String) {
        switch request {
        case let .dashboard(epochs, batch, patience, pace):
            // A lesson's live run plays over several seconds unless its block sets a speed.
            let steps = epochs * session.batchesPerEpoch(batch: batch)
            let view = try TrainingDashboard(session: session, epochs: epochs, batch: batch, patience: patience,
                                             pace: pace ?? .spreading(steps: steps, over: TrainingDashboard.lessonRunSeconds),
                                             width: width, height: height)
            return (view, "training dashboard")
        case let .trace(sample):
            let view = try TraceView(session: session, sample: sample, width: width, height: height)
            return (view, "pass explorer")
        case .lesson:
            throw CommandError("a lesson cannot open lessons")
        case .quiz:
            throw CommandError("the quiz cannot open inside a lesson; close the lesson (q) and type `quiz`")
        case .draw:
            throw CommandError("`data draw` cannot open inside a lesson; close the lesson (q) and type it at the prompt")
        }
    }

    /// Opens a live view in the panel and gives it the keys.
    func openChild(_ request: ViewRequest) throws(CommandError) {
        let area = childArea(panelFocused: true)
        let made = try Self.makeChildView(for: request, session: session, width: area.width, height: area.height)
        child = made.view
        childTitle = made.title
        focus = .panel
        lastChildSize = nil
        syncChildSize()
        say(childKeysText)
    }

    /// What the explorer says when a live view takes the keys.
    var childKeysText: String { "the \(childTitle) has the keys: Tab returns to the lesson, q closes it" }

    /// Closes the live view; with `keepOutput`, what it leaves behind joins the transcript.
    func closeChild(keepOutput: Bool) {
        guard let child else { return }
        let blocks = child.closingOutput()
        // What the live view still had to save is carried out for it by the loop.
        pendingTasks += child.takeTasks()
        self.child = nil
        lastChildSize = nil
        promptForChild = false
        if focus == .panel { focus = .prose }
        if keepOutput { for block in blocks { transcript.append(block: block) } }
        changed()
    }

    /// The live view closed itself: keep its summary, then run the rest of the block.
    func childClosed() {
        closeChild(keepOutput: true)
        if let rest = pending {
            pending = nil
            runLines(rest.lines, mustFail: rest.mustFail, key: rest.key)
        }
        changed()
        showResult()
    }

    /// Tells the live view its size when the panel changed.
    func syncChildSize() {
        guard let child else { return }
        let area = childArea(panelFocused: focus == .panel)
        if lastChildSize.map({ $0.width != area.width || $0.height != area.height }) ?? true {
            lastChildSize = (area.width, area.height)
            _ = child.update(.resize(width: area.width, height: area.height))
        }
    }

    public func work(budget: Double) -> Bool {
        guard let child else { return false }
        let changed = child.work(budget: budget)
        return changed
    }

    public var isBusy: Bool { child?.isBusy ?? false }
}
