#!/usr/bin/python3
"""Regenerate the tiny TorchScript fault-injection fixture.

Run from the repository root:

    /usr/bin/python3 framework/src/test/resources/torchscript/make_fixture.py

Produces (next to this script): tiny_cnn.pt, inputs.f32, golden.f32,
faulty_*.f32 and fixture.json. All .f32 files are raw little-endian float32
in C order. Deterministic: fixed seed, fixed hand-set values.
"""
import json
import os
import sys

# torch.jit.script emits module constants in set-iteration order, which depends
# on Python's string hash seed; pin it so tiny_cnn.pt is byte-for-byte stable.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np
import torch
import torch.nn as nn

OUT_DIR = os.path.dirname(os.path.abspath(__file__))
INPUT_SHAPE = (4, 1, 8, 8)


class TinyCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, kernel_size=3, padding=1, bias=True)
        self.conv2 = nn.Conv2d(4, 4, kernel_size=3, padding=1)
        self.bn2 = nn.BatchNorm2d(4)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        x = torch.relu(self.bn2(self.conv2(x)))
        x = self.flatten(self.pool(x))
        return self.fc(x)


def f32_hex(v):
    return "0x%08x" % int(np.array([v], dtype="<f4").view("<u4")[0])


def save_f32(name, tensor):
    arr = np.ascontiguousarray(tensor.detach().cpu().numpy(), dtype="<f4")
    with open(os.path.join(OUT_DIR, name), "wb") as f:
        f.write(arr.tobytes(order="C"))
    return name


def flip_bit(param, flat_index, bit):
    """Flip one bit of one float32 element in place; return (before, after)."""
    with torch.no_grad():
        flat = param.data.view(-1)
        before = float(flat[flat_index].item())
        bits = flat.view(torch.int32)
        # XOR in int32 space; 1 << 31 does not fit a positive int32, use -2**31.
        mask = -(1 << 31) if bit == 31 else (1 << bit)
        bits[flat_index] = bits[flat_index] ^ mask
        after = float(flat[flat_index].item())
    return before, after


def main():
    torch.manual_seed(7)
    model = TinyCnn()
    with torch.no_grad():
        model.bn2.running_mean.copy_(torch.tensor([0.10, -0.20, 0.05, 0.30]))
        model.bn2.running_var.copy_(torch.tensor([0.50, 1.50, 0.80, 2.00]))
        model.bn2.weight.copy_(torch.tensor([1.20, 0.70, -0.90, 1.10]))
        model.bn2.bias.copy_(torch.tensor([0.05, -0.10, 0.20, 0.00]))
        model.conv1.weight.view(-1)[5] = 1.5  # exactly representable, 1 <= |x| < 2
        # The seeded value here is ~-3e-4, whose bit-22 flip moves the output by
        # only ~5e-6 (below a 1e-5 test tolerance); use a value that matters.
        model.conv2.weight.view(-1)[17] = -0.625  # bit 22 flip -> -0.875
    model.eval()

    scripted = torch.jit.script(model)
    scripted.eval()
    scripted.save(os.path.join(OUT_DIR, "tiny_cnn.pt"))

    gen = torch.Generator().manual_seed(1234)
    inputs = torch.randn(INPUT_SHAPE, generator=gen, dtype=torch.float32)
    save_f32("inputs.f32", inputs)

    with torch.no_grad():
        golden = scripted(inputs)
    save_f32("golden.f32", golden)

    params = dict(scripted.named_parameters())
    faults_spec = [
        ("fc.weight", 2, 30, "faulty_fc_w2_bit30.f32"),
        ("conv1.weight", 5, 31, "faulty_conv1_w5_bit31.f32"),
        ("conv2.weight", 17, 22, "faulty_conv2_w17_bit22.f32"),
    ]
    faults = []
    for name, idx, bit, out_file in faults_spec:
        p = params[name]
        saved = p.detach().clone()
        before, after = flip_bit(p, idx, bit)
        with torch.no_grad():
            out = scripted(inputs)
        save_f32(out_file, out)
        with torch.no_grad():
            p.copy_(saved)  # restore
        faults.append({
            "parameter": name,
            "parameterShape": list(p.shape),
            "flatIndex": idx,
            "bit": bit,
            "valueBefore": before,
            "valueBeforeHex": f32_hex(before),
            "valueAfter": after,
            "valueAfterHex": f32_hex(after),
            "outputFile": out_file,
            "outputShape": list(out.shape),
            "outputAllFinite": bool(torch.isfinite(out).all().item()),
        })

    # Sanity: restoring brings back the golden output bit-for-bit.
    with torch.no_grad():
        assert torch.equal(scripted(inputs), golden)

    state = scripted.state_dict()
    param_names = {n for n, _ in scripted.named_parameters()}
    fixture = {
        "description": "Tiny TorchScript CNN with reference outputs for single bit-flip faults",
        "model": "tiny_cnn.pt",
        "torchVersion": torch.__version__,
        "dtype": "float32",
        "byteOrder": "little-endian",
        "layout": "C order, raw, no header",
        "inputShape": list(INPUT_SHAPE),
        "inputsFile": "inputs.f32",
        "outputShape": list(golden.shape),
        "goldenFile": "golden.f32",
        "seed": 7,
        "faults": faults,
        "stateDict": [
            {
                "name": n,
                "shape": list(t.shape),
                "dtype": str(t.dtype).replace("torch.", ""),
                "kind": "parameter" if n in param_names else "buffer",
            }
            for n, t in state.items()
        ],
    }
    with open(os.path.join(OUT_DIR, "fixture.json"), "w") as f:
        json.dump(fixture, f, indent=2)
        f.write("\n")
    print(json.dumps(faults, indent=2))


if __name__ == "__main__":
    main()
