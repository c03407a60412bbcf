"""gpu-check's PyTorch side, on the same card: torch.matmul GFLOP/s and each seed model's training step with cuDNN.

Usage: python3 torch_gpu.py DEVICE GEMM_SIZES MODELS     e.g.  python3 torch_gpu.py cuda:0 1024,2048,4096 task2,cnn5
The seed models come from torch_seed_models.py beside this file (the CPU comparison's definitions: same shapes, batch,
loss and SGD). Prints one JSON object: torch version, device name, {n: GFLOP/s} and {model: ms per step}; on a machine
without torch or CUDA it prints {"error": why} instead. Installs nothing.
"""
import json, os, sys, time

MIN_SECONDS = 0.5


def timed(run, device):
    import torch
    for _ in range(3):
        run()
    torch.cuda.synchronize(device)
    repeats = 1
    while True:
        start = time.perf_counter()
        for _ in range(repeats):
            run()
        torch.cuda.synchronize(device)
        seconds = time.perf_counter() - start
        if seconds >= MIN_SECONDS or repeats >= 4096:
            return seconds / repeats
        repeats *= 2


def main():
    device_name, sizes, models = sys.argv[1], sys.argv[2], sys.argv[3]
    try:
        import torch
    except ImportError as e:
        print(json.dumps({"error": f"no PyTorch: {e}"}))
        return
    if not torch.cuda.is_available():
        print(json.dumps({"error": f"PyTorch {torch.__version__} sees no CUDA device"}))
        return
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import torch_seed_models as seeds
    torch.backends.cudnn.benchmark = True
    device = torch.device(device_name)
    result = {"torch": torch.__version__, "cudnn": torch.backends.cudnn.version(), "device": torch.cuda.get_device_name(device),
              "gemm_gflops": {}, "model_ms_per_step": {}}
    for n in [int(s) for s in sizes.split(",") if s]:
        a, b = torch.randn(n, n, device=device), torch.randn(n, n, device=device)
        result["gemm_gflops"][str(n)] = 2.0 * n ** 3 / timed(lambda: torch.matmul(a, b), device) / 1e9
    for name in [m for m in models.split(",") if m]:
        torch.manual_seed(0)
        result["model_ms_per_step"][name] = timed(seeds.training_step(name, device), device) * 1000
    print(json.dumps(result))


if __name__ == "__main__":
    main()
