// libFuzzer target: RFC 3339 Time and MicroTime parsing.
//
// Invariants: no crash; a parsed time's text form parses again to the same instant.
import KubeModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let time = Time(rfc3339: text), Time(rfc3339: time.description) != time {
        fatalError("time \(text.debugDescription) prints as \(time.description.debugDescription), which does not parse back equal")
    }
    if let time = MicroTime(rfc3339: text), MicroTime(rfc3339: time.description) != time {
        fatalError("micro time \(text.debugDescription) prints as \(time.description.debugDescription), which does not parse back equal")
    }
    return 0
}
