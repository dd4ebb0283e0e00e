import KinformerTestSupport
import Testing
@testable import KubeWorkQueue

/// Random operations against the state machine and against a deliberately naive model of the
/// guarantees; after every step both must agree and the invariants must hold.
@Suite struct WorkQueueModelTests {
    /// The naive model: an ordered list of waiting items and the items in processing, each with
    /// a flag saying whether it was added again meanwhile.
    struct Model {
        var pending: [Int] = []
        var active: [Int: Bool] = [:]
        var shutDown = false

        mutating func add(_ item: Int) {
            if shutDown { return }
            if let readded = active[item] {
                if !readded { active[item] = true }
            } else if !pending.contains(item) {
                pending.append(item)
            }
        }

        mutating func get() -> Int? {
            guard !pending.isEmpty else { return nil }
            let item = pending.removeFirst()
            active[item] = false
            return item
        }

        mutating func done(_ item: Int) {
            guard let readded = active.removeValue(forKey: item) else { return }
            if readded { pending.append(item) }
        }
    }

    @Test(arguments: [1, 2, 3, 42, 2024] as [UInt64])
    func machineMatchesModel(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var machine = WorkQueueStateMachine<Int, Int, Int>()
        var model = Model()
        for step in 0..<5_000 {
            let roll = rng.next() % 100
            switch roll {
            case 0..<45:
                let item = Int(rng.next() % 20)
                _ = machine.add(item)
                model.add(item)
            case 45..<75:
                let expected = model.get()
                switch machine.tryGet() {
                case .item(let item):
                    #expect(item == expected, "step \(step)")
                case .mustWait:
                    #expect(expected == nil && !model.shutDown, "step \(step)")
                case .shutDown:
                    #expect(expected == nil && model.shutDown, "step \(step)")
                }
            case 75..<99:
                // done for an item in processing, or occasionally for an unknown item
                let candidates = model.active.keys.sorted()
                let item = candidates.isEmpty || rng.next() % 10 == 0
                    ? Int(rng.next() % 20) : candidates[Int(rng.next() % UInt64(candidates.count))]
                _ = machine.done(item)
                model.done(item)
            default:
                if rng.next() % 10 == 0 {
                    _ = machine.shutDown()
                    model.shutDown = true
                }
            }
            try machine.checkInvariants()
            #expect(Array(machine.queue) == model.pending, "step \(step)")
            #expect(machine.processing == Set(model.active.keys), "step \(step)")
            #expect(machine.depth == model.pending.count + model.active.values.filter { $0 }.count)
        }
    }
}
