"""The PyTorch side of `benchmarks pth-load`: writes a state dict of a randomly initialised torchvision model (no
download) with torch.save, then times torch.load of it the same way (page cache warm, best and median of N).

    /usr/bin/python3 benchmarks/pth_load_reference.py /tmp/vgg16.pth vgg16 5
"""
import statistics
import sys
import time

import torch
import torchvision

path, model, repeats = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "vgg16", int(sys.argv[3]) if len(sys.argv) > 3 else 5
torch.manual_seed(0)
torch.save(getattr(torchvision.models, model)().state_dict(), path)
times = []
for i in range(repeats):
    start = time.perf_counter()
    state = torch.load(path)
    times.append(time.perf_counter() - start)
    print(f"torch.load {i + 1}: {times[-1]:.3f} s ({len(state)} tensors)")
size = sum(t.numel() * t.element_size() for t in state.values()) / 1e6
print(f"{path}: {size:.0f} MB of tensors, best {min(times):.3f} s = {size / min(times):.0f} MB/s, median {statistics.median(times):.3f} s (torch {torch.__version__})")
