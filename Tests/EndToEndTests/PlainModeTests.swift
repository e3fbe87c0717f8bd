import Foundation
import XCTest

/// The real binary in plain mode, through pipes: exit statuses, line numbers, no escape bytes.
final class PlainModeTests: XCTestCase {
    /// Writes a script into a fresh folder and returns its path.
    private func script(_ text: String, name: String = "script.nn") throws -> String {
        let folder = try makeTemporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func testScriptRunsWithStatusZeroAndNoEscapeBytes() throws {
        let path = try script("""
            # a comment line, then a blank line

            help
            help train   # a trailing comment
            seed 3; help net
            """)
        let result = try NNLabBinary.run(["run", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        XCTAssertFalse(result.stdoutBytes.contains(0x1B), "plain mode must not write escape bytes")
        XCTAssertTrue(result.stdout.contains("train"), result.stdout)
        XCTAssertTrue(result.stdout.contains("epochs="), "help train shows the usage:\n\(result.stdout)")
        XCTAssertTrue(result.stdout.contains("2-8-8-1") || result.stdout.contains("SPEC"), "help net shows the usage:\n\(result.stdout)")
    }

    func testFirstFailingLineIsReportedWithItsNumber() throws {
        let path = try script("help\n\n# comment\ntrian epochs=5\nhelp seed\n")
        let result = try NNLabBinary.run(["run", path])
        XCTAssertEqual(result.status, 1)
        let firstLine = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertTrue(firstLine.hasPrefix("error: "), result.stderr)
        XCTAssertTrue(firstLine.hasSuffix("(line 4)"), result.stderr)
        XCTAssertTrue(firstLine.contains("train"), "the error suggests the closest command: \(firstLine)")
        XCTAssertTrue(result.stdout.contains("leave nnlab"), "lines before the error run")
        XCTAssertFalse(result.stdout.contains("seed N"), "lines after the error must not run")
        XCTAssertFalse(result.stdoutBytes.contains(0x1B))
        XCTAssertFalse(result.stderr.contains("\u{1B}"))
    }

    func testErrorOnFirstLineAndOnALastLineWithoutNewline() throws {
        var result = try NNLabBinary.run(["run", try script("frobnicate")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("error: ") && result.stderr.contains("(line 1)"), result.stderr)

        result = try NNLabBinary.run(["run", try script("help\r\nhelp\r\nopt adam lr=abc")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("(line 3)"), result.stderr)
    }

    func testQuitStopsEarlyWithStatusZero() throws {
        let result = try NNLabBinary.run(["run", try script("help quit\nquit\nthis is not a command\n")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
    }

    func testStandardInputWithDashAndWithoutSubcommand() throws {
        var result = try NNLabBinary.run(["run", "-"], input: "help\nhelp seed\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("seed"))

        // No subcommand and standard input not a terminal: plain mode on standard input.
        result = try NNLabBinary.run([], input: "help data\nnope\n")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("data"), result.stdout)
        XCTAssertTrue(result.stderr.hasPrefix("error: ") && result.stderr.contains("(line 2)"), result.stderr)
        XCTAssertFalse(result.stdoutBytes.contains(0x1B))

        result = try NNLabBinary.run([], input: "")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testMissingFileIsAClearError() throws {
        let result = try NNLabBinary.run(["run", "/nonexistent-folder/missing.nn"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("error: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("missing.nn"), result.stderr)
        XCTAssertTrue(result.stderr.contains("no such file"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testBinaryFileIsAClearError() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("weights.bin")
        try Data([0x68, 0x65, 0x6C, 0x70, 0x0A, 0x00, 0x01, 0xFF, 0x0A]).write(to: path)
        let result = try NNLabBinary.run(["run", path.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("weights.bin"), result.stderr)
        XCTAssertTrue(result.stderr.contains("binary"), result.stderr)
        XCTAssertEqual(result.stdout, "", "nothing of a binary file runs")

        let stdinResult = try NNLabBinary.run(["run", "-"], input: "help\nhe\u{0}lp\n")
        XCTAssertEqual(stdinResult.status, 1)
        XCTAssertTrue(stdinResult.stderr.contains("binary") && stdinResult.stderr.contains("(line 2)"), stdinResult.stderr)
    }

    func testFolderAndUnreadableFileAreClearErrors() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var result = try NNLabBinary.run(["run", folder.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("folder"), result.stderr)

        let invalid = folder.appendingPathComponent("latin1.nn")
        try Data([0x68, 0x65, 0x6C, 0x70, 0x20, 0xE9, 0x0A]).write(to: invalid)
        result = try NNLabBinary.run(["run", invalid.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("latin1.nn") && result.stderr.contains("UTF-8"), result.stderr)
    }

    func testHelpAndVersion() throws {
        var result = try NNLabBinary.run(["--help"])
        XCTAssertEqual(result.status, 0)
        for word in ["run", "lessons", "lesson", "quiz", "--version"] {
            XCTAssertTrue(result.stdout.contains(word), "--help mentions \(word):\n\(result.stdout)")
        }
        result = try NNLabBinary.run(["--version"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0.1.0")

        result = try NNLabBinary.run(["run", "--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("--width"))
    }

    func testBadArgumentsAndUnfinishedSubcommandsDoNotCrash() throws {
        var result = try NNLabBinary.run(["run", "--width", "0", "-"], input: "help\n")
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("width"), result.stderr)

        result = try NNLabBinary.run(["frobnicate"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertLessThan(result.status, 128, "an unknown subcommand is an error, not a crash")

        for arguments in [["quiz"], ["quiz", "--plain", "--list"]] {
            result = try NNLabBinary.run(arguments)
            XCTAssertTrue(result.status == 0 || result.status == 2, "\(arguments): status \(result.status)\n\(result.stderr)")
            if result.status == 2 { XCTAssertTrue(result.stderr.hasPrefix("error: "), result.stderr) }
        }
    }

    func testLessonSubcommandRunsTheLessonAsText() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeSampleCourse(to: folder)
        let environment = ["NNLAB_LESSONS": folder.path]
        var result = try NNLabBinary.run(["lesson", "perceptron", "--plain"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("weighted inputs"), result.stdout)
        XCTAssertFalse(result.stdoutBytes.contains(0x1B))

        result = try NNLabBinary.run(["lesson", "check"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)

        result = try NNLabBinary.run(["lesson", "perceptrn"], environment: environment)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("error: ") && result.stderr.contains("perceptron"), result.stderr)

        // No name: the lesson where the learner stopped (the course's one lesson here), as text.
        result = try NNLabBinary.run(["lesson"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("1. The perceptron, page ") && result.stdout.contains("weighted inputs"), result.stdout)
    }

    func testLessonsListsTheFolderOrSaysItIsMissing() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeSampleCourse(to: folder)
        var result = try NNLabBinary.run(["lessons"], environment: ["NNLAB_LESSONS": folder.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("perceptron"), result.stdout)

        result = try NNLabBinary.run(["lessons"], environment: ["NNLAB_LESSONS": folder.appendingPathComponent("none").path])
        XCTAssertLessThan(result.status, 128, "a missing lessons folder is not a crash")
        XCTAssertFalse((result.stdout + result.stderr).isEmpty)
    }

    func testWidthOptionIsAccepted() throws {
        let result = try NNLabBinary.run(["run", "--width", "40", "-"], input: "help eval\n")
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    /// Inputs found by fuzzing the release binary: each crashed it (deep nesting), hung it (huge
    /// expressions and words), wrote terminal escapes, trapped (huge integers) or misread a
    /// byte-order mark. Each now gives a short error on its line, or runs.
    func testHostileScriptsGiveShortErrors() throws {
        let deep = 50_000
        let cases: [(String, String)] = [
            ("set x=" + String(repeating: "[", count: deep) + String(repeating: "]", count: deep), "lists nest more than 200 levels deep"),
            ("set y=" + String(repeating: "[", count: deep) + "1" + String(repeating: "]", count: deep), "lists nest more than 200 levels deep"),
            ("expr " + String(repeating: "(", count: 30_000) + "x" + String(repeating: ")", count: 30_000) + " x=1", "200 levels deep"),
            ("expr " + String(repeating: "-", count: 100_000) + "x x=1", "200 levels deep"),
            ("expr " + String(repeating: "x^", count: 30_000) + "x x=1", "200 levels deep"),
            ("expr " + String(repeating: "sin(", count: 30_000) + "x" + String(repeating: ")", count: 30_000) + " x=1", "200 levels deep"),
            ("expr " + Array(repeating: "x", count: 3_000).joined(separator: "+") + " x=1", "more than 256 values and operations"),
            (String(repeating: "q", count: 10_000_000), "unknown command 'qqqq"),
            ("set sample=1e19", "sample (a training row index) must be from 0 to"),
            ("set batch=1e19", "batch must be from 1 to"),
        ]
        for (line, expected) in cases {
            let start = Date()
            let result = try NNLabBinary.run(["run", "-"], input: "help seed\n" + line + "\n")
            let label = String(line.prefix(30))
            XCTAssertLessThan(Date().timeIntervalSince(start), 20, label)
            XCTAssertEqual(result.status, 1, "\(label): \(result.stderr.prefix(300))")
            XCTAssertTrue(result.stderr.hasPrefix("error: "), "\(label): \(result.stderr.prefix(300))")
            XCTAssertTrue(result.stderr.contains(expected), "\(label): \(result.stderr.prefix(300))")
            XCTAssertTrue(result.stderr.contains("(line 2)"), "\(label): \(result.stderr.prefix(300))")
            XCTAssertLessThan(result.stderr.utf8.count, 600, "\(label): a short error and excerpt")
        }
    }

    /// `printf '\x1b]0;owned\x07\x1b[2Jhello\n' | nnlab run -` cleared the screen and retitled
    /// the terminal; now the escapes are printed as text.
    func testTerminalEscapesInAScriptArePrintedEscaped() throws {
        let result = try NNLabBinary.run(["run", "-"], input: "\u{1B}]0;owned\u{07}\u{1B}[2Jhello\n")
        XCTAssertEqual(result.status, 1)
        XCTAssertFalse(result.stderr.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || ($0.value >= 0x7F && $0.value < 0xA0) },
                       result.stderr)
        XCTAssertTrue(result.stderr.contains("\\x1b]0;owned\\x07\\x1b[2Jhello"), result.stderr)
        XCTAssertFalse(result.stdoutBytes.contains(0x1B))
    }

    /// A CSV whose header holds escapes: `data show` prints them escaped.
    func testEscapesFromACSVHeaderArePrintedEscaped() throws {
        let folder = try makeTemporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("evil.csv")
        try Data("a\u{1B}[2J\u{07},label\n1,0\n2,1\n3,0\n4,1\n".utf8).write(to: csv)
        let result = try NNLabBinary.run(["run", "-"], input: "data load \(csv.path) test=0\ndata show\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdoutBytes.contains(0x1B), result.stdout)
        XCTAssertFalse(result.stdoutBytes.contains(0x07), result.stdout)
        XCTAssertTrue(result.stdout.contains("a\\x1b[2J\\x07"), result.stdout)
    }

    /// A script saved with a UTF-8 byte-order mark failed with "unknown command 'data' — did you
    /// mean 'data'?".
    func testAByteOrderMarkIsSkipped() throws {
        let path = try script("\u{FEFF}seed 7\nhelp seed\n")
        var result = try NNLabBinary.run(["run", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("seed 7"), result.stdout)
        result = try NNLabBinary.run(["run", "-"], input: "\u{FEFF}seed 7\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        // Only at the start of the script: elsewhere the mark is shown in the error.
        result = try NNLabBinary.run(["run", try script("seed 7\n\u{FEFF}seed 8\n")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("'\\u{feff}seed'"), result.stderr)
    }
}

/// `nnlab lesson NAME --plain` is read in a terminal: no line is wider than 80 columns.
final class PlainLessonWidthTests: XCTestCase {
    func testLessonsFitEightyColumns() throws {
        for lesson in ["perceptron", "activations", "backpropagation", "optimizers"] {
            let home = try makeTemporaryFolder("nnlab-e2e-width")
            defer { try? FileManager.default.removeItem(at: home) }
            let result = try NNLabBinary.run(["lesson", lesson, "--plain"], environment: ["NNLAB_HOME": home.path, "COLUMNS": "80"])
            XCTAssertEqual(result.status, 0, result.stderr)
            let wide = result.stdout.split(separator: "\n").filter { $0.unicodeScalars.filter { !(0x300...0x36F).contains($0.value) }.count > 80 }
            XCTAssertEqual(wide.count, 0, "\(lesson): \(wide.prefix(3).joined(separator: "\n"))")
        }
    }
}
