print("pinned")
