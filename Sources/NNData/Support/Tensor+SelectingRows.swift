import NNEngine

extension Tensor {
    /// The rows (of a matrix) or elements (of a vector) at the given indices, in that order.
    ///
    /// NNData keeps this beside `Tensor.gatherRows` because a vector `[n]` of class indices must
    /// be picked element by element, and `gatherRows` treats a vector's whole length as one row.
    func selectingRows(_ indices: [Int]) -> Tensor {
        if rank == 1 { return Tensor(shape: [indices.count], scalars: indices.map { scalars[$0] }) }
        return gatherRows(indices)
    }
}
