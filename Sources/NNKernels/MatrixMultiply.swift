#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Row-major double-precision matrix multiply: C = op(A)·op(B), or C += op(A)·op(B).
///
/// This is the engine's hot loop: dense layers run their forward pass (`X·Wᵀ`) and both
/// backward products (`Δᵀ·X`, `Δ·W`) through `gemm`, on small matrices (tens to hundreds of
/// rows and columns); products of at least `parallelThreshold` multiply-adds are shared out
/// over the `WorkerPool`'s threads by blocks of C (`Plan.runShared`). Everything is plain Swift: `SIMD8<Double>` and
/// `addingProduct` compile to AVX-512 fused multiply-adds with `-target-cpu native`.
///
/// ## Outer-product kernel (the general case)
///
/// The micro-kernel holds an 8×16 tile of C in sixteen 8-wide SIMD registers. At each step p of
/// the depth it loads one row of a *panel* of op(B) (16 consecutive columns: two vectors),
/// broadcasts one element of op(A) for each of the 8 rows, and does 16 fused multiply-adds;
/// after the last step it writes the tile to C once. Around it (`computeOuter`):
///
/// 1. the depth is cut into slices of at most `depthBlock` (128) steps, so that a strip of
///    op(A) (8 rows of a slice, 8 KiB) stays in L1;
/// 2. op(B)'s slice is cut into 16-column panels. A panel needs its columns side by side: when
///    op(B)'s rows are contiguous (B not transposed) the kernel reads them in place; otherwise
///    — and for a ragged last panel (zero-padded), or when C is tall enough to repay the
///    copy — panels are packed into a per-thread scratch buffer, transposing 4×4 blocks in
///    registers where B is transposed;
/// 3. C is computed strip by strip (8 rows), each strip against every panel in turn.
///
/// op(A) is read in place with its own strides (the kernel only loads scalars from it), except
/// when its rows are a multiple of 4 KiB apart, which makes the eight rows collide in one L1
/// set; it is then copied with padded rows. Edges use the same kernel: it is generic over its
/// row count (1…8) and vector count (1…2), and each specialisation compiles with the unused
/// registers and tests removed.
///
/// ## Inner-product kernel (thin outputs)
///
/// When C has only a few columns (an output layer of 2, 3 or 10 units) and the rows of op(A)
/// are contiguous, a 16-wide panel would be mostly padding. The inner-product kernel runs the
/// vectors along the depth instead: it holds up to 16 dot products (8 rows × 2 columns, or
/// 4 × 4), each as 8 partial sums in a SIMD vector, and adds the lanes up at the end. It reads
/// op(A) in place, and op(B)'s columns in place when contiguous (the forward pass `X·Wᵀ`) or
/// from a copy, small since there are few columns.
///
/// ## Choosing
///
/// C = op(A)·op(B) and Cᵀ = op(B)ᵀ·op(A)ᵀ are the same computation with the operands' roles
/// swapped. `gemm` estimates the cost of each kernel in each orientation (lanes wasted on
/// padding, copies made to build panels, stores to a C whose columns are strided) and runs the
/// cheapest. For the forward pass `X·Wᵀ` at batch 32, for example, the transposed outer-product
/// form packs the 32-row X instead of the larger W, and stores each 8×8 block of Cᵀ through an
/// in-register transpose.
public enum MatrixMultiply {
    /// Computes C = op(A)·op(B), or C += op(A)·op(B) when `accumulate` is true.
    ///
    /// op(A) is m×k, op(B) is k×n, C is m×n; all row-major with leading dimensions lda/ldb/ldc
    /// (the row stride of the matrix as stored, i.e. of A itself, not of op(A)).
    /// With `transposeA`, A is stored k×m and op(A) = Aᵀ; likewise B is stored n×k when
    /// `transposeB`. C must not overlap A or B. Without `accumulate`, C is overwritten without
    /// being read, so it may hold anything (even NaN) on entry. Products of at least
    /// `minimumSharedWork` multiply-adds (m·n·k; `parallelThreshold` unless given) are shared
    /// out over `pool`'s threads, with the same result to the bit.
    public static func gemm(transposeA: Bool, transposeB: Bool,
                            m: Int, n: Int, k: Int,
                            a: UnsafePointer<Double>, lda: Int,
                            b: UnsafePointer<Double>, ldb: Int,
                            c: UnsafeMutablePointer<Double>, ldc: Int,
                            accumulate: Bool, pool: WorkerPool = .shared, minimumSharedWork: Int? = nil) {
        precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative size (m \(m), n \(n), k \(k))")
        precondition(lda >= (transposeA ? m : k) && ldb >= (transposeB ? k : n) && ldc >= n,
                     "gemm: a leading dimension is shorter than its rows")
        if m == 0 || n == 0 { return }
        if k == 0 {
            if !accumulate {
                for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
            }
            return
        }
        let product = Product(
            m: m, n: n, k: k,
            a: StridedMatrix(base: a, rowStride: transposeA ? 1 : lda,
                             columnStride: transposeA ? lda : 1),
            b: StridedMatrix(base: b, rowStride: transposeB ? 1 : ldb,
                             columnStride: transposeB ? ldb : 1),
            c: OutputMatrix(base: c, rowStride: ldc, columnStride: 1))
        let plan = product.cheapestPlan()
        if pool.threads > 1 && m * n * k >= (minimumSharedWork ?? parallelThreshold) {
            plan.runShared(accumulate: accumulate, pool: pool)
        } else {
            plan.run(accumulate: accumulate)
        }
    }

    /// The two ways an element of C is summed (see the type's notes). Within one kernel an
    /// element's bits do not depend on the product's other rows or columns, nor — for the
    /// outer-product kernel — on its orientation; across kernels they may differ.
    public enum Summation: Sendable { case outer, inner }

    /// The kernel `gemm` would sum this product with (the pointers do not matter, only the
    /// shape and the strides).
    public static func summation(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                 lda: Int, ldb: Int, ldc: Int) -> Summation {
        // Any aligned address will do: planning reads strides, never elements.
        let somewhere = UnsafeMutablePointer<Double>(bitPattern: 64)!
        let product = Product(
            m: m, n: n, k: k,
            a: StridedMatrix(base: somewhere, rowStride: transposeA ? 1 : lda, columnStride: transposeA ? lda : 1),
            b: StridedMatrix(base: somewhere, rowStride: transposeB ? 1 : ldb, columnStride: transposeB ? ldb : 1),
            c: OutputMatrix(base: somewhere, rowStride: ldc, columnStride: 1))
        return product.cheapestPlan().kernel == .outer ? .outer : .inner
    }

    // MARK: Tuning

    /// Doubles per SIMD register (AVX-512).
    static let vectorWidth = 8
    /// Rows of C in the full outer-product tile.
    static let tileRows = 8
    /// Columns of C in the full outer-product tile, i.e. the width of a panel of op(B).
    static let panelWidth = 16
    /// The longest depth slice of the outer-product kernel: a strip of A is then 8 KiB and a
    /// packed panel 16 KiB, so both fit in L1 (32 KiB).
    public static let depthBlock = 128
    /// The most doubles of op(B) packed at once (512 KiB, a quarter of L2).
    static let blockElements = 65536
    /// The longest depth slice of the inner-product kernel (its partial sums are added up once
    /// per slice, so slices are long).
    static let innerDepthBlock = 256
    /// The most columns of C for which the inner-product kernel is considered.
    static let innerMaximumColumns = 16
    /// The fewest multiply-adds (m·n·k) for which a product is split across the pool's
    /// threads (about 100 µs of work on one core): below it, handing half the work to a worker
    /// did not reliably pay on a shared two-core machine (`nnlab-bench threads`).
    public static let parallelThreshold = 1 << 22
    /// Blocks a shared product is cut into for each thread of the pool.
    static let blocksPerThread = 4
}

// MARK: - Planning

extension MatrixMultiply {
    /// One multiplication C (m×n) = or += A (m×k) · B (k×n), on strided views.
    struct Product {
        var m: Int, n: Int, k: Int
        var a: StridedMatrix, b: StridedMatrix
        var c: OutputMatrix

        /// The same product computed as Cᵀ = Bᵀ·Aᵀ.
        var transposed: Product {
            Product(m: n, n: m, k: k, a: b.transposed, b: a.transposed, c: c.transposed)
        }

        /// The plan with the lowest estimated cost among both kernels and both orientations.
        func cheapestPlan() -> Plan {
            let flipped = transposed
            var best = Plan(product: self, kernel: .outer, cost: outerCost)
            func consider(_ product: Product, _ kernel: Plan.Kernel, _ cost: Double?) {
                if let cost, cost < best.cost {
                    best = Plan(product: product, kernel: kernel, cost: cost)
                }
            }
            consider(flipped, .outer, flipped.outerCost)
            consider(self, .inner, innerCost)
            consider(flipped, .inner, flipped.innerCost)
            return best
        }

        /// A rough cost of the outer-product kernel, in processor cycles.
        var outerCost: Double {
            let width = panelWidth, rows = tileRows
            // Per depth step, a tile does rows·vectors FMAs (two per cycle) but is bound by its
            // loads (rows broadcasts + vectors panel loads, two per cycle) when it is thin.
            func tileStep(_ r: Int, _ v: Int) -> Double { Double(max(r * v, r + v)) / 2 }
            let fullStrips = Double(m / rows), lastRows = m % rows
            let fullPanels = Double(n / width)
            let lastVectors = (n % width + vectorWidth - 1) / vectorWidth
            var perStep = fullPanels * fullStrips * tileStep(rows, 2)
            if lastRows > 0 { perStep += fullPanels * tileStep(lastRows, 2) }
            if lastVectors > 0 {
                perStep += fullStrips * tileStep(rows, lastVectors)
                if lastRows > 0 { perStep += tileStep(lastRows, lastVectors) }
            }
            let tiles = (m + rows - 1) / rows * ((n + width - 1) / width)
            var cost = perStep * Double(k) + Double(tiles) * 20
            // Copies: panels of a B without contiguous rows are transposed; others are copied
            // when `packsAllPanels`, else only a ragged last one; and maybe A is copied.
            if b.columnStride != 1 {
                cost += Double(k * n)
            } else if packsAllPanels {
                cost += Double(k * n) * 0.3
            } else if n % vectorWidth != 0 {
                cost += Double(k * (n % width)) * 0.5
            }
            if copiesA { cost += Double(m * k) * 0.3 }
            // Stores: whole vectors when C's rows are contiguous, else one element at a time
            // (cheaper for full 8-row tiles, which are transposed in registers first).
            if c.columnStride == 1 {
                cost += Double(m * n) / 8
            } else {
                cost += fullStrips * Double(rows * n) * 0.4 + Double(lastRows * n) * 1.5
            }
            return cost
        }

        /// A rough cost of the inner-product kernel in processor cycles, or nil if it does not
        /// apply (op(A)'s rows are not contiguous, or C is too wide).
        var innerCost: Double? {
            guard a.columnStride == 1, n <= innerMaximumColumns else { return nil }
            let steps = Double((k + vectorWidth - 1) / vectorWidth)
            var cost = 0.0
            for j in stride(from: 0, to: n, by: 4) {
                let columns = min(4, n - j), rows = innerTileRows(columns: columns)
                let tiles = Double((m + rows - 1) / rows)
                // FMAs and loads as for the outer kernel, plus adding up the lanes at the end.
                cost += tiles * (steps * Double(max(rows * columns, rows + columns)) / 2
                                 + Double(rows * columns) * 3 + 20)
            }
            if b.rowStride != 1 { cost += Double(k * n) * 0.5 }
            return cost
        }
    }

    /// A product, and the kernel and orientation chosen to compute it.
    struct Plan {
        enum Kernel { case outer, inner }
        var product: Product
        var kernel: Kernel
        var cost: Double

        /// Computes the product with the chosen kernel.
        func run(accumulate: Bool) {
            switch kernel {
            case .outer: product.computeOuter(accumulate: accumulate)
            case .inner: product.computeInner(accumulate: accumulate)
            }
        }

        /// Computes the product with the chosen kernel on the pool's threads, a block of C at a
        /// time: for the outer-product kernel whole 16-column panels, so each block packs only
        /// its own panels of op(B); for the inner-product kernel (or a C a panel or two wide)
        /// whole 8-row strips. There are a few blocks per thread, taken in turn, so a thread the
        /// machine runs late takes fewer. Every element of C is still summed by one thread over
        /// the whole depth, in the same order and with the same kernel as `run`: the result is
        /// the same to the bit whatever the number of threads (the depth is never split).
        func runShared(accumulate: Bool, pool: WorkerPool) {
            let byRows = kernel == .inner || product.n < 2 * MatrixMultiply.panelWidth
            let unit = byRows ? MatrixMultiply.tileRows : MatrixMultiply.panelWidth
            let units = ((byRows ? product.m : product.n) + unit - 1) / unit
            let blocks = min(pool.threads * MatrixMultiply.blocksPerThread, units)
            guard blocks > 1 else { return run(accumulate: accumulate) }
            let whole = product
            pool.run(blocks: blocks) { block in
                let first = block * units / blocks * unit
                let end = min((block + 1) * units / blocks * unit, byRows ? whole.m : whole.n)
                var part = whole
                if byRows {
                    part.m = end - first
                    part.a = whole.a.offset(row: first, column: 0)
                    part.c = whole.c.offset(row: first, column: 0)
                } else {
                    part.n = end - first
                    part.b = whole.b.offset(row: 0, column: first)
                    part.c = whole.c.offset(row: 0, column: first)
                }
                Plan(product: part, kernel: kernel, cost: cost).run(accumulate: accumulate)
            }
        }
    }

    /// Rows per inner-product tile for this many columns (at most 16 accumulators).
    static func innerTileRows(columns: Int) -> Int { columns <= 2 ? 8 : 4 }
}

// MARK: - Outer-product driver

extension MatrixMultiply.Product {
    /// Whether the outer-product kernel copies every panel of op(B), not only a ragged last one.
    ///
    /// Panels must be copied when op(B)'s rows are not contiguous. Otherwise they are read in
    /// place, unless C is tall: each panel is then reused by many strips of A, and the copy's
    /// contiguous rows cache better (in place, a power-of-two row stride maps all the rows of a
    /// panel to a few L1 sets).
    var packsAllPanels: Bool { b.columnStride != 1 || (m >= 128 && k >= 64) || m >= 256 }

    /// Whether the outer-product kernel copies op(A) first: when the kernel's eight streams
    /// through it are a multiple of 4 KiB apart, they fall in one L1 set and evict each other.
    var copiesA: Bool {
        m >= 64 && (a.columnStride == 1 ? a.rowStride : a.columnStride) % 512 == 0
    }

    /// Runs the blocked loops of the outer-product kernel (see `MatrixMultiply`).
    func computeOuter(accumulate: Bool) {
        let rows = MatrixMultiply.tileRows, width = MatrixMultiply.panelWidth
        for p0 in stride(from: 0, to: k, by: MatrixMultiply.depthBlock) {
            let depth = min(MatrixMultiply.depthBlock, k - p0)
            // Later depth slices add to what the earlier ones stored.
            let add = accumulate || p0 > 0
            // Columns go in blocks whose packed panels fit in `blockElements` doubles; the
            // scratch buffer holds one block's panels, then the copy of A's slice if any.
            let blockWidth = n * depth <= MatrixMultiply.blockElements
                ? n : max(width, MatrixMultiply.blockElements / depth / width * width)
            let panelsCapacity = depth * ((min(blockWidth, n) + width - 1) / width * width)
            let copyStride = depth + MatrixMultiply.vectorWidth
            let copyCapacity = copiesA ? (m + rows - 1) / rows * rows * copyStride : 0
            let scratch = MatrixMultiply.Scratch.buffer(capacity: panelsCapacity + copyCapacity)
            let strips = Strips(of: self, column: p0, depth: depth, copyStride: copyStride,
                                copy: copiesA ? scratch + panelsCapacity : nil)
            for j0 in stride(from: 0, to: n, by: blockWidth) {
                let panels = Panels(of: self, row: p0, column: j0, depth: depth,
                                    columns: min(blockWidth, n - j0), scratch: scratch)
                // Row strip by row strip: the strip of A stays in L1 while the panels stream
                // past it, and C is written in long runs along its rows.
                for i0 in stride(from: 0, to: m, by: rows) {
                    for q in 0..<panels.count {
                        let panel = panels[q]
                        MatrixMultiply.outerTile(
                            rows: min(rows, m - i0), vectors: panel.vectors, depth: depth,
                            a: strips[i0], panel: panel.base, panelStride: panel.stride,
                            c: c.offset(row: i0, column: j0 + q * width), columns: panel.columns,
                            accumulate: add)
                    }
                }
            }
        }
    }

    /// The panels of op(B) for one block of columns and one depth slice, packed where needed.
    struct Panels {
        /// One panel: `columns` columns, row p at `base + p·stride`, `vectors` SIMD vectors wide.
        struct Panel { var base: UnsafePointer<Double>, stride: Int, columns: Int, vectors: Int }

        let count: Int
        private let source: MatrixMultiply.StridedMatrix
        private let scratch: UnsafeMutablePointer<Double>
        private let depth: Int, lastColumns: Int, packsAll: Bool, packsLast: Bool

        /// Packs the panels of `columns` columns of op(B) from (`row`, `column`) into `scratch`:
        /// all of them if the product `packsAllPanels`, else only a ragged last one.
        init(of product: MatrixMultiply.Product, row: Int, column: Int, depth: Int, columns: Int,
             scratch: UnsafeMutablePointer<Double>) {
            let width = MatrixMultiply.panelWidth
            source = product.b.offset(row: row, column: column)
            self.scratch = scratch
            self.depth = depth
            count = (columns + width - 1) / width
            lastColumns = columns - (count - 1) * width
            packsAll = product.packsAllPanels
            packsLast = packsAll || lastColumns % MatrixMultiply.vectorWidth != 0
            for q in 0..<count where q == count - 1 ? packsLast : packsAll {
                let panel = self[q]
                Self.pack(source.offset(row: 0, column: q * width), depth: depth,
                          columns: panel.columns, width: panel.stride,
                          into: UnsafeMutablePointer(mutating: panel.base))
            }
        }

        /// Panel `q`; packed panels are stored one after another (a lone packed last panel
        /// at the start of the scratch buffer).
        subscript(q: Int) -> Panel {
            let width = MatrixMultiply.panelWidth, vectorWidth = MatrixMultiply.vectorWidth
            let last = q == count - 1
            let columns = last ? lastColumns : width
            let vectors = (columns + vectorWidth - 1) / vectorWidth
            if last ? packsLast : packsAll {
                let offset = packsAll ? q * width * depth : 0
                return Panel(base: UnsafePointer(scratch + offset), stride: vectors * vectorWidth,
                             columns: columns, vectors: vectors)
            }
            return Panel(base: source.offset(row: 0, column: q * width).base,
                         stride: source.rowStride, columns: columns, vectors: vectors)
        }

        /// Copies `depth × columns` of `source` into a depth-major panel `width` (8 or 16)
        /// columns wide, zero-filling the columns past `columns`.
        static func pack(_ source: MatrixMultiply.StridedMatrix, depth: Int, columns: Int,
                         width: Int, into panel: UnsafeMutablePointer<Double>) {
            if source.columnStride == 1 {
                // Rows are contiguous: copy them a vector at a time (memcpy and memset calls per
                // row would cost more than the copy).
                for p in 0..<depth {
                    let row = source.base + p * source.rowStride
                    // Whole vectors are loaded as such (a lane at a time costs a compare and a
                    // blend per element: it was 4 % of a batch-256 step).
                    var low = SIMD8<Double>(), high = SIMD8<Double>()
                    if columns >= 8 {
                        low = UnsafeRawPointer(row).loadUnaligned(as: SIMD8<Double>.self)
                    } else {
                        for j in 0..<columns { low[j] = row[j] }
                    }
                    if columns == 16 {
                        high = UnsafeRawPointer(row + 8).loadUnaligned(as: SIMD8<Double>.self)
                    } else {
                        for j in min(columns, 8)..<columns { high[j - 8] = row[j] }
                    }
                    let target = UnsafeMutableRawPointer(panel + p * width)
                    target.storeBytes(of: low, as: SIMD8<Double>.self)
                    if width > 8 {
                        target.storeBytes(of: high, toByteOffset: 64, as: SIMD8<Double>.self)
                    }
                }
                return
            }
            // Columns are contiguous (B transposed): transpose 4×4 blocks in registers.
            let stride = source.columnStride
            let fullDepth = source.rowStride == 1 ? depth & ~3 : 0
            let fullColumns = source.rowStride == 1 ? columns & ~3 : 0
            for j in Swift.stride(from: 0, to: fullColumns, by: 4) {
                for p in Swift.stride(from: 0, to: fullDepth, by: 4) {
                    MatrixMultiply.transpose4x4(source.base + j * stride + p, stride,
                                                panel + p * width + j, width)
                }
            }
            // The ragged right and bottom edges, one element at a time.
            for p in 0..<depth {
                let row = panel + p * width
                let first = p < fullDepth ? fullColumns : 0
                for j in first..<columns { row[j] = source.base[p * source.rowStride + j * stride] }
                for j in columns..<width { row[j] = 0 }
            }
        }
    }

    /// The strips of op(A) for one depth slice: in place, or copied with padded rows.
    struct Strips {
        private let a: MatrixMultiply.StridedMatrix
        private let column: Int, copyStride: Int
        private let copy: UnsafeMutablePointer<Double>?

        /// Views columns `column..<column + depth` of `product`'s op(A), first copying them to
        /// `copy` if given (rows `copyStride` apart, or, when op(A)'s columns are the contiguous
        /// ones, 8-row strips stored depth-major from `copy + i0·copyStride`).
        init(of product: MatrixMultiply.Product, column: Int, depth: Int, copyStride: Int,
             copy: UnsafeMutablePointer<Double>?) {
            a = product.a
            self.column = column
            self.copyStride = copyStride
            self.copy = copy
            guard let copy else { return }
            let rows = MatrixMultiply.tileRows
            if a.columnStride == 1 {
                for i in 0..<product.m {
                    (copy + i * copyStride).update(from: a.base + i * a.rowStride + column,
                                                   count: depth)
                }
                return
            }
            for i0 in stride(from: 0, to: product.m, by: rows) {
                let strip = copy + i0 * copyStride, count = min(rows, product.m - i0)
                for p in 0..<depth {
                    let source = a.base + (column + p) * a.columnStride + i0 * a.rowStride
                    for i in 0..<count { strip[p * rows + i] = source[i * a.rowStride] }
                }
            }
        }

        /// The strip of rows starting at `i0` (a multiple of 8).
        subscript(i0: Int) -> MatrixMultiply.StridedMatrix {
            guard let copy else { return a.offset(row: i0, column: column) }
            let base = UnsafePointer(copy + i0 * copyStride)
            return a.columnStride == 1
                ? MatrixMultiply.StridedMatrix(base: base, rowStride: copyStride, columnStride: 1)
                : MatrixMultiply.StridedMatrix(base: base, rowStride: 1,
                                               columnStride: MatrixMultiply.tileRows)
        }
    }
}

// MARK: - Inner-product driver

extension MatrixMultiply.Product {
    /// Runs the inner-product kernel (see `MatrixMultiply`); needs `a.columnStride == 1`.
    func computeInner(accumulate: Bool) {
        for p0 in stride(from: 0, to: k, by: MatrixMultiply.innerDepthBlock) {
            let depth = min(MatrixMultiply.innerDepthBlock, k - p0)
            let add = accumulate || p0 > 0
            // Column j of op(B) is `depth` contiguous doubles at `columns + j·columnStride`.
            let columns: UnsafePointer<Double>, columnStride: Int
            if b.rowStride == 1 {
                columns = b.base + p0
                columnStride = b.columnStride
            } else {
                let scratch = MatrixMultiply.Scratch.buffer(capacity: n * depth)
                for j in 0..<n {
                    let source = b.base + p0 * b.rowStride + j * b.columnStride
                    let target = scratch + j * depth
                    for p in 0..<depth { target[p] = source[p * b.rowStride] }
                }
                columns = UnsafePointer(scratch)
                columnStride = depth
            }
            for j0 in stride(from: 0, to: n, by: 4) {
                let width = min(4, n - j0)
                let rows = MatrixMultiply.innerTileRows(columns: width)
                for i0 in stride(from: 0, to: m, by: rows) {
                    MatrixMultiply.innerTile(
                        rows: min(rows, m - i0), columns: width, depth: depth,
                        a: a.offset(row: i0, column: p0),
                        b: columns + j0 * columnStride, bStride: columnStride,
                        c: c.offset(row: i0, column: j0), accumulate: add)
                }
            }
        }
    }
}

// MARK: - Outer-product kernel

extension MatrixMultiply {
    /// Computes one `rows × columns` tile of C from a strip of A and one panel of B.
    ///
    /// Dispatches to the specialisation of `outerKernel` for this many rows and vectors, so that
    /// inside the kernel both are constants and the accumulators live in registers.
    static func outerTile(rows: Int, vectors: Int, depth: Int, a: StridedMatrix,
                          panel: UnsafePointer<Double>, panelStride: Int,
                          c: OutputMatrix, columns: Int, accumulate: Bool) {
        func run<Rows: StaticCount>(_: Rows.Type) {
            if vectors == 1 {
                outerKernel(Rows.self, One.self, depth: depth, a: a, panel: panel,
                            panelStride: panelStride, c: c, columns: columns,
                            accumulate: accumulate)
            } else {
                outerKernel(Rows.self, Two.self, depth: depth, a: a, panel: panel,
                            panelStride: panelStride, c: c, columns: columns,
                            accumulate: accumulate)
            }
        }
        switch rows {
        case 1: run(One.self)
        case 2: run(Two.self)
        case 3: run(Three.self)
        case 4: run(Four.self)
        case 5: run(Five.self)
        case 6: run(Six.self)
        case 7: run(Seven.self)
        default: run(Eight.self)
        }
    }

    /// The register-blocked inner loop: `Rows` (≤ 8) rows by `Vectors` (≤ 2) SIMD vectors.
    ///
    /// Generic over its shape so that each specialisation sees constant counts: the unused
    /// accumulators and the `if` tests on them vanish. Panel row p is at `panel + p·panelStride`.
    static func outerKernel<Rows: StaticCount, Vectors: StaticCount>(
        _: Rows.Type, _: Vectors.Type, depth: Int, a: StridedMatrix,
        panel: UnsafePointer<Double>, panelStride: Int,
        c: OutputMatrix, columns: Int, accumulate: Bool
    ) {
        let rows = Rows.value, vectors = Vectors.value
        let step = a.rowStride
        let a0 = a.base, a1 = a0 + step, a2 = a1 + step, a3 = a2 + step
        let a4 = a3 + step, a5 = a4 + step, a6 = a5 + step, a7 = a6 + step
        var c0 = OuterRow(), c1 = OuterRow(), c2 = OuterRow(), c3 = OuterRow()
        var c4 = OuterRow(), c5 = OuterRow(), c6 = OuterRow(), c7 = OuterRow()
        var b = panel
        var offset = 0
        for _ in 0..<depth {
            let b0 = load(b)
            let b1 = vectors > 1 ? load(b + vectorWidth) : b0
            if rows > 0 { c0.add(a0[offset], b0, b1, vectors: vectors) }
            if rows > 1 { c1.add(a1[offset], b0, b1, vectors: vectors) }
            if rows > 2 { c2.add(a2[offset], b0, b1, vectors: vectors) }
            if rows > 3 { c3.add(a3[offset], b0, b1, vectors: vectors) }
            if rows > 4 { c4.add(a4[offset], b0, b1, vectors: vectors) }
            if rows > 5 { c5.add(a5[offset], b0, b1, vectors: vectors) }
            if rows > 6 { c6.add(a6[offset], b0, b1, vectors: vectors) }
            if rows > 7 { c7.add(a7[offset], b0, b1, vectors: vectors) }
            b += panelStride
            offset += a.columnStride
        }
        if rows == 8 && c.rowStride == 1 {
            // C is stored transposed: turn the tile into columns and store those.
            storeTransposed(c0.low, c1.low, c2.low, c3.low, c4.low, c5.low, c6.low, c7.low,
                            to: c, columns: min(columns, 8), accumulate: accumulate)
            if vectors > 1 && columns > 8 {
                storeTransposed(c0.high, c1.high, c2.high, c3.high,
                                c4.high, c5.high, c6.high, c7.high,
                                to: c.offset(row: 0, column: 8), columns: columns - 8,
                                accumulate: accumulate)
            }
            return
        }
        // (Direct calls: a local helper function here would not be specialised.)
        let shape = (vectors: vectors, columns: columns, accumulate: accumulate)
        if rows > 0 { c0.store(to: c, row: 0, shape) }
        if rows > 1 { c1.store(to: c, row: 1, shape) }
        if rows > 2 { c2.store(to: c, row: 2, shape) }
        if rows > 3 { c3.store(to: c, row: 3, shape) }
        if rows > 4 { c4.store(to: c, row: 4, shape) }
        if rows > 5 { c5.store(to: c, row: 5, shape) }
        if rows > 6 { c6.store(to: c, row: 6, shape) }
        if rows > 7 { c7.store(to: c, row: 7, shape) }
    }

    /// Stores an 8×8 block given by rows into a C whose columns are contiguous
    /// (`c.rowStride == 1`): column j of the block, i.e. lane j of every row, goes to
    /// `c.base + j·c.columnStride`. Only the first `columns` columns are written.
    @inline(__always)
    static func storeTransposed(_ r0: SIMD8<Double>, _ r1: SIMD8<Double>,
                                _ r2: SIMD8<Double>, _ r3: SIMD8<Double>,
                                _ r4: SIMD8<Double>, _ r5: SIMD8<Double>,
                                _ r6: SIMD8<Double>, _ r7: SIMD8<Double>,
                                to c: OutputMatrix, columns: Int, accumulate: Bool) {
        typealias V = SIMD8<Double>
        // Three rounds of interleaving: single lanes, then pairs of lanes, then halves.
        func low(_ x: V, _ y: V) -> V { V(x[0], y[0], x[2], y[2], x[4], y[4], x[6], y[6]) }
        func high(_ x: V, _ y: V) -> V { V(x[1], y[1], x[3], y[3], x[5], y[5], x[7], y[7]) }
        func evenPairs(_ x: V, _ y: V) -> V { V(x[0], x[1], y[0], y[1], x[4], x[5], y[4], y[5]) }
        func oddPairs(_ x: V, _ y: V) -> V { V(x[2], x[3], y[2], y[3], x[6], x[7], y[6], y[7]) }
        let t0 = low(r0, r1), t1 = high(r0, r1), t2 = low(r2, r3), t3 = high(r2, r3)
        let t4 = low(r4, r5), t5 = high(r4, r5), t6 = low(r6, r7), t7 = high(r6, r7)
        let u0 = evenPairs(t0, t2), u1 = evenPairs(t1, t3), u2 = oddPairs(t0, t2)
        let u3 = oddPairs(t1, t3), u4 = evenPairs(t4, t6), u5 = evenPairs(t5, t7)
        let u6 = oddPairs(t4, t6), u7 = oddPairs(t5, t7)
        func put(_ v: V, _ j: Int) {
            let target = UnsafeMutableRawPointer(c.base + j * c.columnStride)
            let sum = accumulate ? v + target.loadUnaligned(as: V.self) : v
            target.storeBytes(of: sum, as: V.self)
        }
        put(V(lowHalf: u0.lowHalf, highHalf: u4.lowHalf), 0)
        if columns > 1 { put(V(lowHalf: u1.lowHalf, highHalf: u5.lowHalf), 1) }
        if columns > 2 { put(V(lowHalf: u2.lowHalf, highHalf: u6.lowHalf), 2) }
        if columns > 3 { put(V(lowHalf: u3.lowHalf, highHalf: u7.lowHalf), 3) }
        if columns > 4 { put(V(lowHalf: u0.highHalf, highHalf: u4.highHalf), 4) }
        if columns > 5 { put(V(lowHalf: u1.highHalf, highHalf: u5.highHalf), 5) }
        if columns > 6 { put(V(lowHalf: u2.highHalf, highHalf: u6.highHalf), 6) }
        if columns > 7 { put(V(lowHalf: u3.highHalf, highHalf: u7.highHalf), 7) }
    }

    /// One row of the outer-product tile of C: up to two SIMD vectors of running sums.
    struct OuterRow {
        var low = SIMD8<Double>()
        var high = SIMD8<Double>()

        /// Adds `a` times the panel row (`b0`, `b1`) with fused multiply-adds.
        @inline(__always)
        mutating func add(_ a: Double, _ b0: SIMD8<Double>, _ b1: SIMD8<Double>, vectors: Int) {
            let broadcast = SIMD8<Double>(repeating: a)
            low = low.addingProduct(broadcast, b0)
            if vectors > 1 { high = high.addingProduct(broadcast, b1) }
        }

        /// Writes (or adds) the first `columns` sums to row `i` of `c`.
        ///
        /// The common case — a contiguous row of whole vectors — is small enough to be inlined
        /// into the kernel; ragged or strided rows go through `storeElements`.
        @inline(__always)
        func store(to c: OutputMatrix, row i: Int,
                   _ shape: (vectors: Int, columns: Int, accumulate: Bool)) {
            let target = c.base + i * c.rowStride
            guard c.columnStride == 1 && shape.columns == shape.vectors * 8 else {
                storeElements(to: target, stride: c.columnStride, columns: shape.columns,
                              accumulate: shape.accumulate)
                return
            }
            let raw = UnsafeMutableRawPointer(target)
            if shape.accumulate {
                raw.storeBytes(of: low + raw.loadUnaligned(as: SIMD8<Double>.self),
                               as: SIMD8<Double>.self)
                if shape.vectors > 1 {
                    raw.storeBytes(of: high + raw.loadUnaligned(fromByteOffset: 64,
                                                                as: SIMD8<Double>.self),
                                   toByteOffset: 64, as: SIMD8<Double>.self)
                }
            } else {
                raw.storeBytes(of: low, as: SIMD8<Double>.self)
                if shape.vectors > 1 {
                    raw.storeBytes(of: high, toByteOffset: 64, as: SIMD8<Double>.self)
                }
            }
        }

        /// Writes (or adds) the first `columns` sums one at a time, `stride` apart.
        @inline(never)
        func storeElements(to target: UnsafeMutablePointer<Double>, stride: Int, columns: Int,
                           accumulate: Bool) {
            for j in 0..<columns {
                let sum = j < 8 ? low[j] : high[j - 8]
                let element = target + j * stride
                element.pointee = accumulate ? element.pointee + sum : sum
            }
        }
    }
}

// MARK: - Inner-product kernel

extension MatrixMultiply {
    /// Computes one `rows × columns` tile of C by dot products of rows of A and columns of B.
    ///
    /// Dispatches to the specialisation of `innerKernel` for this shape.
    static func innerTile(rows: Int, columns: Int, depth: Int, a: StridedMatrix,
                          b: UnsafePointer<Double>, bStride: Int,
                          c: OutputMatrix, accumulate: Bool) {
        func run<Columns: StaticCount>(_: Columns.Type) {
            func go<Rows: StaticCount>(_: Rows.Type) {
                innerKernel(Rows.self, Columns.self, depth: depth, a: a, b: b, bStride: bStride,
                            c: c, accumulate: accumulate)
            }
            // Tiles of 3 or 4 columns have at most 4 rows; the `where` clauses keep the
            // compiler from generating larger ones, which would not fit in the registers.
            switch rows {
            case 1: go(One.self)
            case 2: go(Two.self)
            case 3: go(Three.self)
            case 4: go(Four.self)
            case 5 where Columns.value <= 2: go(Five.self)
            case 6 where Columns.value <= 2: go(Six.self)
            case 7 where Columns.value <= 2: go(Seven.self)
            default:
                if Columns.value <= 2 { go(Eight.self) } else { go(Four.self) }
            }
        }
        switch columns {
        case 1: run(One.self)
        case 2: run(Two.self)
        case 3: run(Three.self)
        default: run(Four.self)
        }
    }

    /// The dot-product loop for a `Rows × Columns` tile (at most 8 × 2 or 4 × 4).
    ///
    /// Row i of A is contiguous at `a.base + i·a.rowStride`; column j of B is contiguous at
    /// `b + j·bStride`. Each accumulator holds eight partial sums of one dot product, over the
    /// depth positions congruent modulo 8; the ragged end of the depth is zero-padded.
    static func innerKernel<Rows: StaticCount, Columns: StaticCount>(
        _: Rows.Type, _: Columns.Type, depth: Int, a: StridedMatrix,
        b: UnsafePointer<Double>, bStride: Int, c: OutputMatrix, accumulate: Bool
    ) {
        let rows = Rows.value, columns = Columns.value
        let step = a.rowStride
        let a0 = a.base, a1 = a0 + step, a2 = a1 + step, a3 = a2 + step
        let a4 = a3 + step, a5 = a4 + step, a6 = a5 + step, a7 = a6 + step
        let b0 = b, b1 = b0 + bStride, b2 = b1 + bStride, b3 = b2 + bStride
        var s0 = InnerRow(), s1 = InnerRow(), s2 = InnerRow(), s3 = InnerRow()
        var s4 = InnerRow(), s5 = InnerRow(), s6 = InnerRow(), s7 = InnerRow()
        @inline(__always)
        func multiplyAdd(at p: Int, _ load: (UnsafePointer<Double>) -> SIMD8<Double>) {
            let x0 = load(b0 + p)
            let x1 = columns > 1 ? load(b1 + p) : x0
            let x2 = columns > 2 ? load(b2 + p) : x0
            let x3 = columns > 3 ? load(b3 + p) : x0
            if rows > 0 { s0.add(load(a0 + p), x0, x1, x2, x3, columns: columns) }
            if rows > 1 { s1.add(load(a1 + p), x0, x1, x2, x3, columns: columns) }
            if rows > 2 { s2.add(load(a2 + p), x0, x1, x2, x3, columns: columns) }
            if rows > 3 { s3.add(load(a3 + p), x0, x1, x2, x3, columns: columns) }
            if rows > 4 { s4.add(load(a4 + p), x0, x1, x2, x3, columns: columns) }
            if rows > 5 { s5.add(load(a5 + p), x0, x1, x2, x3, columns: columns) }
            if rows > 6 { s6.add(load(a6 + p), x0, x1, x2, x3, columns: columns) }
            if rows > 7 { s7.add(load(a7 + p), x0, x1, x2, x3, columns: columns) }
        }
        let whole = depth & ~(vectorWidth - 1)
        for p in stride(from: 0, to: whole, by: vectorWidth) {
            multiplyAdd(at: p) { MatrixMultiply.load($0) }
        }
        if whole < depth {
            let count = depth - whole
            multiplyAdd(at: whole) { loadPartial($0, count: count) }
        }
        @inline(__always)
        func store(_ row: InnerRow, _ i: Int) {
            let sums = row.sums()
            let target = c.base + i * c.rowStride
            if c.columnStride == 1 && columns == 4 {
                let raw = UnsafeMutableRawPointer(target)
                let total = accumulate ? sums + raw.loadUnaligned(as: SIMD4<Double>.self) : sums
                raw.storeBytes(of: total, as: SIMD4<Double>.self)
            } else {
                for j in 0..<4 where j < columns {
                    let element = target + j * c.columnStride
                    element.pointee = accumulate ? element.pointee + sums[j] : sums[j]
                }
            }
        }
        if rows > 0 { store(s0, 0) }
        if rows > 1 { store(s1, 1) }
        if rows > 2 { store(s2, 2) }
        if rows > 3 { store(s3, 3) }
        if rows > 4 { store(s4, 4) }
        if rows > 5 { store(s5, 5) }
        if rows > 6 { store(s6, 6) }
        if rows > 7 { store(s7, 7) }
    }

    /// One row of the inner-product tile: up to four dot products, eight partial sums each.
    struct InnerRow {
        var s0 = SIMD8<Double>(), s1 = SIMD8<Double>()
        var s2 = SIMD8<Double>(), s3 = SIMD8<Double>()

        /// Adds the products of a row segment `a` with the column segments `x0`…`x3`.
        @inline(__always)
        mutating func add(_ a: SIMD8<Double>, _ x0: SIMD8<Double>, _ x1: SIMD8<Double>,
                          _ x2: SIMD8<Double>, _ x3: SIMD8<Double>, columns: Int) {
            s0 = s0.addingProduct(a, x0)
            if columns > 1 { s1 = s1.addingProduct(a, x1) }
            if columns > 2 { s2 = s2.addingProduct(a, x2) }
            if columns > 3 { s3 = s3.addingProduct(a, x3) }
        }

        /// The four dot products: the lanes of each accumulator added up, folding all four
        /// accumulators together (8 lanes to 4, to 2, to 1) to share the shuffles.
        @inline(__always)
        func sums() -> SIMD4<Double> {
            typealias V = SIMD8<Double>
            let a01 = V(lowHalf: s0.lowHalf, highHalf: s1.lowHalf)
                + V(lowHalf: s0.highHalf, highHalf: s1.highHalf)
            let a23 = V(lowHalf: s2.lowHalf, highHalf: s3.lowHalf)
                + V(lowHalf: s2.highHalf, highHalf: s3.highHalf)
            let pairs = V(lowHalf: a01.evenHalf, highHalf: a23.evenHalf)
                + V(lowHalf: a01.oddHalf, highHalf: a23.oddHalf)
            return pairs.evenHalf + pairs.oddHalf
        }
    }

    /// Loads `count` (< 8) doubles into the first lanes of a vector, zeroing the rest.
    @inline(never)
    static func loadPartial(_ pointer: UnsafePointer<Double>, count: Int) -> SIMD8<Double> {
        var v = SIMD8<Double>()
        for j in 0..<count { v[j] = pointer[j] }
        return v
    }
}

// MARK: - Helpers

extension MatrixMultiply {
    /// Loads 8 doubles from `pointer`, whatever its alignment.
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Double>.self)
    }

    /// Transposes the 4×4 block at `source` (rows `sourceStride` apart) into `target`.
    @inline(__always)
    static func transpose4x4(_ source: UnsafePointer<Double>, _ sourceStride: Int,
                             _ target: UnsafeMutablePointer<Double>, _ targetStride: Int) {
        typealias V = SIMD4<Double>
        func load(_ i: Int) -> V {
            UnsafeRawPointer(source + i * sourceStride).loadUnaligned(as: V.self)
        }
        func store(_ v: V, _ i: Int) {
            UnsafeMutableRawPointer(target + i * targetStride).storeBytes(of: v, as: V.self)
        }
        let r0 = load(0), r1 = load(1), r2 = load(2), r3 = load(3)
        let t0 = V(r0[0], r1[0], r0[2], r1[2]), t1 = V(r0[1], r1[1], r0[3], r1[3])
        let t2 = V(r2[0], r3[0], r2[2], r3[2]), t3 = V(r2[1], r3[1], r2[3], r3[3])
        store(V(lowHalf: t0.lowHalf, highHalf: t2.lowHalf), 0)
        store(V(lowHalf: t1.lowHalf, highHalf: t3.lowHalf), 1)
        store(V(lowHalf: t0.highHalf, highHalf: t2.highHalf), 2)
        store(V(lowHalf: t1.highHalf, highHalf: t3.highHalf), 3)
    }

    /// The per-thread buffer that panels (and copies of A, or of a thin B's columns) are packed
    /// into: allocated on a thread's first multiply, grown when a product needs more, freed when
    /// the thread exits. (A fresh allocation per call would cost as much as a small multiply; a
    /// shared buffer would need a lock.)
    enum Scratch {
        /// Doubles in a fresh buffer (32 KiB): enough for most products of the shapes nnlab uses.
        static let initialCapacity = 4096

        /// This thread's buffer, grown if needed to hold `capacity` doubles.
        static func buffer(capacity: Int) -> UnsafeMutablePointer<Double> {
            // The buffer starts with a 64-byte header holding its capacity.
            if let existing = pthread_getspecific(key) {
                if existing.load(as: Int.self) >= capacity {
                    return (existing + 64).assumingMemoryBound(to: Double.self)
                }
                existing.deallocate()
            }
            let size = max(capacity, initialCapacity)
            let fresh = UnsafeMutableRawPointer.allocate(
                byteCount: 64 + size * MemoryLayout<Double>.stride, alignment: 64)
            fresh.storeBytes(of: size, as: Int.self)
            pthread_setspecific(key, fresh)
            return (fresh + 64).bindMemory(to: Double.self, capacity: size)
        }

        /// The thread-specific-data key; its destructor frees a thread's buffer.
        private static let key: pthread_key_t = {
            var key = pthread_key_t()
            // Memory from `allocate(byteCount:alignment:)` goes back through `deallocate()`. (The
            // platforms pass the buffer as optional or not; the binding takes either.)
            let status = pthread_key_create(&key) { buffer in
                let allocated: UnsafeMutableRawPointer? = buffer
                allocated?.deallocate()
            }
            precondition(status == 0, "pthread_key_create failed (\(status))")
            return key
        }()
    }

    /// A count known from a type, so that generic code specialised on it sees a constant.
    protocol StaticCount { static var value: Int { get } }
    enum One: StaticCount { static var value: Int { 1 } }
    enum Two: StaticCount { static var value: Int { 2 } }
    enum Three: StaticCount { static var value: Int { 3 } }
    enum Four: StaticCount { static var value: Int { 4 } }
    enum Five: StaticCount { static var value: Int { 5 } }
    enum Six: StaticCount { static var value: Int { 6 } }
    enum Seven: StaticCount { static var value: Int { 7 } }
    enum Eight: StaticCount { static var value: Int { 8 } }

    /// A read-only matrix view: element (i, j) is `base[i·rowStride + j·columnStride]`.
    struct StridedMatrix {
        var base: UnsafePointer<Double>
        var rowStride: Int
        var columnStride: Int

        /// The same storage read as the transpose.
        var transposed: StridedMatrix {
            StridedMatrix(base: base, rowStride: columnStride, columnStride: rowStride)
        }

        /// The view whose (0, 0) is this view's (row, column).
        @inline(__always)
        func offset(row: Int, column: Int) -> StridedMatrix {
            StridedMatrix(base: base + row * rowStride + column * columnStride,
                          rowStride: rowStride, columnStride: columnStride)
        }
    }

    /// A writable matrix view: element (i, j) is `base[i·rowStride + j·columnStride]`.
    struct OutputMatrix {
        var base: UnsafeMutablePointer<Double>
        var rowStride: Int
        var columnStride: Int

        /// The same storage written as the transpose.
        var transposed: OutputMatrix {
            OutputMatrix(base: base, rowStride: columnStride, columnStride: rowStride)
        }

        /// The view whose (0, 0) is this view's (row, column).
        @inline(__always)
        func offset(row: Int, column: Int) -> OutputMatrix {
            OutputMatrix(base: base + row * rowStride + column * columnStride,
                         rowStride: rowStride, columnStride: columnStride)
        }
    }
}
