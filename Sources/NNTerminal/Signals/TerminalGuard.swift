#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CEditLine

/// Keeps the terminal sane: remembers its settings when the REPL starts and puts them back
/// on exit and when SIGTERM or SIGHUP ends the program in the middle of line editing.
public enum TerminalGuard {
    /// Saves the settings of standard input (if it is a terminal) and installs the SIGTERM
    /// and SIGHUP handlers that restore them and exit.
    public static func install() {
        if isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, savedSettings) == 0 {
            hasSavedSettings.pointee = 1
        }
        _ = nn_install_signal_handler(SIGTERM, terminationHandler, 1)
        _ = nn_install_signal_handler(SIGHUP, terminationHandler, 1)
    }

    /// Remembers the bytes that take the terminal out of a full-screen view (leave the
    /// alternate screen, show the cursor), for the signal handlers; empty when no view is up.
    static func setLeaveSequence(_ bytes: [UInt8]) {
        let count = min(bytes.count, 63)
        for i in 0..<count { leaveSequence[i] = bytes[i] }
        leaveSequenceLength.pointee = sig_atomic_t(count)
    }

    /// Puts the saved settings back (no-op when nothing was saved).
    public static func restore() {
        if hasSavedSettings.pointee != 0 { _ = tcsetattr(STDIN_FILENO, TCSADRAIN, savedSettings) }
    }
}

/// The terminal settings saved at start, allocated before any handler can run.
nonisolated(unsafe) let savedSettings: UnsafeMutablePointer<termios> = {
    let settings = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    settings.initialize(to: termios())
    return settings
}()

/// The bytes that leave a full-screen view, written by the handlers while one is up.
nonisolated(unsafe) let leaveSequence: UnsafeMutablePointer<UInt8> = {
    let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
    bytes.initialize(repeating: 0, count: 64)
    return bytes
}()

/// How many bytes of `leaveSequence` to write (0: no view is up).
nonisolated(unsafe) let leaveSequenceLength = makeSignalFlag()

/// Whether `savedSettings` holds real settings.
nonisolated(unsafe) let hasSavedSettings = makeSignalFlag()

/// Restores the terminal, ends the line and exits with 128 + the signal number, using only
/// async-signal-safe calls.
private let terminationHandler: @convention(c) (Int32) -> Void = { signal in
    if leaveSequenceLength.pointee > 0 { _ = write(STDOUT_FILENO, leaveSequence, Int(leaveSequenceLength.pointee)) }
    if hasSavedSettings.pointee != 0 { _ = tcsetattr(STDIN_FILENO, TCSANOW, savedSettings) }
    var newline: UInt8 = 10
    _ = write(STDOUT_FILENO, &newline, 1)
    _exit(128 + signal)
}
