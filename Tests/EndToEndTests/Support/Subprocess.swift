#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs a program with `posix_spawn` and waits for it with `waitpid`.
///
/// Foundation's `Process` sometimes never notices a child that exits quickly (its
/// `waitUntilExit` then hangs), and a pipe kept open by a daemon (the tmux server) never
/// reaches its end; files for standard input and output and a plain `waitpid` avoid both.
enum Subprocess {
    /// What a finished run left.
    struct Output {
        var status: Int32
        var stdout: Data
        var stderr: Data
    }

    /// Runs `executable` with `arguments` and `environment`, feeding `input` on standard input,
    /// and returns its exit status (128 + the signal when a signal ended it) and output.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                    input: Data = Data(), captureOutput: Bool = true) throws -> Output {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("nnlab-subprocess-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputPath = folder.appendingPathComponent("stdin").path
        let outputPath = captureOutput ? folder.appendingPathComponent("stdout").path : "/dev/null"
        let errorPath = captureOutput ? folder.appendingPathComponent("stderr").path : "/dev/null"
        try input.write(to: URL(fileURLWithPath: inputPath))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw SpawnError(message: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw SpawnError(message: "waitpid failed for \(executable)") }
        }
        let code: Int32
        if status & 0x7F == 0 { code = (status >> 8) & 0xFF } else { code = 128 + (status & 0x7F) }
        let stdout = captureOutput ? (try? Data(contentsOf: URL(fileURLWithPath: outputPath))) ?? Data() : Data()
        let stderr = captureOutput ? (try? Data(contentsOf: URL(fileURLWithPath: errorPath))) ?? Data() : Data()
        return Output(status: code, stdout: stdout, stderr: stderr)
    }

    struct SpawnError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
