import NNSession
import XCTest

/// The command language's parser: words, values, and every error path.
final class CommandParserTests: XCTestCase {
    func parse(_ line: String) throws -> [Command] { try CommandParser.parse(line) }

    func error(_ line: String) -> CommandError? {
        do { _ = try CommandParser.parse(line); return nil } catch { return error }
    }

    func testEveryCommandInTheCatalogParsesItsExample() throws {
        for spec in CommandCatalog.all {
            let commands = try parse(spec.example)
            XCTAssertEqual(commands.first?.name, spec.name, spec.example)
        }
    }

    func testCommandsFromTheLanguageReference() throws {
        let lines = [
            "data spiral n=600 noise=0.1 seed=3 classes=3 test=0.25",
            "data load datasets/iris.csv label=species task=classification test=0 seed=1 normalize=off",
            "data show", "features x1 x2 x1^2 x2^2 x1*x2 sin(x1) sin(x2)",
            "net 2-8:relu-8:tanh-3:softmax init=he seed=4", "net 2-8-8-1 act=relu out=sigmoid init=xavier",
            "loss ce", "dropout 0.5", "batchnorm on", "save model.json", "load model.json",
            "show net", "show w1", "set w1[0,1]=0.5", "set x=[0.5,-1]",
            "opt adam lr=1e-3 beta1=0.9 beta2=0.999 eps=1e-8", "opt adamw decay=0.01", "opt momentum momentum=0.8",
            "opt rmsprop rho=0.95", "reg l1=0.001 l2=0.01", "sched cosine period=50 min=0.001", "sched step every=10 gamma=0.5",
            "clip norm=1", "clip value=0.5", "clip off", "train epochs=10 batch=32 patience=5 live", "step", "eval", "reset",
            "forward sample=3", "backward", "gradcheck eps=1e-6", "grads save g.json", "trace",
            "plot loss", "plot act gelu", "plot hist weights", "plot path rosenbrock opts=sgd,momentum,adam steps=200",
            "lessons", "lesson perceptron", "quiz optimizers n=5", "progress", "help train", "seed 42", "quit",
            "expr sigmoid(w1*x1 + w2*x2 + b) w1=0.5 x1=1 w2=-1 x2=2 b=0.1",
        ]
        for line in lines { XCTAssertNoThrow(try parse(line), line) }
    }

    func testWordsAndValues() throws {
        let c = try XCTUnwrap(parse("opt adam lr=1e-3 eps=.5").first)
        XCTAssertEqual(c.name, "opt")
        XCTAssertEqual(c.positionals.map(\.raw), ["adam"])
        XCTAssertEqual(c.option("lr"), .number(0.001))
        XCTAssertEqual(c.option("eps"), .number(0.5))
        let set = try XCTUnwrap(parse("set x=[0.5, -1] w1[0,1]=2").first)
        XCTAssertEqual(set.option("x"), .list([.number(0.5), .number(-1)]))
        XCTAssertEqual(set.option("w1[0,1]"), .number(2))
        let nested = try XCTUnwrap(parse("set m=[[1, 2], [3, 4]]").first)
        XCTAssertEqual(nested.option("m"), .list([.list([.number(1), .number(2)]), .list([.number(3), .number(4)])]))
        let expr = try XCTUnwrap(parse("expr sigmoid(w*x + b) w=2").first)
        XCTAssertEqual(expr.positionals.map(\.raw), ["sigmoid(w*x + b)"])
        let quoted = try XCTUnwrap(parse("save \"my model.json\"").first)
        XCTAssertEqual(quoted.positionals.first?.value, .string("my model.json"))
        XCTAssertEqual(try parse("data load x.csv label='species name'").first?.option("label"), .string("species name"))
    }

    func testSemicolonsCommentsAndColumns() throws {
        let commands = try parse("data xor; net 2-4-1   # a small net; not a command")
        XCTAssertEqual(commands.map(\.name), ["data", "net"])
        XCTAssertEqual(commands[1].column, 10)
        XCTAssertEqual(commands[1].positionals.first?.column, 14)
        XCTAssertEqual(try parse("   # only a comment"), [])
        XCTAssertEqual(try parse(""), [])
        XCTAssertEqual(try parse("save \"a;b#c.json\"").first?.positionals.first?.value, .string("a;b#c.json"))
    }

    func testUnknownCommandSuggestsTheClosest() {
        let e = error("trian epochs=10")
        XCTAssertEqual(e?.message, "unknown command 'trian' — did you mean 'train'?")
        XCTAssertEqual(e?.column, 0)
        XCTAssertEqual(e?.length, 5)
        XCTAssertEqual(error("data xor; gradchek")?.message, "unknown command 'gradchek' — did you mean 'gradcheck'?")
        XCTAssertEqual(error("data xor; gradchek")?.column, 10)
        XCTAssertEqual(error("zzzzzz")?.message, "unknown command 'zzzzzz'; type 'help' for the list of commands")
    }

    func testUnknownOptionSuggestsTheClosest() {
        let e = error("train epocs=5")
        XCTAssertEqual(e?.message, "unknown option 'epocs' for 'train' — did you mean 'epochs'?")
        XCTAssertEqual(e?.column, 6)
        XCTAssertEqual(error("step lr=1")?.message, "'step' takes no options like 'lr='")
        XCTAssertTrue(error("opt adam qqq=1")?.message.hasPrefix("unknown option 'qqq' for 'opt'; it takes lr=") ?? false)
    }

    func testMalformedValues() {
        XCTAssertEqual(error("opt adam lr=0.1.2")?.message, "malformed number '0.1.2'; write numbers like 0.01, -2 or 1e-3")
        XCTAssertEqual(error("opt adam lr=0.1.2")?.column, 12)
        XCTAssertEqual(error("opt adam lr=fast")?.message, "lr needs a number, like lr=0.1; got 'fast'")
        XCTAssertEqual(error("train epochs=2.5")?.message, "epochs needs a whole number, like epochs=10; got '2.5'")
        XCTAssertEqual(error("train epochs=")?.message, "epochs= needs a value after '=', like epochs=10")
        XCTAssertEqual(error("net 2-4-1 act=rleu")?.message, "unknown act 'rleu' — did you mean 'relu'?")
        XCTAssertEqual(error("set x=[1,,2]")?.message, "empty entry in the list; separate values with single commas, like [1, 2]")
        XCTAssertEqual(error("set x=[1, 2")?.message, "'[' is never closed: add ']'")
        XCTAssertEqual(error("set x=[1, 2 3]")?.message, "malformed number '2 3' in the list")
        XCTAssertEqual(error("set x=1]")?.message, "']' has no matching '['")
        XCTAssertEqual(error("opt adam lr=nan")?.message, "lr needs a number, like lr=0.1; got 'nan'")
        XCTAssertEqual(error("=3")?.message, "unknown command '=3'; type 'help' for the list of commands")
    }

    func testUnterminatedQuote() {
        let e = error("save \"model.json")
        XCTAssertEqual(e?.message, "unterminated quote: add a closing \" to the string")
        XCTAssertEqual(e?.column, 5)
    }

    func testPointerMarksTheMistake() {
        let line = "opt adam lr=fast"
        let e = error(line)!
        XCTAssertEqual(e.pointer(into: line), "  opt adam lr=fast\n              ^^^^")
    }

    /// A list nested 50,000 deep overflowed the stack (SIGSEGV); now it is an error naming the
    /// limit and the column, with a short message and caret.
    func testDeeplyNestedListIsAShortError() throws {
        let depth = 50_000
        for line in ["set x=" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
                     "plot path rosenbrock opts=" + String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)] {
            let e = try XCTUnwrap(error(line))
            XCTAssertTrue(e.message.hasPrefix("lists nest more than \(CommandParser.maximumListDepth) levels deep"), e.message)
            XCTAssertTrue(e.message.contains("(column"), e.message)
            XCTAssertLessThan(e.message.count, 200)
            let pointer = try XCTUnwrap(e.pointer(into: line))
            XCTAssertTrue(pointer.split(separator: "\n").allSatisfy { $0.count < 80 }, pointer)
        }
        // At the limit the list still parses.
        let limit = CommandParser.maximumListDepth
        let ok = "set x=" + String(repeating: "[", count: limit) + "1" + String(repeating: "]", count: limit)
        XCTAssertEqual(try parse(ok).count, 1)
    }

    /// A 300,000-character line gave a 300,000-character error and a caret line as long.
    func testErrorsOnHugeLinesAreShort() throws {
        let word = String(repeating: "z", count: 300_000)
        for line in [word, "train epochs=\(word)", "opt adam lr=1\(word)", "set x=[1, \(word)", "net 2-4-1 act=\(word)", "set x=[1]" + word] {
            let e = try XCTUnwrap(error(line), String(line.prefix(40)))
            XCTAssertLessThan(e.message.count, 200, String(e.message.prefix(200)))
            let pointer = try XCTUnwrap(e.pointer(into: line))
            XCTAssertTrue(pointer.split(separator: "\n").allSatisfy { $0.count < 80 }, String(pointer.prefix(200)))
        }
        // The caret still sits under the mistake when it is far into the line.
        let line = String(repeating: "help; ", count: 20_000) + "trian"
        let e = try XCTUnwrap(error(line))
        let lines = try XCTUnwrap(e.pointer(into: line)).split(separator: "\n").map(String.init)
        let caret = try XCTUnwrap(Array(lines[1]).firstIndex(of: "^"))
        XCTAssertEqual(String(Array(lines[0])[caret...].prefix(5)), "trian")
    }

    /// Terminal escapes typed in a line (ESC, BEL, C1) are shown escaped in the error and its pointer.
    func testControlCharactersInErrorsAreEscaped() throws {
        let line = "\u{1B}]0;owned\u{07}\u{1B}[2Jhello"
        let e = try XCTUnwrap(error(line))
        let pointer = try XCTUnwrap(e.pointer(into: line))
        for text in [e.message, pointer] {
            XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, text)
        }
        XCTAssertTrue(pointer.hasPrefix("  \\x1b]0;owned\\x07\\x1b[2Jhello\n"), pointer)
        let unknown = try XCTUnwrap(error("dat\u{1B}\u{07}a xor"))
        XCTAssertEqual(unknown.message, "unknown command 'dat\\x1b\\x07a' — did you mean 'data'?")
        XCTAssertEqual(try XCTUnwrap(error("data\u{9B}2J")).message.contains("\\u{9b}"), true)
        var changed = CommandError("x")
        changed.message = "a\u{07}b"
        XCTAssertEqual(changed.message, "a\\x07b")
    }

    /// A whole number too large for the language is an error naming the option and the range
    /// (before, `1e19` reached `Int(_:)`, which traps).
    func testHugeWholeNumbersAreOutOfRange() throws {
        for value in ["1e19", "1e999", "-1e19", "99999999999999999999"] {
            let e = try XCTUnwrap(error("train epochs=\(value)"), value)
            XCTAssertTrue(e.message.hasPrefix("epochs is out of range: \(value)"), e.message)
            XCTAssertTrue(e.message.contains("999,999,999,999"), e.message)
        }
        XCTAssertEqual(try parse("train epochs=1e3").first?.option("epochs"), .number(1000))
    }
}
