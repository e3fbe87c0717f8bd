#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file a person named (a CSV, a model file, a script), refusing anything that is not
/// a regular file and anything larger than a bound, without ever reading more than the bound.
///
/// This is the one reader for user files: `data load`, `load` and `nnlab run FILE` go through
/// it, so `/dev/zero`, a FIFO or a 10 GB file give a message instead of a hang or running out
/// of memory. The file is opened first and then examined through the open descriptor, so what
/// is checked is what is read.
public enum UserFile {
    /// The largest user file nnlab reads unless a reader sets its own bound (50 MB).
    public static let defaultMaximumBytes = 50_000_000

    /// What a path leads to.
    public enum Kind: Equatable, Sendable {
        case missing
        case regular(size: Int)
        case folder
        /// Something else: a device, a pipe, a socket (named for messages).
        case special(String)
    }

    /// Why a file cannot be read.
    public enum Problem: Error, Equatable, Sendable {
        /// Nothing at the path (or a folder on the way is missing).
        case missing
        /// The path is a folder.
        case folder
        /// A device, pipe or socket rather than a file (`"a character device"`).
        case notRegular(String)
        /// The file is there but may not be read.
        case permission
        /// The file is larger than the bound.
        case tooLarge(size: Int, limit: Int)
        /// Anything else, as the system says it (lower case).
        case other(String)

        /// The reason in words, for a message that names the file first:
        /// `"'x': <reason>"`.
        public var reason: String {
            switch self {
            case .missing: return "no such file"
            case .folder: return "it is a folder, not a file"
            case .notRegular(let kind): return "it is \(kind), not a regular file"
            case .permission: return "permission denied; check the file's permissions (chmod +r)"
            case .tooLarge(let size, let limit): return "it is \(byteCount(size)), over the \(byteCount(limit)) limit"
            case .other(let text): return text
            }
        }
    }

    /// What is at a path now (symbolic links followed).
    public static func kind(of path: String) -> Kind {
        guard !path.isEmpty, !path.utf8.contains(0) else { return .missing }
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return kind(info)
    }

    /// Checks that a path is a regular file of at most `maximumBytes` bytes that can be
    /// opened for reading, without reading it (for readers that open the file themselves).
    public static func check(_ path: String, maximumBytes: Int) throws(Problem) {
        let descriptor = try openChecked(path, maximumBytes: maximumBytes)
        close(descriptor)
    }

    /// Reads a whole regular file of at most `maximumBytes` bytes.
    public static func read(_ path: String, maximumBytes: Int) throws(Problem) -> [UInt8] {
        let descriptor = try openChecked(path, maximumBytes: maximumBytes)
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw problem(errno)
            }
            if count == 0 { break }
            bytes += chunk[..<count]
            // The file grew while being read: stop at the bound all the same.
            if bytes.count > maximumBytes { throw .tooLarge(size: bytes.count, limit: maximumBytes) }
        }
        return bytes
    }

    /// Opens a path for reading and checks, through the open descriptor, that it is a regular
    /// file within the bound; the caller closes the descriptor.
    static func openChecked(_ path: String, maximumBytes: Int) throws(Problem) -> Int32 {
        guard !path.isEmpty, !path.utf8.contains(0) else { throw .missing }
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below anyway.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw problem(errno) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw problem(code)
        }
        let found = kind(info)
        if case .regular(let size) = found, size <= maximumBytes { return descriptor }
        close(descriptor)
        switch found {
        case .folder: throw .folder
        case .special(let name): throw .notRegular(name)
        case .missing: throw .missing
        case .regular(let size): throw .tooLarge(size: size, limit: maximumBytes)
        }
    }

    /// A byte count for people: `"50 MB"`, `"61.2 MB"`, or `"16 bytes"` below a megabyte.
    public static func byteCount(_ bytes: Int) -> String {
        if bytes < 1_000_000 { return "\(bytes) bytes" }
        let tenths = (bytes + 50_000) / 100_000
        return tenths % 10 == 0 ? "\(tenths / 10) MB" : "\(tenths / 10).\(tenths % 10) MB"
    }

    static func kind(_ info: stat) -> Kind {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int(info.st_size))
        case S_IFDIR: return .folder
        case S_IFCHR: return .special("a character device")
        case S_IFBLK: return .special("a block device")
        case S_IFIFO: return .special("a pipe (FIFO)")
        case S_IFSOCK: return .special("a socket")
        default: return .special("an unusual kind of file")
        }
    }

    static func problem(_ code: Int32) -> Problem {
        switch code {
        case ENOENT, ENOTDIR: return .missing
        case EACCES, EPERM: return .permission
        case EISDIR: return .folder
        case ELOOP: return .other("too many symbolic links (a loop?)")
        default: return .other(String(cString: strerror(code)).lowercased())
        }
    }
}

/// `read(2)`, named apart from `UserFile.read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
