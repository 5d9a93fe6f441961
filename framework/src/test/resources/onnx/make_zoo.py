#!/usr/bin/python3
"""Regenerate the ONNX zoo: five real architectures exported by torch.onnx.export, with
PyTorch's outputs on fixed inputs and under three stated weight faults each.

Run from the repository root, with Debian's packages (python3-torch, python3-torchvision,
python3-onnx):

    /usr/bin/python3 framework/src/test/resources/onnx/make_zoo.py

Writes next to this script: <model>.onnx, <model>.inputs.f32, <model>.golden.f32,
<model>.fault<k>.f32, zoo.json, and the bad-input files (bad_*.onnx). All .f32 files are raw
little-endian float32 in C order. Deterministic: fixed seeds.
"""
import json
import os

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models.mobilenetv3 import MobileNetV3, _mobilenet_v3_conf
from torchvision.models.resnet import BasicBlock, ResNet

OUT_DIR = os.path.dirname(os.path.abspath(__file__))
PRESERVE = torch.onnx.TrainingMode.PRESERVE  # keeps batch norms and state_dict names
EVAL = torch.onnx.TrainingMode.EVAL  # torch's default: batch norms folded into the convolutions


class SmallResNet18(ResNet):
    """torchvision's ResNet-18 (BasicBlock, [2, 2, 2, 2]) at 1/8 of its widths (8-16-32-64)."""

    def __init__(self, widths=(8, 16, 32, 64), num_classes=10):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = widths[0]
        self.dilation = 1
        self.groups = 1
        self.base_width = 64
        self.conv1 = nn.Conv2d(3, widths[0], kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(BasicBlock, widths[0], 2)
        self.layer2 = self._make_layer(BasicBlock, widths[1], 2, stride=2)
        self.layer3 = self._make_layer(BasicBlock, widths[2], 2, stride=2)
        self.layer4 = self._make_layer(BasicBlock, widths[3], 2, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[3], num_classes)


def mobilenet_v3_small():
    """torchvision's MobileNetV3-Small at width 0.5 with the reduced tail and a 128-wide classifier."""
    setting, _ = _mobilenet_v3_conf("mobilenet_v3_small", width_mult=0.5, reduced_tail=True)
    return MobileNetV3(setting, last_channel=128, num_classes=10)


def conv_bn_relu(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    """Three levels; ConvTranspose2d to go up (2x2 stride 2, and 3x3 stride 2 with output padding);
    skip connections concatenated; a 1x1 head to 4 classes."""

    def __init__(self):
        super().__init__()
        self.enc1 = conv_bn_relu(3, 8)
        self.enc2 = conv_bn_relu(8, 16)
        self.enc3 = conv_bn_relu(16, 24)
        self.up2 = nn.ConvTranspose2d(24, 16, kernel_size=2, stride=2)
        self.dec2 = conv_bn_relu(32, 16)
        self.up1 = nn.ConvTranspose2d(16, 8, kernel_size=3, stride=2, padding=1, output_padding=1)
        self.dec1 = conv_bn_relu(16, 8)
        self.head = nn.Conv2d(8, 4, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(F.max_pool2d(e1, 2))
        e3 = self.enc3(F.max_pool2d(e2, 2))
        d2 = self.dec2(torch.cat([self.up2(e3), e2], 1))
        d1 = self.dec1(torch.cat([self.up1(d2), e1], 1))
        return self.head(d1)


class SegNet(nn.Module):
    """A small segmentation net: strided convolutions down, a nearest 2x upsampling, a bilinear
    resize back to the input's size (computed from its shape), LeakyReLU, average pooling and
    reflection padding."""

    def __init__(self):
        super().__init__()
        self.down1 = nn.Conv2d(3, 12, 3, stride=2, padding=1)
        self.down2 = nn.Conv2d(12, 16, 3, stride=2, padding=1)
        self.mid = nn.Conv2d(16, 16, 3)
        self.smooth = nn.Conv2d(16, 12, 3, padding=1, groups=4)
        self.head = nn.Conv2d(12, 5, 1)

    def forward(self, x):
        y = F.leaky_relu(self.down1(x), 0.1)
        y = F.avg_pool2d(F.leaky_relu(self.down2(y), 0.1), 3, stride=1, padding=1)
        y = torch.sigmoid(self.mid(F.pad(y, (1, 1, 1, 1), mode="reflect"))) * y
        y = F.interpolate(y, scale_factor=2, mode="nearest")
        y = F.relu(self.smooth(y))
        y = F.interpolate(y, size=x.shape[-2:], mode="bilinear", align_corners=False)
        return self.head(y)


class Mlp(nn.Module):
    """An MLP classifier on 8x8 images: Flatten, three Linear layers (Gemm), ReLU, Tanh, Dropout, Softmax."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(64, 48)
        self.fc2 = nn.Linear(48, 32)
        self.drop = nn.Dropout(0.3)
        self.fc3 = nn.Linear(32, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = torch.relu(self.fc1(x))
        x = self.drop(torch.tanh(self.fc2(x)))
        return torch.softmax(self.fc3(x), dim=1)


def train_briefly(model, shape, task, classes, seed):
    """A few Adam steps on synthetic data (the class of an input, or of a pixel, is the argmax of a fixed random
    projection of it), so that outputs depend on inputs and batch-norm statistics are those of data, as in a
    trained model: randomly initialised deep nets (MobileNetV3 especially) give nearly one output for every input."""
    gen = torch.Generator().manual_seed(seed)
    channels = shape[1]
    projection = torch.randn(classes, channels * shape[2] * shape[3], generator=gen)
    pixel_projection = torch.randn(classes, channels, generator=gen)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for _ in range(STEPS):
        x = torch.randn((16,) + tuple(shape[1:]), generator=gen)
        if task == "classification":
            labels = (x.flatten(1) @ projection.t()).argmax(1)
        else:
            labels = torch.einsum("kc,nchw->nkhw", pixel_projection, x).argmax(1)
        optimizer.zero_grad()
        out = model(x)
        (F.nll_loss(torch.log(out), labels) if isinstance(model, Mlp) else F.cross_entropy(out, labels)).backward()
        optimizer.step()
    # batch-norm statistics of the trained weights (MobileNetV3's momentum of 0.01 leaves them at their initial
    # values after a few steps, and its eval outputs would then hardly depend on the input)
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # a cumulative average over the calibration batches
    with torch.no_grad():
        for _ in range(10):
            model(torch.randn((16,) + tuple(shape[1:]), generator=gen))
    model.eval()


def f32_hex(v):
    return "0x%08x" % int(np.array([v], dtype="<f4").view("<u4")[0])


def save_f32(name, tensor):
    arr = np.ascontiguousarray(tensor.detach().cpu().numpy(), dtype="<f4")
    with open(os.path.join(OUT_DIR, name), "wb") as f:
        f.write(arr.tobytes(order="C"))
    return name


def flip_bit(param, flat_index, bit):
    with torch.no_grad():
        flat = param.data.view(-1)
        before = float(flat[flat_index].item())
        bits = flat.view(torch.int32)
        mask = -(1 << 31) if bit == 31 else (1 << bit)
        bits[flat_index] = bits[flat_index] ^ mask
        after = float(flat[flat_index].item())
    return before, after


# Adam steps of the brief training
STEPS = 60

# bits tried for the first, second and third stated fault, in order: the sign; exponent bits; high mantissa bits
BITS = [[31, 30, 29, 28, 27], [27, 26, 28, 25, 24, 23, 29, 31], [22, 21, 20, 23, 24, 25, 26, 31]]

# name, constructor, input shape, opset, export mode, task, classes, faults: (parameter, which element)
MODELS = [
    ("resnet18", SmallResNet18, (2, 3, 32, 32), 11, PRESERVE, "classification", 10,
     [("layer1.0.conv1.weight", "largest"), ("layer3.1.bn2.weight", "first"), ("fc.weight", "first")]),
    ("mobilenet_v3_small", mobilenet_v3_small, (2, 3, 32, 32), 14, PRESERVE, "classification", 10,
     [("features.0.0.weight", "largest"), ("features.1.block.1.fc1.weight", "largest"),
      ("classifier.3.weight", "first")]),
    ("unet", UNet, (2, 3, 16, 16), 13, EVAL, "segmentation", 4,
     [("up2.weight", "largest"), ("up1.weight", "first"), ("head.weight", "largest")]),
    ("segnet", SegNet, (2, 3, 16, 16), 17, EVAL, "segmentation", 5,
     [("down1.weight", "largest"), ("smooth.weight", "largest"), ("head.bias", "first")]),
    ("mlp", Mlp, (4, 1, 8, 8), 12, EVAL, "classification", 10,
     [("fc1.weight", "largest"), ("fc2.weight", "first"), ("fc3.bias", "first")]),
]


def export(model, example, path, opset, mode):
    torch.onnx.export(model, example, path, opset_version=opset, training=mode, do_constant_folding=True,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})


def make(name, build, shape, opset, mode, task, classes, faults_spec, seed):
    torch.manual_seed(seed)
    model = build()
    train_briefly(model, shape, task, classes, seed + 1)
    inputs = torch.randn(shape, generator=torch.Generator().manual_seed(seed + 2))
    path = os.path.join(OUT_DIR, name + ".onnx")
    export(model, inputs, path, opset, mode)
    with torch.no_grad():
        golden = model(inputs)
    save_f32(name + ".inputs.f32", inputs)
    save_f32(name + ".golden.f32", golden)
    initializers = {t.name: onnx.numpy_helper.to_array(t) for t in onnx.load(path).graph.initializer}
    params = dict(model.named_parameters())
    faults = []
    for k, (pname, pick) in enumerate(faults_spec):
        p = params[pname]
        # the ONNX initializer of that name must hold the PyTorch parameter's values
        assert np.array_equal(initializers[pname], p.detach().numpy()), pname
        flat = p.detach().view(-1)
        idx = int(torch.argmax(flat.abs()).item()) if pick == "largest" else 0
        saved = p.detach().clone()
        threshold = 10 * (1e-5 + 1e-4 * golden.abs().max().item())
        for bit in BITS[k]:  # the first bit whose flip changes the output well beyond the tests' tolerance, finitely
            before, after = flip_bit(p, idx, bit)
            with torch.no_grad():
                out = model(inputs)
                p.copy_(saved)
            change = (out - golden).abs().max().item()
            if torch.isfinite(out).all() and change > threshold:
                break
        else:
            raise AssertionError((name, pname, "no bit of this value changes the output enough"))
        print(name, pname, idx, "bit", bit, before, "->", after, "max |golden|", golden.abs().max().item(),
              "change", change)
        out_file = save_f32("%s.fault%d.f32" % (name, k + 1), out)
        faults.append({"parameter": pname, "parameterShape": list(p.shape), "flatIndex": idx, "bit": bit,
                       "valueBefore": before, "valueBeforeHex": f32_hex(before),
                       "valueAfter": after, "valueAfterHex": f32_hex(after), "outputFile": out_file})
    with torch.no_grad():
        assert torch.equal(model(inputs), golden)
    return {"name": name, "model": name + ".onnx", "opset": opset,
            "export": "training=PRESERVE (batch norms and state_dict names kept)" if mode == PRESERVE
            else "training=EVAL (torch's default: batch norms folded into convolutions)",
            "task": task, "inputShape": list(shape), "inputsFile": name + ".inputs.f32",
            "outputShape": list(golden.shape), "goldenFile": name + ".golden.f32",
            "parameters": sum(p.numel() for p in model.parameters()), "faults": faults}


def bad_inputs():
    """Files the importer must refuse with a clear error."""

    class CumulativeSum(nn.Module):
        def forward(self, x):
            return torch.cumsum(x, dim=1)

    x = torch.randn(1, 4)
    torch.onnx.export(CumulativeSum(), x, os.path.join(OUT_DIR, "bad_unsupported_op.onnx"), opset_version=14,
                      input_names=["input"])
    torch.manual_seed(3)
    conv = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU())
    torch.onnx.export(conv, torch.randn(1, 1, 8, 8), os.path.join(OUT_DIR, "bad_dynamic_size.onnx"),
                      opset_version=14, input_names=["input"],
                      dynamic_axes={"input": {0: "batch", 2: "height", 3: "width"}})
    external = os.path.join(OUT_DIR, "bad_external_data.onnx")
    torch.onnx.export(conv, torch.randn(1, 1, 8, 8), external, opset_version=14, input_names=["input"])
    onnx.save_model(onnx.load(external), external, save_as_external_data=True, all_tensors_to_one_file=True,
                    location="bad_external_data.onnx.data", size_threshold=0)


def main():
    entries = [make(*spec, seed=100 + i) for i, spec in enumerate(MODELS)]
    bad_inputs()
    zoo = {"description": "ONNX models exported by torch.onnx.export, with PyTorch's outputs on fixed inputs and "
                          "under single bit flips of stated weights",
           "torchVersion": torch.__version__, "torchvisionVersion": torchvision.__version__,
           "onnxVersion": onnx.__version__, "dtype": "float32", "byteOrder": "little-endian",
           "layout": "C order, raw, no header", "models": entries}
    with open(os.path.join(OUT_DIR, "zoo.json"), "w") as f:
        json.dump(zoo, f, indent=2)
        f.write("\n")
    for e in entries:
        print(e["name"], e["parameters"], "parameters", os.path.getsize(os.path.join(OUT_DIR, e["model"])), "bytes")


if __name__ == "__main__":
    main()
