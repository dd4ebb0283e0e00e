#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a POSIX mutex: the one lock type of the whole package.
///
/// Chosen by a contended measurement (`scripts/lock-benchmark`, release, increments under the
/// lock, 2 cores): uncontended `pthread_mutex` and `Synchronization.Mutex` cost about the same,
/// but with more threads than cores — the normal case here, where the cooperative pool, NIO's
/// event loops and the API server share two cores — `Synchronization.Mutex` degraded to
/// 650–990 ns/op with 4 threads against 80–200 ns/op for a pthread mutex (which parks waiters in
/// the kernel instead of spinning). The same measurement on a quiet machine is in
/// `docs/architecture.md`. Swapping the lock is a change to this one file.
///
/// `@unchecked Sendable` is sound for the same reasons as `Synchronization.Mutex`, whose
/// signatures it mirrors:
/// - `value` is only read or written inside ``withLock(_:)``, which holds `mutex` for the whole
///   access, so no two threads touch it at once;
/// - the initial value and every result are `sending` and the body gets `inout sending` access,
///   so no non-Sendable state can escape the lock's region or be shared with it.
/// The lock is not recursive: `body` must not call back into the same `Locked`.
@usableFromInline
package final class Locked<Value>: @unchecked Sendable {
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    @usableFromInline var value: Value

    @inlinable
    package init(_ value: sending Value) {
        self.value = value
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed: \(status)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inlinable @inline(__always)
    package func withLock<R, E: Error>(_ body: (inout sending Value) throws(E) -> sending R) throws(E) -> sending R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
