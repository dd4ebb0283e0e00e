import Foundation
public import KubeClient
public import KubeModel
public import Logging
import KubeSupport

/// Records core/v1 Events about objects, with client-go's correlation (see ``EventCorrelator``):
/// similar events aggregated, repeats counted on one Event object, spam filtered.
///
/// ``event(_:type:reason:message:)`` never blocks: events wait in a bounded buffer (dropped
/// when it is full, as client-go does) and ``run()`` writes them one at a time. The ``Manager``
/// runs the recorders it hands out.
public final class EventRecorder: Sendable {
    /// `Normal` or `Warning`.
    public enum EventType: String, Sendable {
        case normal = "Normal"
        case warning = "Warning"
    }

    /// Settings.
    public struct Configuration: Sendable {
        /// Correlation limits (client-go's defaults).
        public var correlator = EventCorrelator.Configuration()
        /// Events waiting to be written before new ones are dropped.
        public var bufferSize = 1000
        /// The `source.host` / `reportingInstance` (defaults to the host name).
        public var host = ProcessInfo.processInfo.hostName
        /// Attempts per event when the API server cannot be reached (not for answers such as 4xx).
        public var attempts = 3
        /// The wait before the second attempt; doubled for each further one.
        public var retryDelay: Duration = .seconds(1)

        public init() {}
    }

    /// What the recorder has done.
    public struct Statistics: Sendable, Hashable {
        /// Events handed to the recorder.
        public var received = 0
        /// Dropped because the buffer was full.
        public var dropped = 0
        /// Dropped by the spam filter.
        public var skipped = 0
        /// Event objects created.
        public var created = 0
        /// Event objects patched (count + 1).
        public var patched = 0
        /// Write attempts that failed (an unreachable server is tried again, up to `attempts`).
        public var failed = 0
        /// Events fully handled (skipped, written, or given up on).
        public var processed = 0
    }

    public let component: String
    public let configuration: Configuration
    private let client: KubeClient
    private let logger: Logger
    private let correlator: Locked<EventCorrelator>
    private let stats = Locked(Statistics())
    private let stream: AsyncStream<CoreV1.Event>
    private let input: AsyncStream<CoreV1.Event>.Continuation

    public init(client: KubeClient, component: String, configuration: Configuration = Configuration(), logger: Logger) {
        self.client = client
        self.component = component
        self.configuration = configuration
        self.logger = logger
        self.correlator = Locked(EventCorrelator(configuration: configuration.correlator))
        (stream, input) = AsyncStream.makeStream(bufferingPolicy: .bufferingOldest(max(1, configuration.bufferSize)))
    }

    /// What the recorder has done so far.
    public var statistics: Statistics { stats.withLock { $0 } }

    /// Records an event about `object` (non-blocking).
    public func event<Object: KubernetesResource>(
        _ object: Object, type: EventType = .normal, reason: String, message: String
    ) {
        let reference = CoreV1.ObjectReference(
            apiVersion: Object.resource.apiVersion, kind: Object.resource.kind, name: object.name,
            namespace: object.namespace, resourceVersion: object.resourceVersion, uid: object.metadata.uid)
        event(about: reference, type: type, reason: reason, message: message)
    }

    /// Records an event about the object `reference` names (non-blocking).
    public func event(about reference: CoreV1.ObjectReference, type: EventType, reason: String, message: String) {
        let now = Date().timeIntervalSince1970
        let stamp = EventCorrelator.time(now)
        var event = CoreV1.Event(
            metadata: ObjectMeta(
                name: EventCorrelator.eventName(reference.name ?? "", now: now),
                namespace: reference.namespace ?? "default"),
            count: 1, firstTimestamp: stamp, involvedObject: reference, lastTimestamp: stamp, message: message,
            reason: reason, reportingComponent: component, reportingInstance: configuration.host, type: type.rawValue)
        event.source = CoreV1.EventSource(component: component, host: configuration.host)
        stats.withLock { $0.received += 1 }
        if case .dropped = input.yield(event) {
            stats.withLock { $0.dropped += 1 }
            logger.debug("event buffer full; dropping event", metadata: ["reason": "\(reason)"])
        }
    }

    /// Writes recorded events until cancelled.
    public func run() async {
        await withTaskCancellationHandler {
            for await event in stream { await write(event) }
        } onCancel: {
            input.finish()
        }
    }

    private func write(_ event: CoreV1.Event) async {
        defer { stats.withLock { $0.processed += 1 } }
        let decision = correlator.withLock { $0.correlate(event, now: Date().timeIntervalSince1970) }
        var delay = configuration.retryDelay
        for attempt in 1...max(1, configuration.attempts) {
            // Only failures to reach the server are retried; an answer (a KubeAPIError) is final.
            guard let error = await perform(decision, event: event), !(error is KubeAPIError),
                attempt < configuration.attempts, (try? await Task.sleep(for: delay)) != nil
            else { return }
            delay *= 2
        }
    }

    /// Carries out one decision; returns the error of a failed write (already counted).
    private func perform(_ decision: EventCorrelator.Decision, event: CoreV1.Event) async -> (any Error)? {
        let events = client.resource(CoreV1.Event.self, namespace: event.metadata.namespace)
        do {
            switch decision {
            case .skip:
                stats.withLock { $0.skipped += 1 }
            case .create(let event, let key):
                let stored = try await create(event, events)
                correlator.withLock { $0.recorded(stored, key: key) }
                stats.withLock { $0.created += 1 }
            case .patch(let event, let patch, let key):
                do {
                    let stored = try await events.patch(event.metadata.name ?? "", try .strategicMerge(patch))
                    correlator.withLock { $0.recorded(stored, key: key) }
                    stats.withLock { $0.patched += 1 }
                } catch let error as KubeAPIError where error.isNotFound {
                    // Gone (expired or deleted): create it afresh, as client-go does.
                    var fresh = event
                    fresh.count = 1
                    let stored = try await create(fresh, events)
                    correlator.withLock { $0.recorded(stored, key: key) }
                    stats.withLock { $0.created += 1 }
                }
            }
        } catch {
            stats.withLock { $0.failed += 1 }
            logger.debug("writing event failed", metadata: ["reason": "\(event.reason ?? "")", "error": "\(error)"])
            return error
        }
        return nil
    }

    private func create(_ event: CoreV1.Event, _ events: ResourceClient<CoreV1.Event>) async throws -> CoreV1.Event {
        var event = event
        event.metadata.resourceVersion = nil
        return try await events.create(event)
    }
}
