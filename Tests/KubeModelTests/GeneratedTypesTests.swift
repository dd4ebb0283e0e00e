import Foundation
import Testing
import KubeModel

@Suite struct GeneratedTypesTests {
    @Test func jsonSchemaPropsRecursionAndEscapedKeys() throws {
        let json = #"""
            {"type":"object","$ref":"#/x","x-kubernetes-preserve-unknown-fields":true,"default":{"a":1},
             "not":{"type":"string","not":{"type":"integer"}},"enum":["a",2],
             "properties":{"size":{"type":"integer","minimum":1}},
             "items":{"type":"string"},"additionalProperties":false}
            """#
        let props = try JSONDecoder().decode(ApiextensionsV1.JSONSchemaProps.self, from: Data(json.utf8))
        #expect(props.ref == "#/x")
        #expect(props.xKubernetesPreserveUnknownFields == true)
        #expect(props.not?.type == "string")
        #expect(props.not?.not?.type == "integer")
        #expect(props.default == ["a": 1])
        #expect(props.enum == ["a", 2])
        #expect(props.properties?["size"]?.minimum == 1)
        #expect(props.items?["type"] == "string")
        #expect(props.additionalProperties == false)
        let again = try JSONEncoder().encode(props)
        #expect(JSONSemantics.difference(try JSONSemantics.parse(Data(json.utf8)), try JSONSemantics.parse(again)) == nil)
    }

    @Test func resourceDescriptorsComeFromPaths() {
        #expect(CoreV1.Namespace.resource.namespaced == false)
        #expect(CoreV1.Namespace.resource.plural == "namespaces")
        #expect(CoreV1.ConfigMap.resource.path(namespace: "a") == "/api/v1/namespaces/a/configmaps")
        #expect(RbacV1.ClusterRole.resource.apiVersion == "rbac.authorization.k8s.io/v1")
        #expect(RbacV1.ClusterRole.resource.namespaced == false)
        #expect(EventsV1.Event.resource.apiVersion == "events.k8s.io/v1")
        #expect(BatchV1beta1.CronJob.resource.plural == "cronjobs")
        #expect(NetworkingV1.Ingress.resource.namespaced)
        #expect(PolicyV1beta1.PodSecurityPolicy.resource.namespaced == false)
        #expect(DiscoveryV1beta1.EndpointSlice.resource.plural == "endpointslices")
    }

    @Test func constructAndEncode() throws {
        var cm = CoreV1.ConfigMap(metadata: ObjectMeta(name: "c", namespace: "ns"), data: ["k": "v"])
        cm.metadata.labels = ["app": "x"]
        let text = String(decoding: try JSONEncoder().encode(cm), as: UTF8.self)
        let parsed = try JSONSemantics.parse(Data(text.utf8))
        #expect(parsed["apiVersion"] == "v1")
        #expect(parsed["kind"] == "ConfigMap")
        #expect(parsed["data"]?["k"] == "v")
        #expect(cm.key == "ns/c")
        let port = CoreV1.ServicePort(port: 80, targetPort: .string("http"))
        #expect(try JSONSemantics.parse(try JSONEncoder().encode(port))["targetPort"] == "http")
    }
}
