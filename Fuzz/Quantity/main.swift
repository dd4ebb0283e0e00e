// libFuzzer target: resource Quantity parsing, formatting and arithmetic.
//
// Invariants: no crash; a parsed quantity's canonical text parses again to an equal quantity;
// scaling and comparing never trap.
import KubeModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let quantity = try? Quantity(text) else { return 0 }
    // KNOWN BUGS (found by this target, 2026-11-30; not yet fixed in KubeModel): the parser
    // accepts binary-SI quantities whose canonical text it then rejects as out of range —
    // `12345678901245678901.4Ei` prints with 39 significant digits (the limit is 38),
    // `200000000000004000000000000000000Mi` prints as `190734863281253814697265625Ti`, whose
    // value overflows Int128 when parsed as written. Skipped here (only these out-of-range
    // rejections; every canonical text that parses must still parse back equal) until Quantity
    // rejects such input or prints it within its limits; remove this guard then.
    do {
        _ = try Quantity(quantity.description)
    } catch where error.code == .outOfRange {
        return 0
    } catch {}  // reported just below
    guard let again = try? Quantity(quantity.description), again == quantity else {
        fatalError("quantity \(text.debugDescription) prints as \(quantity.description.debugDescription), which does not parse back equal")
    }
    for scale in [-9, -3, 0, 3, 6] { _ = quantity.scaledValue(scale: scale) }
    _ = quantity < Quantity(1)
    return 0
}
