#!/usr/bin/python3
"""Export the examples' trained Fashion-MNIST CNN (../torchscript/fashion_cnn.pt, made by
make_fashion_cnn.py) to ONNX, as a user would hand SEUnit a model trained in PyTorch.

Run from the repository root (Debian: apt-get install python3-torch python3-onnx):

    /usr/bin/python3 examples/src/test/resources/dev/seunit/examples/onnx/make_fashion_onnx.py

Writes fashion_cnn.onnx next to this script: opset 13, the batch axis dynamic, exported with
training=PRESERVE so that batch norms stay layers of their own and parameters keep their
PyTorch names (conv1.weight, bn1.running_var, ...). The same weights as the TorchScript file.
"""
import os

import onnx
import torch

OUT_DIR = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(OUT_DIR, "..", "torchscript", "fashion_cnn.pt")


def main():
    model = torch.jit.load(SOURCE)
    model.eval()
    example = torch.zeros(1, 1, 28, 28)
    path = os.path.join(OUT_DIR, "fashion_cnn.onnx")
    torch.onnx.export(model, example, path, opset_version=13, training=torch.onnx.TrainingMode.PRESERVE,
                      input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}})
    graph = onnx.load(path).graph
    print(sorted(t.name for t in graph.initializer))
    print([n.op_type for n in graph.node])


if __name__ == "__main__":
    main()
