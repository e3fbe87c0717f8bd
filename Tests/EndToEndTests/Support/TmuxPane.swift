import Foundation
import XCTest

/// A private tmux server with one 100×30 pane, for driving the hub like a person would.
///
/// Each pane runs `nnlab` through the shell, then prints `[nnlab exited STATUS]` and
/// `stty -a`, so a test can check the terminal the hub left behind.
final class TmuxPane {
    /// The tmux binary, or nil when tmux is not installed.
    static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Skips the calling test when tmux is absent.
    static func requireTmux() throws -> String {
        guard let tmux else { throw XCTSkip("tmux is not installed") }
        return tmux
    }

    let server = "nnlab-e2e-\(UUID().uuidString.prefix(8))"
    private let tmux: String

    /// Starts the binary in a new pane. `environment` is set for nnlab, `unset` removed.
    init(binary: String, environment: [String: String], unset: [String] = [],
         workingDirectory: URL? = nil, width: Int = 100, height: Int = 30) throws {
        tmux = try Self.requireTmux()
        var words = ["env"]
        for name in unset { words += ["-u", name] }
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { words.append("\(key)=\(value)") }
        words.append(binary)
        let command = words.map(Self.quote).joined(separator: " ")
            + "; echo \"[nnlab exited $?]\"; stty -a; sleep 600"
        var arguments = ["new-session", "-d", "-x", "\(width)", "-y", "\(height)"]
        if let workingDirectory { arguments += ["-c", workingDirectory.path] }
        arguments.append(command)
        _ = try run(arguments, readOutput: false)
    }

    deinit {
        _ = try? run(["kill-server"])
    }

    /// Resizes the pane's window, as a person dragging the terminal's corner.
    func resize(width: Int, height: Int) throws { _ = try run(["resize-window", "-x", "\(width)", "-y", "\(height)"]) }

    /// Types text literally.
    func type(_ text: String) throws { _ = try run(["send-keys", "-l", text]) }

    /// Sends keys by tmux name (`Enter`, `Tab`, `C-c`, `Up`, `C-d`).
    func press(_ keys: String...) throws { _ = try run(["send-keys"] + keys) }

    /// A tmux format of the pane (`#{mouse_sgr_flag}`: whether the program asked for SGR mouse reports).
    func format(_ text: String) throws -> String {
        try run(["display-message", "-p", text]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The pane's text, with its scrollback, trailing blank lines removed.
    func screen() throws -> String {
        var lines = try run(["capture-pane", "-p", "-J", "-S", "-200"]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The last line with text on it, trailing spaces removed.
    func lastLine() throws -> String {
        let text = try screen()
        return text.split(separator: "\n").last.map { String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) } ?? ""
    }

    /// The cursor column.
    func cursorColumn() throws -> Int {
        Int(try run(["display-message", "-p", "#{cursor_x}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// The process id running in the pane (the shell around nnlab).
    func panePID() throws -> Int32 {
        Int32(try run(["display-message", "-p", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Polls the screen until the condition holds; fails with the screen after the timeout.
    @discardableResult
    func waitFor(_ description: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line,
                 _ condition: (String) throws -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var text = ""
        while Date() < deadline {
            text = try screen()
            if try condition(text) { return text }
            usleep(40_000)
        }
        XCTFail("timed out waiting for \(description); the screen:\n\(text)", file: file, line: line)
        throw Timeout()
    }

    /// Waits until the last line is exactly the empty prompt.
    func waitForPrompt(file: StaticString = #filePath, line: UInt = #line) throws {
        try waitFor("an empty nnlab> prompt", file: file, line: line) { _ in try self.lastLine() == "nnlab>" }
    }

    /// Waits for nnlab to exit and returns its status and the `stty -a` flags printed after.
    func waitForExit(file: StaticString = #filePath, line: UInt = #line) throws -> (status: Int, flags: Set<String>) {
        let text = try waitFor("nnlab to exit and stty to print", file: file, line: line) { text in
            text.contains("[nnlab exited") && text.contains("icanon")
        }
        let after = text.components(separatedBy: "[nnlab exited ").last ?? ""
        let status = Int(after.prefix { $0.isNumber }) ?? -1
        let flags = Set(after.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
        return (status, flags)
    }

    /// Types `quit` at the prompt, waits for nnlab to exit, and checks it exited with status 0
    /// and left the terminal sane (`stty -a` shows `icanon` and `echo`, not their negations).
    func quitAndAssertSaneTerminal(file: StaticString = #filePath, line: UInt = #line) throws {
        try type("quit")
        try press("Enter")
        let exit = try waitForExit(file: file, line: line)
        XCTAssertEqual(exit.status, 0, "nnlab's exit status", file: file, line: line)
        Self.assertSane(exit.flags, file: file, line: line)
    }

    /// Checks that `stty -a`'s flags show a terminal in canonical mode with echo.
    static func assertSane(_ flags: Set<String>, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(flags.contains("icanon"), "stty shows icanon: \(flags.sorted())", file: file, line: line)
        XCTAssertTrue(flags.contains("echo"), "stty shows echo: \(flags.sorted())", file: file, line: line)
        XCTAssertFalse(flags.contains("-icanon") || flags.contains("-echo"), "\(flags.sorted())", file: file, line: line)
    }

    struct Timeout: Error {}

    /// Runs tmux on this pane's server and returns its standard output.
    @discardableResult
    private func run(_ arguments: [String], readOutput: Bool = true) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "TMUX")
        environment["TERM"] = "xterm-256color"
        // The command that starts the server gets no output files: the server would keep them.
        let output = try Subprocess.run(tmux, ["-L", server, "-f", "/dev/null"] + arguments,
                                        environment: environment, captureOutput: readOutput)
        return String(decoding: output.stdout, as: UTF8.self)
    }

    /// Quotes a word for the shell.
    private static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
