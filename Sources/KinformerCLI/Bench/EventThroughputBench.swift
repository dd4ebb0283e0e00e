import KubeCache
import KubeClient
import KubeModel
import KubeSupport
import NIOCore

/// Watch-event throughput end to end: a watch body captured from the server (a watch from
/// resourceVersion 0 delivers every pod as an ADDED event) is replayed from memory into a pod
/// informer — decode, FIFO, cache, one handler — so the figure is the client's alone, not the
/// server's encoding rate.
struct EventThroughputBench {
    var client: KubeClient

    /// What one run measured.
    struct Report: Sendable {
        var events = 0
        var bytes = 0
        var contentType = ""
        var seconds = 0.0
        var cpuSeconds = 0.0

        var jsonLine: String {
            let perSecond = seconds > 0 ? Double(events) / seconds : 0
            return "{\"client\":\"kinformer \(BenchReport.version)\",\"mode\":\"events\",\"content_type\":\"\(contentType)\","
                + "\"events\":\(events),\"bytes\":\(bytes),\"events_s\":\(Int(perSecond)),"
                + "\"seconds\":\(seconds),\"cpu_s\":\(cpuSeconds)}"
        }
    }

    /// Captures the pods' watch body, then replays it `runs` times; one report per run.
    func run(runs: Int) async throws -> [Report] {
        let pods = client.resource(CoreV1.Pod.self)
        let probe = try await pods.list(ListOptions(limit: 1))
        let total = probe.items.count + Int(probe.metadata.remainingItemCount ?? 0)
        guard total > 0 else { throw BenchError("there are no pods to watch; load some first (peer.sh load)") }
        let capture = try await Self.capture(pods, events: total)
        var reports: [Report] = []
        for _ in 0..<runs {
            var report = try await replay(capture, events: total)
            report.bytes = capture.chunks.reduce(0) { $0 + $1.readableBytes }
            report.contentType = capture.contentType
            reports.append(report)
        }
        return reports
    }

    struct Capture: Sendable {
        var contentType: String
        var chunks: [ByteBuffer]
    }

    /// Reads a watch from resourceVersion 0 until `events` events have arrived.
    static func capture(_ pods: ResourceClient<CoreV1.Pod>, events: Int) async throws -> Capture {
        var options = WatchOptions()
        options.resourceVersion = "0"
        let (contentType, body) = try await pods.rawWatch(options)
        // Events are counted by framing them as the stream would (lines, or protobuf frames).
        let framed = contentType.hasPrefix(KubeProtobuf.contentType)
        var lines = WatchLineDecoder()
        var frames = WatchFrameDecoder()
        var seen = 0
        var chunks: [ByteBuffer] = []
        for try await chunk in body {
            chunks.append(chunk)
            if framed {
                frames.append(chunk.readableBytesView)
                while try frames.nextFrame() != nil { seen += 1 }
            } else {
                lines.append(chunk.readableBytesView)
                while try lines.nextLine() != nil { seen += 1 }
            }
            if seen >= events { break }
        }
        guard seen >= events else {
            throw BenchError("the watch ended after \(seen) of \(events) events")
        }
        return Capture(contentType: contentType, chunks: chunks)
    }

    /// Replays a capture into a fresh informer and times it until the handler saw `events` adds.
    private func replay(_ capture: Capture, events: Int) async throws -> Report {
        let replayed = Locked(false)
        let interner = StringInterner()
        let source = ListWatch<CoreV1.Pod>(
            list: { _ in ObjectList(metadata: ListMeta(resourceVersion: "1"), items: []) },
            watch: { _ in
                let first = replayed.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first {
                    return AnyWatchEvents(
                        try WatchStream<CoreV1.Pod>(
                            replaying: capture.chunks, contentType: capture.contentType, interner: interner))
                }
                // Later watches stay open, empty, until the informer stops.
                return AnyWatchEvents(AsyncThrowingStream<WatchEvent<CoreV1.Pod>, any Error> { _ in })
            })
        let informer = try SharedIndexInformer(
            listerWatcher: source, configuration: .init(resource: CoreV1.Pod.resource))
        let counter = BenchUpdateCounter()
        informer.addEventHandler(onAdd: { _, _ in counter.increment() })
        let cpu0 = ProcessStats.cpuSeconds()
        let clock = ContinuousClock()
        let start = clock.now
        let running = Task { try await informer.run() }
        await counter.wait(for: events)
        var report = Report()
        report.seconds = (clock.now - start) / .seconds(1)
        report.cpuSeconds = ProcessStats.cpuSeconds() - cpu0
        report.events = counter.count
        running.cancel()
        _ = try? await running.value
        return report
    }
}
