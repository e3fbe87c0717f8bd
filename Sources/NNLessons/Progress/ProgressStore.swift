import Foundation
import GRDB

/// Keeps lesson progress in the data folder's store, beside the quiz history (`reviews.sqlite`;
/// opening, locking and damaged files are `StoreDatabase`'s business).
///
/// Every change is read, applied and written in one immediate transaction, so nnlab processes
/// turning pages or revealing hints at the same time never lose each other's progress. An old
/// `progress.json` is imported the first time the store opens. When the data folder cannot be
/// written nnlab runs on without saving: the first load or update says so once, and loading
/// shows what an existing store holds.
public struct ProgressStore: Equatable, Sendable {
    /// The data folder.
    public var folder: String
    /// How long to wait for a store another process holds locked.
    public var patience: StorePatience
    /// The store file.
    public var path: String { StoreDatabase.path(in: folder) }

    /// A store in a data folder.
    public init(dataFolder: String, patience: StorePatience = .standard) {
        self.folder = dataFolder
        self.patience = patience
    }

    /// What loading or changing found: the progress (empty when there was none or it could not
    /// be read), a warning for the learner, and whether changes are saved.
    public struct Loaded: Sendable {
        public var progress: CourseProgress
        public var warning: String?
        /// False when the store cannot be written (changes then last only in memory).
        public var canSave: Bool
    }

    /// Reads every lesson's progress.
    public func load() -> Loaded { withPending(loadNow()) }

    /// Reads every lesson's progress for a caller that shows no warnings: any warning is kept
    /// for the next `load`, `change` or `ReviewStore` that shows it, so none is lost.
    public func peek() -> CourseProgress {
        let loaded = load()
        if let warning = loaded.warning { StoreNotices.postpone([warning]) }
        return loaded.progress
    }

    /// Reads, changes and writes the progress in one transaction; returns the progress as saved
    /// (or, when it cannot be saved, as loaded and changed in memory) and any warning.
    public func change(_ change: (inout CourseProgress) -> Void) -> Loaded { withPending(changeNow(change)) }

    /// Changes and saves the progress; returns warnings for the learner (a file moved aside, a
    /// folder that cannot be written — once —, a save that failed), or nil when all went well.
    @discardableResult
    public func update(_ change: (inout CourseProgress) -> Void) -> String? {
        self.change(change).warning
    }

    /// `loaded` with the warnings kept for later put first.
    func withPending(_ loaded: Loaded) -> Loaded {
        let warnings = StoreNotices.takePending() + (loaded.warning.map { [$0] } ?? [])
        var result = loaded
        result.warning = warnings.isEmpty ? nil : warnings.joined(separator: "\n")
        return result
    }

    func loadNow() -> Loaded {
        let opened: StoreDatabase.Opened
        do {
            opened = try StoreDatabase.open(folder: folder, patience: patience)
        } catch {
            return Loaded(progress: error.isBusy ? CourseProgress() : readOnly(), warning: Self.warning(error), canSave: false)
        }
        var warnings = opened.warnings
        var progress = CourseProgress()
        do {
            progress = try StoreDatabase.perform(opened.queue, path: path, patience: patience, failure: "could not read lesson progress") {
                try opened.queue.read(ProgressRecords.fetchAll)
            }
        } catch {
            warnings.append("warning: \(error.message)")
        }
        return Loaded(progress: progress, warning: warnings.isEmpty ? nil : warnings.joined(separator: "\n"), canSave: true)
    }

    func changeNow(_ change: (inout CourseProgress) -> Void) -> Loaded {
        let opened: StoreDatabase.Opened
        do {
            opened = try StoreDatabase.open(folder: folder, patience: patience)
        } catch {
            var progress = error.isBusy ? CourseProgress() : readOnly()
            change(&progress)
            return Loaded(progress: progress, warning: Self.warning(error), canSave: false)
        }
        var warnings = opened.warnings
        do {
            let saved = try StoreDatabase.perform(opened.queue, path: path, patience: patience, failure: "could not save lesson progress") {
                try opened.queue.write { db in try ProgressRecords.change(db, change) }
            }
            return Loaded(progress: saved, warning: warnings.isEmpty ? nil : warnings.joined(separator: "\n"), canSave: true)
        } catch {
            warnings.append("warning: \(error.message)")
            var progress = (try? opened.queue.read(ProgressRecords.fetchAll)) ?? CourseProgress()
            change(&progress)
            return Loaded(progress: progress, warning: warnings.joined(separator: "\n"), canSave: true)
        }
    }

    /// What an existing store holds, read without writing anything (for a store that cannot
    /// be opened for writing); empty when it cannot be read either.
    func readOnly() -> CourseProgress {
        StoreDatabase.readCopy(folder: folder, ProgressRecords.fetchAll) ?? CourseProgress()
    }

    /// The warning for a store that cannot be opened; nil when the same was said before.
    static func warning(_ error: StoreError) -> String? {
        error.alreadyReported ? nil : "warning: " + error.message
    }
}
