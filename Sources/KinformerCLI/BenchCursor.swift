import Synchronization

/// Hands out the indices `0..<limit` once each to concurrent writers.
final class BenchCursor: Sendable {
    private let next = Atomic<Int>(0)
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The next unclaimed index, or `nil` when all are taken.
    func claim() -> Int? {
        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return i < limit ? i : nil
    }
}
