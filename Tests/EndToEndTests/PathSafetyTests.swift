#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import XCTest

/// The real binary on paths a person or a lesson gives: short paths, folders, devices, names
/// holding command syntax, broken lesson files and blocks that would run for hours.
final class PathSafetyTests: XCTestCase {
    /// A fresh folder to run in, removed when the test ends.
    private func folder() throws -> URL {
        let url = try makeTemporaryFolder("nnlab-paths")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Runs the binary with `folder` as its current folder (through `sh`, which changes into it
    /// and then becomes nnlab), with a fresh data folder inside it.
    private func run(_ arguments: [String], in folder: URL, input: String = "",
                     environment: [String: String] = [:]) throws -> NNLabBinary.Result {
        var env = ProcessInfo.processInfo.environment
        env["NNLAB_HOME"] = folder.appendingPathComponent(".nnlab-home").path
        env["NNLAB_LESSONS"] = NNLabBinary.packageRoot.appendingPathComponent("lessons").path
        for (key, value) in environment { env[key] = value }
        let script = "cd \"$1\" || exit 99; shift; exec \"$0\" \"$@\""
        let output = try Subprocess.run("/bin/sh", ["-c", script, try NNLabBinary.require(), folder.path] + arguments,
                                        environment: env, input: Data(input.utf8))
        return NNLabBinary.Result(status: output.status,
                                  stdout: String(decoding: output.stdout, as: UTF8.self),
                                  stderr: String(decoding: output.stderr, as: UTF8.self),
                                  stdoutBytes: Array(output.stdout))
    }

    func testOneCharacterAndFolderPathsGiveErrorsInsteadOfTraps() throws {
        let here = try folder()
        try FileManager.default.createDirectory(at: here.appendingPathComponent("d"), withIntermediateDirectories: true)
        let cases: [(String, String)] = [
            ("data load z", "error: cannot find the file 'z'"),
            ("save .", "error: save .: '.' is a folder; give a file name like model.json (line 3)"),
            ("save ./", "error: save ./: './' is a folder; give a file name like model.json (line 3)"),
            ("grads save .", "error: grads save .: '.' is a folder; give a file name like grads.json (line 3)"),
            ("save d", "error: save d: 'd' is a folder; give a file name like d/model.json (line 3)"),
            ("save no/m.json", "error: save no/m.json: the folder 'no' does not exist; create it first or save somewhere else (line 3)"),
            ("load /dev/zero", "error: /dev/zero: it is a character device, not a regular file; `load` reads a model file written by `save` (line 3)"),
            ("load d", "error: d: it is a folder; name a model file written by `save`, like model.json (line 3)"),
            ("data load /dev/zero", "error: '/dev/zero' is a character device, not a regular file; `data load` reads CSV files. (line 3)"),
        ]
        for (line, expected) in cases {
            let result = try run(["run", "-"], in: here, input: "data xor n=8\nnet 2-2-1\n\(line)\n")
            XCTAssertEqual(result.status, 1, "\(line): exits with an error, not a signal (132 was SIGILL)\n\(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix(expected), "\(line):\n\(result.stderr)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: here.appendingPathComponent("d").path), [])
        let saved = try run(["run", "-"], in: here, input: "data xor n=8\nnet 2-2-1\nsave m\nload m\n")
        XCTAssertEqual(saved.status, 0, saved.stderr)
        XCTAssertTrue(saved.stdout.contains("saved 2-2:tanh-1:sigmoid (9 parameters) to m"), saved.stdout)
    }

    func testAOneCharacterLessonsFolder() throws {
        let here = try folder()
        let lessons = here.appendingPathComponent("l")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        try writeSampleCourse(to: lessons)
        let blocks = "\n```nnlab\ndata load data/missing.csv\n```\n"
        let handle = try FileHandle(forWritingTo: lessons.appendingPathComponent("perceptron.md"))
        handle.seekToEndOfFile()
        handle.write(Data(blocks.utf8))
        handle.closeFile()
        let listed = try run(["lessons"], in: here, environment: ["NNLAB_LESSONS": "l"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.hasPrefix("perceptron"), listed.stdout)
        let plain = try run(["lesson", "perceptron", "--plain"], in: here, environment: ["NNLAB_LESSONS": "l"])
        XCTAssertEqual(plain.status, 1, "an error, not a trap:\n\(plain.stdout)\n\(plain.stderr)")
        // `lesson --plain` folds lines at 80 columns; joined again, the message is whole.
        XCTAssertTrue(plain.stdout.replacingOccurrences(of: "\n  ", with: " ")
                        .contains("cannot find 'data/missing.csv' in lesson-files/ in the data folder or the lessons folder"),
                      plain.stdout)
        let missing = try run(["lessons"], in: here, environment: ["NNLAB_LESSONS": "z"])
        XCTAssertEqual(missing.status, 0, missing.stderr)
        XCTAssertTrue(missing.stdout.contains("No lessons found in z"), missing.stdout)
    }

    func testRunRefusesDevicesAndPipesInsteadOfReadingForever() throws {
        let here = try folder()
        let start = Date()
        let zero = try run(["run", "/dev/zero"], in: here)
        XCTAssertEqual(zero.status, 1)
        XCTAssertEqual(zero.stderr, "error: cannot read '/dev/zero': it is a character device, not a regular file; `nnlab run` reads a script file, or - for standard input\n")
        let fifo = here.appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let pipe = try run(["run", "fifo"], in: here)
        XCTAssertEqual(pipe.status, 1)
        XCTAssertTrue(pipe.stderr.contains("it is a pipe (FIFO), not a regular file"), pipe.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30, "neither read nor waited")
        let dot = try run(["run", "."], in: here)
        XCTAssertEqual(dot.stderr, "error: cannot read '.': it is a folder, not a script\n")
    }

    func testALessonFileNameHoldingCommandsRunsNothing() throws {
        let here = try folder()
        // A valid perceptron.md here made the spliced `lesson check "perceptron.md"` pass, so the
        // commands after the quote ran and wrote pwn.json.
        try writeSampleCourse(to: here)
        let name = "\"perceptron.md\";data xor n=8;net 2-2-1;save pwn.json;#.md"
        try FileManager.default.copyItem(at: here.appendingPathComponent("perceptron.md"), to: here.appendingPathComponent(name))
        let result = try run(["lesson", "check", name], in: here)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.contains("differs from the file name"), "the file is checked under its own name:\n\(result.stdout)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: here.appendingPathComponent("pwn.json").path), "no command ran from the name")
        let opened = try run(["lesson", name, "--plain"], in: here)
        XCTAssertEqual(opened.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: here.appendingPathComponent("pwn.json").path))
        let quiz = try run(["quiz", "x;quit", "--list"], in: here)
        XCTAssertNotEqual(quiz.status, 0, "--list takes no other words")
    }

    func testABrokenLessonFileIsSkippedByTheListsAndTheQuiz() throws {
        let here = try folder()
        try writeSampleCourse(to: here)
        try Data("---\nid: broken\norder: 2\n---\n\n# Broken\n".utf8).write(to: here.appendingPathComponent("broken.md"))
        let listed = try run(["lessons"], in: here, environment: ["NNLAB_LESSONS": here.path])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.hasPrefix("perceptron"), listed.stdout)
        XCTAssertEqual(listed.stdout.components(separatedBy: "skipped broken.md (line ").count, 2, "one line names the file:\n\(listed.stdout)")
        let quiz = try run(["quiz", "--list"], in: here, environment: ["NNLAB_LESSONS": here.path])
        XCTAssertEqual(quiz.status, 0, quiz.stderr)
        XCTAssertTrue(quiz.stderr.hasPrefix("note: skipped broken.md (line "), quiz.stderr)
    }

    func testTheHubStartsWithABrokenLessonFileAndNamesIt() throws {
        _ = try TmuxPane.requireTmux()
        let here = try folder()
        try writeSampleCourse(to: here)
        try Data("---\nid: broken\norder: 2\n---\n\n# Broken\n".utf8).write(to: here.appendingPathComponent("broken.md"))
        let pane = try TmuxPane(binary: try NNLabBinary.require(),
                                environment: ["NNLAB_HOME": here.appendingPathComponent(".nnlab-home").path,
                                              "NNLAB_LESSONS": here.path, "TERM": "xterm-256color"],
                                unset: [], workingDirectory: here, width: 120, height: 30)
        try pane.waitForPrompt()
        let welcome = try pane.screen()
        XCTAssertTrue(welcome.contains("perceptron"), "the rest of the course is listed:\n\(welcome)")
        XCTAssertTrue(welcome.contains("skipped broken.md (line "), welcome)
        try pane.quitAndAssertSaneTerminal()
    }

    func testSolvingStopsABlockAtItsTimeBudget() throws {
        let here = try folder()
        let lesson = """
            ---
            id: slow
            title: Slow
            order: 1
            topics: slow
            minutes: 1
            ---

            # Slow

            ```nnlab
            data xor n=40
            net 2-2-1
            train epochs=10000000
            ```

            """
        try Data(lesson.utf8).write(to: here.appendingPathComponent("slow.md"))
        try Data("slow\n".utf8).write(to: here.appendingPathComponent("course.txt"))
        let start = Date()
        let result = try run(["lesson", "slow", "--solve"], in: here, environment: ["NNLAB_LESSONS": here.path, "NNLAB_BLOCK_SECONDS": "1"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 60)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.replacingOccurrences(of: "\n  ", with: " ").contains("error: the block ran longer than the 1 s a block may take when lessons are checked (it was stopped at this line); use fewer epochs or a smaller data set (slow.md line 14)"),
                      result.stdout)
    }
}
