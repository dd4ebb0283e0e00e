import Testing

@testable import FastJSON
@testable import KubeModel
@testable import kube_modelgen

/// The generator's key fingerprints must be the ones the tape parser records, or the generated
/// key tables would never match.
@Suite struct ModelGenFingerprintTests {
    @Test("SwiftEmitter.keyFingerprint equals TapeEntry.fingerprint",
          arguments: ["", "a", "apiVersion", "kind", "x-kubernetes-preserve-unknown-fields", "$ref", "é", "snow ☃",
                      String(repeating: "k", count: 63), String(repeating: "k", count: 64), String(repeating: "z", count: 300)])
    func agree(key: String) {
        var key = key
        let parsed = key.withUTF8 { TapeEntry.fingerprint($0) }
        #expect(SwiftEmitter.keyFingerprint(key) == parsed)
    }
}
