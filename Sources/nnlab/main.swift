print("nnlab")
