#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file path a person or a lesson gave, taken apart by plain string code that cannot trap.
///
/// Foundation's `NSString.deletingLastPathComponent` traps (SIGILL) on one-character paths on
/// Linux (`"."`, `"d"`), and the other `NSString`/`URL` path helpers guess at the disk; nnlab
/// handles every user path through this type instead. It works on `/`-separated components: no path
/// is ever normalized by looking at the disk except in `realPath()`, which asks the kernel.
public struct UserPath: Sendable, Equatable, CustomStringConvertible {
    /// The path as given.
    public var string: String

    /// Wraps a path.
    public init(_ string: String) { self.string = string }

    public var description: String { string }

    /// Whether the path starts at the root (`/`).
    public var isAbsolute: Bool { string.hasPrefix("/") }

    /// The components between the slashes, empty ones dropped (`a//b/` → `a`, `b`).
    public var components: [String] { string.split(separator: "/", omittingEmptySubsequences: true).map(String.init) }

    /// The last component, or nil for `/` and the empty path.
    public var lastComponent: String? { components.last }

    /// Whether the path can only name a folder: it ends in `/`, or its last component is `.` or
    /// `..`, or it is the root.
    public var namesFolder: Bool {
        guard let last = lastComponent else { return isAbsolute }
        return string.hasSuffix("/") || last == "." || last == ".."
    }

    /// The folder the last component is in, lexically: `a/b` → `a`, `b` → `.`, `/b` → `/`.
    public var parent: UserPath {
        var parts = components
        if !parts.isEmpty { parts.removeLast() }
        if parts.isEmpty { return UserPath(isAbsolute ? "/" : ".") }
        return UserPath((isAbsolute ? "/" : "") + parts.joined(separator: "/"))
    }

    /// The path with a relative path appended (`a` + `b/c` → `a/b/c`); an absolute `other` is
    /// returned as it is.
    public func appending(_ other: String) -> UserPath {
        if other.hasPrefix("/") { return UserPath(other) }
        if other.isEmpty { return self }
        if string.isEmpty { return UserPath(other) }
        return UserPath(string.hasSuffix("/") ? string + other : string + "/" + other)
    }

    /// The name without its last extension (`data/iris.csv` → `iris`).
    public var stem: String {
        guard let last = lastComponent else { return "" }
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
        return String(last[..<dot])
    }

    /// The path made absolute against a folder (the current one by default), `.` and `..`
    /// removed lexically; symbolic links are not looked at.
    public func absolute(from folder: String? = nil) -> UserPath {
        let base = isAbsolute ? [] : UserPath(folder ?? Self.currentFolder()).components
        var parts: [String] = base
        for part in components {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return UserPath("/" + parts.joined(separator: "/"))
    }

    /// The kernel's answer for where this path leads, every symbolic link followed
    /// (`realpath(3)`), or nil when it cannot be resolved: a missing component, a loop or
    /// too many links, or no permission to look.
    public func realPath() -> UserPath? {
        guard !string.isEmpty, !string.utf8.contains(0) else { return nil }
        guard let resolved = realpath(string, nil) else { return nil }
        defer { free(resolved) }
        return UserPath(String(cString: resolved))
    }

    /// Whether this path lies inside `folder` (or is it), comparing whole components; both are
    /// meant to be real paths (`/data/lesson-files2` is not inside `/data/lesson-files`).
    public func isWithin(_ folder: UserPath) -> Bool {
        let mine = components
        let theirs = folder.components
        guard isAbsolute == folder.isAbsolute, mine.count >= theirs.count else { return false }
        return Array(mine.prefix(theirs.count)) == theirs
    }

    /// The path cut for a message: as it is up to 100 characters (paths are shown whole where
    /// they can be, to find the file), else its first 60 and last 30 around `…` (a path a
    /// person typed can be any length).
    public var excerpt: String {
        guard string.count > 100 else { return string }
        return String(string.prefix(60)) + "…" + String(string.suffix(30))
    }

    /// The folder nnlab runs in (`/` when it cannot be found).
    public static func currentFolder() -> String {
        guard let buffer = getcwd(nil, 0) else { return "/" }
        defer { free(buffer) }
        return String(cString: buffer)
    }
}
