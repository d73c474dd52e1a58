"""The Python half of tests/torch/test_torch_export.cpp: runs a PyTorch
export written by core::exportTorch and reports what the C++ test compares.

    check_export.py logits DIR INPUTS.npz OUT.f32 [DIR INPUTS.npz OUT.f32 ...]
        For each export DIR: build model.Network, load weights.npz, run the
        inputs (INPUTS.npz: x [batch, *sample shape] float32, y [batch] int64)
        in evaluation mode and write the logits as raw float32, row-major
        [batch, classes]. Then take a few steps of train.py's optimizer from
        the exported weights on the same batch and fail unless the loss goes
        down.

    check_export.py data DIR ENGINE.npz [DIR ENGINE.npz ...]
        For each export DIR: load its train.py's data set (train.load_data)
        and fail unless it equals the engine's (ENGINE.npz: train_x, train_y,
        test_x, test_y, x flattened per sample).

Exit code 0 when every check passes; otherwise 1 with the reason on stderr.
"""
import importlib
import sys

import numpy as np
import torch

TRAIN_STEPS = 8


def import_export(directory):
    """model and train of one export folder, fresh (every export has its
    own modules of the same names)."""
    for name in ("model", "train"):
        sys.modules.pop(name, None)
    sys.path.insert(0, directory)
    try:
        return (importlib.import_module("model"),
                importlib.import_module("train"))
    finally:
        sys.path.pop(0)


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def check_logits(directory, inputs_path, out_path):
    model_module, train_module = import_export(directory)
    with np.load(inputs_path) as inputs:
        x = torch.from_numpy(inputs["x"])
        y = torch.from_numpy(inputs["y"])
    net = model_module.Network()
    model_module.load_weights(net, f"{directory}/weights.npz")
    net.eval()
    with torch.no_grad():
        logits = net(x)
    logits.numpy().astype("<f4").tofile(out_path)

    # A few updates from the exported weights on this batch, with the
    # exported optimizer settings, must lower the batch's loss. Dropout stays
    # off for this: it draws a new mask on every pass, and eight steps of a
    # noisy loss go up as often as down (a shortcut dropped at 0.25 did, on
    # one machine in one run); without it the check follows one function's
    # gradient and gives the same answer on every run.
    net.train()
    for module in net.modules():
        if isinstance(module, torch.nn.Dropout):
            module.eval()
    config = train_module.CONFIG
    optimizer = train_module.make_optimizer(net, config, config["lr"])
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for _ in range(TRAIN_STEPS):
        loss = loss_fn(net(x), y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        final = loss_fn(net(x), y).item()
    if not final < losses[0]:
        fail(f"{directory}: {TRAIN_STEPS} training steps did not lower the "
             f"loss: {losses} -> {final}")
    print(f"{directory}: loss {losses[0]:.4f} -> {final:.4f} after "
          f"{TRAIN_STEPS} steps")


def check_data(directory, engine_path):
    _, train_module = import_export(directory)
    data = train_module.load_data(train_module.CONFIG)
    with np.load(engine_path) as engine:
        for split in ("train", "test"):
            x, y = data[split]
            want_x, want_y = engine[f"{split}_x"], engine[f"{split}_y"]
            x = x.reshape(len(x), -1)
            if x.shape != want_x.shape or y.shape != want_y.shape:
                fail(f"{directory}: {split} split of "
                     f"{train_module.CONFIG['data']} has shape {x.shape}, "
                     f"the engine's {want_x.shape}")
            if not np.array_equal(y, want_y):
                fail(f"{directory}: {split} labels differ from the engine's")
            worst = float(np.abs(x - want_x).max()) if x.size else 0.0
            if worst > 1e-5:
                fail(f"{directory}: {split} inputs of "
                     f"{train_module.CONFIG['data']} differ from the "
                     f"engine's by up to {worst}")
    print(f"{train_module.CONFIG['data']}: the same data as the engine")


def main(argv):
    if len(argv) < 2 or argv[0] not in ("logits", "data"):
        fail(__doc__)
    if argv[0] == "logits":
        if (len(argv) - 1) % 3:
            fail("logits needs DIR INPUTS.npz OUT.f32 triples")
        for i in range(1, len(argv), 3):
            check_logits(*argv[i:i + 3])
    else:
        if (len(argv) - 1) % 2:
            fail("data needs DIR ENGINE.npz pairs")
        for i in range(1, len(argv), 2):
            check_data(*argv[i:i + 2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
