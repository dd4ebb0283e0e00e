import Testing
@testable import KubeWorkQueue

@Suite struct WorkQueueStateMachineTests {
    typealias Machine = WorkQueueStateMachine<String, Int, Int>

    @Test func addsAreHandedOutInFIFOOrder() throws {
        var machine = Machine()
        for item in ["a", "b", "c"] { #expect(machine.add(item).isEnqueued) }
        #expect(machine.count == 3)
        #expect(machine.tryGet().item == "a")
        #expect(machine.tryGet().item == "b")
        #expect(machine.tryGet().item == "c")
        try machine.checkInvariants()
    }

    @Test func addOfWaitingItemCollapses() throws {
        var machine = Machine()
        _ = machine.add("a")
        _ = machine.add("b")
        guard case .collapsed = machine.add("a") else { Issue.record("expected collapse"); return }
        #expect(machine.count == 2)
        #expect(machine.tryGet().item == "a")
        #expect(machine.tryGet().item == "b")
        guard case .mustWait = machine.tryGet() else { Issue.record("expected an empty queue"); return }
        try machine.checkInvariants()
    }

    @Test func itemAddedDuringProcessingIsQueuedAgainAfterDone() throws {
        var machine = Machine()
        _ = machine.add("a")
        #expect(machine.tryGet().item == "a")
        guard case .deferred = machine.add("a") else { Issue.record("expected deferral"); return }
        #expect(machine.count == 0, "never handed out while being processed")
        try machine.checkInvariants()
        _ = machine.done("a")
        #expect(machine.count == 1)
        #expect(machine.tryGet().item == "a")
        _ = machine.done("a")
        #expect(machine.count == 0)
        #expect(machine.processing.isEmpty)
        try machine.checkInvariants()
    }

    @Test func waitingGetterReceivesNextAddDirectly() throws {
        var machine = Machine()
        guard case .mustWait(let id) = machine.tryGet() else { Issue.record("expected wait"); return }
        guard case .suspended = machine.get(id: id, waiter: 7, isCancelled: false) else {
            Issue.record("expected suspension"); return
        }
        try machine.checkInvariants()
        guard case .handOff(let waiter, let item) = machine.add("x") else { Issue.record("expected handoff"); return }
        #expect(waiter == 7)
        #expect(item == "x")
        #expect(machine.processing == ["x"])
        try machine.checkInvariants()
    }

    @Test func doneHandsReAddedItemToWaitingGetter() throws {
        var machine = Machine()
        _ = machine.add("a")
        _ = machine.tryGet()
        _ = machine.add("a")
        guard case .mustWait(let id) = machine.tryGet() else { Issue.record("expected wait"); return }
        _ = machine.get(id: id, waiter: 3, isCancelled: false)
        guard case .handOff(3, "a") = machine.done("a") else { Issue.record("expected handoff"); return }
        try machine.checkInvariants()
    }

    @Test func cancelledGetterTakesNothing() throws {
        var machine = Machine()
        guard case .mustWait(let id) = machine.tryGet() else { Issue.record("expected wait"); return }
        _ = machine.get(id: id, waiter: 1, isCancelled: false)
        #expect(machine.cancelGet(id: id) == 1)
        #expect(machine.cancelGet(id: id) == nil, "cancelled twice")
        #expect(machine.add("a").isEnqueued, "no waiter left to hand off to")
        guard case .none = machine.get(id: 99, waiter: 2, isCancelled: true) else {
            Issue.record("a cancelled getter must get nothing"); return
        }
        #expect(machine.count == 1)
        try machine.checkInvariants()
    }

    @Test func shutDownDropsAddsAndDrainsQueue() throws {
        var machine = Machine()
        _ = machine.add("a")
        #expect(machine.shutDown().isEmpty)
        guard case .droppedShuttingDown = machine.add("b") else { Issue.record("expected drop"); return }
        #expect(machine.tryGet().item == "a")
        guard case .shutDown = machine.tryGet() else { Issue.record("expected shutdown"); return }
        try machine.checkInvariants()
    }

    @Test func shutDownReleasesWaitingGetters() throws {
        var machine = Machine()
        for waiter in 1...3 {
            guard case .mustWait(let id) = machine.tryGet() else { Issue.record("expected wait"); return }
            _ = machine.get(id: id, waiter: waiter, isCancelled: false)
        }
        #expect(machine.shutDown() == [1, 2, 3])
        try machine.checkInvariants()
    }

    @Test func drainWaitsForProcessingOnly() throws {
        var machine = Machine()
        _ = machine.add("a")
        _ = machine.add("b")
        #expect(machine.tryGet().item == "a")
        let id = machine.reserveDrainID()
        let action = machine.shutDownWithDrain(id: id, waiter: 42, isCancelled: false)
        #expect(!action.resumeNow)
        try machine.checkInvariants()
        guard case .drained([42]) = machine.done("a") else { Issue.record("expected drain"); return }
        #expect(machine.count == 1, "queued items are not waited for")
        try machine.checkInvariants()
    }

    @Test func drainWithNothingInProcessingResumesAtOnce() {
        var machine = Machine()
        _ = machine.add("a")
        let id = machine.reserveDrainID()
        #expect(machine.shutDownWithDrain(id: id, waiter: 1, isCancelled: false).resumeNow)
    }

    @Test func doneOfUnknownItemIsIgnored() throws {
        var machine = Machine()
        guard case .none = machine.done("nope") else { Issue.record("expected nothing"); return }
        try machine.checkInvariants()
    }
}

extension WorkQueueStateMachine.AddAction {
    var isEnqueued: Bool {
        if case .enqueued = self { return true }
        return false
    }
}
