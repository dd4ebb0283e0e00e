import Testing

@testable import KinformerCLI

@Suite struct SoakMemoryTests {
    @Test("flat memory after the warm-up holds; a transient peak does not fail it")
    func flatHolds() throws {
        var memory = SoakMemory(warmUp: 10, window: 5)
        for s in 0..<10 { memory.record(seconds: Double(s), residentKiB: 1000 + s * 100) }  // warm-up growth ignored
        for s in 10..<60 { memory.record(seconds: Double(s), residentKiB: s == 30 ? 4000 : 2000 + s % 3) }
        let verdict = try #require(memory.verdict)
        #expect(verdict.holds)
        #expect(verdict.baselineKiB == 2001 || verdict.baselineKiB == 2000 || verdict.baselineKiB == 2002)
        #expect(verdict.peakAfterWarmUpKiB == 4000)
        #expect(verdict.lastKiB == 2000 + 59 % 3)
    }

    @Test("steady growth beyond the allowance fails")
    func growthFails() throws {
        var memory = SoakMemory(warmUp: 10, window: 5, allowedGrowth: 0.10)
        for s in 0..<60 { memory.record(seconds: Double(s), residentKiB: 2000 + s * 10) }
        let verdict = try #require(memory.verdict)
        #expect(!verdict.holds)
        #expect(verdict.growth > 0.10)
    }

    @Test("the verdict reports the object count's range after the warm-up; the timeline spans the run")
    func objectsAndTimeline() throws {
        var memory = SoakMemory(warmUp: 10, window: 5)
        for s in 0..<60 {
            memory.record(seconds: Double(s), residentKiB: 2000, objects: ["pods": s < 10 ? s : 100 + s % 4, "configmaps": 30])
        }
        let verdict = try #require(memory.verdict)
        #expect(verdict.objectsAfterWarmUp == 130...133)
        let timeline = memory.timeline(points: 7)
        #expect(timeline.count == 7)
        #expect(timeline.first?.seconds == 0)
        #expect(timeline.last?.seconds == 59)
        #expect(timeline.map(\.seconds) == timeline.map(\.seconds).sorted())
        #expect(memory.timeline(points: 100).count == 60)
    }

    @Test("no verdict without samples after the warm-up; unavailable readings are ignored")
    func noVerdict() {
        var memory = SoakMemory(warmUp: 100, window: 5)
        memory.record(seconds: 1, residentKiB: 1000)
        memory.record(seconds: 200, residentKiB: -1)
        #expect(memory.verdict == nil)
        #expect(memory.samples.count == 1)
    }
}
