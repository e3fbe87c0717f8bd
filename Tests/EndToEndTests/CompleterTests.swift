import Foundation
import NNSession
import NNTerminal
import XCTest

/// Tab completion as a pure function of the line, without a terminal.
final class CompleterTests: XCTestCase {
    private let completer = Completer(lessonNames: ["perceptron", "backprop"], topicNames: ["optimizers"])

    /// Completions with the cursor at the end of the line.
    private func complete(_ line: String) -> [String] {
        completer.candidates(line: line, cursor: line.count)
    }

    func testCommandNames() {
        XCTAssertEqual(complete("tra"), ["trace ", "train "])
        XCTAssertEqual(complete("trai"), ["train "])
        XCTAssertEqual(complete("gra"), ["gradcheck ", "grads "])
        XCTAssertTrue(complete("").contains("help "))
        XCTAssertTrue(complete("   ").contains("data "))
        XCTAssertEqual(complete("zzz"), [])
        XCTAssertEqual(complete("eval; trai"), ["train "], "after ; a new command starts")
    }

    func testEveryCommandInTheListCompletes() {
        XCTAssertEqual(complete(""), CommandCatalog.names.sorted().map { $0 + " " })
        for name in CommandCatalog.names {
            XCTAssertTrue(complete(String(name.prefix(2))).contains(name + " "), name)
            XCTAssertTrue(complete(name).contains(name + " "), name)
        }
    }

    func testNamesComeFromWhatTheCommandsAccept() {
        XCTAssertEqual(complete("data ").filter { !["load ", "show ", "seq "].contains($0) }, CommandCatalog.datasetNames.sorted().map { $0 + " " })
        XCTAssertEqual(complete("data seq ").filter { !$0.hasSuffix("=") }, ["adding ", "parity ", "sine "])
        XCTAssertEqual(complete("plot path ").filter { !$0.hasSuffix("=") }, CommandCatalog.surfaceNames.sorted().map { $0 + " " })
        XCTAssertEqual(complete("plot ").filter { !$0.hasSuffix("=") }, CommandCatalog.plotKinds.sorted().map { $0 + " " })
    }

    func testFirstWordsOfCommands() {
        XCTAssertEqual(complete("opt ad"), ["adagrad ", "adam ", "adamw "])
        XCTAssertEqual(complete("opt adam"), ["adam ", "adamw "])
        XCTAssertEqual(complete("loss b"), ["bce "])
        XCTAssertTrue(complete("data ").contains("spiral "))
        XCTAssertTrue(complete("data ").contains("load "))
        XCTAssertEqual(complete("data mo"), ["moons "])
        XCTAssertEqual(complete("help tr"), ["trace ", "train "])
        XCTAssertEqual(complete("lesson per"), ["perceptron "])
        XCTAssertEqual(complete("quiz opt"), ["optimizers "])
        XCTAssertEqual(complete("batchnorm o"), ["off ", "on "])
        XCTAssertEqual(complete("plot bo"), ["boundary "])
    }

    func testOptionKeys() {
        XCTAssertEqual(complete("train ep"), ["epochs="])
        XCTAssertTrue(complete("train ").contains("epochs="))
        XCTAssertTrue(complete("train ").contains("live "))
        XCTAssertEqual(complete("train epochs=5 e"), ["every="], "a key already given is not offered again")
        XCTAssertEqual(complete("opt adam l"), ["lr="])
        XCTAssertTrue(complete("opt adam ").contains("beta1="))
        XCTAssertEqual(complete("data xor n=10 se"), ["seed="])
        XCTAssertTrue(complete("net 2-4-1 ").contains("act="))
        XCTAssertEqual(complete("opt "), complete("opt ").filter { !$0.hasSuffix("=") },
                       "an empty first word offers the optimizers, not the keys")
    }

    func testOptionValues() {
        XCTAssertEqual(complete("net 2-8-1 act=re"), ["relu "])
        XCTAssertEqual(complete("net 2-8-1 out=soft"), ["softmax ", "softplus "])
        XCTAssertEqual(complete("net 2-8-1 init=he"), ["he ", "he_uniform "])
        XCTAssertEqual(complete("data load x.csv task=re"), ["regression "])
        XCTAssertEqual(complete("data load x.csv normalize="), ["off ", "on "])
        XCTAssertEqual(complete("plot path bowl opts=sgd,mom"), ["sgd,momentum "])
        XCTAssertEqual(complete("train epochs=1"), [], "numbers do not complete")
    }

    func testSecondWordsOfPlot() {
        XCTAssertEqual(complete("plot act sig"), ["sigmoid "])
        XCTAssertEqual(complete("plot path ro"), ["rosenbrock "])
        XCTAssertEqual(complete("plot hist w"), ["weights ", "width="])
        XCTAssertEqual(complete("features x1 sin(x"), ["sin(x1) ", "sin(x2) "])
    }

    func testFilePaths() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-completer-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("models"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["model.json", "moons.csv", ".hidden"] {
            try Data().write(to: folder.appendingPathComponent(name))
        }
        let base = folder.path + "/"
        XCTAssertEqual(complete("load \(base)mo"), [base + "model.json ", base + "models/", base + "moons.csv "])
        XCTAssertEqual(complete("save \(base)model."), [base + "model.json "])
        XCTAssertEqual(complete("data load \(base)moo"), [base + "moons.csv "])
        XCTAssertEqual(complete("grads save \(base)models"), [base + "models/"])
        XCTAssertFalse(complete("load \(base)").contains(base + ".hidden "), "hidden files only after a dot")
        XCTAssertEqual(complete("load \(base)."), [base + ".hidden "])

        let relative = Completer(workingDirectory: folder.path)
        XCTAssertEqual(relative.candidates(line: "load mod", cursor: 8), ["model.json ", "models/"])
        XCTAssertEqual(relative.candidates(line: "load models/", cursor: 12), [])
        XCTAssertEqual(relative.candidates(line: "data xor", cursor: 8), ["xor "], "no paths where a dataset goes")
    }

    func testCursorInTheMiddleAndCommentsAndQuotes() {
        XCTAssertEqual(completer.candidates(line: "trai epochs=5", cursor: 4), ["train "])
        XCTAssertEqual(complete("train # tr"), [], "nothing completes inside a comment")
        XCTAssertEqual(complete("data load \"my fi"), [], "nothing completes inside quotes")
        XCTAssertEqual(complete("frobnicate x"), [], "unknown commands have no completions")
    }

    func testWordStart() {
        XCTAssertEqual(Completer.wordStart(line: "opt ad", cursor: 6), 4)
        XCTAssertEqual(Completer.wordStart(line: "net 2-8-1 act=re", cursor: 16), 14)
        XCTAssertEqual(Completer.wordStart(line: "tra", cursor: 3), 0)
        XCTAssertEqual(Completer.wordStart(line: "eval;tra", cursor: 8), 5)
    }
}
