import Synchronization

@testable import KinformerCLI

/// A ``CLIOutput`` that keeps every line and lets a test await a line matching a predicate.
final class RecordingOutput: CLIOutput {
    private struct Waiter {
        var predicate: @Sendable (String) -> Bool
        var continuation: CheckedContinuation<String, Never>
    }
    private struct State {
        var lines: [String] = []
        var diagnostics: [String] = []
        var waiters: [Waiter] = []
        var finished: String?
    }
    private let state = Mutex(State())

    var lines: [String] { state.withLock { $0.lines } }
    var diagnostics: [String] { state.withLock { $0.diagnostics } }

    func line(_ text: String) {
        let ready: [CheckedContinuation<String, Never>] = state.withLock { s in
            s.lines.append(text)
            let (done, waiting) = (s.waiters.filter { $0.predicate(text) }, s.waiters.filter { !$0.predicate(text) })
            s.waiters = waiting
            return done.map(\.continuation)
        }
        for c in ready { c.resume(returning: text) }
    }

    func diagnostic(_ text: String) {
        state.withLock { $0.diagnostics.append(text) }
    }

    /// Marks the end of output (the command returned or failed): every waiter, now and later,
    /// gets `text` instead of hanging.
    func finish(_ text: String) {
        let waiters = state.withLock { s in
            s.finished = text
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        for w in waiters { w.continuation.resume(returning: text) }
    }

    /// The first line (already printed or still to come) satisfying `predicate`, or the text
    /// given to ``finish(_:)`` if output ends first.
    func waitForLine(where predicate: @escaping @Sendable (String) -> Bool) async -> String {
        await withCheckedContinuation { (c: CheckedContinuation<String, Never>) in
            let found: String? = state.withLock { s in
                if let line = s.lines.first(where: predicate) { return line }
                if let finished = s.finished { return finished }
                s.waiters.append(Waiter(predicate: predicate, continuation: c))
                return nil
            }
            if let found { c.resume(returning: found) }
        }
    }
}
