import Foundation
import NNData
import NNSession
import XCTest

/// The language's one list of commands: every command in it is documented, listed by `help`,
/// parsed and run; the names its words take are the names the commands accept.
final class CommandListTests: XCTestCase {
    var folder: URL!
    var session: Session!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-commands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        session = Session(environment: SessionEnvironment(dataFolder: folder.path, lessonsFolder: folder.path))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// The text a line prints, or the error's message.
    func outcome(_ line: String) -> (text: String, error: String?) {
        do {
            let printer = OutputPrinter(width: 80, colorMode: .none)
            return (try session.output(of: line).map { printer.text($0) }.joined(), nil)
        } catch {
            return ("", error.message)
        }
    }

    func testEveryCommandHasASummaryUsageAndAnExampleOfItself() throws {
        XCTAssertFalse(CommandCatalog.all.isEmpty)
        XCTAssertEqual(Set(CommandCatalog.names).count, CommandCatalog.names.count, "no name is listed twice")
        for spec in CommandCatalog.all {
            XCTAssertFalse(spec.summary.isEmpty, spec.name)
            XCTAssertFalse(spec.usage.isEmpty, spec.name)
            XCTAssertTrue(spec.usage.hasPrefix(spec.name), "\(spec.name): usage starts with the name: \(spec.usage)")
            XCTAssertTrue(spec.example.hasPrefix(spec.name), "\(spec.name): example starts with the name: \(spec.example)")
            XCTAssertEqual(try CommandParser.parse(spec.example).map(\.name), [spec.name], spec.example)
            XCTAssertEqual(CommandCatalog.spec(spec.name)?.name, spec.name)
            XCTAssertEqual(Set(spec.options.map(\.key)).count, spec.options.count, "\(spec.name) lists an option twice")
        }
    }

    func testAliasesNameTheirCommands() throws {
        XCTAssertEqual(CommandCatalog.aliases["exit"], "quit")
        XCTAssertEqual(CommandCatalog.aliases["?"], "help")
        for (alias, name) in CommandCatalog.aliases {
            XCTAssertTrue(CommandCatalog.names.contains(name), alias)
            XCTAssertFalse(CommandCatalog.names.contains(alias), "\(alias) is an alias and a command")
            XCTAssertEqual(try CommandParser.parse(alias).map(\.name), [name])
        }
        XCTAssertTrue(outcome("?").text.hasPrefix("Commands"))
        _ = outcome("exit")
        XCTAssertTrue(session.wantsToQuit)
    }

    /// One entry per command, `  NAME  summary`; a summary too long for the width goes on on
    /// lines indented under it; no line is wider than the width.
    func testHelpListsExactlyTheCommandsInOrder() {
        let text = outcome("help").text
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= 80 }, text)
        var entries: [String] = []
        for line in text.split(separator: "\n").dropFirst() where line.hasPrefix("  ") {
            if line.hasPrefix("   ") { entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces) } else { entries.append(String(line)) }
        }
        let listed = entries.map { $0.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? "" }
        XCTAssertEqual(listed, CommandCatalog.names)
        for (entry, spec) in zip(entries, CommandCatalog.all) {
            XCTAssertTrue(entry.hasSuffix(spec.summary), entry)
        }
    }

    /// The help of every command, its lines wrapped between words to the width (80 here).
    func testHelpOfEveryCommandShowsItsUsageAndExample() {
        func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        for spec in CommandCatalog.all {
            let (text, error) = outcome("help \(spec.name)")
            XCTAssertNil(error, spec.name)
            XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= 80 }, text)
            XCTAssertTrue(words(text).hasPrefix("\(spec.name) — \(spec.summary)"), text)
            XCTAssertTrue(text.contains("usage:\n  \(spec.usage.split(separator: "\n")[0].prefix(20))"), text)
            XCTAssertTrue(words(text).contains("usage: \(words(spec.usage))"), text)
            XCTAssertTrue(words(text).contains("example: \(words(spec.example))"), text)
            for option in spec.options { XCTAssertTrue(text.contains("  \(option.key)="), "\(spec.name) \(option.key)") }
        }
    }

    /// Every listed command runs: the bare name either prints or fails with its own message,
    /// never as a command nobody handles, and a failure changes nothing.
    func testEveryListedCommandRuns() {
        for name in CommandCatalog.names where name != "quit" {
            let before = session.state
            let (text, error) = outcome(name)
            if let error {
                XCTAssertFalse(error.hasPrefix("unknown command"), "\(name): \(error)")
                XCTAssertFalse(error.contains("not available"), "\(name): \(error)")
                XCTAssertEqual(session.state, before, "\(name) failed and changed the state")
            } else {
                XCTAssertTrue(!text.isEmpty || name == "features", "\(name) printed nothing")
            }
        }
        XCTAssertFalse(session.wantsToQuit)
        _ = outcome("quit")
        XCTAssertTrue(session.wantsToQuit)
    }

    func testUnknownNamesNeverReachACommand() {
        XCTAssertTrue(outcome("frobnicate").error?.hasPrefix("unknown command 'frobnicate'") ?? false)
        XCTAssertThrowsError(try Command(name: "frobnicate", words: []))
        XCTAssertEqual(session.state.version, SessionState().version)
    }

    func testEveryDatasetNameMakesThatDataset() {
        XCTAssertEqual(CommandCatalog.datasetNames, BuiltInDataset.allCases.map(\.rawValue))
        for name in CommandCatalog.datasetNames {
            let (text, error) = outcome("data \(name) n=40 seed=1")
            XCTAssertNil(error, name)
            XCTAssertTrue(text.hasPrefix("data \(name):"), text)
        }
    }

    func testEveryPlotKindAndSurfaceIsOneThePlotCommandDraws() {
        XCTAssertEqual(outcome("data xor n=40 seed=1; net 2-3-1 seed=1; train epochs=2").error, nil)
        for kind in CommandCatalog.plotKinds {
            let message = outcome("plot \(kind)").error ?? ""
            XCTAssertFalse(message.contains("unknown plot"), "\(kind): \(message)")
        }
        XCTAssertFalse(CommandCatalog.surfaceNames.isEmpty)
        for surface in CommandCatalog.surfaceNames {
            let (text, error) = outcome("plot path \(surface) steps=3")
            XCTAssertNil(error, surface)
            XCTAssertTrue(text.contains("optimizer"), surface)
        }
    }
}
