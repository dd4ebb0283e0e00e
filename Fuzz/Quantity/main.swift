// libFuzzer target: resource Quantity parsing, formatting and arithmetic.
//
// Invariants: no crash; a parsed quantity's canonical text parses again to an equal quantity;
// scaling and comparing never trap.
import KubeModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let quantity = try? Quantity(text) else { return 0 }
    guard let again = try? Quantity(quantity.description), again == quantity else {
        fatalError("quantity \(text.debugDescription) prints as \(quantity.description.debugDescription), which does not parse back equal")
    }
    for scale in [-9, -3, 0, 3, 6] { _ = quantity.scaledValue(scale: scale) }
    _ = quantity < Quantity(1)
    return 0
}
