import Foundation

/// A fast, seeded pseudo-random generator (xoshiro256**), so every run with the same seed
/// draws the same numbers on every machine.
///
/// Swift's `SystemRandomNumberGenerator` cannot be seeded, and Foundation offers no portable
/// seeded generator, so nnlab keeps this small one of its own.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Two generators are equal when they will draw the same numbers.
    public static func == (a: SeededGenerator, b: SeededGenerator) -> Bool { a.state == b.state }

    /// Makes a generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        // SplitMix64 spreads the seed over the four words of state.
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// Makes a generator from a signed seed as the command language writes it.
    public init(seed: Int) { self.init(seed: UInt64(bitPattern: Int64(seed))) }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform draw from [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform draw from [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * nextUnit() }

    /// A draw from the normal distribution with the given mean and deviation (Box–Muller).
    public mutating func normal(mean: Double = 0, deviation: Double = 1) -> Double {
        var u = nextUnit()
        while u <= .leastNormalMagnitude { u = nextUnit() }
        let v = nextUnit()
        return mean + deviation * (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    /// A uniform integer in 0..<bound.
    public mutating func index(below bound: Int) -> Int { Int(next(upperBound: UInt64(bound))) }

    /// The numbers 0..<count in a random order (Fisher–Yates).
    public mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, index(below: i + 1)) }
        }
        return order
    }
}
