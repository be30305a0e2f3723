#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
"""Trains a network for TNAM's modes and exports it as a .tnn model file (docs/nn.md).

From a printed seed: a float baseline of the network's shape, then quantisation-aware training
(straight-through estimators) initialised from it, for the 1.5-bit mode (bin: ternary weights,
binary activations) or the 4-bit mode (q4: weights -7..7, activations 0..15, a power-of-two
requantisation shift per layer). The q4 forward pass computes in the integer domain (integer
values held exactly in float32), so its evaluation is the integer network itself; the bin
network's thresholds come from folding batch norm after training. Before saving, a plain
integer emulation (numpy int64) of exactly what the file holds is run on the test images:
its accuracy is what the model's .json records and what `make nn-check` requires the C
reference to reproduce.

Debian's interpreter: /usr/bin/python3 with python3-torch and python3-numpy (make deps-train).
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time
import zlib

import numpy as np
import torch
import torch.nn.functional as F

FORMAT_VERSION = 1
MAGIC = b"TNAMNET\x1a"
HEADER = 60
MODE_CODE = {"bin": 1, "q4": 2}
TYPE_CODE = {"dense": 1, "conv": 2, "pool": 3}
DIGITS_ROWS, DIGITS_TEST = 1797, 360

# Layer lists per network and input side: ("conv", out, k), ("pool", k), ("dense", out).
# The last dense layer's outputs are the classes.
# 28x28 (MNIST-format IDX): an MLP of 784-96-64-10 (83 KB: 784-128-.. would pass 100 KB) and
# LeNet-5 (conv5x6, pool2, conv5x16, pool2, 256-120-84-10; 44 KB).
NETS = {
    ("mlp", 28): [("dense", 96), ("dense", 64), ("dense", 10)],
    ("mlp", 8): [("dense", 64), ("dense", 32), ("dense", 10)],
    ("cnn", 28): [("conv", 6, 5), ("pool", 2), ("conv", 16, 5), ("pool", 2), ("dense", 120),
                  ("dense", 84), ("dense", 10)],
    ("cnn", 8): [("conv", 8, 3), ("conv", 16, 3), ("pool", 2), ("dense", 32), ("dense", 10)],
}


# ---- data ------------------------------------------------------------------------------

def read_idx(path, ndims):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 + 4 * ndims or data[:3] != b"\0\0\x08" or data[3] != ndims:
        sys.exit(f"tnam_train: {path}: not an unsigned-byte IDX file of {ndims} dimensions")
    dims = struct.unpack(">" + "I" * ndims, data[4:4 + 4 * ndims])
    body = np.frombuffer(data, np.uint8, offset=4 + 4 * ndims)
    if body.size != math.prod(dims):
        sys.exit(f"tnam_train: {path}: header says {math.prod(dims)} elements, "
                 f"the file holds {body.size}")
    return body.reshape(dims)


def idx_file(folder, base):
    for name in (base, base + ".gz"):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    sys.exit(f"tnam_train: {folder}: no {base} or {base}.gz")


def load_idx(folder, split):
    images = read_idx(idx_file(folder, f"{split}-images-idx3-ubyte"), 3)
    labels = read_idx(idx_file(folder, f"{split}-labels-idx1-ubyte"), 1)
    if len(images) != len(labels):
        sys.exit(f"tnam_train: {folder}: {len(images)} images but {len(labels)} labels")
    return images, labels


def load_data(args):
    """(train images, train labels, test images, test labels, pixel_max), images N x H x W."""
    if args.digits:
        with gzip.open(args.digits, "rt") as f:
            table = np.loadtxt(f, delimiter=",")
        if table.shape != (DIGITS_ROWS, 65):
            sys.exit(f"tnam_train: {args.digits}: shape {table.shape}, expected (1797, 65)")
        images = table[:, :64].astype(np.uint8).reshape(-1, 8, 8)
        labels = table[:, 64].astype(np.uint8)
        cut = DIGITS_ROWS - DIGITS_TEST
        return images[:cut], labels[:cut], images[cut:], labels[cut:], 16
    tr_x, tr_y = load_idx(args.data, "train")
    te_x, te_y = load_idx(args.data, "t10k")
    return tr_x, tr_y, te_x, te_y, 255


# ---- quantisation primitives -----------------------------------------------------------

def ste(x, q):
    """q in the forward pass (exactly: x - x.detach() is 0), the identity's gradient in the
    backward pass."""
    return q.detach() + (x - x.detach())


def ternary(w):
    """Ternary weights (TWN: zero below 0.7 mean |w|), straight through."""
    delta = 0.7 * w.abs().mean()
    return ste(w, torch.sign(w) * (w.abs() > delta).float())


def binary_act(y):
    """1 if y > 0 else 0; the gradient of a hard sigmoid on [-1, 1]."""
    soft = torch.clamp((y + 1) / 2, 0, 1)
    return ste(soft, (y > 0).float())


def apply(kind, x, w):
    if kind == "conv":
        return F.conv2d(x, w)
    return F.linear(x.flatten(1), w)


# ---- networks --------------------------------------------------------------------------

class Net(torch.nn.Module):
    """One network shape in three forms: float, bin and q4. Parameters are kept per compute
    layer in the float layout (conv: out x in x k x k; dense: out x in)."""

    def __init__(self, layers, in_shape, classes):
        super().__init__()
        self.layers = layers
        self.shapes = []  # (input shape, output shape) per layer
        c, h, w = in_shape
        self.weights, self.biases, self.norms = (torch.nn.ParameterList(), torch.nn.ParameterList(),
                                                 torch.nn.ModuleList())
        for i, spec in enumerate(layers):
            kind = spec[0]
            if kind == "pool":
                out = (c, h // spec[1], w // spec[1])
            elif kind == "conv":
                out = (spec[1], h - spec[2] + 1, w - spec[2] + 1)
                fan = c * spec[2] * spec[2]
                self.weights.append(torch.nn.Parameter(
                    torch.randn(spec[1], c, spec[2], spec[2]) / math.sqrt(fan)))
            else:
                out = (spec[1], 1, 1)
                fan = c * h * w
                self.weights.append(torch.nn.Parameter(torch.randn(spec[1], fan) / math.sqrt(fan)))
            if kind != "pool":
                self.biases.append(torch.nn.Parameter(torch.zeros(out[0])))
                if i + 1 < len(layers):
                    norm = torch.nn.BatchNorm2d if kind == "conv" else torch.nn.BatchNorm1d
                    self.norms.append(norm(out[0]))
            self.shapes.append(((c, h, w), out))
            c, h, w = out
        assert layers[-1][0] == "dense" and layers[-1][1] == classes
        self.mode = "float"
        # The bin output layer's softmax temperature, learned (its logits are sums of -1/0/1).
        self.out_scale = torch.nn.Parameter(torch.tensor(0.1))
        self.int_logits = None  # q4: the last forward pass's integer logits
        self.q4 = None  # q4 calibration: per compute layer (weight scale, input scale, shift)

    def compute_layers(self):
        return [i for i, s in enumerate(self.layers) if s[0] != "pool"]

    def forward(self, x):
        """x: N x 1 x H x W, the float input (pixels / pixel_max) or the integer input of the
        quantised modes (docs/nn.md section 2). Returns the logits (float; in q4 scaled from the
        integer logits)."""
        ci = 0
        last = len(self.layers) - 1
        for i, spec in enumerate(self.layers):
            kind = spec[0]
            if kind == "pool":
                x = F.max_pool2d(x, spec[1])
                continue
            w, b = self.weights[ci], self.biases[ci]
            if self.mode == "float":
                x = apply(kind, x, w) + b.view(1, -1, *([1, 1] if kind == "conv" else []))
                if i < last:
                    x = F.relu(self.norms[ci](x))
            elif self.mode == "bin":
                x = apply(kind, x, ternary(w))
                if i < last:
                    x = binary_act(self.norms[ci](x))
                else:  # integer logits s + round(b), scaled for the softmax
                    x = self.out_scale.abs() * (x + ste(b, torch.round(b)))
            else:
                sw, _, shift = self.q4[ci]
                wq = torch.clamp(ste(w / sw, torch.round(w / sw)), -7, 7)
                bq = ste(b, torch.round(b)).view(1, -1, *([1, 1] if kind == "conv" else []))
                acc = apply(kind, x, wq) + bq
                if i < last:
                    x = torch.clamp(ste(acc / 2 ** shift, torch.floor(acc / 2 ** shift)), 0, 15)
                else:
                    self.int_logits = acc  # the integer logits, for the exactness check
                    x = acc * (sw * self.q4[ci][1])
            ci += 1
        return x

    def fold_float_bn(self):
        """Folds each float batch norm into its layer's weights and bias (for q4, which has no
        batch norm: its hidden layers are weights, bias, requantisation)."""
        with torch.no_grad():
            for ci in range(len(self.norms)):
                bn = self.norms[ci]
                g = bn.weight / torch.sqrt(bn.running_var + bn.eps)
                w = self.weights[ci]
                w.mul_(g.view(-1, *([1] * (w.dim() - 1))))
                self.biases[ci].copy_((self.biases[ci] - bn.running_mean) * g + bn.bias)

    def calibrate_q4(self, x_float, in_shift, pixel_max):
        """Per compute layer: the weight scale, the input scale and the shift, from the folded
        float network's activations on a calibration batch. Activation scales are the
        99.9th percentile / 15; the shift is the power of two nearest to (output scale /
        (weight scale * input scale)); the weight scale then takes up the rounding, so that
        the integer network's scales chain exactly. Biases move to integer units."""
        self.q4 = []
        a_in = 2 ** in_shift / pixel_max  # integer input x0 ~ p / 2^in_shift
        ci, last = 0, len(self.layers) - 1
        x = x_float
        with torch.no_grad():
            for i, spec in enumerate(self.layers):
                if spec[0] == "pool":
                    x = F.max_pool2d(x, spec[1])
                    continue
                w, b = self.weights[ci], self.biases[ci]
                x = apply(spec[0], x, w) + b.view(1, -1, *([1, 1] if spec[0] == "conv" else []))
                sw = float(w.abs().max()) / 7
                if i < last:
                    x = F.relu(x)
                    a_out = max(float(torch.quantile(x.flatten()[:100000], 0.999)), 1e-6) / 15
                    shift = min(31, max(0, round(math.log2(a_out / (sw * a_in)))))
                    sw = a_out / (a_in * 2 ** shift)
                else:
                    shift, a_out = 0, None
                self.q4.append((sw, a_in, shift))
                b.div_(sw * a_in)  # the bias in integer units; the weights stay float (w / sw)
                a_in = a_out
                ci += 1


# ---- integer export and emulation ------------------------------------------------------

def integer_layers(net, mode):
    """The network as the file holds it: per layer a dict of the docs/nn.md fields."""
    out = []
    ci, last = 0, len(net.layers) - 1
    with torch.no_grad():
        for i, spec in enumerate(net.layers):
            (ic, ih, iw), (oc, oh, ow) = net.shapes[i]
            entry = dict(type=spec[0], shift=0, ins=(ic, ih, iw), outs=(oc, oh, ow),
                         k=spec[1] if spec[0] == "pool" else (spec[2] if spec[0] == "conv" else 0))
            if spec[0] != "pool":
                # The float32 parameters and the operations of the forward pass, so that the
                # q4 integers are the ones training evaluated.
                w, b = net.weights[ci], net.biases[ci]
                if mode == "bin":
                    wt = ternary(w).reshape(oc, -1).numpy().astype(np.int64)
                    if i < last:
                        bn = net.norms[ci]
                        var = bn.running_var.double() + bn.eps
                        g = (bn.weight.double() / torch.sqrt(var)).numpy()
                        beta, mu = bn.bias.double().numpy(), bn.running_mean.double().numpy()
                        n = wt.shape[1]
                        param = np.zeros(oc, np.int64)
                        for o in range(oc):
                            if g[o] > 0:
                                param[o] = math.floor(mu[o] - beta[o] / g[o])
                            elif g[o] < 0:  # bn(s) > 0 is s < t: negate the weights
                                wt[o] = -wt[o]
                                param[o] = math.floor(-(mu[o] - beta[o] / g[o]))
                            else:  # a constant output: beta > 0 always fires
                                wt[o] = 0
                                param[o] = -1 if beta[o] > 0 else 0
                            param[o] = min(max(param[o], -n - 1), n)
                    else:
                        param = torch.round(b).numpy().astype(np.int64)
                else:
                    sw, _, shift = net.q4[ci]
                    wt = torch.clamp(torch.round(w / sw), -7, 7).reshape(oc, -1)
                    wt = wt.numpy().astype(np.int64)
                    param = torch.round(b).numpy().astype(np.int64)
                    entry["shift"] = shift if i < last else 0
                entry["w"], entry["param"] = wt, param
                ci += 1
            out.append(entry)
    return out


def emulate(layers, mode, in_param, images):
    """Plain integer inference of docs/nn.md section 2 on N x H x W uint8 images (int64), in
    chunks that keep the im2col matrices small."""
    return np.concatenate([emulate_chunk(layers, mode, in_param, images[i:i + 256])
                           for i in range(0, len(images), 256)])


def emulate_chunk(layers, mode, in_param, images):
    x = images.astype(np.int64)[:, None, :, :]
    x = (x > in_param).astype(np.int64) if mode == "bin" else np.minimum(15, x >> in_param)
    last = len(layers) - 1
    for i, ly in enumerate(layers):
        if ly["type"] == "pool":
            k = ly["k"]
            c, h, w = ly["outs"]
            x = x[:, :, :h * k, :w * k].reshape(len(x), c, h, k, w, k).max(axis=(3, 5))
            continue
        if ly["type"] == "conv":
            k = ly["k"]
            c, h, w = ly["ins"]
            oh, ow = ly["outs"][1:]
            # im2col: patch element (c, ky, kx) of output (y, x)
            cols = np.stack([x[:, ci, ky:ky + oh, kx:kx + ow] for ci in range(c) for ky in range(k)
                             for kx in range(k)], axis=1)  # N x n x oh x ow
            s = np.einsum("ni,bihw->bnhw", ly["w"], cols)
            p = ly["param"][None, :, None, None]
        else:
            s = x.reshape(len(x), -1) @ ly["w"].T
            p = ly["param"][None, :]
        if i == last:
            return s + p
        if mode == "bin":
            x = (s > p).astype(np.int64)
        else:
            x = np.minimum(15, np.maximum(s + p, 0) >> ly["shift"])
    raise AssertionError("the last layer is dense")


def argmax_lowest(logits):
    return np.argmax(logits, axis=1)  # numpy's argmax returns the first maximum: lowest index


def write_tnn(path, name, mode, in_shape, pixel_max, in_param, layers):
    body = bytearray()
    for ly in layers:
        body += struct.pack("<BBBB3H3HHH", TYPE_CODE[ly["type"]], MODE_CODE[mode], ly["shift"], 0,
                            *ly["ins"], *ly["outs"], ly["k"], 0)
        if ly["type"] != "pool":
            body += ly["w"].astype(np.int8).tobytes()
            body += ly["param"].astype("<i4").tobytes()
    size = HEADER + len(body) + 4
    head = MAGIC + struct.pack("<HHI32sBB5H", FORMAT_VERSION, HEADER, size, name.encode("ascii"),
                               MODE_CODE[mode], len(layers), *in_shape, pixel_max, in_param)
    data = head + body
    data += struct.pack("<I", zlib.crc32(data))
    assert len(data) == size
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)  # never a half-written model
    return size


# ---- training --------------------------------------------------------------------------

def progress(label, done, total, loss, start):
    width = 30
    fill = width * done // total
    sys.stderr.write(f"\r{label} [{'#' * fill}{'.' * (width - fill)}] {done}/{total} "
                     f"loss {loss:.3f} {time.time() - start:.0f}s")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def run_epochs(net, label, epochs, x, y, args, gen, teacher=None):
    """Adam over shuffled batches; --schedule cos decays the learning rate along a half cosine
    over the phase's steps (to 0 at its end). With a teacher (the float network and its float
    input), the loss adds --kd times the distillation loss (temperature 2)."""
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    n = len(x)
    batches = math.ceil(n / args.batch)
    for e in range(epochs):
        net.train()
        order = torch.randperm(n, generator=gen)
        start = time.time()
        for bi in range(batches):
            if args.schedule == "cos":
                for group in opt.param_groups:
                    group["lr"] = args.lr * 0.5 * (1 + math.cos(math.pi * (e * batches + bi)
                                                                / (epochs * batches)))
            idx = order[bi * args.batch:(bi + 1) * args.batch]
            out = net(x[idx])
            loss = F.cross_entropy(out, y[idx])
            if teacher is not None:
                tnet, tx = teacher
                with torch.no_grad():
                    soft = F.softmax(tnet(tx[idx]) / 2, dim=1)
                loss = loss + args.kd * 4 * F.kl_div(F.log_softmax(out / 2, dim=1), soft,
                                                     reduction="batchmean")
            opt.zero_grad()
            loss.backward()
            opt.step()
            if bi % 10 == 0 or bi + 1 == batches:
                progress(f"{label} epoch {e + 1}/{epochs}", bi + 1, batches, float(loss), start)


def accuracy(net, x, y):
    net.eval()
    with torch.no_grad():
        return float((net(x).argmax(1) == y).float().mean())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--data", help="folder of MNIST-format IDX files (train-/t10k-*-ubyte[.gz])")
    src.add_argument("--digits", help="scikit-learn's digits.csv.gz (make nn-data)")
    ap.add_argument("--net", choices=["mlp", "cnn"], required=True)
    ap.add_argument("--mode", choices=["bin", "q4"], required=True)
    ap.add_argument("--out", required=True, help="the model file NAME.tnn (NAME.json beside it)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=1, help="float epochs (and QAT epochs unless "
                    "--qat-epochs)")
    ap.add_argument("--qat-epochs", type=int, default=0, help="quantisation-aware epochs "
                    "(default: --epochs)")
    ap.add_argument("--limit", type=int, default=0, help="train on the first N training images")
    ap.add_argument("--test-limit", type=int, default=0, help="test on the first N test images")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--schedule", choices=["cos", "const"], default="cos",
                    help="learning rate per phase: cosine decay to 0, or constant")
    ap.add_argument("--kd", type=float, default=0.0,
                    help="weight of distillation from the float network in the QAT phase")
    ap.add_argument("--first", type=int, default=0, help="outputs (channels or neurons) of the "
                    "first layer instead of the shape's")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (the bytes of a model "
                    "can depend on it: the .json records it)")
    ap.add_argument("--float-cache", help="file of the float baseline: reused when it was "
                    "trained with the same data, net, seed and options (bin and q4 share it)")
    args = ap.parse_args()
    if not args.out.endswith(".tnn"):
        ap.error("--out must end in .tnn")

    print(f"tnam_train: seed {args.seed}")
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(args.threads)
    qat_epochs = args.qat_epochs or args.epochs
    gen = torch.Generator().manual_seed(args.seed)
    t0 = time.time()

    tr_x, tr_y, te_x, te_y, pixel_max = load_data(args)
    if args.limit:
        tr_x, tr_y = tr_x[:args.limit], tr_y[:args.limit]
    if args.test_limit:
        te_x, te_y = te_x[:args.test_limit], te_y[:args.test_limit]
    side = tr_x.shape[1]
    if (args.net, side) not in NETS or tr_x.shape[2] != side:
        sys.exit(f"tnam_train: no {args.net} for {tr_x.shape[1]}x{tr_x.shape[2]} images")
    layers = NETS[(args.net, side)]
    if args.first:  # a wider (or narrower) first layer: its outputs
        layers = [layers[0][:1] + (args.first,) + layers[0][2:]] + layers[1:]
    classes = layers[-1][1]
    if int(max(tr_y.max(), te_y.max())) >= classes:
        sys.exit(f"tnam_train: labels above {classes - 1}")
    in_shape = (1, side, side)
    name = os.path.basename(args.out)[:-4]
    print(f"tnam_train: {name}: {args.net} {args.mode}, {len(tr_x)} training and "
          f"{len(te_x)} test images of {side}x{side}")

    def tensor(images, rule):
        return torch.tensor(rule(images.astype(np.int64)), dtype=torch.float32)[:, None]

    in_param = pixel_max // 2 if args.mode == "bin" else {255: 4, 16: 0}[pixel_max]
    float_in = lambda im: im / pixel_max  # noqa: E731
    quant_in = ((lambda im: (im > in_param).astype(np.int64)) if args.mode == "bin"
                else (lambda im: np.minimum(15, im >> in_param)))
    ytr, yte = torch.tensor(tr_y, dtype=torch.long), torch.tensor(te_y, dtype=torch.long)

    net = Net(layers, in_shape, classes)
    xtr, xte = tensor(tr_x, float_in), tensor(te_x, float_in)
    key = dict(data=args.digits or os.path.abspath(args.data), layers=str(layers), seed=args.seed,
               epochs=args.epochs, limit=args.limit, test_limit=args.test_limit,
               batch=args.batch, lr=args.lr, schedule=args.schedule, threads=args.threads)
    cached = torch.load(args.float_cache) if args.float_cache and os.path.exists(
        args.float_cache) else None
    if cached is not None and cached["key"] == key:
        net.load_state_dict(cached["state"])
        gen.set_state(cached["gen"])
        float_acc, float_seconds = cached["float_acc"], cached["seconds"]
        print(f"tnam_train: float baseline from {args.float_cache}")
    else:
        run_epochs(net, "float", args.epochs, xtr, ytr, args, gen)
        float_acc = accuracy(net, xte, yte)
        float_seconds = round(time.time() - t0, 1)
        if args.float_cache:
            torch.save(dict(key=key, state=net.state_dict(), gen=gen.get_state(),
                            float_acc=float_acc, seconds=float_seconds),
                       args.float_cache + ".tmp")
            os.replace(args.float_cache + ".tmp", args.float_cache)
    print(f"tnam_train: float baseline: test accuracy {100 * float_acc:.2f} %")
    t1 = time.time()
    teacher = None
    if args.kd > 0:
        tnet = Net(layers, in_shape, classes)
        tnet.load_state_dict(net.state_dict())
        tnet.eval()
        teacher = (tnet, xtr)

    net.mode = args.mode
    if args.mode == "q4":
        net.eval()
        net.fold_float_bn()
        net.calibrate_q4(xtr[:2000], in_param, pixel_max)
    xtr, xte = tensor(tr_x, quant_in), tensor(te_x, quant_in)
    run_epochs(net, args.mode, qat_epochs, xtr, ytr, args, gen, teacher)
    torch_acc = accuracy(net, xte, yte)

    ilayers = integer_layers(net, args.mode)
    logits = emulate(ilayers, args.mode, in_param, te_x)
    pred = argmax_lowest(logits)
    correct = int((pred == te_y).sum())
    int_acc = correct / len(te_y)
    with torch.no_grad():
        torch_out = net(xte)
        torch_pred = (net.int_logits if args.mode == "q4" else torch_out).argmax(1).numpy()
    agree = int((torch_pred == pred).sum())
    print(f"tnam_train: {args.mode} network in training (torch): "
          f"test accuracy {100 * torch_acc:.2f} %")
    print(f"tnam_train: integer model: {correct} / {len(te_y)} = {100 * int_acc:.2f} % "
          f"(agrees with torch on {agree} / {len(te_y)} images)")
    if args.mode == "q4" and agree != len(te_y):
        sys.exit("tnam_train: the q4 forward pass is the integer network: "
                 "it must agree on every image")

    size = write_tnn(args.out, name, args.mode, in_shape, pixel_max, in_param, ilayers)
    infer = (["--digits", args.digits] if args.digits else ["--data", args.data])
    meta = dict(name=name, net=args.net, mode=args.mode, seed=args.seed, epochs=args.epochs,
                qat_epochs=qat_epochs, layers=" ".join(":".join(map(str, ly)) for ly in layers),
                lr=args.lr, schedule=args.schedule, kd=args.kd,
                threads=args.threads,
                train_images=len(tr_x), test_images=len(te_x),
                dataset="digits" if args.digits else "idx",
                infer_args=" ".join(infer + ["--limit", str(len(te_x))]),
                float_accuracy=round(float_acc, 6), int_correct=correct,
                int_accuracy=round(int_acc, 6), torch_accuracy=round(torch_acc, 6),
                model_bytes=size, float_seconds=float_seconds,
                qat_seconds=round(time.time() - t1, 1))
    tmp = args.out[:-4] + ".json.tmp"
    with open(tmp, "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    os.replace(tmp, args.out[:-4] + ".json")
    print(f"tnam_train: wrote {args.out} ({size} bytes) and {args.out[:-4]}.json "
          f"in {time.time() - t0:.1f} s (float baseline {float_seconds} s, "
          f"{args.mode} {time.time() - t1:.1f} s)")


if __name__ == "__main__":
    main()
