import Foundation
import NNEngine

/// What commands from a lesson may do: the commands they may run, and where their files go.
///
/// Lesson content (``` nnlab ``` blocks and exercise solutions) runs through the sandbox:
///
/// - Only the commands in `allowedCommands` run. There is no shell command in nnlab, and the
///   list is closed, so a command added later is refused until it is reviewed and listed here.
/// - Files are confined to `lesson-files/` in the data folder. A path in a lesson must be
///   relative, without `..` and without `~`; `save model.json` writes
///   `DATA/lesson-files/model.json`, and `grads save` and `load` resolve the same way. A path
///   that leads outside (including through a symbolic link) is refused.
/// - `data load PATH` reads the first of `lesson-files/PATH`, `LESSONS/PATH` (the lessons
///   folder, for data a lesson ships) and `COURSE/PATH` (the lessons folder's parent, where
///   `datasets/` lives) that exists — never anything outside those folders.
public struct LessonSandbox: Sendable {
    /// The folder inside the data folder that lesson commands write and read.
    public static let filesFolderName = "lesson-files"

    /// The commands lessons may run.
    public static let allowedCommands: Set<String> = [
        "data", "features", "net", "loss", "dropout", "batchnorm", "opt", "reg", "sched", "clip",
        "train", "step", "eval", "reset", "forward", "backward", "update", "gradcheck", "grads",
        "save", "load", "show", "set", "seed", "help", "plot", "expr", "trace",
    ]

    /// The data folder.
    public var dataFolder: String
    /// The lessons folder.
    public var lessonsFolder: String

    /// The sandbox of a session's environment.
    public init(environment: SessionEnvironment) {
        dataFolder = environment.dataFolder
        lessonsFolder = environment.lessonsFolder
    }

    /// Where lesson files go: `DATA/lesson-files`.
    public var filesFolder: String { (dataFolder as NSString).appendingPathComponent(Self.filesFolderName) }

    /// The course's folder: the parent of the lessons folder.
    public var courseFolder: String { ((lessonsFolder as NSString).standardizingPath as NSString).deletingLastPathComponent }

    /// Why a lesson may not run a command, or nil when it may.
    public static func refusal(for name: String) -> String? {
        if allowedCommands.contains(name) { return nil }
        switch name {
        case "quiz": return "a lesson cannot start the quiz (its questions are asked by `quiz` in the hub)"
        case "progress": return "a lesson cannot show progress (type `progress` in the hub)"
        case "lesson", "lessons": return "a lesson cannot open lessons"
        case "quit": return "a lesson cannot quit nnlab"
        default: return "'\(name)' is not allowed in lessons"
        }
    }

    /// The path word of a command that reads or writes a file, and whether it writes.
    public static func pathArgument(of command: Command) -> (argument: Command.Argument, index: Int, writes: Bool, dataset: Bool)? {
        let words = command.positionals
        switch command.name {
        case "save" where words.count >= 1:
            return (words[0], 0, true, false)
        case "load" where words.count >= 1:
            return (words[0], 0, false, false)
        case "grads" where words.count >= 2 && words[0].raw.lowercased() == "save":
            return (words[1], 1, true, false)
        case "data" where words.count >= 2 && words[0].raw.lowercased() == "load":
            return (words[1], 1, false, true)
        default:
            return nil
        }
    }

    /// What is wrong with a path written in a lesson, or nil: it must be relative and stay
    /// below the folder it is resolved in.
    public static func pathProblem(_ path: String) -> String? {
        if path.isEmpty { return "an empty path" }
        if path.hasPrefix("/") || path.hasPrefix("~") || path.contains("\\") {
            return "lessons keep files in the data folder: write a relative path like `model.json`, not '\(path)'"
        }
        if path.split(separator: "/").contains("..") {
            return "lessons keep files in the data folder: '\(path)' climbs out with '..'"
        }
        return nil
    }

    /// Why a command written in a lesson cannot run there, or nil; needs no session (for the checker).
    public static func problem(with command: Command) -> String? {
        if let refusal = refusal(for: command.name) { return refusal }
        if let path = pathArgument(of: command), let problem = pathProblem(path.argument.value.text) {
            return "\(command.name): \(problem)"
        }
        return nil
    }

    /// The command ready to run: refused when a lesson may not run it, with any path rewritten
    /// to an absolute path inside the sandbox's folders.
    public func prepare(_ command: Command) throws(CommandError) -> Command {
        if let refusal = Self.refusal(for: command.name) {
            throw CommandError(refusal, column: command.column, length: command.name.count)
        }
        guard let (argument, index, writes, dataset) = Self.pathArgument(of: command) else { return command }
        let path = argument.value.text
        if let problem = Self.pathProblem(path) { throw CommandError(problem, at: argument) }
        let resolved: String
        var base = filesFolder
        if dataset {
            let candidates = [filesFolder, lessonsFolder, courseFolder]
            base = candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent(path)) } ?? courseFolder
            resolved = (base as NSString).appendingPathComponent(path)
        } else {
            if writes {
                do { try FileManager.default.createDirectory(atPath: filesFolder, withIntermediateDirectories: true) } catch {
                    throw CommandError("cannot create the folder \(filesFolder) for lesson files", at: argument)
                }
            }
            resolved = (filesFolder as NSString).appendingPathComponent(path)
        }
        guard Self.isInside(resolved, base) else {
            throw CommandError("'\(InputExcerpt.path(path))' leads outside \(base) (through a symbolic link?); lessons keep files inside it", at: argument)
        }
        var prepared = command
        var positional = 0
        for i in prepared.arguments.indices where prepared.arguments[i].key == nil {
            if positional == index {
                prepared.arguments[i].value = .string(resolved)
                prepared.arguments[i].raw = resolved
            }
            positional += 1
        }
        return prepared
    }

    /// Whether a path, symbolic links resolved, lies inside a folder.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        let target = resolvedPath(path)
        let root = resolvedPath(folder)
        return target == root || target.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// A path with `.`/`..` removed and the symbolic links of its existing part resolved.
    static func resolvedPath(_ path: String, depth: Int = 0) -> String {
        let standard = (path as NSString).standardizingPath
        guard depth < 40 else { return standard }
        if FileManager.default.fileExists(atPath: standard) || (try? FileManager.default.destinationOfSymbolicLink(atPath: standard)) != nil {
            if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: standard) {
                let absolute = destination.hasPrefix("/") ? destination
                    : ((standard as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
                return resolvedPath(absolute, depth: depth + 1)
            }
            return URL(fileURLWithPath: standard).resolvingSymlinksInPath().path
        }
        let parent = (standard as NSString).deletingLastPathComponent
        if parent == standard || parent.isEmpty { return standard }
        return (resolvedPath(parent, depth: depth + 1) as NSString).appendingPathComponent((standard as NSString).lastPathComponent)
    }
}
