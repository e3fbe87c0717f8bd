/// What a dataset's targets are: class labels or numbers to predict.
public enum DatasetTask: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Targets are class indices `0..<classCount`, stored as `Double` in a tensor of shape `[n]`.
    case classification
    /// Targets are real numbers, stored in a tensor of shape `[n, outputs]`.
    case regression

    public var description: String { rawValue }
}
