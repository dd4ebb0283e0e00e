print("kube-modelgen: not built yet")
