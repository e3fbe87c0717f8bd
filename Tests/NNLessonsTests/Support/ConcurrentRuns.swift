#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import XCTest

/// Starts several `nnlab` processes at once and waits for them all — real processes, so the
/// store's locking is tested between processes, not just between threads.
enum ConcurrentRuns {
    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The binary: `$NNLAB_BINARY`, else the `nnlab` built next to this test bundle, else
    /// `.build/release/nnlab`; a test failure telling how to build it when there is none.
    static func binary(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        var candidates: [String] = []
        if let path = ProcessInfo.processInfo.environment["NNLAB_BINARY"], !path.isEmpty { candidates.append(path) }
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("nnlab").path)
                folder.deleteLastPathComponent()
            }
        }
        candidates.append(packageRoot.appendingPathComponent(".build/release/nnlab").path)
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.isExecutableFile(atPath: candidate),
               FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        XCTFail("the nnlab binary is missing: run `swift build -c release` first (`make test` does)", file: file, line: line)
        throw XCTSkip("no nnlab binary")
    }

    /// One finished process.
    struct Finished {
        var arguments: [String]
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// One process to start: its arguments and standard input.
    struct Run {
        var arguments: [String]
        var input: String = ""
    }

    /// Starts every run at once (none waits for another to start), then waits for all.
    /// `prefix` goes before the binary (e.g. `/usr/bin/setpriv …` to run as another user; the
    /// first word is a full path). A process still running after `timeout` seconds is killed
    /// and reported with status 128 + 9.
    static func start(_ binary: String, _ runs: [Run], environment: [String: String], prefix: [String] = [],
                      timeout: TimeInterval = 120) throws -> [Finished] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-runs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }

        var pids: [pid_t] = []
        for (index, run) in runs.enumerated() {
            let base = folder.appendingPathComponent("\(index)").path
            try Data(run.input.utf8).write(to: URL(fileURLWithPath: base + ".in"))
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, base + ".in", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, base + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            let command = prefix + [binary] + run.arguments
            let argv = command.map { strdup($0) } + [nil]
            defer { for pointer in argv { free(pointer) } }
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
            guard spawned == 0 else {
                for started in pids { kill(started, SIGKILL) }
                throw XCTSkip("cannot start \(command[0]): \(String(cString: strerror(spawned)))")
            }
            pids.append(pid)
        }
        var finished: [Finished] = []
        let deadline = Date().addingTimeInterval(timeout)
        for (index, pid) in pids.enumerated() {
            var status: Int32 = 0
            var code: Int32 = -1
            while true {
                let result = waitpid(pid, &status, WNOHANG)
                if result == pid {
                    code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                    break
                }
                if result < 0 && errno != EINTR { break }
                if Date() > deadline {
                    // A hung process: end it (by its id) and report it as killed.
                    kill(pid, SIGKILL)
                    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                    code = 128 + SIGKILL
                    break
                }
                usleep(10_000)
            }
            let base = folder.appendingPathComponent("\(index)").path
            finished.append(Finished(arguments: runs[index].arguments, status: code,
                                     stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
                                     stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""))
        }
        return finished
    }
}
