/// KubeWorkQueue: work queues, delaying and rate-limiting queues, rate limiters.
public enum KubeWorkQueueModule {}
