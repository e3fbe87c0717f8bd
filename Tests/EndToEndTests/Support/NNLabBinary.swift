import Foundation
import XCTest

/// The release binary under test, and a way to run it with pipes.
enum NNLabBinary {
    /// The package root, found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The binary: `$NNLAB_BINARY`, else the `nnlab` built next to this test bundle, else
    /// `.build/release/nnlab` in the package root.
    static func path() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["NNLAB_BINARY"], !path.isEmpty { return path }
        var candidates: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
            // Inside an .xctest bundle on macOS the executable sits a few folders down.
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("nnlab").path)
                folder.deleteLastPathComponent()
            }
        }
        candidates.append(packageRoot.appendingPathComponent(".build/release/nnlab").path)
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        return nil
    }

    /// The binary, or a failure telling how to build it.
    static func require(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard let path = path() else {
            let message = "the nnlab binary is missing: run `swift build -c release` first (`make test` does)"
            XCTFail(message, file: file, line: line)
            throw MissingBinary(message: message)
        }
        return path
    }

    /// Thrown when the binary was not built.
    struct MissingBinary: Error { var message: String }

    /// The result of one run.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutBytes: [UInt8]
    }

    /// Runs the binary with arguments, standard input and extra environment; waits for it.
    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env["NNLAB_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-e2e-home").path
        for (key, value) in environment { env[key] = value }
        let output = try Subprocess.run(try require(), arguments, environment: env, input: Data((input ?? "").utf8))
        return Result(status: output.status,
                      stdout: String(decoding: output.stdout, as: UTF8.self),
                      stderr: String(decoding: output.stderr, as: UTF8.self),
                      stdoutBytes: Array(output.stdout))
    }
}

/// A fresh temporary folder, removed by the caller.
func makeTemporaryFolder(_ name: String = "nnlab-e2e") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes a one-lesson course (`perceptron`) into a folder.
func writeSampleCourse(to folder: URL) throws {
    let lesson = """
        ---
        id: perceptron
        title: The perceptron
        order: 1
        topics: perceptron
        minutes: 5
        ---

        # The perceptron

        A neuron adds up its weighted inputs.

        """
    try Data(lesson.utf8).write(to: folder.appendingPathComponent("perceptron.md"))
    try Data("perceptron\n".utf8).write(to: folder.appendingPathComponent("course.txt"))
}
