import Foundation
import NNLessons
import NNRender
import NNSession
import XCTest

/// The lesson explorer's logic without a terminal: keys in, state, saved progress and the
/// rendered screen out — on a small lesson written for the test and on the shipped `perceptron`.
/// `press` carries out the tasks each key hands out, as the terminal's loop does.
final class LessonExplorerTests: XCTestCase {
    private var data: String!
    private var lessons: String!

    /// The repository's `lessons/` folder.
    private static let shippedLessons = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("lessons").path

    private static let tinyLesson = """
        ---
        id: tiny
        title: A tiny lesson
        order: 1
        topics: basics
        minutes: 5
        ---

        # A tiny lesson

        The first page.

        ```nnlab
        data xor n=40 seed=1
        net 2-2-1 seed=1
        show w1
        ```

        ## Numbers

        A sum worked out by the engine.

        ```nnlab
        expr a*b + 1 a=2 b=3
        ```

        ```nnlab
        save /etc/nnlab-test.json
        ```

        ```exercise
        id: tiny-net
        title: Build a net
        goal: Build a `2-3-1` net on the xor data.
        check: data == xor and hidden_units == 3
        hint: The first hint.
        hint: The second hint.
        solution:
          data xor n=40
          net 2-3-1
        ```

        ## The end

        Nothing more.

        """

    private static let otherLesson = """
        ---
        id: other
        title: Another lesson
        order: 2
        topics: basics
        minutes: 5
        ---

        # Another lesson

        Its only page.

        """

    override func setUpWithError() throws {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("nnlab-explorer-\(UUID().uuidString)")
        data = (base as NSString).appendingPathComponent("data")
        lessons = (base as NSString).appendingPathComponent("lessons")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: lessons, withIntermediateDirectories: true)
        try Self.tinyLesson.write(toFile: (lessons as NSString).appendingPathComponent("tiny.md"), atomically: true, encoding: .utf8)
        try Self.otherLesson.write(toFile: (lessons as NSString).appendingPathComponent("other.md"), atomically: true, encoding: .utf8)
        try "tiny\nother\n".write(toFile: (lessons as NSString).appendingPathComponent("course.txt"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: (data as NSString).deletingLastPathComponent)
    }

    // MARK: Helpers

    private func environment(lessons folder: String? = nil) -> SessionEnvironment {
        SessionEnvironment(dataFolder: data, lessonsFolder: folder ?? lessons, width: 100, colorMode: .none, interactive: true)
    }

    private func explorer(_ name: String = "tiny", lessons folder: String? = nil, width: Int = 100, height: Int = 30) throws -> LessonExplorer {
        let view = try LessonExplorer(lessonNamed: name, environment: environment(lessons: folder), width: width, height: height)
        _ = view.update(.resize(width: width, height: height))
        view.carryOutTasks()
        return view
    }

    /// The tiny lesson opened with no saved progress, on a data folder of the test's choosing;
    /// nothing is read or written.
    private func explorerWithoutLoading(dataFolder: String) throws -> LessonExplorer {
        let course = Course.load(folder: lessons)
        let lesson = try XCTUnwrap(course.lesson(named: "tiny"))
        let environment = SessionEnvironment(dataFolder: dataFolder, lessonsFolder: lessons, width: 100, colorMode: .none, interactive: true)
        return LessonExplorer(lesson: lesson, course: course, environment: environment, progress: CourseProgress(), width: 100, height: 30)
    }

    private func buffer(_ view: LessonExplorer, width: Int = 100, height: Int = 30) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        view.render(into: &buffer)
        return buffer
    }

    private func screen(_ view: LessonExplorer, width: Int = 100, height: Int = 30) -> String {
        BufferPrinter(colorMode: .none).plainLines(buffer(view, width: width, height: height)).joined(separator: "\n")
    }

    @discardableResult
    private func press(_ view: LessonExplorer, _ keys: ViewKey...) -> ViewEffect {
        var effect = ViewEffect.none
        for key in keys {
            effect = view.update(.key(key))
            view.carryOutTasks()
        }
        return effect
    }

    private func saved(_ id: String = "tiny") -> LessonProgress {
        ProgressStore(dataFolder: data).load().progress[lesson: id]
    }

    /// The output lines of a command line run in a fresh session of its own.
    private func independentOutput(_ lines: [String]) throws -> [String] {
        let session = Session(environment: SessionEnvironment(dataFolder: data, lessonsFolder: lessons, width: 100, colorMode: .none))
        var out: [String] = []
        for line in lines {
            for block in try session.output(of: line) { out += OutputPrinter(width: 100, colorMode: .none).lines(block) }
        }
        return out
    }

    // MARK: Paging

    func testPagesForwardAndBackWithTheirHeader() throws {
        let view = try explorer()
        XCTAssertEqual(view.pageIndex, 0)
        XCTAssertTrue(screen(view).hasPrefix(" tiny · page 1/3 · A tiny lesson"), screen(view))
        press(view, .character("n"))
        XCTAssertEqual(view.pageIndex, 1)
        XCTAssertTrue(screen(view).hasPrefix(" tiny · page 2/3 · Numbers"), screen(view))
        press(view, .right)
        XCTAssertEqual(view.pageIndex, 2)
        press(view, .left, .character("p"))
        XCTAssertEqual(view.pageIndex, 0)
        XCTAssertEqual(saved().pagesSeen, [0, 1, 2])
        XCTAssertEqual(saved().lastPage, 0)
        XCTAssertEqual(press(view, .character("q")), .close)
    }

    /// The last page names the next lesson of course.txt, and n opens it; the course's last
    /// lesson says the course ends there.
    func testTheLastPageNamesTheNextLessonAndNOpensIt() throws {
        let view = try explorer()
        press(view, .character("n"), .character("n"))
        XCTAssertEqual(view.pageIndex, 2)
        XCTAssertEqual(view.nextLesson?.id, "other")
        let text = screen(view)
        XCTAssertTrue(text.contains("── the end of the lesson ──"), text)
        let footer = view.pageLines(width: 200).map(\.plainText)
        XCTAssertEqual(Array(footer.suffix(2)), ["── the end of the lesson ──", "Next: lesson 2, “Another lesson” · n opens it"])
        XCTAssertTrue(text.contains("Next: lesson 2, “Another lesson”"), text)
        XCTAssertTrue(text.split(separator: "\n").last?.contains("n next lesson") ?? false, text)
        press(view, .character("n"))
        XCTAssertEqual(view.lesson.id, "other")
        XCTAssertEqual(view.pageIndex, 0)
        XCTAssertEqual(view.message, "opened lesson 2: Another lesson")
        XCTAssertEqual(saved("other").pagesSeen, [0])
        XCTAssertEqual(saved().pagesSeen, [0, 1, 2], "the lesson left keeps its progress")
        XCTAssertNil(view.nextLesson)
        XCTAssertTrue(screen(view).contains("It is the last lesson of the course; l lists"), screen(view))
        press(view, .right)
        XCTAssertEqual(view.lesson.id, "other", "no lesson after the last")
        XCTAssertEqual(view.message, "this is the last page of the course; `l` lists the lessons")
    }

    func testTheProseShowsBlocksAndTheExerciseWithTheSelectionMarked() throws {
        let view = try explorer()
        press(view, .character("n"))
        var text = screen(view)
        XCTAssertTrue(text.contains("┏━ ▶ nnlab 1/2  Enter runs"), text)
        XCTAssertTrue(text.contains("┃ expr a*b + 1 a=2 b=3"), text)
        XCTAssertTrue(text.contains("┌─ nnlab 2/2"), text)
        XCTAssertTrue(text.contains("◆ Exercise: Build a net"), text)
        // The check breaks only between conditions, each continued line starting with `and`.
        XCTAssertTrue(text.contains("Done when: data == xor") && text.contains("and hidden_units == 3"), text)
        XCTAssertTrue(text.contains("h hint (0 of 2 shown) · c check"), text)
        press(view, .tab)
        XCTAssertEqual(view.selectedItem, 1)
        text = screen(view)
        XCTAssertTrue(text.contains("┏━ ▶ nnlab 2/2  Enter runs"), text)
        XCTAssertTrue(text.contains("┌─ nnlab 1/2"), text)
        press(view, .tab)
        XCTAssertTrue(screen(view).contains("▶ Exercise: Build a net"))
        XCTAssertTrue(screen(view).contains("Enter check"), "the key bar says what Enter does")
    }

    // MARK: Running blocks

    func testRunningABlockPutsItsOutputInThePanel() throws {
        let view = try explorer()
        press(view, .enter)
        let panel = view.transcript.plainText
        XCTAssertTrue(panel.contains("nnlab> data xor n=40 seed=1"), panel)
        XCTAssertTrue(panel.contains("nnlab> show w1"), panel)
        // The weights are exactly what the same commands print in a session of their own.
        let expected = try independentOutput(["data xor n=40 seed=1", "net 2-2-1 seed=1", "show w1"])
        let w1Lines = expected.drop { !$0.contains("w1") }.prefix(4).filter { !$0.isEmpty }
        XCTAssertFalse(w1Lines.isEmpty, expected.joined(separator: "\n"))
        for line in w1Lines { XCTAssertTrue(panel.contains(line.trimmingCharacters(in: .whitespaces)), "missing \(line) in\n\(panel)") }
        XCTAssertEqual(view.blockState(item: 0), .ran)
        XCTAssertTrue(screen(view).contains("✓ ran"))
        XCTAssertEqual(view.session.rawData?.name, "xor", "the lesson's own session has the data")
        XCTAssertNotNil(view.session.trainer)

        // 2·3 + 1 = 7, with ∂/∂a = b = 3 and ∂/∂b = a = 2.
        press(view, .character("n"), .enter)
        let expr = view.transcript.plainText
        XCTAssertTrue(expr.contains("= 7 "), expr)
        XCTAssertTrue(screen(view).contains("= 7 "), screen(view))
    }

    func testASandboxRefusalShowsInRedAndKeepsTheState() throws {
        let view = try explorer()
        press(view, .enter)
        let weights = view.session.trainer?.network.layers[0].weights
        press(view, .character("n"), .tab)
        XCTAssertEqual(press(view, .enter), .none)
        XCTAssertEqual(view.blockState(item: 1), .failed)
        let panel = view.transcript.plainText
        XCTAssertTrue(panel.contains("error: lessons keep files in the data folder"), panel)
        XCTAssertTrue(view.message?.hasPrefix("error: ") ?? false)
        XCTAssertTrue(view.messageIsError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/etc/nnlab-test.json"))
        XCTAssertEqual(view.session.trainer?.network.layers[0].weights, weights, "the net is as it was")
        // The error is drawn in red.
        let screen = buffer(view)
        var redError = false
        for y in 0..<screen.height {
            let row = (0..<screen.width).map { screen[$0, y].symbol }.joined()
            if let range = row.range(of: "error: lessons") {
                let x = row.distance(from: row.startIndex, to: range.lowerBound)
                redError = redError || screen[x, y].style.fg == .red
            }
        }
        XCTAssertTrue(redError, "the panel shows the refusal in red")
        XCTAssertTrue(self.screen(view).contains("✗ failed"))
    }

    func testPromptCommandsRunInTheSandboxAndShowInThePanel() throws {
        let view = try explorer()
        XCTAssertEqual(press(view, .character(":")), .openPrompt)
        XCTAssertEqual(view.runCommand("expr x*x x=4"), "done — the output is in the panel")
        XCTAssertTrue(view.transcript.plainText.contains("nnlab> expr x*x x=4"))
        XCTAssertTrue(view.transcript.plainText.contains("= 16 "), view.transcript.plainText)
        XCTAssertEqual(view.panelTitle, "your command")
        XCTAssertEqual(view.runCommand("lesson tiny"), "error: a lesson cannot open lessons")
        XCTAssertTrue(view.runCommand("trian").hasPrefix("error: unknown command 'trian'"))
        XCTAssertTrue(view.transcript.plainText.contains("did you mean 'train'"))
    }

    // MARK: Exercises

    func testHintsAreRevealedInOrderAndSaved() throws {
        let view = try explorer()
        press(view, .character("h"))
        XCTAssertEqual(view.message, "this page has no exercise; the exercises are on page 2")
        press(view, .character("n"), .character("h"))
        XCTAssertEqual(view.progress.hints["tiny-net"], 1)
        XCTAssertEqual(view.message, "hint 1 of 2")
        var text = screen(view, height: 40)
        XCTAssertTrue(text.contains("Hint 1: The first hint."), text)
        XCTAssertFalse(text.contains("The second hint."), text)
        XCTAssertTrue(text.contains("h hint (1 of 2 shown)"), text)
        press(view, .character("h"))
        text = screen(view, height: 40)
        XCTAssertTrue(text.contains("Hint 2: The second hint."), text)
        XCTAssertEqual(view.message, "hint 2 of 2 (the last one)")
        press(view, .character("h"))
        XCTAssertEqual(view.message, "all 2 hints of this exercise are shown")
        XCTAssertEqual(saved().hints["tiny-net"], 2)
        XCTAssertEqual(view.selectedItem, 2, "h selects the exercise")
    }

    func testCheckingTheExerciseSolvesAndSavesIt() throws {
        let view = try explorer()
        press(view, .character("n"), .character("c"))
        XCTAssertEqual(view.message, "not yet: 0 of 2 conditions hold")
        XCTAssertTrue(view.transcript.plainText.contains("Not yet: 0 of 2 conditions hold"), view.transcript.plainText)
        XCTAssertFalse(saved().solved.contains("tiny-net"))
        XCTAssertEqual(view.runCommand("data xor n=40"), "done — the output is in the panel")
        XCTAssertEqual(view.runCommand("net 2-3-1"), "done — the output is in the panel")
        press(view, .character("c"))
        XCTAssertEqual(view.message, "✓ Build a net: solved")
        let panel = view.transcript.plainText
        XCTAssertTrue(panel.contains("✓ data = xor (data is xor)"), panel)
        XCTAssertTrue(panel.contains("✓ hidden_units = 3 (hidden_units is 3)"), panel)
        XCTAssertTrue(panel.contains("Solved!"), panel)
        XCTAssertEqual(saved().solved, ["tiny-net"])
        let text = screen(view)
        XCTAssertTrue(text.contains("exercises 1/1"), text)
        XCTAssertTrue(text.contains("✓ solved"), text)
        XCTAssertEqual(view.summaryLine, "tiny: page 2/3, 1 of 1 exercise solved")
    }

    // MARK: Progress

    func testReopensAtTheLastPageWithProgressKept() throws {
        let view = try explorer()
        press(view, .character("n"), .character("h"), .character("n"))
        guard case .text(let closing)? = view.closingOutput().first else { return XCTFail("no summary") }
        XCTAssertEqual(closing, "tiny: page 3/3, 0 of 1 exercise solved")
        let again = try explorer()
        XCTAssertEqual(again.pageIndex, 2)
        XCTAssertEqual(again.progress.hints["tiny-net"], 1)
        XCTAssertEqual(again.progress.pagesSeen, [0, 1, 2])
        XCTAssertTrue(screen(again).hasPrefix(" tiny · page 3/3 · The end"))
    }

    // MARK: Progress as tasks

    func testUpdatesHandOutProgressChangesAndTouchNoDisk() throws {
        let folder = (data as NSString).appendingPathComponent("not-yet")
        let view = try explorerWithoutLoading(dataFolder: folder)
        let store = ProgressStore(dataFolder: folder)
        for key: ViewKey in [.character("n"), .character("h"), .character("l"), .escape] { _ = view.update(.key(key)) }
        _ = view.update(.resize(width: 120, height: 40))
        _ = screen(view)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder), "updates and rendering create no data folder")
        XCTAssertEqual(view.pendingTasks, [
            .recordProgress(store, lesson: "tiny", change: .seePage(0, of: 3)),
            .recordProgress(store, lesson: "tiny", change: .seePage(1, of: 3)),
            .recordProgress(store, lesson: "tiny", change: .revealHint(exercise: "tiny-net", available: 2)),
            .loadProgress(store),
        ])
        // The explorer shows the changes at once.
        XCTAssertEqual(view.message, nil, "Esc cleared 'hint 1 of 2'")
        XCTAssertEqual(view.progress, LessonProgress(pagesSeen: [0, 1], pageCount: 3, hints: ["tiny-net": 1], lastPage: 1))
        XCTAssertTrue(screen(view, height: 40).contains("Hint 1: The first hint."))

        let results = view.carryOutTasks()
        XCTAssertEqual(results.count, 4)
        XCTAssertTrue(view.pendingTasks.isEmpty)
        XCTAssertTrue(view.takeTasks().isEmpty, "each task is handed out once")
        let saved = ProgressStore(dataFolder: folder).load().progress[lesson: "tiny"]
        XCTAssertEqual(saved, LessonProgress(pagesSeen: [0, 1], pageCount: 3, hints: ["tiny-net": 1], lastPage: 1))
        XCTAssertEqual(view.progress, saved)
        XCTAssertEqual(view.courseProgress[lesson: "tiny"], saved, "the lesson list has the record as loaded")
    }

    func testTasksApplyTheChangeToTheRecordAsSavedAndTheExplorerShowsIt() throws {
        let view = try explorer()
        press(view, .character("n"))
        // Another nnlab solves the exercise and reads a hint while this one is open.
        ProgressStore(dataFolder: data).update { $0[lesson: "tiny"].markSolved("tiny-net") }
        _ = view.update(.key(.character("h")))
        XCTAssertEqual(view.progress.solved, [], "not seen before the task is carried out")
        view.carryOutTasks()
        let saved = saved()
        XCTAssertEqual(saved, LessonProgress(pagesSeen: [0, 1], pageCount: 3, solved: ["tiny-net"], hints: ["tiny-net": 1], lastPage: 1))
        XCTAssertEqual(view.progress, saved, "the explorer shows the record as saved")
        XCTAssertTrue(screen(view).contains("exercises 1/1"), screen(view))
    }

    func testAFolderThatCannotBeWrittenKeepsTheChangesInTheExplorerAndSaysSo() throws {
        // A data folder below a plain file can never be made, whoever runs the test.
        let file = (data as NSString).appendingPathComponent("a-file")
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let view = try explorerWithoutLoading(dataFolder: (file as NSString).appendingPathComponent("data"))
        view.carryOutTasks()
        XCTAssertTrue(view.message?.hasPrefix("warning: ") ?? false, view.message ?? "no warning")
        XCTAssertTrue(view.messageIsError)
        press(view, .character("n"), .character("h"))
        XCTAssertEqual(view.pageIndex, 1)
        XCTAssertEqual(view.progress, LessonProgress(pagesSeen: [0, 1], pageCount: 3, hints: ["tiny-net": 1], lastPage: 1),
                       "unsaved, the changes last while the explorer is open")
        press(view, .character("l"))
        XCTAssertTrue(screen(view).contains("pages 2/3 · exercises 0/1"), screen(view))
    }

    // MARK: The lesson list

    func testTheLessonListOpensAnotherLessonInTheSameView() throws {
        let view = try explorer()
        press(view, .character("n"))
        press(view, .character("l"))
        XCTAssertTrue(view.showsLessonList)
        let text = screen(view)
        XCTAssertTrue(text.contains("1. tiny   A tiny lesson"), text)
        XCTAssertTrue(text.contains("2. other  Another lesson"), text)
        XCTAssertTrue(text.contains("pages 2/3 · exercises 0/1"), text)
        XCTAssertTrue(text.contains("not started"), text)
        press(view, .escape)
        XCTAssertFalse(view.showsLessonList)
        XCTAssertEqual(view.lesson.id, "tiny")
        press(view, .character("l"), .down, .enter)
        XCTAssertFalse(view.showsLessonList)
        XCTAssertEqual(view.lesson.id, "other")
        XCTAssertEqual(view.pageIndex, 0)
        XCTAssertTrue(screen(view).hasPrefix(" other · page 1/1 · Another lesson"))
        XCTAssertEqual(saved("other").pagesSeen, [0])
        press(view, .character("l"), .up, .enter)
        XCTAssertEqual(view.lesson.id, "tiny")
        XCTAssertEqual(view.pageIndex, 1, "back at its last page")
    }

    // MARK: Sizes

    func testResizeReLaysOutAndATinyTerminalGetsOneLine() throws {
        let view = try explorer()
        _ = view.update(.resize(width: 50, height: 15))
        XCTAssertEqual(screen(view, width: 50, height: 15).trimmingCharacters(in: .whitespacesAndNewlines),
                       "terminal too small (needs 60×20)")
        _ = view.update(.resize(width: 80, height: 24))
        let small = screen(view, width: 80, height: 24).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(small[0].hasPrefix(" tiny · page 1/3"))
        XCTAssertTrue(small[23].contains("n/p page") && small[23].contains("q quit"), String(small[23]))
        XCTAssertTrue(small.allSatisfy { DisplayWidth.of(String($0)) <= 80 })
        _ = view.update(.resize(width: 160, height: 45))
        let wide = screen(view, width: 160, height: 45).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(wide.count, 45)
        XCTAssertTrue(wide[44].contains("l lessons"), String(wide[44]))
        XCTAssertTrue(wide.contains { $0.contains("┌ output") }, wide.joined(separator: "\n"))
    }

    func testHelpOverlayOpensAndAnyKeyClosesIt() throws {
        let view = try explorer()
        press(view, .character("?"))
        XCTAssertTrue(view.showsHelp)
        XCTAssertTrue(screen(view).contains("the lesson list: ↑ ↓ and Enter open another"))
        press(view, .character("n"))
        XCTAssertFalse(view.showsHelp)
        XCTAssertEqual(view.pageIndex, 0, "the key only closed the help")
    }

    // MARK: The shipped perceptron lesson

    /// Shift-Tab goes back through a page's items and wraps; Enter runs only a selection the
    /// learner can see (one scrolled out of view is brought back first).
    func testShiftTabAndEnterOnlyOnWhatIsInView() throws {
        let view = try explorer("perceptron", lessons: Self.shippedLessons, width: 80, height: 24)
        let page = try XCTUnwrap(view.lesson.pages.firstIndex { $0.title == "Two ways past the line" })
        while view.pageIndex < page { press(view, .character("n")) }
        let count = view.selectableItems.count
        XCTAssertGreaterThan(count, 2)
        XCTAssertEqual(view.selectedItem, 0)
        press(view, .backTab)
        XCTAssertEqual(view.selectedItem, count - 1, "Shift-Tab before the first item wraps to the last")
        press(view, .backTab)
        XCTAssertEqual(view.selectedItem, count - 2)
        press(view, .tab)
        XCTAssertEqual(view.selectedItem, count - 1)
        // Select the first block, scroll it out of view: Enter brings it back instead of running it.
        press(view, .tab)
        if view.focus == .panel { press(view, .tab) }
        while view.selectedItem != 0 { press(view, .backTab) }
        press(view, .end)
        XCTAssertFalse(view.selectionIsVisible)
        press(view, .enter)
        XCTAssertTrue(view.selectionIsVisible)
        XCTAssertEqual(view.blockState(item: 0), .notRun, "nothing ran")
        XCTAssertEqual(view.message, "the selected item is now in view; Enter runs it")
        press(view, .enter)
        XCTAssertNotEqual(view.blockState(item: 0), .notRun)
    }

    func testPerceptronLessonLiveBlockHostsTheDashboardInThePanel() throws {
        let view = try explorer("perceptron", lessons: Self.shippedLessons, width: 160, height: 45)
        XCTAssertTrue(screen(view, width: 160, height: 45).hasPrefix(" perceptron · page 1/5 · The perceptron"))
        // The last page with blocks: "Two ways past the line" — its second block trains live.
        let page = try XCTUnwrap(view.lesson.pages.firstIndex { $0.title == "Two ways past the line" })
        while view.pageIndex < page { press(view, .character("n")) }
        press(view, .tab)
        XCTAssertEqual(view.selectedItem, 1)
        press(view, .enter)
        let dashboard = try XCTUnwrap(view.child as? TrainingDashboard)
        XCTAssertEqual(view.focus, .panel)
        XCTAssertFalse(view.isZoomed, "at 160×45 the dashboard fits beside the prose")
        XCTAssertEqual(view.blockState(item: 1), .waiting)
        XCTAssertTrue(view.isBusy)
        XCTAssertTrue(screen(view, width: 160, height: 45).contains("nnlab · training · xor · 2-8:tanh-1:sigmoid"))
        // Keys go to the dashboard: space pauses it.
        press(view, .character(" "))
        XCTAssertEqual(dashboard.phase, .paused)
        XCTAssertFalse(view.isBusy)
        // A lesson's live run is paced to play over several seconds; > speeds it up to no limit.
        guard case .stepsPerSecond(let pace) = dashboard.pace else { return XCTFail("not paced: \(dashboard.pace)") }
        let steps = 300 * view.session.batchesPerEpoch(batch: nil)
        XCTAssertEqual(Double(steps) / Double(pace), TrainingDashboard.lessonRunSeconds, accuracy: TrainingDashboard.lessonRunSeconds / 2)
        XCTAssertTrue(screen(view, width: 160, height: 45).contains("\(pace) steps/s"))
        while dashboard.pace != .unlimited { press(view, .character(">")) }
        press(view, .character(" "))
        while view.isBusy { _ = view.work(budget: 0.05) }
        XCTAssertEqual(dashboard.phase, .finished("300 epochs done"))
        // Tab gives the keys back to the prose; the dashboard stays in the panel.
        press(view, .tab)
        XCTAssertEqual(view.focus, .prose)
        XCTAssertNotNil(view.child)
        press(view, .tab)
        XCTAssertEqual(view.selectedItem, 2)
        press(view, .tab, .tab)
        XCTAssertEqual(view.focus, .panel, "after the page's last item, Tab goes to the panel")
        // q closes it; the rest of the block (eval, plot boundary) runs.
        press(view, .character("q"))
        XCTAssertNil(view.child)
        XCTAssertEqual(view.blockState(item: 1), .ran)
        let panel = view.transcript.plainText
        XCTAssertTrue(panel.contains("dashboard: 300 epochs done"), panel)
        XCTAssertTrue(panel.contains("nnlab> eval"), panel)
        XCTAssertTrue(panel.contains("test acc"), panel)
        XCTAssertTrue(panel.contains("nnlab> plot boundary"), panel)
        XCTAssertEqual(view.session.trainer?.epochsDone, 300)
        // The panel shows the end of the block's output — its last command's plot — not the
        // block's first lines.
        XCTAssertGreaterThan(view.panelScroll, 0)
        XCTAssertTrue(screen(view, width: 160, height: 45).contains("nnlab> plot boundary"))
    }

    func testPerceptronDashboardZoomsWhenThePanelIsTooSmall() throws {
        let view = try explorer("perceptron", lessons: Self.shippedLessons, width: 80, height: 24)
        XCTAssertEqual(view.runCommand("data xor n=100 seed=1; net 2-2-1 seed=1; train epochs=5 live"),
                       "the training dashboard has the keys: Tab returns to the lesson, q closes it")
        XCTAssertTrue(view.isZoomed)
        var zoomed = screen(view, width: 80, height: 24).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(zoomed[0].hasPrefix(" nnlab · training · xor"), zoomed.joined(separator: "\n"))
        XCTAssertTrue(zoomed[22].contains("space pause"), "the dashboard's own key bar")
        XCTAssertEqual(zoomed[23], " the training dashboard has the keys: Tab returns to the lesson, q closes it")
        press(view, .character(" "))
        zoomed = screen(view, width: 80, height: 24).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(zoomed[23].contains("Tab back to the lesson"), String(zoomed[23]))
        press(view, .tab)
        XCTAssertFalse(view.isZoomed)
        let side = screen(view, width: 80, height: 24)
        XCTAssertTrue(side.contains("The training dashboard is open."), side)
        XCTAssertTrue(side.hasPrefix(" perceptron · page 1/5"), side)
        // A command for the dashboard still obeys the sandbox.
        press(view, .tab)
        XCTAssertEqual(press(view, .character(":")), .openPrompt)
        XCTAssertEqual(view.runCommand("save /tmp/x.json"), "error: save: lessons keep files in the data folder: write a relative path like `model.json`, not '/tmp/x.json'")
        XCTAssertEqual(press(view, .character(":")), .openPrompt)
        XCTAssertEqual(view.runCommand("opt sgd lr=0.1"), "opt sgd lr=0.1")
        XCTAssertEqual(view.session.optimizerSettings.kind, .sgd)
        // Closing the explorer (q, or Ctrl-C) with the dashboard up closes both.
        guard case .text(let summary)? = view.closingOutput().first else { return XCTFail("no summary") }
        XCTAssertEqual(summary, "perceptron: page 1/5, 0 of 3 exercises solved")
        XCTAssertNil(view.child)
        XCTAssertFalse(view.isBusy)
    }

    func testPerceptronExerciseSolvedWithItsOwnSolutionLines() throws {
        let view = try explorer("perceptron", lessons: Self.shippedLessons)
        let lesson = view.lesson
        let exercise = try XCTUnwrap(lesson.exercise(id: "perceptron-or"))
        let page = try XCTUnwrap(lesson.page(ofExercise: exercise.id))
        while view.pageIndex < page { press(view, .character("n")) }
        press(view, .character("c"))
        XCTAssertFalse(view.progress.solved.contains(exercise.id))
        for line in exercise.solution {
            XCTAssertFalse(view.runCommand(line.text).hasPrefix("error"), line.text)
        }
        press(view, .character("c"))
        XCTAssertTrue(view.progress.solved.contains(exercise.id))
        XCTAssertEqual(saved("perceptron").solved, [exercise.id])
        // Its check passes in the explorer exactly as in a session that ran the same lines.
        let session = Session(environment: SessionEnvironment(dataFolder: data, lessonsFolder: Self.shippedLessons))
        for line in exercise.solution { _ = try session.output(of: line.text) }
        XCTAssertEqual(session.check(exercise).lines, view.session.check(exercise).lines)
    }
}
