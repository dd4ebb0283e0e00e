// FastJSONDecoder, FastJSONError and AnyCodingKey live in FastJSON (the package's JSON parser,
// which knows nothing about Kubernetes) and are part of KubeModel's API: `import KubeModel`
// brings them in.
@_exported import FastJSON
