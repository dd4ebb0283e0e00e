/// Settings of a ``Reflector``, defaulting to client-go's.
public struct ReflectorConfiguration: Sendable {
    /// A name for logs and metrics, e.g. `pods`.
    public var name: String
    /// Page size of lists not served from the watch cache.
    public var pageSize: Int = 500
    /// Watches time out after a random duration in [minWatchTimeout, 2 × minWatchTimeout).
    public var minWatchTimeout: Duration = .seconds(300)
    /// Delays after failures.
    public var backoff: Backoff = Backoff()
    /// Get the initial state from a streaming watch (`sendInitialEvents`) when the server supports it.
    public var useStreamingList: Bool = false

    public init(name: String) { self.name = name }
}
