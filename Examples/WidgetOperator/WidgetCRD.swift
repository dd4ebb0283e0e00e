import Foundation
public import KubeClient
import KubeModel

/// The Widget CustomResourceDefinition: the shared fixture's schema, with a status that keeps
/// `observedGeneration`, `conditions` and `configMap` too.
public enum WidgetCRD {
    /// The definition as JSON.
    public static let json = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"widgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced",
           "names":{"plural":"widgets","singular":"widget","shortNames":["wd"],"kind":"Widget","listKind":"WidgetList"},
           "versions":[{"name":"v1","served":true,"storage":true,
             "subresources":{"status":{}},
             "additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size"},
                                         {"name":"Ready","type":"boolean","jsonPath":".status.ready"}],
             "schema":{"openAPIV3Schema":{"type":"object","properties":{
               "spec":{"type":"object","required":["size"],"properties":{
                 "color":{"type":"string","enum":["red","green","blue"]},
                 "config":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
                 "size":{"type":"integer","minimum":1},
                 "tags":{"type":"array","items":{"type":"string"}}}},
               "status":{"type":"object","properties":{
                 "ready":{"type":"boolean"},
                 "observedGeneration":{"type":"integer","format":"int64"},
                 "configMap":{"type":"string"},
                 "conditions":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["type"],
                   "items":{"type":"object","required":["type","status","lastTransitionTime","reason","message"],
                     "properties":{
                       "type":{"type":"string"},"status":{"type":"string","enum":["True","False","Unknown"]},
                       "observedGeneration":{"type":"integer","format":"int64","minimum":0},
                       "lastTransitionTime":{"type":"string","format":"date-time"},
                       "reason":{"type":"string"},"message":{"type":"string"}}}}}}}}}}]}}
        """

    /// Creates the definition (or updates an existing one to this schema) and waits until widgets
    /// are served.
    public static func install(_ client: KubeClient) async throws {
        let crd = try JSONDecoder().decode(DynamicObject.self, from: Data(json.utf8))
        let crds = client.resource(ApiextensionsV1.CustomResourceDefinition.resource)
        _ = try await crds.apply(crd, fieldManager: "widget-operator", force: true)
        let widgets = client.resource(Widget.self)
        for _ in 0..<300 {
            let current = try await crds.get("widgets.example.com")
            let established = (current["status"]?["conditions"]?.arrayValue ?? []).contains {
                $0["type"]?.stringValue == "Established" && $0["status"]?.stringValue == "True"
            }
            if established, (try? await widgets.list()) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw KubeClientError("widgets.example.com was not established within 30 s; check the API server's log")
    }
}
