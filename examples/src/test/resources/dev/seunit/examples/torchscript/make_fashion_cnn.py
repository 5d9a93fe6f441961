#!/usr/bin/python3
"""Train a small Fashion-MNIST CNN in PyTorch and export it as TorchScript for SEUnit.

Run from the repository root (Debian: apt-get install python3-torch dataset-fashion-mnist):

    /usr/bin/python3 examples/src/test/resources/dev/seunit/examples/torchscript/make_fashion_cnn.py

Writes, next to this script: fashion_cnn.pt (TorchScript, saved with torch.jit.save) and
fashion_cnn.txt (how it was trained and the accuracy it reaches). Trains on the first 20,000
training images of Debian's dataset-fashion-mnist for 2 epochs, on one CPU thread, seeded.
The SEUnit test (FashionTorchScriptTest) evaluates it on the examples' shipped subset of the
test set (the first 300 test images), which must be scaled like here: pixels / 255.
"""
import gzip
import os
import sys

# torch.jit.script emits module constants in set-iteration order, which depends on Python's
# string hash seed; pin it so the .pt file is byte-for-byte stable.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np
import torch
import torch.nn as nn

DATA = "/usr/share/datasets/fashion-mnist"
OUT_DIR = os.path.dirname(os.path.abspath(__file__))
TRAIN_IMAGES = 20000
EPOCHS = 2


def read_idx(name, header):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        data = f.read()
    return np.frombuffer(data, dtype=np.uint8, offset=header)


def load(prefix):
    x = read_idx(prefix + "-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28).astype(np.float32) / 255.0
    y = read_idx(prefix + "-labels-idx1-ubyte.gz", 8).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


class FashionCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, kernel_size=3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, kernel_size=3, padding=1)
        self.bn2 = nn.BatchNorm2d(16)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn1(self.conv1(x))))
        x = self.pool(torch.relu(self.bn2(self.conv2(x))))
        return self.fc(torch.flatten(x, 1))


def accuracy(model, x, y):
    with torch.no_grad():
        return float((model(x).argmax(1) == y).float().mean())


def main():
    torch.manual_seed(5)
    torch.set_num_threads(1)
    x_train, y_train = load("train")
    x_test, y_test = load("t10k")
    x_train, y_train = x_train[:TRAIN_IMAGES], y_train[:TRAIN_IMAGES]
    model = FashionCnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.003)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(TRAIN_IMAGES)
        for b in range(0, TRAIN_IMAGES, 64):
            idx = order[b:b + 64]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
        model.eval()
        print("epoch %d loss %.4f test accuracy %.4f" % (epoch + 1, float(loss), accuracy(model, x_test, y_test)))
    model.eval()
    scripted = torch.jit.script(model)
    path = os.path.join(OUT_DIR, "fashion_cnn.pt")
    torch.jit.save(scripted, path)
    test_acc = accuracy(model, x_test, y_test)
    shipped_acc = accuracy(model, x_test[:300], y_test[:300])
    params = sum(p.numel() for p in model.parameters())
    with open(os.path.join(OUT_DIR, "fashion_cnn.txt"), "w") as f:
        f.write("fashion_cnn.pt: made by make_fashion_cnn.py with torch %s; %d parameters; trained on the first %d "
                "Fashion-MNIST training images for %d epochs (Adam, lr 0.003, batch 64, seed 5)\n"
                "testAccuracy=%.4f (10,000 test images) shippedAccuracy=%.4f (first 300 test images)\n"
                % (torch.__version__, params, TRAIN_IMAGES, EPOCHS, test_acc, shipped_acc))
    print("wrote %s (%d bytes): test accuracy %.4f, shipped subset %.4f" % (path, os.path.getsize(path), test_acc,
                                                                          shipped_acc))


if __name__ == "__main__":
    main()
