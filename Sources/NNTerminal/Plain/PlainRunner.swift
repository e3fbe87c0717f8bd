#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NNData
import NNRender
import NNSession

/// Plain mode: runs a script of commands line by line and prints the output as plain text.
///
/// No escape codes, no curses, no libedit. Output goes to standard output as each command
/// produces it, every line within the width (text folds at a space, wide tables are cut into
/// blocks of columns; the lines scripts read — the training log, `eval` — fit 80 columns by
/// design and never fold at the default width); the first failing line prints `error: MESSAGE (line N)` to standard error and
/// the run stops with status 1. With `keepGoing`, every line runs: a failing line prints its
/// error, leaves the session as it was before that line, and the run ends with status 1 at
/// the end. `quit` ends the run early.
public final class PlainRunner {
    /// The session the commands run in.
    public let session: Session
    /// The width plots are drawn at.
    public let width: Int
    /// Whether lines after a failing one still run.
    public let keepGoing: Bool
    /// The lines that failed so far.
    public private(set) var failures = 0

    /// Makes a runner; the session is switched to plain output (no colors, not interactive).
    public init(session: Session, width: Int, keepGoing: Bool = false) {
        self.session = session
        self.width = width
        self.keepGoing = keepGoing
        session.environment.width = width
        session.environment.colorMode = .none
        session.environment.interactive = false
    }

    /// Runs the script at a path, or standard input for `-`; returns the exit status.
    public func run(path: String) -> Int32 {
        if path == "-" { return runStandardInput() }
        let bytes: [UInt8]
        switch Self.readFile(path) {
        case .failure(let message):
            StandardStream.err("error: \(message)\n")
            return 1
        case .success(let contents):
            bytes = contents
        }
        if let nul = bytes.firstIndex(of: 0) {
            let line = bytes[..<nul].filter { $0 == 10 }.count + 1
            StandardStream.err("error: '\(path)' is not a script of nnlab commands: it is a binary file (a NUL byte on line \(line))\n")
            return 1
        }
        guard String(bytes: bytes, encoding: .utf8) != nil else {
            StandardStream.err("error: '\(path)' is not a script of nnlab commands: it is not UTF-8 text\n")
            return 1
        }
        // Split the bytes, not the string: "\r\n" is one Character in Swift.
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        if bytes.last == 10 { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            if let status = runLine(String(decoding: line, as: UTF8.self), number: index + 1) { return status }
        }
        return failures > 0 ? 1 : 0
    }

    /// Runs one command line given on nnlab's own command line (`nnlab lesson NAME`);
    /// errors print as `error: MESSAGE` without a line number. Returns the exit status.
    public func runCommandLine(_ line: String) -> Int32 {
        let printer = OutputPrinter(width: width, colorMode: .none, foldsText: true)
        do {
            try session.execute(line) { block in StandardStream.out(printer.text(block)) }
        } catch {
            StandardStream.err(BlockPrinting.errorText(error, line: line, colorMode: .none))
            return 1
        }
        return 0
    }

    /// Runs commands from standard input as they arrive; returns the exit status.
    public func runStandardInput() -> Int32 {
        var pending: [UInt8] = []
        var number = 0
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                StandardStream.err("error: cannot read standard input: \(String(cString: strerror(errno)))\n")
                return 1
            }
            if count == 0 { break }
            // Only the new bytes can hold a line end; lines are cut from the front and the
            // consumed bytes dropped once per chunk, so reading stays linear in the input.
            var searchFrom = pending.count
            pending += chunk[..<count]
            var consumed = 0
            while let newline = pending[searchFrom...].firstIndex(of: 10) {
                number += 1
                let lineBytes = Array(pending[consumed..<newline])
                consumed = newline + 1
                searchFrom = consumed
                if let result = runBytes(lineBytes, number: number) { return result }
            }
            pending.removeFirst(consumed)
        }
        if !pending.isEmpty {
            number += 1
            if let result = runBytes(pending, number: number) { return result }
        }
        return failures > 0 ? 1 : 0
    }

    /// Checks and runs one line of standard input; nil to go on, or the exit status.
    private func runBytes(_ bytes: [UInt8], number: Int) -> Int32? {
        if bytes.contains(0) {
            StandardStream.err("error: standard input is not a script of nnlab commands: it is binary (a NUL byte) (line \(number))\n")
            return 1
        }
        guard let line = String(bytes: bytes, encoding: .utf8) else {
            StandardStream.err("error: standard input is not UTF-8 text (line \(number))\n")
            return 1
        }
        return runLine(line, number: number)
    }

    /// Runs one line; nil to go on, or the exit status to stop with. A UTF-8 byte-order mark
    /// at the start of the script (which some editors write) is skipped.
    private func runLine(_ rawLine: String, number: Int) -> Int32? {
        var line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : rawLine
        if number == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
        let printer = OutputPrinter(width: width, colorMode: .none, foldsText: true)
        do {
            let sink: Session.Sink = { block in StandardStream.out(printer.text(block)) }
            if keepGoing {
                try session.executeWholeLine(line, sink: sink)
            } else {
                try session.execute(line, sink: sink)
            }
        } catch {
            StandardStream.err(BlockPrinting.errorText(error, line: line, colorMode: .none, suffix: " (line \(number))"))
            failures += 1
            if !keepGoing { return 1 }
        }
        return session.wantsToQuit ? (failures > 0 ? 1 : 0) : nil
    }

    /// The bytes of a script file (a regular file of at most `UserFile.defaultMaximumBytes`),
    /// or a message naming it and saying why it cannot be read.
    static func readFile(_ path: String) -> Result<[UInt8], FileProblem> {
        let shown = UserPath(path).excerpt
        do {
            return .success(try UserFile.read(path, maximumBytes: UserFile.defaultMaximumBytes))
        } catch {
            switch error {
            case .folder: return .failure(FileProblem("cannot read '\(shown)': it is a folder, not a script"))
            case .missing: return .failure(FileProblem("cannot read '\(shown)': no such file"))
            default: return .failure(FileProblem("cannot read '\(shown)': \(error.reason); `nnlab run` reads a script file, or - for standard input"))
            }
        }
    }
}

/// Why a script file cannot be read, as a message naming the file.
struct FileProblem: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
