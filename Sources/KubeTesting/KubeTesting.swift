/// KubeTesting: an in-process API server for fast tests and fault injection, and a launcher
/// for a real etcd + kube-apiserver control plane.
public enum KubeTestingModule {}
