import Foundation
import NNData

/// The folder nnlab keeps history and progress in: `$NNLAB_HOME`, else `$XDG_DATA_HOME/nnlab`,
/// else `~/.local/share/nnlab`.
public enum DataFolder {
    /// The folder path the environment names (not created).
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["NNLAB_HOME"], !home.isEmpty { return home }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return UserPath(xdg).appending("nnlab").string
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return UserPath(home).appending(".local/share/nnlab").string
    }

    /// Creates the folder if needed; returns a one-line warning when that fails.
    public static func create(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? nil : "warning: the data folder \(path) is a file, not a folder; history will not be saved"
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return nil
        } catch {
            return "warning: cannot create the data folder \(path); history will not be saved"
        }
    }
}
