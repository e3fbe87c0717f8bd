import Foundation
import NNData
import NNEngine

/// Where the commands that write a file (`save`, `grads save`) may write it.
extension Session {
    /// The file a command writes (`save`, `grads save`): the path a person gave, checked (it
    /// must name a file, not a folder or a device, in a folder that exists) and returned with
    /// its folder's real path, so the writer never sees a bare one-character path.
    /// `verb` (`save`, `grads save`) starts the messages; `example` is the file name they suggest.
    func outputPath(_ pathWord: Command.Argument, verb: String, example: String) throws(CommandError) -> String {
        let text = pathWord.value.text
        let given = UserPath(text)
        let excerpt = given.excerpt
        let shown = "\(verb) \(excerpt)"
        guard let name = given.lastComponent, !given.namesFolder else {
            let folder = text.isEmpty ? "an empty path" : "'\(excerpt)' is a folder"
            throw CommandError("\(shown): \(folder); give a file name like \(example)", at: pathWord)
        }
        switch UserFile.kind(of: text) {
        case .folder:
            throw CommandError("\(shown): '\(excerpt)' is a folder; give a file name like \(UserPath(excerpt).appending(example))", at: pathWord)
        case .special(let kind):
            throw CommandError("\(shown): '\(excerpt)' is \(kind), not a regular file; give a file name like \(example)", at: pathWord)
        case .missing, .regular:
            break
        }
        let folder = given.parent
        switch UserFile.kind(of: folder.string) {
        case .folder:
            break
        case .missing:
            throw CommandError("\(shown): the folder '\(folder.excerpt)' does not exist; create it first or save somewhere else", at: pathWord)
        default:
            throw CommandError("\(shown): '\(folder.excerpt)' is not a folder; give a path like \(example)", at: pathWord)
        }
        guard let real = folder.realPath() else {
            throw CommandError("\(shown): cannot resolve the folder '\(folder.excerpt)'; check its permissions", at: pathWord)
        }
        return real.appending(name).string
    }
}
