import CoreMetrics
import Synchronization
import Testing
@testable import KubeWorkQueue
import KubeTesting

@Suite struct WorkQueueMetricsTests {
    @Test func namedQueueRecordsDepthAddsAndLatencies() async throws {
        let factory = RecordingMetricsFactory()
        let clock = ManualClock()
        let queue = DelayingQueue<String>(
            configuration: .init(name: "test", metricsFactory: factory), clock: clock)
        queue.add("a")
        queue.add("a")  // collapsed: not counted
        queue.add("b")
        #expect(factory.value("workqueue_adds_total") == [1, 1])
        #expect(factory.value("workqueue_depth").last == 2)
        clock.advance(by: .milliseconds(250))
        let item = try #require(await queue.get())
        #expect(factory.value("workqueue_queue_duration_seconds") == [250_000_000])
        #expect(factory.value("workqueue_depth").last == 1)
        clock.advance(by: .seconds(2))
        queue.queue.updateUnfinishedWorkMetrics()
        #expect(factory.value("workqueue_unfinished_work_seconds").last == 2)
        #expect(factory.value("workqueue_longest_running_processor_seconds").last == 2)
        queue.done(item)
        #expect(factory.value("workqueue_work_duration_seconds") == [2_000_000_000])
        #expect(factory.value("workqueue_unfinished_work_seconds").last == 0)
        queue.add("c", after: .seconds(1))
        #expect(factory.value("workqueue_retries_total") == [1])
        #expect(factory.dimensions.allSatisfy { $0 == ["name=test"] })
        queue.shutDown()
    }

    @Test func unnamedQueueRecordsNothing() async {
        let factory = RecordingMetricsFactory()
        let queue = WorkQueue<String>(configuration: .init(name: nil, metricsFactory: factory))
        queue.add("a")
        let item = await queue.get()
        queue.done(item!)
        #expect(factory.labels.isEmpty)
    }
}

/// A metrics factory that keeps every recorded value, per label.
final class RecordingMetricsFactory: MetricsFactory, Sendable {
    final class Handler: CounterHandler, FloatingPointCounterHandler, RecorderHandler, TimerHandler, MeterHandler, Sendable {
        let values = Mutex<[Double]>([])
        func increment(by amount: Int64) { values.withLock { $0.append(Double(amount)) } }
        func increment(by amount: Double) { values.withLock { $0.append(amount) } }
        func decrement(by amount: Double) { values.withLock { $0.append(-amount) } }
        func reset() { values.withLock { $0.removeAll() } }
        func record(_ value: Int64) { values.withLock { $0.append(Double(value)) } }
        func record(_ value: Double) { values.withLock { $0.append(value) } }
        func set(_ value: Int64) { values.withLock { $0.append(Double(value)) } }
        func set(_ value: Double) { values.withLock { $0.append(value) } }
        func recordNanoseconds(_ duration: Int64) { values.withLock { $0.append(Double(duration)) } }
    }

    private let handlers = Mutex<[String: (handler: Handler, dimensions: [String])]>([:])

    var labels: [String] { handlers.withLock { Array($0.keys) } }
    var dimensions: [[String]] { handlers.withLock { $0.values.map(\.dimensions) } }

    func value(_ label: String) -> [Double] {
        let handler = handlers.withLock { $0[label]?.handler }
        return handler?.values.withLock { $0 } ?? []
    }

    private func make(_ label: String, _ dimensions: [(String, String)]) -> Handler {
        handlers.withLock { handlers in
            if let existing = handlers[label] { return existing.handler }
            let handler = Handler()
            handlers[label] = (handler, dimensions.map { "\($0.0)=\($0.1)" })
            return handler
        }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { make(label, dimensions) }
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        make(label, dimensions)
    }
    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler { make(label, dimensions) }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        make(label, dimensions)
    }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { make(label, dimensions) }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}
