import Testing
import KubeModel

@Suite struct KubeJSONErrorTests {
    @Test("encode errors read 'JSON for', decode errors 'cannot decode', whatever the message says")
    func wording() {
        let encoding = #expect(throws: KubeJSONError.self) { try KubeJSON.encode(JSONValue.double(.nan)) }
        #expect(encoding?.description.hasPrefix("JSON for JSONValue: cannot encode") == true, "\(String(describing: encoding))")
        let decoding = #expect(throws: KubeJSONError.self) { try KubeJSON.decode(Int.self, from: Array("\"x\"".utf8)) }
        #expect(decoding?.description.hasPrefix("cannot decode Int: ") == true, "\(String(describing: decoding))")
        // A decode error whose text happens to start like an encode error is still a decode error.
        let made = KubeJSONError(type: "Pod", path: "spec", message: "cannot encode this either")
        #expect(made.description == "cannot decode Pod at 'spec': cannot encode this either")
    }
}
