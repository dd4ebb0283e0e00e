import KubeModel
import Synchronization
import Testing

@testable import KubeOperator

@Suite struct ReadYourWritesTests {
    static let configMaps = CoreV1.ConfigMap.resource

    @Test func aReconcileWaitsUntilTheCacheHasSeenItsLastWrite() async {
        let ryw = ReadYourWrites(timeout: .seconds(600))
        ryw.track(resource: Self.configMaps.description)
        ryw.observe(resource: Self.configMaps.description, resourceVersion: "10")
        ReadYourWrites.$current.withValue(.init(tracker: ryw, key: "ns/a")) {
            ReadYourWrites.record(CoreV1.ConfigMap(metadata: ObjectMeta(resourceVersion: "15")), resource: Self.configMaps)
        }
        let waiting = Task { await ryw.waitForCache(key: "ns/a") }
        // Another key does not wait.
        await ryw.waitForCache(key: "ns/b")
        ryw.observe(resource: Self.configMaps.description, resourceVersion: "14")
        ryw.observe(resource: Self.configMaps.description, resourceVersion: "15")
        await waiting.value
        #expect(ryw.timeouts == 0)
        // The write is forgotten once waited for.
        await ryw.waitForCache(key: "ns/a")
    }

    @Test func afterTheLastFinalizerIsRemovedTheNextReconcileWaitsForTheDeletion() async {
        let ryw = ReadYourWrites(timeout: .seconds(600))
        ryw.track(resource: Self.configMaps.description)
        ryw.observe(resource: Self.configMaps.description, resourceVersion: "20")
        // The server answers the removal with the object as it was before the deletion (rv 20).
        ReadYourWrites.$current.withValue(.init(tracker: ryw, key: "ns/a")) {
            ReadYourWrites.recordDeletion(
                of: CoreV1.ConfigMap(metadata: ObjectMeta(resourceVersion: "20")), resource: Self.configMaps)
        }
        let waiting = Task { await ryw.waitForCache(key: "ns/a") }
        ryw.observe(resource: Self.configMaps.description, resourceVersion: "21")  // the delete event
        await waiting.value
        #expect(ryw.timeouts == 0)
    }

    @Test func theWaitIsBounded() async {
        let ryw = ReadYourWrites(timeout: .milliseconds(50))
        ryw.track(resource: Self.configMaps.description)
        ryw.wrote(key: "ns/a", resource: Self.configMaps.description, resourceVersion: "99")
        await ryw.waitForCache(key: "ns/a")
        #expect(ryw.timeouts == 1)
    }

    @Test func cancellationEndsTheWait() async {
        let ryw = ReadYourWrites(timeout: .seconds(600))
        ryw.track(resource: Self.configMaps.description)
        ryw.wrote(key: "ns/a", resource: Self.configMaps.description, resourceVersion: "99")
        let waiting = Task { await ryw.waitForCache(key: "ns/a") }
        waiting.cancel()
        await waiting.value
        #expect(ryw.timeouts == 0)
    }

    /// Cancelling one reconcile's wait ends that wait only: another key's wait goes on until the
    /// cache sees its write.
    @Test func cancellingOneWaitLeavesAnotherWaiting() async {
        let ryw = ReadYourWrites(timeout: .seconds(600))
        let resource = Self.configMaps.description
        ryw.track(resource: resource)
        ryw.wrote(key: "ns/a", resource: resource, resourceVersion: "50")
        ryw.wrote(key: "ns/b", resource: resource, resourceVersion: "60")
        let observed = Atomic(false)
        let patient = Task {
            await ryw.waitForCache(key: "ns/b")
            return observed.load(ordering: .acquiring)
        }
        let cancelled = Task { await ryw.waitForCache(key: "ns/a") }
        cancelled.cancel()
        await cancelled.value
        observed.store(true, ordering: .releasing)
        ryw.observe(resource: resource, resourceVersion: "60")
        #expect(await patient.value, "the other wait ended before the cache saw its write")
        #expect(ryw.timeouts == 0)
    }

    @Test func untrackedResourcesAndOpaqueVersionsAreNotWaitedFor() async {
        let ryw = ReadYourWrites(timeout: .seconds(600))
        ryw.wrote(key: "ns/a", resource: "secrets", resourceVersion: "99")
        ryw.track(resource: Self.configMaps.description)
        ryw.wrote(key: "ns/a", resource: Self.configMaps.description, resourceVersion: "not-a-number")
        await ryw.waitForCache(key: "ns/a")
        #expect(ryw.timeouts == 0)
    }
}
