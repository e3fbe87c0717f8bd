/// The version `nnlab --version` and the welcome line show.
public enum NNLabVersion {
    public static let current = "0.1.0"
}
