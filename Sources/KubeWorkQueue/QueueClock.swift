/// A clock reduced to what the queues need: the time since the clock was captured, and a sleep
/// until such a time. It hides the clock's `Instant` type so queues and limiters need not be
/// generic over their clock.
@usableFromInline
struct QueueClock: Sendable {
    /// The time elapsed since this value was made.
    @usableFromInline let now: @Sendable () -> Duration
    /// Sleeps until `now()` reaches the given offset; throws `CancellationError` if cancelled.
    @usableFromInline let sleepUntil: @Sendable (Duration) async throws -> Void

    /// Wraps `clock`, measuring offsets from its current instant.
    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        self.now = { origin.duration(to: clock.now) }
        self.sleepUntil = { offset in
            try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil)
        }
    }
}

extension Duration {
    /// This duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (s, atto) = components
        let (ns, o1) = s.multipliedReportingOverflow(by: 1_000_000_000)
        let (sum, o2) = ns.addingReportingOverflow(atto / 1_000_000_000)
        return (o1 || o2) ? (s < 0 ? .min : .max) : sum
    }
}
