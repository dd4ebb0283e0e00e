/// KubeCache keeps local, indexed caches of API objects: Store / Indexer, the FIFOs,
/// the Reflector, informers and listers.
public enum KubeCacheModule {}
