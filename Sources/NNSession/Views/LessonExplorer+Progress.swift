import NNLessons

/// Progress in the explorer: changes apply to the explorer's copy at once and leave as tasks
/// the loop carries out; their results bring back the record as saved, or the store's warning.
extension LessonExplorer {
    /// Applies a change to the lesson's progress at once and hands out the task that saves it.
    func recordProgress(_ change: LessonProgressChange) {
        change.apply(to: &progress)
        pendingTasks.append(.recordProgress(store, lesson: lesson.id, change: change))
        changed()
    }

    /// Hands over the explorer's tasks, then those of the live view in the panel.
    public func takeTasks() -> [ViewTask] {
        if let child { pendingTasks += child.takeTasks() }
        defer { pendingTasks = [] }
        return pendingTasks
    }

    /// Takes in how a task went: the record as saved, or the store's warning. Results the
    /// explorer did not ask for go to the live view in the panel (whose tasks it handed out).
    func taskFinished(_ result: ViewTaskResult) {
        switch result {
        case let .progressLoaded(course, _):
            courseProgress = course
        case let .progressRecorded(id, _, course, saved, _):
            // Unsaved (a folder that cannot be written), the change lasts while the explorer is
            // open: it is in `progress` already.
            if saved {
                courseProgress = course
                if id == lesson.id { progress = course[lesson: id] }
            }
            changed()
        case .reviewRecorded:
            _ = child?.update(.taskFinished(result))
            return
        }
        if let warning = result.warningLine { say(warning, error: true) }
    }
}
