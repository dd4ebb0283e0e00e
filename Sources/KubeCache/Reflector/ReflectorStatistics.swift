/// Counters of what a ``Reflector`` did, for tests, metrics and the demo.
public struct ReflectorStatistics: Sendable, Hashable {
    /// Lists made (full lists, not pages; a completed streaming list counts as one).
    public var lists = 0
    /// Watches started.
    public var watches = 0
    /// Watch events received (bookmarks included).
    public var events = 0
    /// Relists because the resourceVersion was too old (410) or too large.
    public var relistsAfterExpiry = 0
    /// Failures reported to the watch error handler.
    public var errors = 0
    /// Whether the server accepted a streaming list; `nil` until tried.
    public var streamingListSupported: Bool?

    public init() {}
}
