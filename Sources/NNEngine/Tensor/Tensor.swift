/// A dense array of `Double` with a shape, stored row-major, with value semantics.
///
/// `Tensor` is the one numeric container of the engine: datasets, weights, activations and
/// gradients are all tensors. Copies share storage until one of them is written (the storage
/// is a Swift array), so passing tensors around is cheap.
public struct Tensor: Equatable, Sendable, CustomStringConvertible {
    /// The extent of each axis; an empty shape is a scalar.
    public private(set) var shape: [Int]
    /// The elements in row-major order.
    public var scalars: [Double]

    /// Makes a tensor from its elements in row-major order.
    public init(shape: [Int], scalars: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        precondition(shape.reduce(1, *) == scalars.count,
                     "shape \(shape) needs \(shape.reduce(1, *)) elements, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// Makes a tensor of the given shape with every element set to `value`.
    public init(shape: [Int], repeating value: Double) {
        self.init(shape: shape, scalars: [Double](repeating: value, count: shape.reduce(1, *)))
    }

    /// Makes a tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }

    /// Makes a scalar tensor.
    public init(_ value: Double) { self.init(shape: [], scalars: [value]) }

    /// Makes a vector.
    public init(_ vector: [Double]) { self.init(shape: [vector.count], scalars: vector) }

    /// Makes a matrix from its rows, which must all have the same length.
    public init(rows: [[Double]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "ragged rows")
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// The number of elements.
    public var count: Int { scalars.count }
    /// The number of axes.
    public var rank: Int { shape.count }
    /// The number of rows of a matrix (the first axis).
    public var rows: Int { shape.first ?? 1 }
    /// The number of columns of a matrix (the product of the axes after the first).
    public var columns: Int { shape.count <= 1 ? (shape.first ?? 1) : shape.dropFirst().reduce(1, *) }

    /// The only element of a tensor with one element.
    public var scalar: Double {
        precondition(scalars.count == 1, "tensor of shape \(shape) is not a scalar")
        return scalars[0]
    }

    /// The element of a matrix at a row and column.
    public subscript(row: Int, column: Int) -> Double {
        get { scalars[row * columns + column] }
        set { scalars[row * columns + column] = newValue }
    }

    /// The rows of a matrix as arrays.
    public var rowArrays: [[Double]] {
        let c = columns
        return (0..<rows).map { r in Array(scalars[(r * c)..<((r + 1) * c)]) }
    }

    /// The same elements under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, scalars: scalars) }

    /// The rows (entries along the first axis) picked by index, in the given order; for a
    /// vector, its elements.
    public func gatherRows(_ indices: [Int]) -> Tensor {
        let c = shape.isEmpty || shape[0] == 0 ? 1 : count / shape[0]
        let rows = count / c
        // Written once, row by row (a copy each), with no zeroing first: this gathers every
        // minibatch of training.
        let out = scalars.withUnsafeBufferPointer { src in
            [Double](unsafeUninitializedCapacity: indices.count * c) { dst, initialized in
                let to = dst.baseAddress!, from = src.baseAddress!
                for (i, r) in indices.enumerated() {
                    precondition(r >= 0 && r < rows, "gatherRows: row \(r) of \(rows)")
                    if c == 1 { (to + i).initialize(to: from[r]) } else { (to + i * c).initialize(from: from + r * c, count: c) }
                }
                initialized = indices.count * c
            }
        }
        var newShape = shape
        if newShape.isEmpty { newShape = [indices.count] } else { newShape[0] = indices.count }
        return Tensor(shape: newShape, scalars: out)
    }

    /// The transpose of a matrix.
    public var transposed: Tensor {
        precondition(rank == 2, "transpose needs a matrix, got shape \(shape)")
        let r = shape[0], c = shape[1]
        var out = [Double](repeating: 0, count: count)
        for i in 0..<r { for j in 0..<c { out[j * r + i] = scalars[i * c + j] } }
        return Tensor(shape: [c, r], scalars: out)
    }

    /// Applies a function to every element.
    ///
    /// A plain loop into an uninitialized array rather than `Array.map`, which appends one
    /// element at a time: for simple functions (relu's `max`) the loop becomes vector code.
    @inlinable
    public func map(_ f: (Double) -> Double) -> Tensor {
        let n = count
        let out = [Double](unsafeUninitializedCapacity: n) { o, initialized in
            scalars.withUnsafeBufferPointer { a in
                for i in 0..<n { o[i] = f(a[i]) }
            }
            initialized = n
        }
        return Tensor(shape: shape, scalars: out)
    }

    /// The sum of all elements.
    public var sum: Double { scalars.reduce(0, +) }

    /// The Euclidean norm of all elements.
    public var norm: Double { sumOfSquares.squareRoot() }

    public var description: String { "Tensor(shape: \(shape), scalars: \(scalars))" }
}
