"""PyTorch side of `make bench-compare`: one seed model's training step, timed as SeedStep.cs times ours.

Usage: /usr/bin/python3 torch_seed_models.py MODEL THREADS   (MODEL: task2 cnn5 resnet18 pool-upsample conv-transpose unet srcnn nerf)
Prints one JSON line: model, items_per_s, ms_per_step, peak_rss_bytes, torch version and thread count.
       /usr/bin/python3 torch_seed_models.py MODEL THREADS --profile STEPS
prints instead torch.profiler's self CPU time per op, in ms per step over STEPS steps (beside `benchmarks profile`).
Needs Debian's python3-torch, python3-torchvision and libopenblas0-pthread; installs nothing.
"""
import json, resource, sys, time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

BATCH = 128
NERF_POINTS = 65536


def task2():  # Table 2: conv 5x5 32/64/128 + ReLU + 2x2 max-pool, FC 64, FC 10 (390,410 parameters)
    return nn.Sequential(
        nn.Conv2d(3, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(2048, 64), nn.ReLU(), nn.Linear(64, 10))


def cnn5():  # Table 1: five conv-BN-ReLU-maxpool(3, stride 1) blocks, global average pool, linear 80 -> 10
    layers, cin = [], 3
    for k, p, c in [(7, 3, 16), (3, 1, 32), (3, 1, 48), (3, 1, 64), (3, 1, 80)]:
        layers += [nn.Conv2d(cin, c, k, padding=p), nn.BatchNorm2d(c), nn.ReLU(), nn.MaxPool2d(3, stride=1, padding=1)]
        cin = c
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(80, 10))


def colour_block(conv, c, *between):  # the colourization networks' [conv - (pool | upsample) - BN - ReLU] layers
    return nn.Sequential(conv, *between, nn.BatchNorm2d(c), nn.ReLU())


def pool_upsample(nf=32, nc=24, nic=1):  # kernel 3, padding 1 everywhere (ColourNetConfig's kernel-3 values)
    return nn.Sequential(
        colour_block(nn.Conv2d(nic, nf, 3, padding=1), nf, nn.MaxPool2d(2)),
        colour_block(nn.Conv2d(nf, 2 * nf, 3, padding=1), 2 * nf, nn.MaxPool2d(2)),
        colour_block(nn.Conv2d(2 * nf, nf, 3, padding=1), nf, nn.Upsample(scale_factor=2)),
        colour_block(nn.Conv2d(nf, nc, 3, padding=1), nc, nn.Upsample(scale_factor=2)),
        nn.Conv2d(nc, nc, 3, padding=1))


class ConvTransposeNet(nn.Module):  # NF=32, 24 colour classes, 3x3 kernels; UNet when skip (layer1 -> layer4, x -> layer5)
    def __init__(self, nf=32, nc=24, nic=1, skip=False):
        super().__init__()
        self.skip = skip
        self.layer1 = colour_block(nn.Conv2d(nic, nf, 3, 2, 1), nf)
        self.layer2 = colour_block(nn.Conv2d(nf, 2 * nf, 3, 2, 1), 2 * nf)
        self.layer3 = colour_block(nn.ConvTranspose2d(2 * nf, nf, 3, 2, 1, 1), nf)
        self.layer4 = colour_block(nn.ConvTranspose2d(2 * nf if skip else nf, nc, 3, 2, 1, 1), nc)
        self.layer5 = nn.Conv2d(nc + nic if skip else nc, nc, 3, padding=1)

    def forward(self, x):
        first = self.layer1(x)
        out = self.layer3(self.layer2(first))
        if not self.skip:
            return self.layer5(self.layer4(out))
        return self.layer5(torch.cat([self.layer4(torch.cat([out, first], 1)), x], 1))


def srcnn():  # 9-1-5, 64/32 filters, padded
    return nn.Sequential(nn.Conv2d(1, 64, 9, padding=4), nn.ReLU(), nn.Conv2d(64, 32, 1), nn.ReLU(), nn.Conv2d(32, 1, 5, padding=2))


def nerf_mlp():  # positional encoding 63 -> 8 x 256 ReLU -> rgb + sigma (coarse, no skip)
    layers = [nn.Linear(63, 256), nn.ReLU()]
    for _ in range(7):
        layers += [nn.Linear(256, 256), nn.ReLU()]
    return nn.Sequential(*layers, nn.Linear(256, 4))


def class_loss(shape, classes):
    target = torch.randint(0, classes, shape)
    on_device = {}  # the target moved once to each device the model runs on (tools/gpu-check times these on CUDA)

    def loss(out):
        if out.device not in on_device:
            on_device[out.device] = target.to(out.device)
        return F.cross_entropy(out, on_device[out.device])

    return loss


def mean_square(out):
    return out.square().mean()


MIN_TIMED_SECONDS = 3.0

MODELS = {  # name: (build, input shape, loss, items per step, timed steps) -- as SeedModels.cs
    "task2": (task2, (BATCH, 3, 32, 32), class_loss((BATCH,), 10), BATCH, 6),
    "cnn5": (cnn5, (BATCH, 3, 64, 64), class_loss((BATCH,), 10), BATCH, 2),
    "resnet18": (lambda: torchvision.models.resnet18(num_classes=10), (BATCH, 3, 32, 32), class_loss((BATCH,), 10), BATCH, 3),
    "pool-upsample": (pool_upsample, (BATCH, 1, 32, 32), class_loss((BATCH, 32, 32), 24), BATCH, 6),
    "conv-transpose": (ConvTransposeNet, (BATCH, 1, 32, 32), class_loss((BATCH, 32, 32), 24), BATCH, 6),
    "unet": (lambda: ConvTransposeNet(skip=True), (BATCH, 1, 32, 32), class_loss((BATCH, 32, 32), 24), BATCH, 6),
    "srcnn": (srcnn, (BATCH, 1, 33, 33), mean_square, BATCH, 6),
    "nerf": (nerf_mlp, (NERF_POINTS, 63), mean_square, NERF_POINTS, 3),
}


def training_step(name, device="cpu"):
    """The seed model's training step (zero_grad, forward, loss, backward, SGD step) on a device, ready to call."""
    build, shape, loss_fn, _, _ = MODELS[name]
    model, x = build().to(device), torch.randn(*shape).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    model.train()

    def step():
        opt.zero_grad()
        loss_fn(model(x)).backward()
        opt.step()

    return step


def main():
    name, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    _, _, _, items, steps = MODELS[name]
    step = training_step(name)

    for _ in range(2):
        step()
    if len(sys.argv) > 4 and sys.argv[3] == "--profile":
        profile(step, int(sys.argv[4]))
        return
    # the reference's step count, and more until 3 s have passed (as SeedStep.cs does)
    start, timed = time.perf_counter(), 0
    while timed < steps or time.perf_counter() - start < MIN_TIMED_SECONDS:
        step()
        timed += 1
    seconds = (time.perf_counter() - start) / timed
    print(json.dumps({"model": name, "items_per_s": items / seconds, "ms_per_step": seconds * 1000,
                      "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


def profile(step, steps):
    from torch.profiler import ProfilerActivity
    with torch.profiler.profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(steps):
            step()
    rows = sorted(prof.key_averages(), key=lambda e: e.self_cpu_time_total, reverse=True)
    total = sum(e.self_cpu_time_total for e in rows)
    print(f"{'op':<48} {'calls':>6} {'ms/step':>9}")
    for e in rows:
        if e.self_cpu_time_total >= 0.001 * total:
            print(f"{e.key:<48} {e.count // steps:>6} {e.self_cpu_time_total / 1000 / steps:>9.2f}")
    print(f"{'total self CPU time':<48} {'':>6} {total / 1000 / steps:>9.2f}")


if __name__ == "__main__":
    main()
