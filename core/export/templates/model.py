# {{# The template of the exported model.py: core/export/torch_model_code.cpp fills it in}}
# {{# (the syntax is described in core/export/text_template.h).}}
"""{{summary}}

Build it, load the weights trained in ResNet Lab, and use it like any
module:

    from model import Network, load_weights
    net = load_weights(Network(), "weights.npz").eval()
    logits = net(x)  # x: {{batch_shape}} -> [batch, {{classes}}]

The module mirrors ResNet Lab's network (a stem, a chain of blocks, each
a branch and a shortcut, and a head), so its state_dict keys are ResNet
Lab's parameter names with the last part renamed:

    ResNet Lab                          PyTorch state_dict
    stem.0.W                            stem.0.weight
    blocks.3.branch.0.W                 blocks.3.branch.0.weight
    blocks.3.branch.1.gamma             blocks.3.branch.1.weight
    blocks.3.branch.1.beta              blocks.3.branch.1.bias
    blocks.3.branch.1.running_mean      blocks.3.branch.1.running_mean
    blocks.3.branch.1.running_var       blocks.3.branch.1.running_var
    blocks.5.shortcut.0.W               blocks.5.shortcut.0.weight
    head.1.b                            head.1.bias

Indices count every module of an nn.Sequential, activations included,
as in ResNet Lab. Weights are in PyTorch's layout: [out, in] for linear
layers, [out, in, k, k] for convolutions. Batch norm uses eps 1e-5 and
momentum 0.1, PyTorch's defaults and ResNet Lab's.
"""

import numpy as np
import torch
from torch import nn

INPUT_SHAPE = {{input_shape}}  # one sample: {{sample_layout}}
CLASSES = {{classes}}
BN_EPS = 1e-5
BN_MOMENTUM = 0.1


def nonlinearity(name):
    """The activation g of a layer unit or of a block's output."""
    return {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[name]()


def norm_layer(width, images):
    """Batch normalisation per channel (images) or per feature (vectors)."""
    if images:
        return nn.BatchNorm2d(width, eps=BN_EPS, momentum=BN_MOMENTUM)
    return nn.BatchNorm1d(width, eps=BN_EPS, momentum=BN_MOMENTUM)


def weighted(in_size, width, kernel, stride, bias, images):
    """The weighted layer of a unit: a convolution with 'same' padding
    (kernel // 2) on images, a fully connected layer on vectors."""
    if images:
        return nn.Conv2d(in_size, width, kernel, stride=stride,
                         padding=kernel // 2, bias=bias)
    return nn.Linear(in_size, width, bias=bias)


def unit(in_size, width, kernel, stride, batch_norm, activation, last,
         images):
    """One layer unit of a branch: the weighted layer (with a bias only
    when there is no batch norm), batch norm, then the activation, except
    in the branch's last unit: there the block applies the activation
    after the addition, out = g(F(x) + S(x))."""
    layers = [weighted(in_size, width, kernel, stride, not batch_norm,
                       images)]
    if batch_norm:
        layers.append(norm_layer(width, images))
    if not last:
        layers.append(nonlinearity(activation))
    return layers


# {{if basic_branch}}
def basic_branch(in_size, width, span, kernel, stride, batch_norm,
                 activation, images):
    """F(x) of a basic block: `span` units of `width` channels (features);
    the first unit carries the stride."""
    layers = []
    for u in range(span):
        layers += unit(in_size if u == 0 else width, width, kernel,
                       stride if u == 0 else 1, batch_norm, activation,
                       u == span - 1, images)
    return nn.Sequential(*layers)


# {{end}}
# {{if bottleneck_branch}}
def bottleneck_branch(in_size, reduced, width, kernel, stride, batch_norm,
                      activation, images):
    """F(x) of a bottleneck block (He et al. 2015, fig. 5): a 1x1 layer
    reduces the width, a kernel x kernel layer (with the stride) works at
    the reduced width, and a 1x1 layer restores the full width."""
    return nn.Sequential(
        *unit(in_size, reduced, 1, 1, batch_norm, activation, False, images),
        *unit(reduced, reduced, kernel, stride, batch_norm, activation,
              False, images),
        *unit(reduced, width, 1, 1, batch_norm, activation, True, images))


# {{end}}
# {{if projection}}
def projection(in_size, width, stride, batch_norm, images):
    """The projection shortcut W_s x (He et al. 2015, eq. 2): a strided 1x1
    convolution (images) or a linear layer (vectors), then batch norm."""
    layers = [weighted(in_size, width, 1, stride, not batch_norm, images)]
    if batch_norm:
        layers.append(norm_layer(width, images))
    return nn.Sequential(*layers)


# {{end}}
# {{if zero_pad}}
class ZeroPad(nn.Module):
    """He et al.'s option A shortcut, without parameters: keep every
    stride-th pixel, x[:, :, ::s, ::s], then append zero channels up to
    `width` (for vectors: zero features)."""

    def __init__(self, width, stride=1, images=True):
        super().__init__()
        self.width, self.stride, self.images = width, stride, images

    def forward(self, x):
        if self.images:
            x = x[:, :, ::self.stride, ::self.stride]
        zeros = x.new_zeros((x.shape[0], self.width - x.shape[1])
                            + tuple(x.shape[2:]))
        return torch.cat([x, zeros], dim=1)


# {{end}}
# {{if global_avg_pool}}
class GlobalAvgPool(nn.Module):
    """The mean of every channel over its pixels: [B, C, H, W] -> [B, C]."""

    def forward(self, x):
        return x.mean(dim=(2, 3))


# {{end}}
# {{if plain_block}}
class PlainBlock(nn.Module):
    """A block without a skip, out = g(F(x)): the plain twin of a residual
    block, with the same branch and nothing added before g."""

    def __init__(self, in_size, width, span=2, kernel=3, stride=1,
                 batch_norm=True, activation="relu", images=True):
        super().__init__()
        self.branch = basic_branch(in_size, width, span, kernel, stride,
                                   batch_norm, activation, images)
        self.out = nonlinearity(activation)

    def forward(self, x):
        return self.out(self.branch(x))


# {{end}}
# {{if identity_block}}
class IdentityBlock(nn.Module):
    """A residual block with the identity shortcut, out = g(F(x) + x)
    (He et al. 2015, eq. 1): the branch keeps the input's shape."""

    def __init__(self, in_size, width, span=2, kernel=3, stride=1,
                 batch_norm=True, activation="relu", images=True):
        super().__init__()
        self.branch = basic_branch(in_size, width, span, kernel, stride,
                                   batch_norm, activation, images)
        self.shortcut = nn.Identity()
        self.out = nonlinearity(activation)

    def forward(self, x):
        return self.out(self.branch(x) + self.shortcut(x))


# {{end}}
# {{if projection_block}}
class ProjectionBlock(nn.Module):
    """A residual block whose shortcut projects x to the branch's shape,
    out = g(F(x) + BN(W_s x)) (He et al. 2015, eq. 2; option B)."""

    def __init__(self, in_size, width, span=2, kernel=3, stride=1,
                 batch_norm=True, activation="relu", images=True):
        super().__init__()
        self.branch = basic_branch(in_size, width, span, kernel, stride,
                                   batch_norm, activation, images)
        self.shortcut = projection(in_size, width, stride, batch_norm, images)
        self.out = nonlinearity(activation)

    def forward(self, x):
        return self.out(self.branch(x) + self.shortcut(x))


# {{end}}
# {{if zero_pad_block}}
class ZeroPadBlock(nn.Module):
    """A residual block with the zero-padding shortcut (option A),
    out = g(F(x) + S(x)), S subsampling x by the stride and appending zero
    channels: the shortcut adds no parameters."""

    def __init__(self, in_size, width, span=2, kernel=3, stride=1,
                 batch_norm=True, activation="relu", images=True):
        super().__init__()
        self.branch = basic_branch(in_size, width, span, kernel, stride,
                                   batch_norm, activation, images)
        self.shortcut = ZeroPad(width, stride, images)
        self.out = nonlinearity(activation)

    def forward(self, x):
        return self.out(self.branch(x) + self.shortcut(x))


# {{end}}
# {{if bottleneck_block}}
class BottleneckBlock(nn.Module):
    """A bottleneck block, out = g(F(x) + S(x)) with F the 1x1, kxk, 1x1
    branch and S the shortcut: "identity", "projection" or "zero-pad";
    with "none" it is a plain bottleneck block, out = g(F(x))."""

    def __init__(self, in_size, reduced, width, kernel=3, stride=1,
                 batch_norm=True, activation="relu", shortcut="identity",
                 images=True):
        super().__init__()
        self.branch = bottleneck_branch(in_size, reduced, width, kernel,
                                        stride, batch_norm, activation,
                                        images)
        if shortcut == "identity":
            self.shortcut = nn.Identity()
        elif shortcut == "projection":
            self.shortcut = projection(in_size, width, stride, batch_norm,
                                       images)
        elif shortcut == "zero-pad":
            self.shortcut = ZeroPad(width, stride, images)
        else:
            self.shortcut = None
        self.out = nonlinearity(activation)

    def forward(self, x):
        if self.shortcut is None:
            return self.out(self.branch(x))
        return self.out(self.branch(x) + self.shortcut(x))


# {{end}}
class Network(nn.Module):
    """{{network_summary}}

    {{layer_table}}
    """

    def __init__(self):
        super().__init__()
        {{modules}}

    def forward(self, x):
        """x: {{batch_shape}} -> logits: [batch, {{classes}}]."""
        x = self.stem(x)
        for block in self.blocks:
            x = block(x)
        return self.head(x)


def initialize(model, scheme="he", zero_last_bn_gamma=False):
    """ResNet Lab's initialisation. Weights ~ N(0, 2 / fan_in) (scheme "he":
    He et al. 2015b, eq. 10) or N(0, 2 / (fan_in + fan_out)) ("xavier");
    the classifier, the head's last linear layer, ~ N(0, 1 / fan_in)
    because no rectifier follows it; biases 0; batch norm gamma 1, beta 0.
    With zero_last_bn_gamma the last batch norm of every residual branch
    starts at gamma 0, so each residual block starts as the identity
    (Goyal et al. 2017). Returns the model."""
    linears = [m for m in model.head.modules() if isinstance(m, nn.Linear)]
    classifier = linears[-1] if linears else None
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            if module is classifier:
                fan_in = module.weight.shape[1]
                nn.init.normal_(module.weight, 0.0, (1.0 / fan_in) ** 0.5)
            elif scheme == "xavier":
                nn.init.xavier_normal_(module.weight)
            else:
                nn.init.kaiming_normal_(module.weight, mode="fan_in",
                                        nonlinearity="relu")
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
            module.reset_parameters()  # gamma 1, beta 0, mean 0, var 1
    if zero_last_bn_gamma:
        for block in model.blocks:
            if getattr(block, "shortcut", None) is None:
                continue  # a plain block
            norms = [m for m in block.branch
                     if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d))]
            if norms:
                nn.init.zeros_(norms[-1].weight)
    return model


def load_weights(model, path="weights.npz"):
    """Loads the weights ResNet Lab exported (or save_weights wrote) into
    model and returns it. The .npz holds one float32 array per state_dict
    entry, under the entry's name; every entry must be there with its
    shape. Batch norm's num_batches_tracked counters are not stored: they
    matter only with momentum=None."""
    expected = model.state_dict()
    with np.load(path) as arrays:
        state = {name: torch.from_numpy(arrays[name])
                 for name in arrays.files}
    missing = [name for name in expected if name not in state
               and not name.endswith("num_batches_tracked")]
    unknown = [name for name in state if name not in expected]
    if missing or unknown:
        raise ValueError(f"{path} does not fit this network: "
                         f"missing {missing}, unknown {unknown}")
    for name, value in state.items():
        if value.shape != expected[name].shape:
            raise ValueError(f"{path}: {name} has shape "
                             f"{tuple(value.shape)}, the network needs "
                             f"{tuple(expected[name].shape)}")
    model.load_state_dict(state, strict=False)
    return model


def save_weights(model, path):
    """Writes model's state_dict as an .npz of float32 arrays, the format
    load_weights reads (num_batches_tracked left out)."""
    arrays = {name: value.detach().cpu().numpy().astype(np.float32)
              for name, value in model.state_dict().items()
              if not name.endswith("num_batches_tracked")}
    np.savez(path, **arrays)
