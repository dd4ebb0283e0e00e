// libFuzzer target: kubeconfig loading (YAML through Yams, then validation).
// fuzz-needs: yams
// fuzz-needs: client KubeConfig KubeConfigError KubeAPIError
//
// Invariant: no crash; every rejection is a KubeConfigError (the loader's one error type).
import KubeModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let config = try KubeConfig.parse(yaml: text, file: "fuzz")
        _ = config.currentContext
    } catch {
        _ = error.description
    }
    return 0
}
