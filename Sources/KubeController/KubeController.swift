/// KubeController: controller workers reconciling keys from a work queue, and leader election.
public enum KubeControllerModule {}
