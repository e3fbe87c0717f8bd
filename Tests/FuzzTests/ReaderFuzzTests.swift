import Foundation
import NNData
import NNEngine
import NNLessons
import NNSession
import PropertyBased
import Testing

/// Fuzzes every reader of user input: whatever the input, nnlab never crashes, never hangs, and
/// every error is short, printable and says where the problem is.
///
/// `make test` runs a few thousand inputs per reader; `make fuzz` runs `NNLAB_FUZZ_CASES` (at
/// least 100,000) and prints the counts. A crash stops the whole test process, so a run that
/// finishes is the proof that no input crashed it; every crash found becomes a regression test
/// in the reader's own suite.
@Suite struct ReaderFuzzTests {
    /// The longest one input may take to read.
    static let slowest: Duration = .seconds(2)

    static let commandSeeds = [
        "data xor n=40", "data spiral classes=3 n=60 noise=0.1", "net 2-4-1 act=relu out=sigmoid", "loss bce",
        "opt adam lr=0.01 beta1=0.9", "reg l2=0.01", "set x=[0.5, -1]", "set y=1", "set w1[0,1]=0.5",
        "set sample=3", "set batch=16", "forward", "backward", "update", "gradcheck eps=1e-4", "eval",
        "show net", "show data", "expr sigmoid(w*x + b) w=0.5 x=1 b=0.1", "expr x^2 + sin(x) x=1",
        "features x1 x2 x1*x2", "seed 7", "plot loss", "help net", "sched step every=10 gamma=0.5",
        "clip norm=1", "dropout 0.5", "batchnorm on", "net 2-8-8-3 out=softmax; loss ce", "set x=[[1,2],[3]]",
    ]
    static let commandTokens = [
        " ", "=", ";", "[", "]", ",", "\"", "'", "#", "-", "x=", "y=", "lr=", "n=", "epochs=", "batch=", "sample=",
        "net ", "data ", "set ", "expr ", "opt ", "show ", "forward", "plot ", "w1[", "b1[", "0", "1e19", "1e999",
    ]

    /// Commands a learner might type, through the parser and a session with data and a net.
    @Test func commandLines() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = SessionEnvironment(dataFolder: folder.path, lessonsFolder: folder.path)
        let mutator = InputMutator(corpus: Self.commandSeeds, tokens: Self.commandTokens)
        var count = 0
        await propertyCheck(count: FuzzBudget.cases, input: mutator.generator) { line in
            count += 1
            let clock = ContinuousClock(), start = clock.now
            do {
                _ = try CommandParser.parse(line)
            } catch {
                #expect(isPrintable("\(error)"), "parser error for \(line.prefix(200).debugDescription)")
            }
            // Long-running commands are a learner's choice, not a hang: the session runs only lines
            // without train, step, save, load or lesson files.
            let session = Session(environment: environment)
            _ = try? session.output(of: "data xor n=40; net 2-4-1")
            if !["train", "step", "save", "load", "grads", "quiz", "lesson"].contains(where: { line.lowercased().contains($0) }) {
                do {
                    _ = try session.output(of: line)
                } catch {
                    #expect(isPrintable("\(error)"), "session error for \(line.prefix(200).debugDescription)")
                }
            }
            #expect(clock.now - start < Self.slowest, "slow: \(line.prefix(200).debugDescription)")
        }
        FuzzBudget.report(count, "command parser and session")
    }

    static let csvSeeds = [
        "x1,x2,label\n0.5,1,a\n-1,2,b\n0,0,a\n1,1,b\n",
        "a,b,y\n1,2,3.5\n4,5,6\n7,8,9\n1,1,1\n",
        "\"name, quoted\",x,class\n\"a\"\"b\",1,0\nc,2,1\nd,3,0\ne,4,1\n",
        "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n6.3,3.3,6.0,2.5,virginica\n4.9,3.0,1.4,0.2,setosa\n",
    ]

    /// CSV files: `data load`'s reader.
    @Test func csvFiles() async {
        let mutator = InputMutator(corpus: Self.csvSeeds, tokens: [",", "\n", "\"", "\r\n", " ", "nan", "1e999", "-", "label", ";", "\t"])
        await Self.fuzzFileReader("CSV reader", file: "fuzz.csv", mutator: mutator) { text in
            _ = try CSVLoader.load(text: text, name: "fuzz.csv", test: 0.25)
        }
    }

    /// Runs a file reader over mutated inputs: each is read within `slowest`, and an error is
    /// printable and names the file.
    static func fuzzFileReader(_ reader: String, file: String, mutator: InputMutator,
                               read: @escaping (String) throws -> Void) async {
        var count = 0
        await propertyCheck(count: FuzzBudget.cases, input: mutator.generator) { text in
            count += 1
            let clock = ContinuousClock(), start = clock.now
            do {
                try read(text)
            } catch {
                let message = "\(error)"
                #expect(isPrintable(message), "\(reader) error for \(text.prefix(200).debugDescription)")
                #expect(message.contains(file), "the error names the file: \(message.prefix(300))")
            }
            #expect(clock.now - start < slowest, "slow: \(text.prefix(200).debugDescription)")
        }
        FuzzBudget.report(count, reader)
    }

    static var modelSeeds: [String] {
        var seeds: [String] = []
        for (spec, output) in [("2-3-1", Activation.sigmoid), ("4-8-8-3", .softmax), ("1-1", .identity)] {
            let network = Network(spec: try! NetworkSpec.parse(spec, hidden: .relu, output: output), seed: 1)
            seeds.append(ModelFile.encode(network, loss: output == .softmax ? .ce : nil))
        }
        return seeds
    }

    /// Model files: `load`'s reader.
    @Test func modelFiles() async {
        let mutator = InputMutator(corpus: Self.modelSeeds, tokens: ["{", "}", "[", "]", ",", ":", "\"", "null", "true",
                                                                     "\"layers\"", "\"weights\"", "1e999", "-", "\\u0000", "\\"])
        await Self.fuzzFileReader("model-file reader", file: "fuzz.json", mutator: mutator) { text in
            _ = try ModelFile.read(bytes: Array(text.utf8), file: "fuzz.json")
        }
    }

    /// The shipped lessons, each cut after about 3,000 characters at a line end, and a small
    /// lesson with every kind of block.
    static var lessonSeeds: [String] {
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("lessons")
        var seeds: [String] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: lessons.path)) ?? [] where name.hasSuffix(".md") && name != "README.md" {
            guard let text = try? String(contentsOf: lessons.appendingPathComponent(name), encoding: .utf8) else { continue }
            let cut = text.prefix(3_000)
            seeds.append(String(cut.prefix(through: cut.lastIndex(of: "\n") ?? cut.startIndex)))
        }
        return seeds
    }

    /// Lesson files: the course's parser.
    @Test func lessonFiles() async {
        let seeds = Self.lessonSeeds
        #expect(!seeds.isEmpty, "the lessons folder is found")
        let mutator = InputMutator(corpus: seeds, tokens: ["---\n", "```nnlab\n", "```exercise\n", "```quiz\n", "```\n",
                                                           "check: ", "not ", "(", ")", " and ", " < ", "\n", "id: ", "#"])
        var count = 0
        await propertyCheck(count: FuzzBudget.cases, input: mutator.generator) { text in
            count += 1
            let clock = ContinuousClock(), start = clock.now
            let result = LessonParser.parse(text, file: "fuzz.md")
            for problem in result.problems {
                #expect(isPrintable(problem.description), "lesson problem for \(text.prefix(200).debugDescription)")
                #expect(problem.description.hasPrefix("fuzz.md"), "\(problem.description.prefix(300))")
            }
            #expect(clock.now - start < Self.slowest, "slow: \(text.prefix(200).debugDescription)")
        }
        FuzzBudget.report(count, "lesson parser")
    }
}
