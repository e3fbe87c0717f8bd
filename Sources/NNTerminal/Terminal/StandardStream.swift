#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered writes to standard output and standard error, so REPL output, libedit's own
/// drawing and error messages come out in the order they were made.
public enum StandardStream {
    /// Writes text to standard output.
    public static func out(_ text: String) { write(text, to: STDOUT_FILENO) }

    /// Writes text to standard error.
    public static func err(_ text: String) { write(text, to: STDERR_FILENO) }

    /// Writes all bytes of a text to a file descriptor, retrying after interruptions.
    public static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            guard var base = bytes.baseAddress else { return }
            var remaining = bytes.count
            while remaining > 0 {
                #if canImport(Glibc)
                let written = Glibc.write(descriptor, base, remaining)
                #else
                let written = Darwin.write(descriptor, base, remaining)
                #endif
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                remaining -= written
                base += written
            }
        }
    }
}
