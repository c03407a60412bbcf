"""PyTorch side of `make bench-compare`: one seed model's training step, timed as SeedStep.cs times ours.

Usage: /usr/bin/python3 torch_seed_models.py MODEL THREADS [--batch N]
       (MODEL: task2 cnn5 resnet18 pool-upsample conv-transpose unet srcnn nerf nerf-full nerf-fast yolo)
Prints one JSON line: model, batch, items_per_s, ms_per_step, cpu_ms_per_step (process CPU time), peak_rss_bytes,
torch version and thread count, after a warm-up of 64 steps or 30 s (at least 2 steps), as SeedStep.cs's.
       /usr/bin/python3 torch_seed_models.py MODEL THREADS [--batch N] --turns
warms up, prints "ready", then times a round of steps (at least one, and 1 s) for each "round" line on standard
input, one JSON line each (items_per_s, ms_per_step, cpu_ms_per_step, steps), and at "end" prints peak_rss_bytes:
the turns `make bench-compare` has the two sides take. --flush-denormal (either form) runs PyTorch with subnormals
flushed to zero in every thread, as this engine's CPU kernels run (benchmarks compare --torch-flush-denormal).
The batch is 128 images (65536 points for nerf, 1024 rays for nerf-full, 4096 for nerf-fast, 32 images for yolo)
unless given; nerf-full and nerf-fast train with Adam, as the NeRF runs do, the others with SGD momentum.
       /usr/bin/python3 torch_seed_models.py MODEL THREADS --profile STEPS
prints instead torch.profiler's self CPU time per op, in ms per step over STEPS steps (beside `benchmarks profile`).
       /usr/bin/python3 torch_seed_models.py --upscale SIZE THREADS
prints the FSRCNN(56, 12, 4) x3 forward on a SIZE x SIZE luma plane, without autograd, as one JSON line: output
megapixels per second and ms per image (the network of `ilgpunet sr upscale`, random weights: timing only).
       /usr/bin/python3 torch_seed_models.py --probe
prints what PyTorch runs on here as one JSON line: the OpenBLAS it loaded and that library's core, oneDNN's
availability, ATen's CPU capability; run it with DNNL_VERBOSE=1 to see which oneDNN kernels a convolution and a
transposed convolution (forward and backward) take.
Needs Debian's python3-torch, python3-torchvision and libopenblas0-pthread; installs nothing.
"""
import ctypes, json, math, resource, sys, time

if "--flush-denormal" in sys.argv:
    # FTZ + DAZ in MXCSR (glibc's femode_t: x87 control word, MXCSR) before torch starts its BLAS and OpenMP threads,
    # which inherit this thread's mode: every thread then flushes subnormals, as ours do
    mode, libm = (ctypes.c_uint32 * 2)(), ctypes.CDLL("libm.so.6")
    libm.fegetmode(mode)
    mode[1] |= 0x8040
    if libm.fesetmode(mode) != 0:
        sys.exit("--flush-denormal: fesetmode failed")

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
import torchvision.ops as ops

BATCH = 128
NERF_POINTS = 65536
DETECTOR_BATCH, DETECTOR_CLASSES, STRIDE = 32, 10, 8


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


class NerfMLP(nn.Module):  # nerf-pytorch's NeRF: 8 x 256, skip after layer 5, density head, 128-wide view branch
    def __init__(self, d=8, w=256, in_pts=63, in_views=27, skip=4):
        super().__init__()
        self.skip, self.in_pts = skip, in_pts
        self.pts_linears = nn.ModuleList(
            [nn.Linear(in_pts, w)] + [nn.Linear(w + in_pts if i == skip else w, w) for i in range(d - 1)])
        self.feature_linear, self.alpha_linear = nn.Linear(w, w), nn.Linear(w, 1)
        self.views_linears = nn.ModuleList([nn.Linear(w + in_views, w // 2)])
        self.rgb_linear = nn.Linear(w // 2, 3)

    def forward(self, pts, views):
        h = pts
        for i, layer in enumerate(self.pts_linears):
            h = F.relu(layer(h))
            if i == self.skip:
                h = torch.cat([pts, h], -1)
        alpha = self.alpha_linear(h)
        h = F.relu(self.views_linears[0](torch.cat([self.feature_linear(h), views], -1)))
        return self.rgb_linear(h), alpha


def embed(x, frequencies):  # nerf-pytorch's embedder: x, then sin and cos of 2^l x
    return torch.cat([x] + [f(x * 2.0 ** l) for l in range(frequencies) for f in (torch.sin, torch.cos)], -1)


def composite(sigma, rgb, z, dists):  # volume rendering on white; (R, S) densities and depths, (R, S, 3) colours
    alpha = 1 - torch.exp(-F.relu(sigma) * dists)
    transmittance = torch.cumprod(torch.cat([torch.ones_like(alpha[:, :1]), 1 - alpha + 1e-10], -1), -1)[:, :-1]
    weights = alpha * transmittance
    color = (weights[..., None] * rgb).sum(1)
    return color + (1 - weights.sum(1, keepdim=True)), weights


def render_samples(model, rays_o, rays_d, z):  # as src/Projects/Nerf/Models/PaperNerf.cs: last interval ends at far
    pts = rays_o[:, None] + rays_d[:, None] * z[..., None]
    views = F.normalize(rays_d, dim=-1)[:, None].expand(pts.shape)
    rgb, sigma = model(embed(pts, 10), embed(views, 4))
    dists = torch.cat([z[:, 1:] - z[:, :-1], torch.zeros_like(z[:, :1])], -1) * rays_d.norm(dim=-1, keepdim=True)
    return composite(sigma[..., 0], torch.sigmoid(rgb), z, dists)


def sample_pdf(bins, weights, n):  # nerf-pytorch's sample_pdf with random u
    weights = weights + 1e-5
    cdf = torch.cumsum(weights / weights.sum(-1, keepdim=True), -1)
    cdf = torch.cat([torch.zeros_like(cdf[:, :1]), cdf], -1)
    u = torch.rand(cdf.shape[0], n)
    inds = torch.searchsorted(cdf, u, right=True)
    below, above = (inds - 1).clamp(min=0), inds.clamp(max=cdf.shape[-1] - 1)
    cdf_g = torch.stack([cdf.gather(1, below), cdf.gather(1, above)], -1)
    bins_g = torch.stack([bins.gather(1, below), bins.gather(1, above)], -1)
    denom = cdf_g[..., 1] - cdf_g[..., 0]
    denom = torch.where(denom < 1e-5, torch.ones_like(denom), denom)
    return bins_g[..., 0] + (u - cdf_g[..., 0]) / denom * (bins_g[..., 1] - bins_g[..., 0])


def random_rays(count):  # cameras 4 from the origin aimed at points in [-1, 1]^3, unit directions
    azimuth, elevation = 2 * torch.pi * torch.rand(count), torch.deg2rad(10 + 60 * torch.rand(count))
    origins = 4 * torch.stack([elevation.cos() * azimuth.cos(), elevation.cos() * azimuth.sin(), elevation.sin()], -1)
    return origins, F.normalize(2 * torch.rand(count, 3) - 1 - origins, dim=-1)


def nerf_full(rays):  # NerfSteps.Paper: 1024 rays, 64 stratified + 128 inverse-CDF samples, coarse + fine, Adam 5e-4
    coarse_n, fine_n = 64, 128
    coarse, fine = NerfMLP(), NerfMLP()
    opt = torch.optim.Adam(list(coarse.parameters()) + list(fine.parameters()), lr=5e-4)
    rays_o, rays_d = random_rays(rays)
    target = torch.rand(rays, 3)
    grid = torch.linspace(2.0, 6.0, coarse_n)

    def step():
        opt.zero_grad()
        mids = 0.5 * (grid[1:] + grid[:-1])
        lower, upper = torch.cat([grid[:1], mids]), torch.cat([mids, grid[-1:]])
        z = (lower + (upper - lower) * torch.rand(rays, coarse_n))
        color_c, weights = render_samples(coarse, rays_o, rays_d, z)
        z_mid = 0.5 * (z[:, 1:] + z[:, :-1])
        z_fine = sample_pdf(z_mid, weights[:, 1:-1].detach(), fine_n).detach()
        z_all, _ = torch.sort(torch.cat([z, z_fine], -1), -1)
        color_f, _ = render_samples(fine, rays_o, rays_d, z_all)
        (F.mse_loss(color_f, target) + F.mse_loss(color_c, target)).backward()
        opt.step()
    return step


class HashGrid(nn.Module):  # multiresolution hash encoding written in plain torch ops (no hash-grid library here), as HashGridEncoding
    def __init__(self, levels=16, features=2, log2_table=15, base=16, finest=1024):
        super().__init__()
        growth = math.exp((math.log(finest) - math.log(base)) / (levels - 1))
        self.resolutions = [min(finest, int(math.floor(base * growth ** l + 1e-9))) for l in range(levels)]
        self.size = 2 ** log2_table
        self.table = nn.Parameter(torch.empty(levels, self.size, features).uniform_(-1e-4, 1e-4))
        self.corners = torch.tensor([[b & 1, (b >> 1) & 1, (b >> 2) & 1] for b in range(8)])

    def forward(self, x):  # (N, 3) in [0, 1] -> (N, levels * features)
        out = []
        for level, res in enumerate(self.resolutions):
            p = x.clamp(0, 1) * res
            cell = p.floor().clamp(max=res - 1)
            frac = p - cell
            v = cell.long()[:, None] + self.corners  # (N, 8, 3)
            if (res + 1) ** 3 <= self.size:
                rows = v[..., 0] + (res + 1) * (v[..., 1] + (res + 1) * v[..., 2])
            else:
                rows = (v[..., 0] ^ (v[..., 1] * 2654435761) ^ (v[..., 2] * 805459861)) % self.size
            w = torch.where(self.corners.bool(), frac[:, None], 1 - frac[:, None]).prod(-1)  # (N, 8)
            out.append((w[..., None] * self.table[level][rows]).sum(1))
        return torch.cat(out, -1)


def nerf_fast(rays):  # NerfSteps.Fast: 4096 rays x 32 samples in the cube, hash grid + tiny MLPs, Adam(0.9, 0.99, 1e-15) 1e-2
    per_ray, step_length = 32, 3 * math.sqrt(3) / 512
    encoding = HashGrid()
    density = nn.Sequential(nn.Linear(32, 64, bias=False), nn.ReLU(), nn.Linear(64, 16, bias=False))
    color = nn.Sequential(nn.Linear(32, 64, bias=False), nn.ReLU(), nn.Linear(64, 64, bias=False), nn.ReLU(), nn.Linear(64, 3, bias=False))
    opt = torch.optim.Adam([{"params": encoding.parameters()},
                            {"params": list(density.parameters()) + list(color.parameters()), "weight_decay": 1e-6}],
                           lr=1e-2, betas=(0.9, 0.99), eps=1e-15)
    positions = 0.25 + 0.5 * torch.rand(rays * per_ray, 3)
    harmonics = torch.randn(rays, 16).repeat_interleave(per_ray, 0)  # stands in for the SH of each ray's direction
    z = (2 + step_length * torch.arange(per_ray)).expand(rays, per_ray)
    dists = torch.full((rays, per_ray), step_length)
    target = torch.rand(rays, 3)

    def step():
        opt.zero_grad()
        h = density(encoding(positions))
        sigma = (h[:, 0] - 1).clamp(-15, 15).exp()  # FastNerf's density: exp(h - 1), clamped
        rgb = torch.sigmoid(color(torch.cat([h, harmonics], -1)))
        out, _ = composite(sigma.view(rays, per_ray), rgb.view(rays, per_ray, 3), z, dists)
        F.mse_loss(out, target).backward()
        opt.step()
    return step


class Fsrcnn(nn.Module):  # FSRCNN(d=56, s=12, m=4) as src/Layers/Models/Fsrcnn.cs, parameter names of the usual port
    def __init__(self, scale, d=56, s=12, m=4):
        super().__init__()
        self.first_part = nn.Sequential(nn.Conv2d(1, d, 5, padding=2), nn.PReLU(d))
        mid = [nn.Conv2d(d, s, 1), nn.PReLU(s)]
        for _ in range(m):
            mid += [nn.Conv2d(s, s, 3, padding=1), nn.PReLU(s)]
        self.mid_part = nn.Sequential(*mid, nn.Conv2d(s, d, 1), nn.PReLU(d))
        self.last_part = nn.ConvTranspose2d(d, 1, 9, stride=scale, padding=4, output_padding=scale - 1)

    def forward(self, x):
        return self.last_part(self.mid_part(self.first_part(x)))


def upscale(size, threads, scale=3):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model, x = Fsrcnn(scale).eval(), torch.rand(1, 1, size, size)
    with torch.no_grad():
        for _ in range(2):
            model(x)
        start, timed = time.perf_counter(), 0
        while timed < 3 or time.perf_counter() - start < MIN_TIMED_SECONDS:
            model(x)
            timed += 1
    seconds = (time.perf_counter() - start) / timed
    print(json.dumps({"size": size, "scale": scale, "megapixels_per_s": (size * scale) ** 2 / seconds / 1e6,
                      "ms_per_image": seconds * 1000, "threads": torch.get_num_threads()}))


class YoloDetector(nn.Module):  # ResNet18 stem + layers 1-3, one-level FPN neck, stride-8 head (IlgpuNet's YoloDetector)
    def __init__(self, classes, width=128):
        super().__init__()
        r = torchvision.models.resnet18()
        self.backbone = nn.Sequential(r.conv1, r.bn1, r.relu, r.maxpool, r.layer1, r.layer2)
        self.layer3 = r.layer3
        self.lateral_fine, self.lateral_coarse = nn.Conv2d(128, width, 1), nn.Conv2d(256, width, 1)
        self.smooth = nn.Sequential(nn.Conv2d(width, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU())
        self.head = nn.Sequential(nn.Conv2d(width, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(), nn.Conv2d(width, 5 + classes, 1))

    def forward(self, x):
        fine = self.backbone(x)
        coarse = self.layer3(fine)
        return self.head(self.smooth(self.lateral_fine(fine) + F.interpolate(self.lateral_coarse(coarse), scale_factor=2.0)))


def detection_targets(images, classes):  # three objects per image at fixed places, as SeedModels.cs
    t = torch.empty(images, 3, 5)
    for i in range(images):
        for j in range(3):
            x, y, hw, hh = (16 + 40 * j + 3 * i) % 96 + 16, (24 + 32 * j + 5 * i) % 96 + 16, 10 + 3 * j, 14 - 2 * j
            t[i, j] = torch.tensor([(i + j) % classes, x - hw, y - hh, x + hw, y + hh], dtype=torch.float32)
    return t


def yolo_loss(targets, classes):
    """IlgpuNet's YoloLoss: each object trains its centre cell and the nearer horizontal and vertical neighbours;
    5 x mean(1 - GIoU) + objectness BCE (target: detached GIoU) + BCEcls, the last two summed over cells / positives."""
    def loss(pred):
        n, _, gh, gw = pred.shape
        claims = {}
        for row, (c, x1, y1, x2, y2) in enumerate(targets.reshape(-1, 5).tolist()):
            image = row // targets.shape[1]
            gx, gy = (x1 + x2) / 2 / STRIDE, (y1 + y2) / 2 / STRIDE
            col, line = min(max(math.floor(gx), 0), gw - 1), min(max(math.floor(gy), 0), gh - 1)
            for cx, cy in [(col, line), (col - 1 if gx - col < 0.5 else col + 1, line), (col, line - 1 if gy - line < 0.5 else line + 1)]:
                if 0 <= cx < gw and 0 <= cy < gh:
                    cell, d = (image * gh + cy) * gw + cx, (gx - cx - 0.5) ** 2 + (gy - cy - 0.5) ** 2
                    if cell not in claims or d < claims[cell][0]:
                        claims[cell] = (d, row)
        cells = sorted(claims)
        chosen = targets.reshape(-1, 5)[[claims[c][1] for c in cells]].to(pred.device)
        cell_x = torch.tensor([c % gw for c in cells], dtype=pred.dtype, device=pred.device)
        cell_y = torch.tensor([c // gw % gh for c in cells], dtype=pred.dtype, device=pred.device)
        rows = pred.permute(0, 2, 3, 1).reshape(n * gh * gw, -1)
        pos = rows[cells]
        cx = (torch.sigmoid(pos[:, 0]) * 2 - 0.5 + cell_x) * STRIDE
        cy = (torch.sigmoid(pos[:, 1]) * 2 - 0.5 + cell_y) * STRIDE
        hw, hh = torch.exp(pos[:, 2].clamp(max=5)) * STRIDE / 2, torch.exp(pos[:, 3].clamp(max=5)) * STRIDE / 2
        box_losses = ops.generalized_box_iou_loss(torch.stack([cx - hw, cy - hh, cx + hw, cy + hh], 1), chosen[:, 1:])
        obj_target = torch.zeros(n * gh * gw, device=pred.device)  # on the model's device (tools/gpu-check runs it on CUDA)
        obj_target[cells] = (1 - box_losses.detach()).clamp(min=0)
        obj = F.binary_cross_entropy_with_logits(rows[:, 4], obj_target, reduction="sum") / len(cells)
        cls = F.binary_cross_entropy_with_logits(pos[:, 5:], F.one_hot(chosen[:, 0].long(), classes).float(), reduction="sum") / len(cells)
        return 5 * box_losses.mean() + obj + cls
    return loss


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
ROUND_SECONDS = 1.0  # one turn of SideBySide.cs's rounds
WARM_UP_STEPS, MIN_WARM_UP_STEPS, MAX_WARM_UP_SECONDS = 64, 2, 30.0  # SeedStep.cs's rule, so both sides reach their steady state

MODELS = {  # name: (build, input shape, loss, timed steps) for a batch b -- as SeedModels.cs; items per step = b
    "task2": lambda b: (task2, (b, 3, 32, 32), class_loss((b,), 10), 6),
    "cnn5": lambda b: (cnn5, (b, 3, 64, 64), class_loss((b,), 10), 2),
    "resnet18": lambda b: (lambda: torchvision.models.resnet18(num_classes=10), (b, 3, 32, 32), class_loss((b,), 10), 3),
    "pool-upsample": lambda b: (pool_upsample, (b, 1, 32, 32), class_loss((b, 32, 32), 24), 6),
    "conv-transpose": lambda b: (ConvTransposeNet, (b, 1, 32, 32), class_loss((b, 32, 32), 24), 6),
    "unet": lambda b: (lambda: ConvTransposeNet(skip=True), (b, 1, 32, 32), class_loss((b, 32, 32), 24), 6),
    "srcnn": lambda b: (srcnn, (b, 1, 33, 33), mean_square, 6),
    "nerf": lambda b: (nerf_mlp, (b, 63), mean_square, 3),
    "yolo": lambda b: (lambda: YoloDetector(DETECTOR_CLASSES), (b, 3, 128, 128),
                       yolo_loss(detection_targets(b, DETECTOR_CLASSES), DETECTOR_CLASSES), 3),
}


RAY_STEPS = {"nerf-full": (nerf_full, 1024, 2), "nerf-fast": (nerf_fast, 4096, 3)}  # as NerfSteps.cs: (build, rays, timed steps); items = rays


def default_batch(name):
    return {"nerf": NERF_POINTS, "yolo": DETECTOR_BATCH}.get(name, RAY_STEPS[name][1] if name in RAY_STEPS else BATCH)


def training_step(name, device="cpu", batch=None):
    """The seed model's training step (zero_grad, forward, loss, backward, SGD step) on a device, ready to call."""
    build, shape, loss_fn, _ = MODELS[name](batch or default_batch(name))
    model, x = build().to(device), torch.randn(*shape).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    model.train()

    def step():
        opt.zero_grad()
        loss_fn(model(x)).backward()
        opt.step()

    return step


def probe():
    import ctypes
    mapped = {line.split()[-1] for line in open("/proc/self/maps") if "/lib" in line}
    blas_path = next((path for path in mapped if "libopenblas" in path), None)
    # torch calls sgemm_ through libblas.so.3: LAPACK may load OpenBLAS while Debian's alternatives point BLAS elsewhere
    if any("libblas.so" in path and "openblas" not in path for path in mapped):
        blas_path = None
    core = config = None
    if blas_path:
        blas = ctypes.CDLL(blas_path)
        blas.openblas_get_corename.restype = blas.openblas_get_config.restype = ctypes.c_char_p
        core, config = blas.openblas_get_corename().decode(), blas.openblas_get_config().decode()
    for layer, shape in [(nn.Conv2d(32, 64, 5, padding=2), (16, 32, 16, 16)), (nn.ConvTranspose2d(64, 32, 3, 2, 1, 1), (16, 64, 8, 8))]:
        layer(torch.randn(*shape, requires_grad=True)).sum().backward()
    capability = next((line.split(":", 1)[1].strip() for line in torch.__config__.show().splitlines()
                       if "CPU capability usage" in line), None)
    sys.stdout.flush()
    print(json.dumps({"torch": torch.__version__, "openblas": blas_path, "openblas_core": core, "openblas_config": config,
                      "mkldnn_available": torch.backends.mkldnn.is_available(), "mkldnn_enabled": torch.backends.mkldnn.enabled,
                      "aten_cpu_capability": capability}))


def main():
    if sys.argv[1] == "--probe":
        probe()
        return
    if sys.argv[1] == "--upscale":
        upscale(int(sys.argv[2]), int(sys.argv[3]))
        return
    name, threads = sys.argv[1], int(sys.argv[2])
    options = sys.argv[3:]
    batch = int(options[options.index("--batch") + 1]) if "--batch" in options else default_batch(name)
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    if name in RAY_STEPS:
        step, steps, items = RAY_STEPS[name][0](batch), RAY_STEPS[name][2], batch
    else:
        step, steps, items = training_step(name, batch=batch), MODELS[name](batch)[3], batch

    start, warmed = time.perf_counter(), 0
    while warmed < MIN_WARM_UP_STEPS or (warmed < WARM_UP_STEPS and time.perf_counter() - start < MAX_WARM_UP_SECONDS):
        step()
        warmed += 1
    if "--profile" in options:
        profile(step, int(options[options.index("--profile") + 1]))
        return
    if "--turns" in options:
        take_turns(step, items)
        return
    # the reference's step count, and more until 3 s have passed (as SeedStep.cs does)
    timed, seconds, cpu_seconds = timed_steps(step, steps, MIN_TIMED_SECONDS)
    print(json.dumps({"model": name, "batch": batch, "items_per_s": items / seconds, "ms_per_step": seconds * 1000, "cpu_ms_per_step": cpu_seconds * 1000,
                      "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


def timed_steps(step, min_steps, min_seconds):  # -> (steps, seconds per step, CPU seconds per step)
    start, cpu, timed = time.perf_counter(), time.process_time(), 0
    while timed < min_steps or time.perf_counter() - start < min_seconds:
        step()
        timed += 1
    return timed, (time.perf_counter() - start) / timed, (time.process_time() - cpu) / timed


def take_turns(step, items):  # SeedStep.TakeTurns's protocol: "ready", then a JSON line per "round", the memory at "end"
    print("ready", flush=True)
    while sys.stdin.readline().strip() == "round":
        timed, seconds, cpu_seconds = timed_steps(step, 1, ROUND_SECONDS)
        print(json.dumps({"items_per_s": items / seconds, "ms_per_step": seconds * 1000, "cpu_ms_per_step": cpu_seconds * 1000, "steps": timed}),
              flush=True)
    print(json.dumps({"peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}), flush=True)


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
