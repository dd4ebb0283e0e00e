/// KubeClient talks to a Kubernetes API server: configuration, auth, TLS, REST verbs,
/// pagination, watch streams and discovery.
public enum KubeClientModule {}
