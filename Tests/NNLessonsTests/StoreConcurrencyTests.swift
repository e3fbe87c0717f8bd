import Foundation
import GRDB
import NNLessons
import XCTest

/// Real `nnlab` processes using one data folder at the same time lose nothing: lesson progress
/// and quiz answers from every process are in the store afterwards, and nothing is moved aside.
final class StoreConcurrencyTests: XCTestCase {
    var scratch: String!

    override func setUp() { scratch = TestFolders.temporary("nnlab-concurrency") }
    override func tearDown() {
        _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch)
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// Each shipped lesson and the first exercise that has hints.
    func lessonsWithHints() throws -> [(lesson: String, exercise: String)] {
        let course = Course.load(folder: TestFolders.lessons)
        let pairs = course.lessons.compactMap { lesson in lesson.exercises.first.map { (lesson.id, $0.id) } }
        try XCTSkipIf(pairs.count < 2, "the shipped course has too few lessons with exercises")
        return pairs
    }

    /// One answer line then one grade line, over and over: a question that takes a letter or a
    /// number reads `again` as a wrong-format answer and asks again; a self-graded one reads it
    /// as the grade. Either way every question is answered ("I don't know") and graded.
    static let quizAnswers = String(repeating: "\nagain\n", count: 30)

    func testNineLessonHintsAndSixQuizzesAtOnceOnAFreshFolderLoseNothing() throws {
        let binary = try ConcurrentRuns.binary()
        let pairs = try lessonsWithHints()
        let home = (scratch as NSString).appendingPathComponent("fresh/home")   // not made yet
        let environment = ["NNLAB_HOME": home, "NNLAB_LESSONS": TestFolders.lessons, "TERM": "dumb"]
        let quizzes = 6, questions = 5
        for round in 1...2 {
            let runs = pairs.map { ConcurrentRuns.Run(arguments: ["lesson", $0.lesson, "hint", $0.exercise]) }
                + (0..<quizzes).map { ConcurrentRuns.Run(arguments: ["quiz", "--plain", "n=\(questions)", "seed=\(round * 10 + $0)"],
                                                         input: Self.quizAnswers) }
            let finished = try ConcurrentRuns.start(binary, runs, environment: environment)
            for run in finished {
                XCTAssertEqual(run.status, 0, "\(run.arguments): \(run.stderr)")
                XCTAssertFalse(run.stdout.contains("warning") || run.stderr.contains("warning"),
                               "\(run.arguments): \(run.stdout.suffix(400)) \(run.stderr)")
            }
            for run in finished where run.arguments.first == "quiz" {
                XCTAssertTrue(run.stdout.contains("of \(questions) right"), "every question answered: \(run.stdout.suffix(300))")
            }

            let progress = ProgressStore(dataFolder: home).load()
            XCTAssertNil(progress.warning)
            for pair in pairs {
                XCTAssertEqual(progress.progress[lesson: pair.lesson].hints[pair.exercise], round,
                               "round \(round): the hint shown in \(pair.lesson) was saved")
            }
            let queue = try DatabaseQueue(path: (home as NSString).appendingPathComponent("reviews.sqlite"))
            let answers = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM reviews") }
            try queue.close()
            XCTAssertEqual(answers, round * quizzes * questions, "round \(round): every answer of every quiz was saved")
            let names = try FileManager.default.contentsOfDirectory(atPath: home)
            XCTAssertEqual(names.filter { $0.contains("damaged") }, [], "nothing was moved aside")
        }
    }

    func testAFileThatIsNotAStoreIsMovedAsideOnceWhenSixProcessesStartTogether() throws {
        let binary = try ConcurrentRuns.binary()
        let pairs = try lessonsWithHints()
        let home = (scratch as NSString).appendingPathComponent("home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let store = (home as NSString).appendingPathComponent("reviews.sqlite")
        let garbage = Data(String(repeating: "not a database\n", count: 500).utf8)
        try garbage.write(to: URL(fileURLWithPath: store))
        let environment = ["NNLAB_HOME": home, "NNLAB_LESSONS": TestFolders.lessons, "TERM": "dumb"]
        let runs = (0..<6).map { index in
            index.isMultiple(of: 2)
                ? ConcurrentRuns.Run(arguments: ["quiz", "--plain", "n=2", "seed=\(index)"], input: Self.quizAnswers)
                : ConcurrentRuns.Run(arguments: ["lesson", pairs[index % pairs.count].lesson, "hint", pairs[index % pairs.count].exercise])
        }
        let finished = try ConcurrentRuns.start(binary, runs, environment: environment)
        for run in finished { XCTAssertEqual(run.status, 0, "\(run.arguments): \(run.stderr)") }
        // `nnlab lesson` folds its lines to the terminal's width: joined again, the warning is whole.
        let told = finished.filter {
            ($0.stdout + $0.stderr).replacingOccurrences(of: "\n  ", with: " ").contains("could not be used (it is not an SQLite database)")
        }
        XCTAssertEqual(told.count, 1, "one process reports the move: \(finished.map { $0.stdout.prefix(300) + $0.stderr })")
        let names = try FileManager.default.contentsOfDirectory(atPath: home).filter { $0.contains("damaged") }
        XCTAssertEqual(names, ["reviews.sqlite.damaged-1"], "moved aside once")
        XCTAssertEqual(FileManager.default.contents(atPath: store + ".damaged-1"), garbage, "kept byte for byte")
        let queue = try DatabaseQueue(path: store)
        let answers = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM reviews") }
        try queue.close()
        XCTAssertEqual(answers, 3 * 2, "every answer is in the fresh store")
        let progress = ProgressStore(dataFolder: home).load()
        XCTAssertNil(progress.warning, "not reported again")
        for index in [1, 3, 5] {
            XCTAssertEqual(progress.progress[lesson: pairs[index % pairs.count].lesson].hints[pairs[index % pairs.count].exercise], 1)
        }
    }

    func testAReadOnlyDataFolderIsSaidOnceAndNnlabStillRuns() throws {
        // Run as an unprivileged user, so that the folder's permissions hold (root writes anywhere).
        let setpriv = "/usr/bin/setpriv"
        let asUser: [String]
        if getuid() == 0 {
            try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: setpriv), "needs setpriv to drop root")
            asUser = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        } else {
            asUser = []
        }
        let binary = try ConcurrentRuns.binary()
        let pairs = try lessonsWithHints()
        let home = (scratch as NSString).appendingPathComponent("home")
        // Some progress saved while the folder could be written.
        XCTAssertNil(ProgressStore(dataFolder: home).update { $0[lesson: pairs[0].lesson].markSolved(pairs[0].exercise) })
        for path in [scratch!, home] {
            try FileManager.default.setAttributes([.posixPermissions: path == home ? 0o555 : 0o755], ofItemAtPath: path)
        }
        try XCTSkipIf(getuid() == 0 && access(binary, X_OK) != 0, "the binary is not executable for other users")
        let lessons = TestFolders.lessons
        let environment = ["NNLAB_HOME": home, "NNLAB_LESSONS": lessons, "TERM": "dumb", "HOME": scratch!]
        let script = "lessons\nlesson \(pairs[0].lesson) hint \(pairs[0].exercise)\nlesson \(pairs[0].lesson) hint \(pairs[0].exercise)\nprogress\n"
        let finished = try ConcurrentRuns.start(binary, [ConcurrentRuns.Run(arguments: ["run", "-"], input: script)],
                                                environment: environment, prefix: asUser)
        let run = try XCTUnwrap(finished.first)
        try XCTSkipIf(run.status == 126 || run.stderr.contains("Permission denied") && run.stdout.isEmpty,
                      "the build folder cannot be read by an unprivileged user: \(run.stderr)")
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        // Plain mode folds lines wider than 80 columns: joined again, the warning is whole.
        let output = (run.stdout + run.stderr).replacingOccurrences(of: "\n  ", with: " ")
        let message = "the data folder \(home) cannot be written, so progress and quiz answers will not be saved"
        XCTAssertEqual(output.components(separatedBy: message).count - 1, 1, "said once: \(output)")
        XCTAssertTrue(output.contains("Hint 1 of"), "the hint is still shown: \(output)")
        let listing = try XCTUnwrap(output.split(separator: "\n").first { $0.hasPrefix(pairs[0].lesson + " ") })
        XCTAssertTrue(listing.contains("exercises 1/"), "what was saved before is shown: \(listing)")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: home)
        let saved = ProgressStore(dataFolder: home).load().progress[lesson: pairs[0].lesson]
        XCTAssertEqual(saved.solved, [pairs[0].exercise], "what was saved before is kept")
        XCTAssertEqual(saved.hints, [:], "nothing was saved while the folder was read-only")
    }
}
