// libFuzzer target: label selector and field selector parsers.
//
// Invariants: no crash; a parsed selector's string form parses again to an equal selector
// (the printer and the parser agree), and matching never traps.
import KubeModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let labels = ["app": "web", "tier": "frontend", "env": ""]
    if let selector = try? Selector(parsing: text) {
        guard let again = try? Selector(parsing: selector.description), again == selector else {
            fatalError("label selector \(text.debugDescription) prints as \(selector.description.debugDescription), which does not parse back equal")
        }
        _ = selector.matches(labels)
    }
    if let selector = try? FieldSelector(parsing: text) {
        guard let again = try? FieldSelector(parsing: selector.description), again == selector else {
            fatalError("field selector \(text.debugDescription) prints as \(selector.description.debugDescription), which does not parse back equal")
        }
        _ = selector.matches(["metadata.name": "a", "metadata.namespace": "b"])
    }
    return 0
}
