public import KubeModel

/// client-go's event correlator as a pure state machine (no I/O, time passed in): decides for each
/// new core/v1 Event whether to create it, patch an earlier one (count + 1), or drop it.
///
/// Rules and defaults are client-go's:
/// - **Aggregation**: events alike but for the message (same source, object, type and reason) are
///   counted per distinct message; from the 10th distinct message within 10 minutes on, they
///   become one aggregate event whose message starts `(combined from similar events): `.
/// - **Deduplication**: an event identical to an earlier one (or an aggregate of the same group)
///   patches that Event object: count + 1, new lastTimestamp and message.
/// - **Spam filter**: per source + involved object, a token bucket of 25 with one token back every
///   5 minutes; an event without a token is dropped (still counted, as client-go does).
public struct EventCorrelator: Sendable {
    /// Limits; the defaults are client-go's.
    public struct Configuration: Sendable, Hashable {
        /// Distinct messages within ``maxInterval`` after which events are aggregated.
        public var maxEvents = 10
        /// Seconds a group of similar events is remembered since its last event.
        public var maxInterval: Double = 600
        /// Spam filter burst.
        public var burst: Double = 25
        /// Spam filter tokens per second (one per 5 minutes).
        public var qps: Double = 1.0 / 300
        /// Entries kept per cache before the least recently seen are dropped.
        public var cacheSize = 4096

        public init() {}
    }

    /// What to do with an event.
    public enum Decision: Sendable, Hashable {
        /// Create this Event.
        case create(CoreV1.Event, key: String)
        /// Patch the Event `name` with `patch` (a strategic-merge patch of count, lastTimestamp
        /// and message); `event` is the full event to create if the patch finds none.
        case patch(CoreV1.Event, patch: JSONValue, key: String)
        /// Drop it (spam filter).
        case skip
    }

    private struct Aggregate {
        var messages: [String] = []
        var lastSeen: Double
    }

    private struct Observation {
        var count: Int32
        var firstTimestamp: Time?
        var name: String
        var resourceVersion: String?
        var lastSeen: Double
    }

    private struct Bucket {
        var tokens: Double
        var last: Double
        var lastSeen: Double
    }

    public let configuration: Configuration
    private var aggregates: [String: Aggregate] = [:]
    private var observations: [String: Observation] = [:]
    private var buckets: [String: Bucket] = [:]

    public init(configuration: Configuration = Configuration()) { self.configuration = configuration }

    /// The prefix of aggregate events' messages.
    public static let aggregatePrefix = "(combined from similar events): "

    /// Decides what to do with `event` at `now` (seconds since the epoch).
    public mutating func correlate(_ event: CoreV1.Event, now: Double) -> Decision {
        var event = event
        var key = Self.eventKey(event)
        // Aggregation of similar events (different messages).
        let aggregateKey = Self.aggregateKey(event)
        var aggregate = aggregates[aggregateKey] ?? Aggregate(lastSeen: now)
        if now - aggregate.lastSeen > configuration.maxInterval { aggregate = Aggregate(lastSeen: now) }
        let message = event.message ?? ""
        if !aggregate.messages.contains(message) { aggregate.messages.append(message) }
        aggregate.lastSeen = now
        if aggregate.messages.count >= configuration.maxEvents {
            aggregate.messages.removeFirst()
            let stamp = Self.time(now)
            event.metadata.name = Self.eventName(event.involvedObject.name ?? "", now: now)
            event.metadata.resourceVersion = nil
            event.count = 1
            event.firstTimestamp = stamp
            event.lastTimestamp = stamp
            event.message = Self.aggregatePrefix + message
            key = aggregateKey
        }
        aggregates[aggregateKey] = aggregate
        Self.trim(&aggregates, to: configuration.cacheSize, by: \.lastSeen)

        // Deduplication against what was written before.
        var decision: Decision
        if let last = observations[key] {
            event.metadata.name = last.name
            event.metadata.resourceVersion = last.resourceVersion
            event.firstTimestamp = last.firstTimestamp
            event.count = last.count + 1
            let patch: JSONValue = [
                "count": .int(Int64(last.count + 1)),
                "lastTimestamp": .string(event.lastTimestamp?.rfc3339 ?? Self.time(now).rfc3339),
                "message": .string(event.message ?? ""),
            ]
            decision = .patch(event, patch: patch, key: key)
        } else {
            decision = .create(event, key: key)
        }
        observations[key] = Observation(
            count: event.count ?? 1, firstTimestamp: event.firstTimestamp, name: event.metadata.name ?? "",
            resourceVersion: event.metadata.resourceVersion, lastSeen: now)
        Self.trim(&observations, to: configuration.cacheSize, by: \.lastSeen)

        // Spam filter per source + object.
        let spamKey = Self.spamKey(event)
        var bucket = buckets[spamKey] ?? Bucket(tokens: configuration.burst, last: now, lastSeen: now)
        bucket.tokens = min(configuration.burst, bucket.tokens + (now - bucket.last) * configuration.qps)
        bucket.last = now
        bucket.lastSeen = now
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
        } else {
            decision = .skip
        }
        buckets[spamKey] = bucket
        Self.trim(&buckets, to: configuration.cacheSize, by: \.lastSeen)
        return decision
    }

    /// Remembers the Event as the server stored it (its name and resourceVersion) under `key`.
    public mutating func recorded(_ event: CoreV1.Event, key: String) {
        guard var observation = observations[key] else { return }
        observation.name = event.metadata.name ?? observation.name
        observation.resourceVersion = event.metadata.resourceVersion
        observation.count = event.count ?? observation.count
        observation.firstTimestamp = event.firstTimestamp ?? observation.firstTimestamp
        observations[key] = observation
    }

    /// Forgets an Event that the server no longer has (a patch found none), so that the next
    /// identical event creates it again.
    public mutating func forget(key: String) { observations[key] = nil }

    // MARK: Keys (client-go's)

    static func objectParts(_ event: CoreV1.Event) -> [String] {
        let o = event.involvedObject
        return [
            event.source?.component ?? "", event.source?.host ?? "", o.kind ?? "", o.namespace ?? "", o.name ?? "",
            o.uid ?? "", o.apiVersion ?? "",
        ]
    }

    static func eventKey(_ event: CoreV1.Event) -> String {
        (objectParts(event) + [
            event.involvedObject.fieldPath ?? "", event.type ?? "", event.reason ?? "", event.message ?? "",
        ]).joined(separator: "\u{1}")
    }

    static func aggregateKey(_ event: CoreV1.Event) -> String {
        (objectParts(event) + [
            event.type ?? "", event.reason ?? "", event.reportingComponent ?? "", event.reportingInstance ?? "",
        ]).joined(separator: "\u{1}")
    }

    static func spamKey(_ event: CoreV1.Event) -> String { objectParts(event).joined(separator: "\u{1}") }

    /// `<object name>.<hex nanoseconds>`, as client-go names events.
    static func eventName(_ objectName: String, now: Double) -> String {
        objectName + "." + String(UInt64(max(0, now * 1_000_000_000)), radix: 16)
    }

    static func time(_ now: Double) -> Time { Time(secondsSinceEpoch: Int64(now)) }

    private static func trim<Value>(_ cache: inout [String: Value], to size: Int, by lastSeen: KeyPath<Value, Double>) {
        guard cache.count > size else { return }
        // Drop the least recently seen tenth at once, so trimming stays rare.
        let drop = cache.sorted { $0.value[keyPath: lastSeen] < $1.value[keyPath: lastSeen] }.prefix(max(1, size / 10))
        for (key, _) in drop { cache[key] = nil }
    }
}
