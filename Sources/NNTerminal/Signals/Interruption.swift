#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CEditLine

/// Ctrl-C as a flag: the SIGINT handler only sets it, and whoever runs long work polls it.
///
/// The REPL clears the flag before each prompt and each command. A session polls
/// `Interruption.requested` (through its cancellation hook) to stop training early; a blocked
/// `readline()` returns because the handler is installed without `SA_RESTART`.
public enum Interruption {
    /// Whether Ctrl-C was pressed since the flag was last cleared.
    public static var requested: Bool { interruptFlag.pointee != 0 }

    /// Forgets an earlier Ctrl-C.
    public static func clear() { interruptFlag.pointee = 0 }

    /// Marks whether a command is running: Ctrl-C then also ends the terminal's line, so the
    /// `^C` the terminal echoes does not run into the command's last words.
    public static func setCommandRunning(_ running: Bool) { commandRunningFlag.pointee = running ? 1 : 0 }

    /// Installs the SIGINT handler (without `SA_RESTART`); safe to call more than once.
    public static func install() {
        _ = interruptFlag.pointee
        _ = commandRunningFlag.pointee
        _ = nn_install_signal_handler(SIGINT, interruptHandler, 0)
    }

    /// Gives SIGINT its default action back.
    public static func uninstall() {
        _ = nn_default_signal_handler(SIGINT)
    }
}

/// The flag the handler writes; allocated once, before any handler is installed, so the
/// handler itself never allocates.
nonisolated(unsafe) let interruptFlag = makeSignalFlag()

/// Whether a command is running (1) or the prompt is up (0).
nonisolated(unsafe) let commandRunningFlag = makeSignalFlag()

/// Sets the flag, and ends the line while a command runs; only async-signal-safe calls.
private let interruptHandler: @convention(c) (Int32) -> Void = { _ in
    if interruptFlag.pointee == 0 && commandRunningFlag.pointee != 0 {
        var newline: UInt8 = 10
        _ = write(STDOUT_FILENO, &newline, 1)
    }
    interruptFlag.pointee = 1
}

/// A zeroed flag for a signal handler to read or write, allocated before any handler is
/// installed so that handlers never allocate.
func makeSignalFlag() -> UnsafeMutablePointer<sig_atomic_t> {
    let flag = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
    flag.initialize(to: 0)
    return flag
}
