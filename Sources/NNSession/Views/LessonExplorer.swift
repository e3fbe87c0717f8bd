import Foundation
import NNLessons
import NNRender

/// The lesson explorer: a lesson's prose on the left, a page at a time, and a live panel on
/// the right with the output of the last block or command run — text, tables and plots, or a
/// live view (the training dashboard) hosted inside the panel.
///
/// The lesson runs in a session of its own (the hub's data and net are untouched), and every
/// command goes through `LessonSandbox`, whether it comes from a block or from the `:` prompt.
/// Progress — pages seen, the page to resume at, hints revealed, exercises solved — is saved
/// in the data folder as it changes, and the explorer reopens a lesson at its last page. The
/// explorer itself never touches the disk while it updates: each change applies to its own
/// copy at once and waits in `pendingTasks` for the loop to save it; the record as saved (or
/// the store's warning) comes back as a `.taskFinished` message.
///
/// Keys with the prose focused: `n`/`p` (or →/←) pages (`n` on the last page opens the next
/// lesson of the course), ↑/↓/PgUp/PgDn scroll, Tab selects the next block, exercise or
/// question (after the last one, the panel), Enter runs the selected block (checks the selected
/// exercise, answers the selected question), digits choose a selected question's options (or
/// type its number), `h` shows the next hint, `c` checks the exercise, `:` a command, `l` the
/// lesson list, `?` help, `q` close. With the panel focused, a live view gets every key but
/// Tab; text output scrolls with ↑/↓/PgUp/PgDn, and sideways with ←/→ when a table is wider.
///
/// Below `sideBySideMinimumWidth` columns the panel sits under the prose instead of beside it,
/// sized to its output (about half the rows at most), and takes most of the rows while it has
/// the keys. After a run the panel shows the end of the output: the last command's result.
public final class LessonExplorer: InteractiveView {
    /// The smallest terminal the explorer draws in.
    public static let minimumSize = (width: ViewMinimumSize.width, height: ViewMinimumSize.height)
    /// The size the live views (dashboard, pass explorer) need; a smaller panel gives them the
    /// whole screen while they have the keys.
    public static let liveViewMinimumSize = (width: 60, height: 20)

    /// Where keys go.
    public enum Focus: Equatable, Sendable {
        case prose, panel
    }

    /// A block of a lesson: its page and its index among the page's selectable items.
    struct ItemKey: Hashable {
        var page: Int
        var item: Int
    }

    /// The rest of a block that waits for a live view to close.
    struct PendingLines {
        var lines: [BlockLine]
        var mustFail: BlockLine?
        var key: ItemKey?
    }

    /// The course the lesson belongs to (for the lesson list).
    public internal(set) var course: Course
    /// The lesson shown.
    public internal(set) var lesson: Lesson
    /// The lesson's own session: blocks and typed commands run here, through the sandbox.
    public internal(set) var session: Session
    /// The environment sessions are made from.
    let environment: SessionEnvironment
    /// Where progress is saved (the tasks name it; the explorer never opens it).
    public let store: ProgressStore

    /// The page shown (0-based).
    public internal(set) var pageIndex = 0
    /// The selected block or exercise of the page (an index into `selectableItems`).
    public internal(set) var selectedItem = 0
    /// The first prose line shown.
    public internal(set) var proseScroll = 0
    /// The first panel line shown (for text output).
    public internal(set) var panelScroll = 0
    /// The first panel column shown (a table wider than the panel scrolls sideways).
    public internal(set) var panelColumn = 0
    /// Whether the panel stays at the end of its output when its height changes.
    var panelShowsEnd = false
    /// Where keys go.
    public internal(set) var focus = Focus.prose
    /// What the last block or command printed.
    public internal(set) var transcript = OutputTranscript()
    /// What the panel shows, for its title.
    public internal(set) var panelTitle = "output"
    /// The live view in the panel (the training dashboard), if one is open.
    public internal(set) var child: (any InteractiveView)?
    /// The live view's name, for the panel's title.
    public internal(set) var childTitle = ""
    /// The learner's progress in this lesson: as saved, with the changes still to be saved.
    public internal(set) var progress = LessonProgress()
    /// Every lesson's progress as last loaded or saved (for the lesson list).
    public internal(set) var courseProgress = CourseProgress()
    /// Store reads and writes waiting for the loop (`takeTasks`), oldest first.
    public internal(set) var pendingTasks: [ViewTask] = []
    /// A line of feedback for the bottom row, until the next key.
    public internal(set) var message: String?
    /// Whether `message` reports a problem (drawn in red).
    public internal(set) var messageIsError = false
    /// Whether the key help overlay is up.
    public internal(set) var showsHelp = false
    /// Whether the lesson list overlay is up.
    public internal(set) var showsLessonList = false
    /// The lesson selected in the lesson list.
    public internal(set) var listSelection = 0
    /// The terminal size last seen.
    public internal(set) var size: (width: Int, height: Int)

    var blockStates: [ItemKey: LessonPageText.BlockState] = [:]
    /// The questions shown so far, by id, as the learner answers them.
    var questionAttempts: [String: QuestionAttempt] = [:]
    var pending: PendingLines?
    /// Whether the `:` prompt was opened for the live view (its commands go to it).
    var promptForChild = false
    var lastChildSize: (width: Int, height: Int)?
    var pageTextCache: (key: PageTextKey, text: LessonPageText)?
    var panelLinesCache: (key: PanelLinesKey, lines: [StyledLine])?
    var outputCountCache: (key: PanelLinesKey, count: Int)?
    var stateVersion = 0

    struct PageTextKey: Equatable {
        var lesson: String
        var page: Int
        var width: Int
        var version: Int
    }

    struct PanelLinesKey: Equatable {
        var width: Int
        var height: Int
        var version: Int
    }

    /// Opens a lesson of the course in the environment's lessons folder, by id, file name,
    /// number or unique start of its id, with the progress saved in the environment's data
    /// folder (both read here, before the view runs).
    public convenience init(lessonNamed name: String, environment: SessionEnvironment, width: Int, height: Int) throws(CommandError) {
        let course = Course.load(folder: environment.lessonsFolder)
        guard let lesson = course.lesson(named: name) else {
            throw CommandError(Session.unknownLessonMessage(name, course: course))
        }
        let loaded = ProgressStore(dataFolder: environment.dataFolder).load()
        self.init(lesson: lesson, course: course, environment: environment, progress: loaded.progress, warning: loaded.warning,
                  width: width, height: height)
    }

    /// Opens a lesson at its last page in `progress` (every lesson's progress, as the caller
    /// loaded it from the environment's data folder; `warning` is shown if loading had one).
    /// Changes are saved to that folder by the tasks the explorer hands out.
    public init(lesson: Lesson, course: Course, environment: SessionEnvironment, progress: CourseProgress, warning: String? = nil,
                width: Int, height: Int) {
        var environment = environment
        environment.interactive = true
        self.environment = environment
        self.course = course
        self.lesson = lesson
        self.store = ProgressStore(dataFolder: environment.dataFolder)
        self.session = Session(environment: environment)
        self.courseProgress = progress
        self.size = (width, height)
        open(lesson)
        if let warning { say(warning, error: true) }
    }

    // MARK: Pages and items

    /// The page shown.
    public var page: LessonPage { lesson.pages[pageIndex] }

    /// The page's blocks and exercises, in order.
    public var selectableItems: [LessonItem] { LessonPageText.selectableItems(of: page) }

    /// The selected block or exercise, if the page has any.
    public var selectedLessonItem: LessonItem? {
        let items = selectableItems
        return items.indices.contains(selectedItem) ? items[selectedItem] : nil
    }

    /// The exercise `h` and `c` act on: the selected one, else the first unsolved one of the
    /// page, else the page's first.
    public var currentExercise: Exercise? {
        if case .exercise(let exercise)? = selectedLessonItem { return exercise }
        let exercises = selectableItems.compactMap { item -> Exercise? in
            if case .exercise(let e) = item { return e } else { return nil }
        }
        return exercises.first { !progress.solved.contains($0.id) } ?? exercises.first
    }

    /// How a block of this page last ran.
    public func blockState(item: Int) -> LessonPageText.BlockState {
        blockStates[ItemKey(page: pageIndex, item: item)] ?? .notRun
    }

    /// `perceptron: page 3/7, 1 of 2 exercises solved`.
    public var summaryLine: String {
        let ids = lesson.exercises.map(\.id)
        let solved = ids.filter(progress.solved.contains).count
        return "\(lesson.id): page \(pageIndex + 1)/\(lesson.pages.count), \(solved) of \(ids.count) exercise\(ids.count == 1 ? "" : "s") solved"
    }

    // MARK: Opening a lesson

    /// The lesson after this one in the course's order (`course.txt`), if any.
    public var nextLesson: Lesson? {
        let lessons = course.lessons
        guard let index = lessons.firstIndex(where: { $0.id == lesson.id }), index + 1 < lessons.count else { return nil }
        return lessons[index + 1]
    }

    /// Shows a lesson from its saved last page, in a fresh session.
    func open(_ lesson: Lesson) {
        closeChild(keepOutput: false)
        pending = nil
        self.lesson = lesson
        session = Session(environment: environment)
        blockStates = [:]
        questionAttempts = [:]
        transcript = OutputTranscript()
        panelTitle = "output"
        panelScroll = 0
        panelColumn = 0
        focus = .prose
        progress = courseProgress[lesson: lesson.id]
        goToPage(min(max(progress.lastPage, 0), lesson.pages.count - 1))
    }

    /// Shows a page from its top, and records it as seen.
    func goToPage(_ index: Int) {
        pageIndex = index
        selectedItem = 0
        proseScroll = 0
        prepareQuestions()
        changed()
        recordProgress(.seePage(index, of: lesson.pages.count))
    }

    /// Marks the prose as needing a new layout.
    func changed() { stateVersion += 1 }

    func say(_ text: String, error: Bool = false) {
        message = text
        messageIsError = error
    }

    // MARK: Update

    public func update(_ message: ViewMessage) -> ViewEffect {
        var effect = ViewEffect.none
        switch message {
        case .resize(let width, let height):
            // Keep the reading position: the same share of the page stays at the top.
            let before = pageText().lines.count
            size = (width, height)
            let after = pageText().lines.count
            if before > 0, after != before { proseScroll = proseScroll * after / before }
            clampScrolls()
        case .tick:
            if let child, child.update(.tick) == .close { childClosed() }
        case .taskFinished(let result):
            taskFinished(result)
        case .key(let key):
            self.message = nil
            effect = handle(key)
            // The focus decides how the rows are shared when the panel is under the prose.
            clampScrolls()
        }
        syncChildSize()
        return effect
    }

    func handle(_ key: ViewKey) -> ViewEffect {
        if showsHelp {
            showsHelp = false
            return .none
        }
        if showsLessonList { return handleLessonList(key) }
        if focus == .panel {
            if key == .tab {
                focus = .prose
                return .none
            }
            if key == .backTab {
                // Back from the panel to the page's last item.
                focus = .prose
                if !selectableItems.isEmpty { select(selectableItems.count - 1) }
                return .none
            }
            if let child {
                switch child.update(.key(key)) {
                case .close: childClosed()
                case .openPrompt:
                    promptForChild = true
                    return .openPrompt
                case .none: break
                }
                return .none
            }
            switch key {
            case .up: scrollPanel(by: -1); return .none
            case .down: scrollPanel(by: 1); return .none
            case .pageUp: scrollPanel(by: -max(1, panelViewHeight - 1)); return .none
            case .pageDown: scrollPanel(by: max(1, panelViewHeight - 1)); return .none
            case .home: panelScroll = 0; panelColumn = 0; panelShowsEnd = false; return .none
            case .end: scrollPanel(by: Int.max / 2); return .none
            case .left: scrollPanelSideways(by: -panelColumnStep); return .none
            case .right: scrollPanelSideways(by: panelColumnStep); return .none
            case .escape: focus = .prose; return .none
            default: break
            }
        }
        if handleQuestionKey(key) { return .none }
        switch key {
        case .character("n"), .right:
            if pageIndex + 1 < lesson.pages.count {
                goToPage(pageIndex + 1)
            } else if let next = nextLesson {
                open(next)
                say("opened lesson \(next.header.order): \(next.title)")
            } else {
                say("this is the last page of the course; `l` lists the lessons")
            }
        case .character("p"), .left:
            if pageIndex > 0 { goToPage(pageIndex - 1) } else { say("this is the first page") }
        case .up: scrollProse(by: -1)
        case .down: scrollProse(by: 1)
        case .pageUp: scrollProse(by: -max(1, proseViewHeight - 2))
        case .pageDown, .character(" "): scrollProse(by: max(1, proseViewHeight - 2))
        case .home: proseScroll = 0
        case .end: scrollProse(by: Int.max / 2)
        case .tab: selectNext()
        case .backTab: selectPrevious()
        case .enter: runSelected()
        case .character("h"): revealHint()
        case .character("c"): checkExercise()
        case .character("l"):
            showsLessonList = true
            listSelection = course.lessons.firstIndex { $0.id == lesson.id } ?? 0
            // Fresh summaries (another nnlab may have added to them), read by the loop.
            pendingTasks.append(.loadProgress(store))
        case .character("?"): showsHelp = true
        case .character(":"):
            promptForChild = false
            return .openPrompt
        case .character("q"):
            return .close
        case .escape:
            if focus == .panel { focus = .prose }
        default:
            break
        }
        return .none
    }

    func handleLessonList(_ key: ViewKey) -> ViewEffect {
        let count = course.lessons.count
        switch key {
        case .up: listSelection = max(0, listSelection - 1)
        case .down: listSelection = min(max(0, count - 1), listSelection + 1)
        case .home: listSelection = 0
        case .end: listSelection = max(0, count - 1)
        case .enter:
            showsLessonList = false
            guard course.lessons.indices.contains(listSelection) else { return .none }
            let chosen = course.lessons[listSelection]
            if chosen.id != lesson.id {
                open(chosen)
                say("opened lesson \(chosen.header.order): \(chosen.title)")
            }
        case .escape, .character("l"), .character("q"):
            showsLessonList = false
        default:
            break
        }
        return .none
    }

    // MARK: Scrolling and selection

    func scrollProse(by delta: Int) {
        proseScroll = max(0, min(proseScroll + delta, maximumProseScroll))
    }

    func scrollPanel(by delta: Int) {
        panelScroll = max(0, min(panelScroll + delta, maximumPanelScroll))
        panelShowsEnd = panelScroll == maximumPanelScroll
    }

    /// Scrolls the panel sideways; says so when nothing is wider than the panel.
    func scrollPanelSideways(by delta: Int) {
        guard panelIsWider else {
            panelColumn = 0
            say("the output fits the panel; n/p turn the page")
            return
        }
        panelColumn = max(0, min(panelColumn + delta, maximumPanelColumn))
    }

    /// How far ←/→ move the panel: a table column or so.
    var panelColumnStep: Int { max(4, panelTextWidth / 4) }

    func clampScrolls() {
        proseScroll = max(0, min(proseScroll, maximumProseScroll))
        panelScroll = panelShowsEnd ? maximumPanelScroll : max(0, min(panelScroll, maximumPanelScroll))
        panelColumn = max(0, min(panelColumn, maximumPanelColumn))
    }

    /// The last useful first column (a column of the widest line still shows at the right edge,
    /// after its `‹` mark).
    var maximumPanelColumn: Int { max(0, panelContentWidth - panelTextWidth) }

    var maximumProseScroll: Int {
        StyledTextView.maximumScrollOffset(lineCount: pageText().lines.count, height: proseViewHeight)
    }

    var maximumPanelScroll: Int {
        StyledTextView.maximumScrollOffset(lineCount: panelLines().count, height: panelViewHeight)
    }

    /// Selects the next block or exercise; after the last one (or on a page without any),
    /// focuses the panel when it has something to show.
    func selectNext() {
        let count = selectableItems.count
        if selectedItem + 1 < count {
            selectedItem += 1
            changed()
            scrollToSelection()
        } else if child != nil || !transcript.isEmpty {
            focus = .panel
        } else if count > 0 {
            selectedItem = 0
            changed()
            scrollToSelection()
        }
    }

    /// Selects the previous block or exercise; before the first, the panel when it has
    /// something, else the page's last item (Shift-Tab mirrors Tab).
    func selectPrevious() {
        let count = selectableItems.count
        if selectedItem > 0 && selectedItem <= count {
            select(selectedItem - 1)
        } else if child != nil || !transcript.isEmpty {
            focus = .panel
        } else if count > 0 {
            select(count - 1)
        }
    }

    /// Whether any line of the selected item is in the prose's view.
    public var selectionIsVisible: Bool {
        let ranges = pageText().itemRanges
        guard ranges.indices.contains(selectedItem) else { return false }
        let range = ranges[selectedItem]
        return range.upperBound > proseScroll && range.lowerBound < proseScroll + proseViewHeight
    }

    /// Scrolls the prose so the selected item is in view (its top, and its end when it fits).
    func scrollToSelection() {
        let ranges = pageText().itemRanges
        guard ranges.indices.contains(selectedItem) else { return }
        let range = ranges[selectedItem]
        let height = proseViewHeight
        if range.upperBound > proseScroll + height { proseScroll = range.upperBound - height }
        if range.lowerBound < proseScroll || range.count > height { proseScroll = range.lowerBound }
        clampScrolls()
    }

    /// Selects an item of the page and scrolls to it.
    func select(_ item: Int) {
        selectedItem = item
        changed()
        scrollToSelection()
    }

    // MARK: Commands from the prompt

    public func runCommand(_ line: String) -> String {
        if promptForChild, let child {
            promptForChild = false
            // Commands for the live view still obey the sandbox; file commands wait until it closes.
            do {
                for command in try CommandParser.parse(line) {
                    if let problem = LessonSandbox.problem(with: command) { return "error: \(problem)" }
                    if LessonSandbox.pathArgument(of: command) != nil {
                        return "error: close the \(childTitle) first (q) to run commands that read or write files"
                    }
                }
            } catch {
                return "error: \(error.message)"
            }
            let result = child.runCommand(line)
            return result
        }
        promptForChild = false
        startOutput(title: "your command")
        let error = runLines([BlockLine(text: line, line: 0)], mustFail: nil, key: nil)
        showResult()
        if let error { return "error: \(error)" }
        if child != nil { return childKeysText }
        return "done — the output is in the panel"
    }

    // MARK: Closing

    public func closingOutput() -> [OutputBlock] {
        closeChild(keepOutput: false)
        return [.text(summaryLine)]
    }
}
