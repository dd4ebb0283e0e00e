/// Runs `body` but gives up at `deadline`: returns `nil` then, and also when the calling task is
/// cancelled first. The body is cancelled without waiting for it to wind down — a request that
/// hangs must not hold the caller past its deadline (the renew deadline of a lease, say).
package func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant, _ body: @escaping @Sendable () async throws -> T
) async -> Result<T, any Error>? {
    // The first to finish wins: the body's result, or nil from the timer.
    let race = Latch<Result<T, any Error>?>()
    let attempt = Task {
        do { race.open(.success(try await body())) } catch { race.open(.failure(error)) }
    }
    let timer = Task {
        try? await Task.sleep(until: deadline)
        race.open(nil)
    }
    let result = await race.wait() ?? nil
    attempt.cancel()
    timer.cancel()
    return result
}
