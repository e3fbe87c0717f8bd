/// Whole lines run all or nothing, for `nnlab run --keep-going`.
extension Session {
    /// Runs every command of a line; if one fails, the state goes back to what it was before
    /// the line (the commands before the failing one are undone too) and the error is thrown.
    public func executeWholeLine(_ line: String, sink: Sink) throws(CommandError) {
        let before = state
        do {
            try execute(line, sink: sink)
        } catch {
            restore(before)
            throw error
        }
    }
}
