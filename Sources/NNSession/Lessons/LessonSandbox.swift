#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NNData
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
/// - Before every open the path is resolved by the kernel (`realpath(3)`; for a file to be
///   created, its folder) and the real path must lie inside the folder, compared component by
///   component; what cannot be resolved (a loop, a chain too long, a dangling link) is refused.
///   The command then opens the real path it was checked as.
/// - `data load PATH` reads the first of `lesson-files/PATH`, `LESSONS/PATH` (the lessons
///   folder, for data a lesson ships) and, for `datasets/…`, `COURSE/PATH` (the lessons
///   folder's parent, where `datasets/` lives) that exists — never anything outside
///   `lesson-files/`, the lessons folder and the course's `datasets/`.
public struct LessonSandbox: Sendable {
    /// The folder inside the data folder that lesson commands write and read.
    public static let filesFolderName = "lesson-files"

    /// The commands lessons may run.
    public static let allowedCommands: Set<String> = [
        "data", "features", "net", "layer", "loss", "dropout", "batchnorm", "opt", "reg", "sched", "clip",
        "train", "step", "eval", "reset", "forward", "backward", "update", "gradcheck", "grads",
        "save", "load", "show", "set", "seed", "help", "plot", "expr", "trace",
        "entropy",
        "lrfind",
        "runs",
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
    public var filesFolder: String { UserPath(dataFolder).appending(Self.filesFolderName).string }

    /// The course's folder: the parent of the lessons folder (of its real path when it has one).
    public var courseFolder: String {
        let lessons = UserPath(lessonsFolder)
        return (lessons.realPath() ?? lessons.absolute()).parent.string
    }

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
            return "lessons keep files in the data folder: write a relative path like `model.json`, not '\(UserPath(path).excerpt)'"
        }
        if path.split(separator: "/").contains("..") {
            return "lessons keep files in the data folder: '\(UserPath(path).excerpt)' climbs out with '..'"
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
    /// to the real path (every symbolic link resolved by the kernel) of a file inside the
    /// sandbox's folders, which is what the command then opens.
    public func prepare(_ command: Command) throws(CommandError) -> Command {
        if let refusal = Self.refusal(for: command.name) {
            throw CommandError(refusal, column: command.column, length: command.name.count)
        }
        guard let (argument, index, writes, dataset) = Self.pathArgument(of: command) else { return command }
        let path = argument.value.text
        if let problem = Self.pathProblem(path) { throw CommandError(problem, at: argument) }
        let resolved: String
        do {
            try checkFilesFolder()
            if dataset {
                resolved = try resolveForReading(path, in: datasetFolders(for: path))
            } else if writes {
                resolved = try resolveForWriting(path)
            } else {
                resolved = try resolveForReading(path, in: [ReadFolder(base: filesFolder, root: filesFolder, name: "lesson-files/ in the data folder")])
            }
        } catch {
            throw CommandError(error.message, at: argument)
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

    /// Why a path cannot be used, as a message.
    struct Refusal: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// Refuses a `lesson-files/` that is a symbolic link leading out of the data folder (lesson
    /// files would then be written wherever it points).
    func checkFilesFolder() throws(Refusal) {
        guard Self.entryExists(filesFolder) else { return }
        guard let files = UserPath(filesFolder).realPath(), let data = UserPath(dataFolder).realPath(), files.isWithin(data) else {
            throw Refusal("\(UserPath(filesFolder).excerpt) leads outside the data folder (a symbolic link?); "
                          + "lessons keep their files in a lesson-files/ folder inside it: remove the link")
        }
    }

    /// A folder lessons read from: where a relative path is looked up, the folder its real
    /// path must stay inside, and its name for messages.
    struct ReadFolder {
        var base: String
        var root: String
        var name: String
    }

    /// Where `data load PATH` looks, in order: `lesson-files/`, the lessons folder, and, for a
    /// path starting with `datasets/`, the course folder (whose `datasets/` it may read, nothing
    /// else: the course folder can be a home folder).
    func datasetFolders(for path: String) -> [ReadFolder] {
        var folders = [
            ReadFolder(base: filesFolder, root: filesFolder, name: "lesson-files/ in the data folder"),
            ReadFolder(base: lessonsFolder, root: lessonsFolder, name: "the lessons folder"),
        ]
        if UserPath(path).components.first == "datasets" {
            folders.append(ReadFolder(base: courseFolder, root: UserPath(courseFolder).appending("datasets").string,
                                      name: "the course's datasets/ folder"))
        }
        return folders
    }

    /// The real path of an existing file named by a relative path in the first of `folders`
    /// that has an entry by that name; refused when it cannot be resolved or its real path is
    /// inside none of the folders' roots.
    func resolveForReading(_ path: String, in folders: [ReadFolder]) throws(Refusal) -> String {
        let shown = UserPath(path).excerpt
        let names = folders.map(\.name)
        let places = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names.joined()
        for folder in folders {
            let candidate = UserPath(folder.base).appending(path)
            guard Self.entryExists(candidate.string) else { continue }
            guard let real = candidate.realPath() else {
                throw Refusal("'\(shown)' cannot be resolved (a broken or looping symbolic link?); lessons read only files inside \(places)")
            }
            let roots = folders.compactMap { UserPath($0.root).realPath() }
            guard roots.contains(where: { real.isWithin($0) }) else {
                throw Refusal("'\(shown)' leads outside \(places) (through a symbolic link); lessons read only files there")
            }
            return real.string
        }
        throw Refusal("cannot find '\(shown)' in \(places)")
    }

    /// The real path a file named by a relative path is written to inside `lesson-files/`
    /// (created when missing): its folder must exist and resolve inside, and an existing entry
    /// by that name must resolve inside too.
    func resolveForWriting(_ path: String) throws(Refusal) -> String {
        let shown = UserPath(path).excerpt
        let given = UserPath(path)
        if given.namesFolder || given.lastComponent == nil {
            throw Refusal("'\(shown)' names a folder; give a file name like model.json")
        }
        do { try FileManager.default.createDirectory(atPath: filesFolder, withIntermediateDirectories: true) } catch {
            throw Refusal("cannot create the folder \(filesFolder) for lesson files")
        }
        guard let root = UserPath(filesFolder).realPath() else {
            throw Refusal("cannot resolve the folder \(filesFolder) for lesson files")
        }
        let candidate = UserPath(filesFolder).appending(path)
        guard let folder = candidate.parent.realPath() else {
            throw Refusal("'\(shown)': the folder '\(given.parent.excerpt)' does not exist in lesson-files/ (or cannot be resolved)")
        }
        guard folder.isWithin(root) else {
            throw Refusal("'\(shown)' leads outside lesson-files/ in the data folder (through a symbolic link); lessons keep files inside it")
        }
        var target = folder.appending(candidate.lastComponent!)
        if Self.entryExists(target.string) {
            guard let real = target.realPath() else {
                throw Refusal("'\(shown)' cannot be resolved (a broken or looping symbolic link?); lessons write only inside lesson-files/")
            }
            guard real.isWithin(root) else {
                throw Refusal("'\(shown)' leads outside lesson-files/ in the data folder (through a symbolic link); lessons keep files inside it")
            }
            target = real
        }
        if case .folder = UserFile.kind(of: target.string) {
            throw Refusal("'\(shown)' is a folder; give a file name like \(UserPath(shown).appending("model.json"))")
        }
        return target.string
    }

    /// Whether there is a directory entry at a path: a dangling symbolic link counts, and so
    /// does a path whose links are too many to follow (so it is refused, not passed over).
    static func entryExists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 || errno == ELOOP
    }
}
