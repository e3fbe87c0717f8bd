/// The expression as parsed, before names are resolved into facts or values.
indirect enum RawCheck {
    case number(Double, column: Int)
    case text(String, column: Int)
    case bool(Bool, column: Int)
    case name(String, column: Int)
    case not(RawCheck, column: Int)
    case and(RawCheck, RawCheck, start: Int)
    case or(RawCheck, RawCheck, start: Int)
    case compare(RawCheck, CheckExpression.Comparison, RawCheck, column: Int, start: Int)
    case arithmetic(RawCheck, CheckExpression.Arithmetic, RawCheck, column: Int, start: Int)
    case negate(RawCheck, column: Int)

    /// The column the expression starts at (kept in each node, so asking is constant time).
    var column: Int {
        switch self {
        case .number(_, let c), .text(_, let c), .bool(_, let c), .name(_, let c), .not(_, let c), .negate(_, let c): return c
        case .and(_, _, let start), .or(_, _, let start), .compare(_, _, _, _, let start), .arithmetic(_, _, _, _, let start): return start
        }
    }
}
