public import KubeClient
public import KubeModel
import Foundation

/// Records what a watch of a resource delivers into a ``WatchCapture``: the initial list, then
/// every event with its resourceVersion and arrival time; after a 410 it records the error and
/// the relist, after a lost connection the error and the re-watch from the last resourceVersion.
///
/// Records go to `write` one at a time, in order (a file, a test's array). Runs until cancelled.
public final class WatchRecorder: Sendable {
    public let resource: ResourceDescriptor
    public let namespace: String?
    private let client: ResourceClient<DynamicObject>
    private let write: @Sendable (WatchCapture.Record) throws -> Void
    private let start = ContinuousClock.now

    /// - Parameters:
    ///   - client: the client for the resource, e.g. `kube.resource(descriptor, namespace: ns)`.
    ///   - write: receives each record; an error it throws ends the recording with that error.
    public init(
        client: ResourceClient<DynamicObject>, resource: ResourceDescriptor, namespace: String?,
        write: @escaping @Sendable (WatchCapture.Record) throws -> Void
    ) {
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.write = write
    }

    /// Records until the task is cancelled (returns normally then).
    /// - Throws: only what `write` throws.
    public func run() async throws {
        try write(WatchCapture.header(resource, namespace: namespace))
        guard var rv = try await listAndRecord() else { return }
        var failures = 0
        while !Task.isCancelled {
            do {
                let events = try await client.watch(WatchOptions(resourceVersion: rv, timeoutSeconds: 300))
                var expired = false
                for try await event in events {
                    failures = 0
                    switch event {
                    case .added(let o): rv = try record("ADDED", o) ?? rv
                    case .modified(let o): rv = try record("MODIFIED", o) ?? rv
                    case .deleted(let o): rv = try record("DELETED", o) ?? rv
                    case .bookmark(let b):
                        var r = WatchCapture.Record(record: .event, at: now())
                        (r.type, r.resourceVersion) = ("BOOKMARK", b.resourceVersion)
                        try write(r)
                        rv = b.resourceVersion
                    case .error(let error):
                        try recordError(error)
                        expired = error.isGone
                    }
                    if expired { break }
                }
                if expired { guard let next = try await listAndRecord() else { return }; rv = next }
            } catch let error as KubeAPIError where error.isGone {
                try recordError(error)
                guard let next = try await listAndRecord() else { return }
                rv = next
            } catch {
                if Task.isCancelled { return }
                try recordError(error)
                failures += 1
                guard await pause(after: failures) else { return }
            }
        }
    }

    /// Lists (retrying on failures) and records the list; `nil` when cancelled.
    private func listAndRecord() async throws -> String? {
        var failures = 0
        while !Task.isCancelled {
            do {
                let list = try await client.listAll(ListOptions(resourceVersion: ""))
                var r = WatchCapture.Record(record: .list, at: now())
                r.resourceVersion = list.metadata.resourceVersion ?? ""
                r.items = try list.items.map(Self.json)
                try write(r)
                return r.resourceVersion
            } catch {
                if Task.isCancelled { return nil }
                try recordError(error)
                failures += 1
                guard await pause(after: failures) else { return nil }
            }
        }
        return nil
    }

    private func record(_ type: String, _ object: DynamicObject) throws -> String? {
        var r = WatchCapture.Record(record: .event, at: now())
        (r.type, r.object, r.resourceVersion) = (type, try Self.json(object), object.metadata.resourceVersion)
        try write(r)
        return object.metadata.resourceVersion
    }

    private func recordError(_ error: any Error) throws {
        var r = WatchCapture.Record(record: .error, at: now())
        r.message = "\(error)"
        try write(r)
    }

    /// Waits before a retry (0.2 s doubling to 5 s); false when cancelled.
    private func pause(after failures: Int) async -> Bool {
        let milliseconds = min(5000, 200 << min(failures - 1, 5))
        do {
            try await Task.sleep(for: .milliseconds(milliseconds))
            return true
        } catch {
            return false
        }
    }

    private func now() -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func json(_ object: DynamicObject) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(object))
    }
}
