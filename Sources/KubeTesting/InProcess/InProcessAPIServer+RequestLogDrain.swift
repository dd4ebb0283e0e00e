extension InProcessAPIServer {
    /// Returns the request log and empties it, atomically (no request is counted twice or lost).
    ///
    /// The log keeps every request; a long run (a soak) drains it now and then so that the
    /// server's own memory stays flat, folding what it needs (e.g. counts per verb) as it goes.
    public func drainRequestLog() -> [RequestRecord] {
        runtime.withLock { r in
            defer { r.requests.removeAll() }
            return r.requests
        }
    }
}
