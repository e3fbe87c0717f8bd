#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NNLessons
import NNSession
import XCTest

/// `lessons` and `lesson …` in a session.
final class LessonCommandTests: XCTestCase {
    var data: String!

    override func setUp() { data = TestFolders.temporary("nnlab-lesson-commands") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: data) }

    func testLessonsListsOneLinePerLessonStartingWithItsID() throws {
        let session = TestFolders.session(data: data)
        let lines = try TestFolders.text(session, "lessons").split(separator: "\n").map(String.init)
        let ids = Course.load(folder: TestFolders.lessons).lessons.map(\.id)
        XCTAssertEqual(lines.count, ids.count)
        for (line, id) in zip(lines, ids) {
            XCTAssertTrue(line.hasPrefix(id + " "), line)
            XCTAssertTrue(line.hasSuffix("not started"), line)
        }
        XCTAssertTrue(lines[0].contains("1. The perceptron"), lines[0])
        _ = try TestFolders.text(session, "lesson perceptron hint")
        let after = try TestFolders.text(session, "lessons").split(separator: "\n").map(String.init)
        XCTAssertTrue(after[0].hasSuffix("not started"), "a hint alone is not progress: \(after[0])")
        _ = try TestFolders.text(session, "lesson perceptron --plain")
        let read = try TestFolders.text(session, "lessons").split(separator: "\n").map(String.init)
        XCTAssertTrue(read[0].hasSuffix("pages 5/5 · exercises 0/3"), read[0])
    }

    func testLessonOpensTheExplorerOnATerminalAndPrintsOtherwise() throws {
        let terminal = TestFolders.session(data: data, interactive: true)
        XCTAssertEqual(try TestFolders.text(terminal, "lesson 2"), "[view lesson(\"activations\")]\n")
        XCTAssertTrue(try TestFolders.text(terminal, "lesson activations --plain").hasPrefix("Lesson 2 · activations"))
        XCTAssertTrue(terminal.environment.interactive, "plain printing leaves the session interactive")
        let plain = TestFolders.session(data: data)
        let text = try TestFolders.text(plain, "lesson perceptron")
        XCTAssertTrue(text.hasPrefix("Lesson 1 · perceptron · about 20 minutes"), text)
        XCTAssertTrue(text.contains("nnlab> data and n=200 seed=1\ndata and: 160 train, 40 test"), "blocks run with their output")
        XCTAssertTrue(text.contains("Done when: `") == false && text.contains("Done when: data == or"), "checks print as plain text")
    }

    /// An exercise's check is laid out in lines that break only between its conditions (at
    /// a top-level `and`, never inside parentheses), each continuation starting with `and`.
    func testDoneWhenBreaksOnlyBetweenConditions() {
        XCTAssertEqual(LessonRunner.topLevelConditions("a >= 1 and\n  (b or c and d)   and e"), ["a >= 1", "(b or c and d)", "e"])
        let source = "data == moons and train_size <= 60 and (l1 > 0 and l2 == 0) and widest >= 64"
        XCTAssertEqual(LessonRunner.doneWhenLines(source, width: 40),
                       ["Done when: data == moons", "and train_size <= 60", "and (l1 > 0 and l2 == 0)", "and widest >= 64"])
        XCTAssertEqual(LessonRunner.doneWhenLines(source, width: 45),
                       ["Done when: data == moons and train_size <= 60", "and (l1 > 0 and l2 == 0) and widest >= 64"])
        XCTAssertEqual(LessonRunner.doneWhenLines(source, width: 1000), ["Done when: " + source])
        for width in [20, 40, 60, 80] {
            let lines = LessonRunner.doneWhenLines(source, width: width)
            XCTAssertEqual(lines.joined(separator: " "), "Done when: " + source)
            XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("and ") }, "\(lines)")
        }
    }

    func testUnknownNamesAndWordsAreErrors() {
        let session = TestFolders.session(data: data)
        XCTAssertThrowsError(try session.output(of: "lesson perceptorn")) { error in
            XCTAssertEqual((error as? CommandError)?.message, "no lesson 'perceptorn' — did you mean 'perceptron'?")
        }
        XCTAssertThrowsError(try session.output(of: "lesson perceptron --fast")) { error in
            XCTAssertEqual((error as? CommandError)?.message,
                           "'lesson perceptron' takes --plain, --solve, `hint [EXERCISE]` or `check [EXERCISE]`, not '--fast'")
        }
        XCTAssertThrowsError(try session.output(of: "lesson perceptron check xor-feature")) { error in
            XCTAssertEqual((error as? CommandError)?.message, "lesson perceptron has no exercise 'xor-feature' — did you mean 'xor-by-features'?")
        }
        XCTAssertThrowsError(try session.output(of: "quiz"), "a script cannot answer the quiz") { error in
            XCTAssertTrue((error as? CommandError)?.message.contains("nnlab quiz --plain") ?? false, "\(error)")
        }
    }

    func testHintsComeOneAtATimeAndAreRemembered() throws {
        let session = TestFolders.session(data: data)
        let first = try TestFolders.text(session, "lesson perceptron hint xor-by-features")
        XCTAssertEqual(first.replacingOccurrences(of: "\n", with: " "),
                       "Hint 1 of 3 for xor without a hidden layer: The class of an xor point depends on the sign of x₁·x₂. ")
        XCTAssertTrue(try TestFolders.text(session, "lesson perceptron hint xor-by-features").hasPrefix("Hint 2 of 3"))
        let third = try TestFolders.text(session, "lesson perceptron hint 2")
        XCTAssertTrue(third.hasPrefix("Hint 3 of 3 (the last one)"), third)
        XCTAssertTrue(try TestFolders.text(session, "lesson perceptron hint 2").hasPrefix("Hint 3 of 3 (the last one)"))
        let fresh = TestFolders.session(data: data)
        XCTAssertEqual(ProgressStore(dataFolder: data).load().progress[lesson: "perceptron"].hints, ["xor-by-features": 3])
        XCTAssertTrue(try TestFolders.text(fresh, "lesson perceptron hint xor-small-hidden").hasPrefix("Hint 1 of 3"))
    }

    func testCheckingAnExerciseRecordsItWhenItPasses() throws {
        let session = TestFolders.session(data: data)
        let before = try TestFolders.text(session, "lesson perceptron check perceptron-or")
        XCTAssertEqual(before, """
        A perceptron for `or`: check: not yet
          ✗ data = or (data is none)
          ? hidden_layers = 0 (there is no network yet; build one with `net …`)
          ✗ perceptron_rule (perceptron_rule is false)
          ? test_acc ≥ 0.99 (there is no network yet; build one with `net …`)
        Stuck? `lesson perceptron hint perceptron-or` shows hint 1 of 2.

        """)
        XCTAssertEqual(ProgressStore(dataFolder: data).load().progress[lesson: "perceptron"].solved, [])
        _ = try TestFolders.text(session, "data or n=200 seed=2; loss mse; net 2-1:step; opt sgd lr=0.1; train epochs=10")
        let after = try TestFolders.text(session, "lesson perceptron check")
        XCTAssertTrue(after.hasPrefix("A perceptron for `or`: check: passed\n  ✓ data = or (data is or)"), after)
        XCTAssertTrue(after.hasSuffix("Solved. Next: xor without a hidden layer (`lesson perceptron check xor-by-features` when ready).\n"), after)
        XCTAssertEqual(ProgressStore(dataFolder: data).load().progress[lesson: "perceptron"].solved, ["perceptron-or"])
        // Without a name, `check` takes the first exercise not solved yet.
        XCTAssertTrue(try TestFolders.text(session, "lesson perceptron check").hasPrefix("xor without a hidden layer: check: not yet"))
    }

    func testLessonCheckInTheSession() throws {
        let session = TestFolders.session(data: data)
        XCTAssertEqual(try TestFolders.text(session, "lesson check"), "lesson check: 15 lesson files checked, no problems\n")
        let broken = (data as NSString).appendingPathComponent("broken.md")
        try "---\nid: broken\ntitle: B\norder: 1\ntopics: t\nminutes: 1\n---\n\n```nnlab\ntrian\n```\n".write(toFile: broken, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try session.output(of: "lesson check \(broken)")) { error in
            XCTAssertEqual((error as? CommandError)?.message, "lesson check: 1 problem in 1 file(s)")
        }
        var printed: [String] = []
        try? session.execute("lesson check \(broken)") { block in printed.append(OutputPrinter(width: 80, colorMode: .none).text(block)) }
        XCTAssertEqual(printed, ["\(broken):10: unknown command 'trian' — did you mean 'train'?\n"])
    }

    func testFactsComeFromTheSession() throws {
        let session = TestFolders.session(data: data)
        _ = try TestFolders.text(session, "data circle n=100 seed=1; net 2-4-3-1 act=relu init=he; reg l2=0.01; dropout 0.25 scaling=classic")
        func fact(_ name: String) -> String {
            switch session.fact(name) {
            case .success(let value): return value.description
            case .failure(let missing): return "missing: \(missing.reason)"
            }
        }
        XCTAssertEqual(fact("data"), "circle")
        XCTAssertEqual(fact("task"), "classification")
        XCTAssertEqual(fact("classes"), "2")
        XCTAssertEqual(fact("layers"), "3")
        XCTAssertEqual(fact("hidden_layers"), "2")
        XCTAssertEqual(fact("hidden_units"), "7")
        XCTAssertEqual(fact("widest"), "4")
        XCTAssertEqual(fact("params"), "31", "(2 + 1)·4 + (4 + 1)·3 + (3 + 1)·1")
        XCTAssertEqual(fact("activation"), "relu")
        XCTAssertEqual(fact("output"), "sigmoid")
        XCTAssertEqual(fact("init"), "he")
        XCTAssertEqual(fact("loss"), "bce")
        XCTAssertEqual(fact("opt"), "adam")
        XCTAssertEqual(fact("l2"), "0.01")
        XCTAssertEqual(fact("dropout"), "0.25")
        XCTAssertEqual(fact("dropout_scaling"), "classic")
        XCTAssertEqual(fact("epochs"), "0")
        XCTAssertEqual(fact("best_test_loss"), "missing: nothing trained yet with a test split; `train` first")
        XCTAssertEqual(fact("train_size"), "80")
        _ = try TestFolders.text(session, "train epochs=3")
        XCTAssertEqual(fact("epochs"), "3")
        XCTAssertEqual(fact("steps"), "3")
        if case .success(.number(let acc)) = session.fact("test_acc") { XCTAssertTrue((0...1).contains(acc)) } else { XCTFail("test_acc") }
        // Every fact in the catalog has a value or a reason in a session with data and a net.
        for spec in FactCatalog.all {
            switch session.fact(spec.name) {
            case .success(let value): XCTAssertEqual(value.type, spec.type, spec.name)
            case .failure(let missing): XCTAssertFalse(missing.reason.contains("does not know"), spec.name)
            }
        }
        _ = try TestFolders.text(session, "data sine n=50")
        XCTAssertEqual(fact("test_acc"), "missing: the net does not fit the data: the net takes 2 inputs but the data has 1 features; start the net spec with 1, like 1-8-1")
    }

    // MARK: Commands from words, never from text parsed again

    func testWordsStayOneArgumentWhateverTheyHold() throws {
        let words = ["\"perceptron.md\";data xor n=8;net 2-2-1;save pwn.json;#.md", "a b", "x;y", "# not a comment",
                     "line\nbreak", "'single'", "\"double\"", "[1, 2", "n", "--plain", "3", "=x", "é ü", "1e5", "1e999", "007"]
        for word in words {
            let command = try Command(name: "lesson", words: [word])
            XCTAssertEqual(command.name, "lesson")
            XCTAssertEqual(command.positionals.count, 1, word)
            XCTAssertEqual(command.positionals.first?.raw, word)
            XCTAssertEqual(command.positionals.first?.value.text, word, "the word round-trips: \(word)")
        }
        XCTAssertEqual(try Command(name: "lesson", words: ["3"]).positionals.first?.value, .number(3))
        let quiz = try Command(name: "quiz", words: ["optimizers", "n=5", "seed=3"])
        XCTAssertEqual(quiz.positionals.map(\.raw), ["optimizers"])
        XCTAssertEqual(quiz.option("n")?.number, 5)
        XCTAssertEqual(quiz.option("seed")?.number, 3)
        XCTAssertThrowsError(try Command(name: "quiz", words: ["n=5;quit"]), "a value is read by the value rules, not as a line")
        XCTAssertThrowsError(try Command(name: "quiz", words: ["n="]))
        // A word with '=' whose key the command does not take stays a positional word.
        XCTAssertEqual(try Command(name: "lesson", words: ["a=b;save x.json"]).positionals.map(\.raw), ["a=b;save x.json"])
    }

    func testALessonFileNameCannotRunCommands() throws {
        let folder = TestFolders.temporary("nnlab-injection")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let name = "\"perceptron.md\";data xor n=8;net 2-2-1;save pwn.json;#.md"
        let path = (folder as NSString).appendingPathComponent(name)
        try FileManager.default.copyItem(atPath: (TestFolders.lessons as NSString).appendingPathComponent("perceptron.md"), toPath: path)
        let session = TestFolders.session(data: data)
        var printed = ""
        XCTAssertThrowsError(try session.run(try Command(name: "lesson", words: ["check", path])) { block in
            printed += OutputPrinter(width: 80, colorMode: .none).text(block)
        })
        XCTAssertTrue(printed.contains("differs from the file name"), "the file was checked as one file: \(printed)")
        XCTAssertNil(session.data, "no `data` command ran in the session")
        XCTAssertNil(session.trainer, "no `net` command ran in the session")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "pwn.json"))
        XCTAssertThrowsError(try session.run(try Command(name: "lesson", words: [name, "--plain"])) { _ in }) { error in
            XCTAssertTrue((error as? CommandError)?.message.hasPrefix("no lesson '\"perceptron.md\";data") ?? false, "\(error)")
        }
        XCTAssertNil(session.data)
    }

    // MARK: Broken lesson files and slow blocks

    func testABrokenLessonFileIsSkippedAndReportedInOneLine() throws {
        let lessons = TestFolders.temporary("nnlab-broken-course")
        defer { try? FileManager.default.removeItem(atPath: lessons) }
        for file in ["perceptron.md", "activations.md"] {
            try FileManager.default.copyItem(atPath: (TestFolders.lessons as NSString).appendingPathComponent(file),
                                             toPath: (lessons as NSString).appendingPathComponent(file))
        }
        try "perceptron\nactivations\nbroken\n".write(toFile: (lessons as NSString).appendingPathComponent("course.txt"), atomically: true, encoding: .utf8)
        try "---\nid: broken\norder: 3\n---\n\n# Broken\n".write(toFile: (lessons as NSString).appendingPathComponent("broken.md"),
                                                                  atomically: true, encoding: .utf8)
        // A FIFO named like a lesson would block reading; it is skipped as not a regular file.
        XCTAssertEqual(mkfifo((lessons as NSString).appendingPathComponent("waiting.md"), 0o600), 0)
        let session = TestFolders.session(data: data, lessons: lessons)
        let course = session.loadCourse()
        XCTAssertEqual(course.lessons.map(\.id), ["perceptron", "activations"])
        XCTAssertEqual(course.skipped.map(\.file), ["broken.md", "waiting.md"])
        XCTAssertEqual(course.skippedLines.count, 2)
        XCTAssertEqual(course.skippedLines[1],
                       "skipped waiting.md: cannot read the file: it is a pipe (FIFO), not a regular file; `lesson check waiting.md` lists its problems")
        XCTAssertTrue(course.skippedLines[0].hasPrefix("skipped broken.md (line "), course.skippedLines[0])
        let listing = session.lessonListing()
        XCTAssertEqual(listing.lines.count, 2)
        XCTAssertTrue(listing.warnings.contains(course.skippedLines[0]), "\(listing.warnings)")
        let text = try TestFolders.text(session, "lessons")
        XCTAssertTrue(text.contains("skipped broken.md"), text)
        XCTAssertFalse(QuizBank(course: course).listing.isEmpty, "the rest of the course's questions are listed")
        XCTAssertTrue(try TestFolders.text(session, "lesson activations --plain").hasPrefix("Lesson 2 · activations"))
    }

    func testCheckingStopsABlockThatRunsPastItsTimeBudget() throws {
        let text = "---\nid: slow\ntitle: Slow\norder: 1\ntopics: slow\nminutes: 1\n---\n\n# Slow\n\n"
            + "```nnlab\ndata xor n=40\nnet 2-2-1\ntrain epochs=10000000\neval\n```\n"
        let lesson = try XCTUnwrap(LessonParser.parse(text, file: "slow.md").lesson)
        let start = Date()
        let problems = LessonChecker.problems(in: lesson, lessonsFolder: TestFolders.lessons,
                                              options: LessonChecker.Options(timeLimit: 0.5))
        XCTAssertLessThan(Date().timeIntervalSince(start), 30, "training stopped at the budget")
        XCTAssertEqual(problems.map(\.description), [
            "slow.md:14: running the lesson from the top: the block ran longer than the 0.5 s a block may take when lessons are checked "
                + "(it was stopped at this line); use fewer epochs or a smaller data set",
        ])
        // A block within its budget is not reported.
        let quick = try XCTUnwrap(LessonParser.parse(text.replacingOccurrences(of: "10000000", with: "2"), file: "slow.md").lesson)
        XCTAssertEqual(LessonChecker.problems(in: quick, lessonsFolder: TestFolders.lessons, options: LessonChecker.Options(timeLimit: 30)), [])
        // Any budget converts without trapping.
        for limit in [1e300, .infinity, .nan, -1] {
            XCTAssertEqual(LessonChecker.problems(in: quick, lessonsFolder: TestFolders.lessons,
                                                  options: LessonChecker.Options(timeLimit: limit)).count, limit > 0 ? 0 : 1, "\(limit)")
        }
    }

    func testSolvingGivesEachSolutionATimeBudget() throws {
        let text = "---\nid: slow\ntitle: Slow\norder: 1\ntopics: slow\nminutes: 1\n---\n\n# Slow\n\n"
            + "```exercise\nid: slow-one\ntitle: Slow\ngoal: train long\ncheck: epochs >= 1\nhint: none\nsolution:\n"
            + "  data xor n=40\n  net 2-2-1\n  train epochs=10000000\n```\n"
        let parsed = LessonParser.parse(text, file: "slow.md")
        let lesson = try XCTUnwrap(parsed.lesson, "\(parsed.problems)")
        let session = TestFolders.session(data: data)
        let report = LessonRunner.run(lesson, session: session, solve: true, timeLimit: 0.5) { _ in }
        XCTAssertEqual(report.failures.count, 1)
        XCTAssertTrue(report.failures[0].message.contains("ran longer than the 0.5 s"), report.failures[0].description)
        XCTAssertNil(session.cancellationCheck, "the budget's hook is removed afterwards")
    }
}
