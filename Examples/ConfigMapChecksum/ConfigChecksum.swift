public import KubeModel

/// A stable checksum of the data of a set of ConfigMaps (FNV-1a 64, hex): changes whenever a
/// key or value of any of them changes, or one appears or disappears. Pure.
public enum ConfigChecksum {
    /// The annotation the controller keeps on each Deployment's pod template.
    public static let annotation = "kinformer.io/config-checksum"

    /// - Parameter configMaps: each referenced name with its ConfigMap, or `nil` if missing.
    public static func compute(_ configMaps: [(name: String, configMap: CoreV1.ConfigMap?)]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x100_0000_01b3
            }
            hash ^= 0xff
            hash &*= 0x100_0000_01b3
        }
        for (name, configMap) in configMaps.sorted(by: { $0.name < $1.name }) {
            mix(name)
            guard let configMap else {
                mix("<missing>")
                continue
            }
            for (key, value) in (configMap.data ?? [:]).sorted(by: { $0.key < $1.key }) {
                mix(key)
                mix(value)
            }
            for (key, value) in (configMap.binaryData ?? [:]).sorted(by: { $0.key < $1.key }) {
                mix("binary:" + key)
                mix(value)
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
