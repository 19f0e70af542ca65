#!/usr/bin/env python3
"""The SimCLR training step of `samclr bench` written in PyTorch, as the baseline of its "vs PyTorch" rows.

Same network (the small CNN, or torchvision's ResNet-18 with the ImageNet or the CIFAR stem), same projection head
(Linear-BN-ReLU-Linear-BN, 512 hidden, 128 out, no bias before a batch norm), NT-Xent at T = 0.5, SGD with momentum
0.9 and weight decay 5e-4, the same batch, and views made per sample the usual PyTorch way: a random resized crop per
sample (scale 0.08-1, ratio 3/4-4/3) cut and resized by torchvision's roi_align, a flip, colour jitter (0.4, 0.4, 0.4,
0.1) with probability 0.8 in an order drawn per sample, grayscale with probability 0.2, ImageNet normalisation.
The images are random bytes held in memory, like the bench's. Prints one JSON object: the best and median seconds
per step (views included) and the best seconds of the views alone, over --steps timed steps after --warmup steps.

Needs PyTorch and torchvision (Debian 12: apt-get install python3-torch python3-torchvision, PyTorch 1.13.1).
"""
import argparse
import json
import random
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
import torchvision.transforms.functional as TF
from torchvision.ops import roi_align

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def small_cnn(width=32):
    layers, channels = [], 3
    for stage in range(4):
        out = width << stage
        layers += [nn.Conv2d(channels, out, 3, padding=1, bias=False), nn.BatchNorm2d(out), nn.ReLU(inplace=True)]
        if stage < 3:
            layers.append(nn.MaxPool2d(2))
        channels = out
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten()), channels


def backbone(name):
    if name == "small-cnn":
        return small_cnn()
    net = torchvision.models.resnet18()
    if name == "resnet18-cifar":
        net.conv1 = nn.Conv2d(3, 64, 3, stride=1, padding=1, bias=False)
        net.maxpool = nn.Identity()
    elif name != "resnet18":
        raise SystemExit(f"unknown backbone {name}: small-cnn, resnet18 or resnet18-cifar")
    net.fc = nn.Identity()
    return net, 512


def projection_head(features, hidden=512, out=128):
    return nn.Sequential(nn.Linear(features, hidden, bias=False), nn.BatchNorm1d(hidden), nn.ReLU(inplace=True),
                         nn.Linear(hidden, out, bias=False), nn.BatchNorm1d(out))


def nt_xent(z1, z2, temperature=0.5):
    b = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    logits = (z @ z.t()) / temperature
    logits = logits.masked_fill(torch.eye(2 * b, dtype=torch.bool), float("-inf"))
    targets = torch.cat([torch.arange(b, 2 * b), torch.arange(0, b)])
    return F.cross_entropy(logits, targets)


def crop_boxes(batch, height, width):
    """One random resized crop per sample (torchvision's RandomResizedCrop.get_params), as roi_align boxes."""
    boxes = torch.empty(batch, 5)
    image = torch.empty(3, height, width)
    for i in range(batch):
        top, left, h, w = torchvision.transforms.RandomResizedCrop.get_params(image, [0.08, 1.0], [3 / 4, 4 / 3])
        boxes[i] = torch.tensor([i, left, top, left + w, top + h], dtype=torch.float32)
    return boxes


def jitter(view, rng):
    steps = [lambda v: TF.adjust_brightness(v, rng.uniform(0.6, 1.4)),
             lambda v: TF.adjust_contrast(v, rng.uniform(0.6, 1.4)),
             lambda v: TF.adjust_saturation(v, rng.uniform(0.6, 1.4)),
             lambda v: TF.adjust_hue(v, rng.uniform(-0.1, 0.1))]
    rng.shuffle(steps)
    for step in steps:
        view = step(view)
    return view


def views(images, size, rng):
    """One augmented view of every image of the float batch [B, 3, H, W] in [0, 1]."""
    batch, _, height, width = images.shape
    crops = roi_align(images, crop_boxes(batch, height, width), output_size=size, sampling_ratio=2, aligned=True)
    out = []
    for i in range(batch):
        v = crops[i]
        if rng.random() < 0.5:
            v = v.flip(-1)
        if rng.random() < 0.8:
            v = jitter(v, rng)
        if rng.random() < 0.2:
            v = TF.rgb_to_grayscale(v, num_output_channels=3)
        out.append(v)
    return (torch.stack(out).clamp_(0, 1) - MEAN) / STD


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backbone", default="small-cnn")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--source", type=int, default=96, help="side of the square source images in pixels")
    parser.add_argument("--view", type=int, default=32, help="side of the views in pixels")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--steps", type=int, default=5)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rng = random.Random(0)
    images = torch.randint(0, 256, (args.batch, 3, args.source, args.source), dtype=torch.uint8)
    net, features = backbone(args.backbone)
    model = nn.Sequential(net, projection_head(features))
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.06 * args.batch / 256, momentum=0.9, weight_decay=5e-4)

    totals, view_times = [], []
    for step in range(args.warmup + args.steps):
        start = time.perf_counter()
        x = images.float().div_(255)
        v1, v2 = views(x, args.view, rng), views(x, args.view, rng)
        made = time.perf_counter()
        loss = nt_xent(model(v1), model(v2))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss.item()
        end = time.perf_counter()
        if step >= args.warmup:
            totals.append(end - start)
            view_times.append(made - start)
    print(json.dumps({
        "torch": torch.__version__, "torchvision": torchvision.__version__, "threads": torch.get_num_threads(),
        "backbone": args.backbone, "batch": args.batch, "source": args.source, "view": args.view,
        "best_seconds_per_step": min(totals), "median_seconds_per_step": statistics.median(totals),
        "best_view_seconds": min(view_times),
    }))


if __name__ == "__main__":
    main()
