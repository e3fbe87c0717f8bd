/// One of the two parts of a dataset: the rows a model trains on or the rows held out to test it.
public enum DatasetSplit: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The rows the model learns from.
    case train
    /// The held-out rows used to measure generalization.
    case test

    public var description: String { rawValue }
}
