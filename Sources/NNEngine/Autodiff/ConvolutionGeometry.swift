/// The sizes of one 2-D convolution or pooling window sliding over an image: input channels
/// and extent, a square kernel, its stride and zero padding (PyTorch's `Conv2d`, `MaxPool2d`).
public struct ConvolutionGeometry: Equatable, Sendable {
    /// Input channels C.
    public var channels: Int
    /// Input height H.
    public var height: Int
    /// Input width W.
    public var width: Int
    /// The kernel's side K.
    public var kernel: Int
    /// The step S between window positions.
    public var stride: Int
    /// The zeros P added on every side (pooling uses none).
    public var padding: Int

    /// Makes a geometry from its sizes.
    public init(channels: Int, height: Int, width: Int, kernel: Int, stride: Int, padding: Int = 0) {
        self.channels = channels
        self.height = height
        self.width = width
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    /// The output height ⌊(H + 2P − K)/S⌋ + 1.
    public var outputHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
    /// The output width ⌊(W + 2P − K)/S⌋ + 1.
    public var outputWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    /// Output positions per channel.
    public var positions: Int { outputHeight * outputWidth }
    /// The rows of one sample's patch matrix: C·K·K.
    public var patchSize: Int { channels * kernel * kernel }
    /// Whether the kernel fits the padded input at least once.
    public var fits: Bool { height + 2 * padding >= kernel && width + 2 * padding >= kernel }

    /// Writes one sample's patches as a (C·K·K) × (Ho·Wo) matrix (im2col): row (c, u, v),
    /// column (i, j) holds the input at (c, i·S + u − P, j·S + v − P), zero outside the image.
    /// Rows lie `rowStride` apart (Ho·Wo unless given), so a batch's samples can sit side by
    /// side in one wide matrix.
    func im2col(_ x: UnsafePointer<Double>, into cols: UnsafeMutablePointer<Double>, rowStride: Int? = nil) {
        let ho = outputHeight, wo = outputWidth, p = rowStride ?? positions
        for c in 0..<channels {
            for u in 0..<kernel {
                for v in 0..<kernel {
                    let row = cols + ((c * kernel + u) * kernel + v) * p
                    let (first, end) = columns(offset: v)
                    for i in 0..<ho {
                        let y = i * stride + u - padding
                        let out = row + i * wo
                        guard y >= 0 && y < height, first < end else {
                            out.update(repeating: 0, count: wo)
                            continue
                        }
                        let line = x + (c * height + y) * width + v - padding
                        for j in 0..<first { out[j] = 0 }
                        if stride == 1 {
                            (out + first).update(from: line + first, count: end - first)
                        } else {
                            for j in first..<end { out[j] = line[j * stride] }
                        }
                        for j in end..<wo { out[j] = 0 }
                    }
                }
            }
        }
    }

    /// Adds a patch matrix's entries back onto the image positions they came from (col2im,
    /// the adjoint of `im2col`); rows lie `rowStride` apart (Ho·Wo unless given).
    func col2im(_ cols: UnsafePointer<Double>, addingInto x: UnsafeMutablePointer<Double>, rowStride: Int? = nil) {
        let ho = outputHeight, wo = outputWidth, p = rowStride ?? positions
        for c in 0..<channels {
            for u in 0..<kernel {
                for v in 0..<kernel {
                    let row = cols + ((c * kernel + u) * kernel + v) * p
                    let (first, end) = columns(offset: v)
                    guard first < end else { continue }
                    for i in 0..<ho {
                        let y = i * stride + u - padding
                        guard y >= 0 && y < height else { continue }
                        let line = x + (c * height + y) * width + v - padding, source = row + i * wo
                        for j in first..<end { line[j * stride] += source[j] }
                    }
                }
            }
        }
    }

    /// The output columns j whose input column j·S + v − P lies inside the image: first..<end.
    private func columns(offset v: Int) -> (first: Int, end: Int) {
        // j·S ≥ P − v and j·S ≤ W − 1 + P − v.
        let low = padding - v, high = width - 1 + padding - v
        let first = low <= 0 ? 0 : (low + stride - 1) / stride
        let end = high < 0 ? 0 : min(outputWidth, high / stride + 1)
        return (min(first, end), end)
    }
}
