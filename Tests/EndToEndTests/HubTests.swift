import Foundation
import XCTest

/// The hub on a real terminal (tmux): prompt, commands, completion, history, Ctrl-C, and a
/// sane terminal afterwards.
final class HubTests: XCTestCase {
    private var home: URL!
    private var lessons: URL!

    override func setUpWithError() throws {
        _ = try TmuxPane.requireTmux()
        home = try makeTemporaryFolder("nnlab-e2e-home")
        lessons = try makeTemporaryFolder("nnlab-e2e-lessons")
        try writeSampleCourse(to: lessons)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: home)
        try? FileManager.default.removeItem(at: lessons)
    }

    /// A pane running the hub with a private data folder and lessons folder.
    private func startHub(term: String? = "xterm-256color", unsetTerm: Bool = false,
                          extra: [String: String] = [:], workingDirectory: URL? = nil,
                          width: Int = 100, height: Int = 30) throws -> TmuxPane {
        var environment = ["NNLAB_HOME": home.path, "NNLAB_LESSONS": lessons.path]
        if let term, !unsetTerm { environment["TERM"] = term }
        for (key, value) in extra { environment[key] = value }
        return try TmuxPane(binary: try NNLabBinary.require(), environment: environment,
                            unset: unsetTerm ? ["TERM"] : [], workingDirectory: workingDirectory,
                            width: width, height: height)
    }

    func testWelcomePromptHelpAndQuitLeaveASaneTerminal() throws {
        let pane = try startHub()
        try pane.waitForPrompt()
        let welcome = try pane.screen()
        XCTAssertTrue(welcome.contains("nnlab 0.1.0"), welcome)
        XCTAssertTrue(welcome.contains("`help`") && welcome.contains("`lessons`"), welcome)
        XCTAssertTrue(welcome.contains("perceptron"), "the welcome lists the lessons:\n\(welcome)")

        try pane.type("help")
        try pane.press("Enter")
        try pane.waitFor("the command list") { $0.contains("leave nnlab") && $0.contains("train") }
        try pane.waitForPrompt()

        try pane.type("trian")
        try pane.press("Enter")
        let screen = try pane.waitFor("an error with a suggestion") { $0.contains("error:") }
        XCTAssertTrue(screen.contains("train"), screen)
        try pane.waitForPrompt()

        try pane.quitAndAssertSaneTerminal()
    }

    func testTabCompletesCommandsOptimizersOptionsAndPaths() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{}".utf8).write(to: folder.appendingPathComponent("model-one.json"))
        let pane = try startHub(workingDirectory: folder)
        try pane.waitForPrompt()

        // `tra` is both `trace` and `train`: the first Tab keeps it, the second lists both.
        try pane.type("tra")
        try pane.press("Tab")
        try pane.press("Tab")
        try pane.waitFor("the list trace train") { text in
            text.split(separator: "\n").contains { $0.contains("trace") && $0.contains("train") && !$0.contains("nnlab>") }
        }
        try pane.type("i")
        try pane.press("Tab")
        try pane.waitFor("trai to complete to train") { _ in try pane.lastLine() == "nnlab> train" }
        try pane.type("ep")
        try pane.press("Tab")
        try pane.waitFor("ep to complete to epochs=") { _ in try pane.lastLine() == "nnlab> train epochs=" }
        try pane.press("C-c")
        try pane.waitForPrompt()

        try pane.type("opt ad")
        try pane.press("Tab")
        try pane.waitFor("opt ad to complete to opt ada") { _ in try pane.lastLine() == "nnlab> opt ada" }
        try pane.type("m")
        try pane.press("Tab")
        try pane.press("Tab")
        try pane.waitFor("the list adam adamw") { text in
            text.split(separator: "\n").contains { $0.contains("adam") && $0.contains("adamw") && !$0.contains("nnlab>") }
        }
        try pane.press("C-c")
        try pane.waitForPrompt()

        try pane.type("load mod")
        try pane.press("Tab")
        try pane.waitFor("a file path") { _ in try pane.lastLine() == "nnlab> load model-one.json" }
        try pane.press("C-c")
        try pane.waitForPrompt()

        try pane.press("C-d")
        let exit = try pane.waitForExit()
        XCTAssertEqual(exit.status, 0)
        TmuxPane.assertSane(exit.flags)
    }

    func testUpRecallsALineFromThePreviousRun() throws {
        do {
            let first = try startHub()
            try first.waitForPrompt()
            try first.type("help seed")
            try first.press("Enter")
            try first.waitFor("help seed's output") { $0.contains("seed N") }
            try first.waitForPrompt()
            try first.press("C-d")
            XCTAssertEqual(try first.waitForExit().status, 0)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.appendingPathComponent("history").path),
                      "the history file is in NNLAB_HOME")

        let second = try startHub()
        try second.waitForPrompt()
        try second.press("Up")
        try second.waitFor("the line from the first run") { _ in try second.lastLine() == "nnlab> help seed" }
        try second.press("Enter")
        try second.waitFor("the recalled line to run") { $0.components(separatedBy: "seed N").count >= 2 }
        try second.waitForPrompt()
        try second.quitAndAssertSaneTerminal()
    }

    func testCtrlCOnAHalfTypedLineGivesAFreshPrompt() throws {
        let pane = try startHub()
        try pane.waitForPrompt()
        try pane.type("data xo")
        try pane.waitFor("the typed text") { _ in try pane.lastLine() == "nnlab> data xo" }
        try pane.press("C-c")
        let screen = try pane.waitFor("a fresh prompt") { _ in try pane.lastLine() == "nnlab>" }
        XCTAssertTrue(screen.contains("nnlab> data xo^C"), screen)
        XCTAssertEqual(try pane.cursorColumn(), 7, "the cursor waits right after the prompt")

        // The abandoned text is gone: the next line runs on its own.
        try pane.type("help quit")
        try pane.press("Enter")
        let after = try pane.waitFor("help quit's output") { $0.contains("leave nnlab") }
        XCTAssertFalse(after.contains("error:"), after)
        try pane.waitForPrompt()

        // Ctrl-C on an empty line too.
        try pane.press("C-c")
        try pane.waitFor("a second ^C") { $0.components(separatedBy: "^C").count >= 3 }
        try pane.waitForPrompt()
        try pane.quitAndAssertSaneTerminal()
    }

    func testCtrlCStopsARunningCommandAndTheHubGoesOn() throws {
        let pane = try startHub()
        try pane.waitForPrompt()
        try pane.type("data spiral n=600 classes=3; net 2-64-64-3 act=relu out=softmax; train epochs=1000000 every=100000")
        try pane.press("Enter")
        try pane.waitFor("the network to be built") { $0.contains("parameters") }
        usleep(300_000)
        try pane.press("C-c")
        let screen = try pane.waitFor("training to stop") { text in
            text.split(separator: "\n").contains { $0.hasPrefix("stopped") }
        }
        XCTAssertTrue(screen.contains("^C"), screen)
        try pane.waitForPrompt()

        // The session is intact: the trained network is still there.
        try pane.type("eval")
        try pane.press("Enter")
        try pane.waitFor("eval's output") { $0.contains("test acc") || $0.contains("test loss") }
        try pane.waitForPrompt()
        try pane.quitAndAssertSaneTerminal()
    }

    func testUnknownAndUnsetTermStillWork() throws {
        for (term, unset) in [("unknown-term", false), (nil as String?, true), ("dumb", false)] {
            let pane = try startHub(term: term, unsetTerm: unset)
            try pane.waitFor("a prompt with TERM=\(term ?? "(unset)")") { $0.contains("nnlab>") }
            try pane.type("help quit")
            try pane.press("Enter")
            try pane.waitFor("help quit's output with TERM=\(term ?? "(unset)")") { $0.contains("leave nnlab") }
            try pane.type("quit")
            try pane.press("Enter")
            let exit = try pane.waitForExit()
            XCTAssertEqual(exit.status, 0, "TERM=\(term ?? "(unset)")")
            TmuxPane.assertSane(exit.flags)
        }
    }

    func testCorruptHistoryAndUnusableDataFolderGiveAWarning() throws {
        try Data([0x00, 0xFF, 0xFE, 0x01, 0x0A]).write(to: home.appendingPathComponent("history"))
        do {
            let pane = try startHub()
            let screen = try pane.waitFor("a prompt") { $0.contains("nnlab>") }
            XCTAssertTrue(screen.contains("warning:") && screen.contains("history"), screen)
            try pane.type("help seed")
            try pane.press("Enter")
            try pane.waitFor("help seed's output") { $0.contains("seed N") }
            try pane.press("C-d")
            XCTAssertEqual(try pane.waitForExit().status, 0)
        }

        let file = home.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        let pane = try startHub(extra: ["NNLAB_HOME": file.appendingPathComponent("nnlab").path])
        let screen = try pane.waitFor("a prompt") { $0.contains("nnlab>") }
        XCTAssertTrue(screen.contains("warning:") && screen.contains("data folder"), screen)
        try pane.type("help quit")
        try pane.press("Enter")
        try pane.waitFor("help quit's output") { $0.contains("leave nnlab") }
        try pane.quitAndAssertSaneTerminal()
    }

    func testATinyTerminalGetsANoteAndStillWorks() throws {
        let pane = try startHub(width: 30, height: 12)
        let screen = try pane.waitFor("a prompt") { $0.contains("nnlab>") }
        // The note folds to the tiny width too: joined again, it names the width.
        XCTAssertTrue(screen.replacingOccurrences(of: "\n  ", with: " ").contains("30 columns"), screen)
        try pane.type("help seed")
        try pane.press("Enter")
        try pane.waitFor("help seed's output") { $0.contains("seed N") }
        try pane.quitAndAssertSaneTerminal()
    }

    func testMissingLessonsFolderIsOneLine() throws {
        let pane = try startHub(extra: ["NNLAB_LESSONS": lessons.appendingPathComponent("missing").path])
        let screen = try pane.waitFor("a prompt") { $0.contains("nnlab>") }
        XCTAssertTrue(screen.contains("No lessons"), screen)
        try pane.press("C-d")
        XCTAssertEqual(try pane.waitForExit().status, 0)
    }

    func testSIGTERMRestoresTheTerminal() throws {
        let pane = try startHub()
        try pane.waitForPrompt()
        try pane.type("half a line")
        try pane.waitFor("the typed text") { _ in try pane.lastLine() == "nnlab> half a line" }
        let shell = try pane.panePID()
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        guard let nnlab = children.split(separator: " ").compactMap({ Int32($0) }).first else {
            return XCTFail("no nnlab process under the pane's shell \(shell)")
        }
        XCTAssertEqual(kill(nnlab, SIGTERM), 0)
        let exit = try pane.waitForExit()
        XCTAssertEqual(exit.status, 128 + Int(SIGTERM))
        TmuxPane.assertSane(exit.flags)
    }
}
