import CHeap
import Foundation
import KubeModel

// Protobuf vs JSON decode of one pod list: median time, MB/s and heap bytes per decoded pod.
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: Probe LIST.pb LIST.json [runs]")
    exit(2)
}
let pb = Array(FileManager.default.contents(atPath: arguments[1])!)
let json = Array(FileManager.default.contents(atPath: arguments[2])!)
let runs = arguments.count > 3 ? Int(arguments[3])! : 5

func measure<T>(_ label: String, bytes: Int, _ body: () throws -> T, count: (T) -> Int) rethrows {
    var seconds: [Double] = []
    var heap = 0
    var items = 0
    for _ in 0..<runs {
        let before = heap_in_use()
        let start = ContinuousClock.now
        let value = try body()
        let elapsed = ContinuousClock.now - start
        heap = Int(heap_in_use()) - Int(before)
        items = count(value)
        withExtendedLifetime(value) {}
        seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    seconds.sort()
    let median = seconds[seconds.count / 2]
    print(String(
        format: "%@: %d items, median %.0f ms (min %.0f), %.0f MB/s, heap %.2f KB/item", label, items,
        median * 1000, seconds[0] * 1000, Double(bytes) / median / 1e6, Double(heap) / Double(max(items, 1)) / 1024))
}

/// Decodes each item on its own, as an informer does, sharing one interner.
func itemByItem(_ bytes: [UInt8], interner: StringInterner?) throws -> [CoreV1.Pod] {
    try bytes.withUnsafeBytes { b in
        let (_, _, raw) = try KubeProtobuf.unwrap(b)
        let list = UnsafeRawBufferPointer(rebasing: b[raw])
        var reader = ProtobufReader(list)
        var items: [CoreV1.Pod] = []
        while let field = try reader.next() {
            guard field == 2 else { try reader.skip(); continue }
            let item = reader.buffer(try reader.lengthDelimited())
            items.append(try KubeProtobuf.decode(CoreV1.Pod.self, message: item, interner: interner))
        }
        return items
    }
}

if ProcessInfo.processInfo.environment["PROBE_ONLY"] == "intern" {
    try measure("protobuf per item+intern", bytes: pb.count, { try itemByItem(pb, interner: StringInterner()) }, count: { $0.count })
    exit(0)
}
if ProcessInfo.processInfo.environment["PROBE_ONLY"] == "json" {
    try measure("json+intern (fieldsV1)", bytes: json.count, {
        try json.withUnsafeBytes { try KubeJSON.decode(ObjectList<CoreV1.Pod>.self, raw: $0, interner: StringInterner()) }
    }, count: { $0.items.count })
    exit(0)
}
try measure("json", bytes: json.count, { try KubeJSON.decode(ObjectList<CoreV1.Pod>.self, from: json) }, count: { $0.items.count })
try measure("json+intern (fieldsV1)", bytes: json.count, {
    try json.withUnsafeBytes { try KubeJSON.decode(ObjectList<CoreV1.Pod>.self, raw: $0, interner: StringInterner()) }
}, count: { $0.items.count })
try measure("protobuf", bytes: pb.count, {
    try pb.withUnsafeBytes { try KubeProtobuf.decode(ObjectList<CoreV1.Pod>.self, envelope: $0) }
}, count: { $0.items.count })
try measure("protobuf per item", bytes: pb.count, { try itemByItem(pb, interner: nil) }, count: { $0.count })
try measure("protobuf per item+intern", bytes: pb.count, { try itemByItem(pb, interner: StringInterner()) }, count: { $0.count })
let interner = StringInterner()
_ = try itemByItem(pb, interner: interner)
print("interner after one list: \(interner.counters.hits) hits, \(interner.counters.misses) misses, \(interner.capacity) slots")
