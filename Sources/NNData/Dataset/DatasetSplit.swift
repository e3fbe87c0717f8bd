/// One of the parts of a dataset: the rows a model trains on, the rows held out to test it,
/// and the rows held out to choose when to stop (validation, often empty).
public enum DatasetSplit: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The rows the model learns from.
    case train
    /// The held-out rows used to measure generalization.
    case test
    /// The held-out rows early stopping and tuning look at, so the test rows stay unseen.
    case validation = "val"

    public var description: String { rawValue }
}
