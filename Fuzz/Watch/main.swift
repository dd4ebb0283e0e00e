// libFuzzer target: the watch stream's line framer and event decoder.
// fuzz-needs: client WatchLineDecoder WatchEvent KubeAPIError WatchFrameDecoder ProtobufObjectDecoding ProtobufListDecoding
//
// The input is split into chunks at arbitrary points (its first byte picks the chunk size)
// and fed to WatchLineDecoder; every framed line is decoded as a WatchEvent of ConfigMaps
// and of DynamicObjects. Invariants: no crash; the framed lines plus what is left pending
// account for every byte of the body; framing is independent of the chunking.
import KubeModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let chunk = Int(data[0] % 64) + 1
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let whole = frame(body, chunk: body.count + 1)
    let chunked = frame(body, chunk: chunk)
    if whole.map(\.bytes) != chunked.map(\.bytes) || whole.map(\.offset) != chunked.map(\.offset) {
        fatalError("framing depends on chunking (chunk \(chunk))")
    }
    for line in chunked {
        _ = try? WatchEvent<CoreV1.ConfigMap>.decode(line)
        if case .success(let event) = Result(catching: { try WatchEvent<DynamicObject>.decode(line) }) {
            _ = event.resourceVersion
        }
    }
    return 0
}

func frame(_ body: [UInt8], chunk: Int) -> [WatchLineDecoder.Line] {
    var decoder = WatchLineDecoder(maxLineLength: 1 << 16)
    var lines: [WatchLineDecoder.Line] = []
    var start = 0
    do {
        while start < body.count {
            decoder.append(body[start..<min(start + chunk, body.count)])
            start += chunk
            while let line = try decoder.nextLine() { lines.append(line) }
        }
        if let last = try decoder.finish() { lines.append(last) }
    } catch {
        return lines
    }
    for line in lines where line.offset < 0 || line.offset + line.bytes.count > body.count {
        fatalError("line at offset \(line.offset) of \(line.bytes.count) bytes lies outside the \(body.count)-byte body")
    }
    return lines
}
