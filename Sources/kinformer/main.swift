print("kinformer: the demo is not built yet")
