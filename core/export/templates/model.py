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
# {{if designed_block}}
class ScalarMultiplier(nn.Module):
    """y = alpha x with one learnable alpha: ReZero's alpha (x + alpha F(x),
    alpha starts at 0; Bachlechner et al. 2020), SkipInit's (De & Smith
    2020) and Fixup's multiplier (Zhang, Dauphin, Ma 2019)."""

    def __init__(self, alpha=0.0):
        super().__init__()
        self.initial = float(alpha)
        self.alpha = nn.Parameter(torch.full((1,), self.initial))

    def forward(self, x):
        return self.alpha * x


class ScalarBias(nn.Module):
    """y = x + b with one learnable b: Fixup's scalar biases."""

    def __init__(self):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return x + self.bias


class ConstantScaling(nn.Module):
    """y = lambda x with a fixed lambda (He et al. 2016, Fig. 2b)."""

    def __init__(self, scale):
        super().__init__()
        self.scale = scale

    def forward(self, x):
        return self.scale * x


def placed_unit(in_size, width, kernel, stride, batch_norm, activation,
                last, placement, residual, fixup, images):
    """One layer unit in the order of the block's placement (He et al.
    2016, Fig. 4); W is the weighted layer, BN batch norm, g activation:
      original                 W, BN, g   (the last unit: W, BN)
      bn-after-addition        W, BN, g   (the last unit: W; BN after +)
      relu-before-addition     W, BN, g   (the last unit too)
      relu-only-preactivation  g, W, BN
      full-preactivation       BN, g, W
    A Fixup unit (Zhang et al. 2019) has no BN and no bias but scalar
    biases: b, W, b, g (the last unit: b, W)."""
    if fixup:
        layers = [ScalarBias(),
                  weighted(in_size, width, kernel, stride, False, images)]
        if not last:
            layers += [ScalarBias(), nonlinearity(activation)]
        return layers
    w = weighted(in_size, width, kernel, stride, not batch_norm, images)
    g = nonlinearity(activation)
    if placement == "full-preactivation":
        return ([norm_layer(in_size, images)] if batch_norm else []) + [g, w]
    if placement == "relu-only-preactivation":
        return [g, w] + ([norm_layer(width, images)] if batch_norm else [])
    layers = [w]
    keep_norm = not (placement == "bn-after-addition" and last and residual)
    if batch_norm and keep_norm:
        layers.append(norm_layer(width, images))
    if not last or placement == "relu-before-addition":
        layers.append(g)
    return layers


class DesignedBlock(nn.Module):
    """A block of He et al. 2016's design space ("Identity Mappings in Deep
    Residual Networks"): the placement of BN and g (their Fig. 4), what the
    shortcut does to x (Fig. 2), and a scalar that makes the block the
    identity at initialisation (ReZero, SkipInit, Fixup). The sum is
      F(x) + S(x)                       no gate
      g(x) F(x) + (1 - g(x)) S(x)       exclusive gating
      F(x) + (1 - g(x)) S(x)            shortcut-only gating
    with g(x) = sigmoid(W_g x + b_g), then post_bn and out when the
    placement puts BN or g after the addition. shortcut="none" makes a
    plain block, out = F(x) or g(F(x))."""

    def __init__(self, in_size, width, span=2, kernel=3, stride=1,
                 batch_norm=True, activation="relu", shortcut="identity",
                 placement="original", variant="none", scale=0.5,
                 scale_branch=False, gate_bias=0.0, dropout=0.5,
                 residual_scale="none", alpha=0.0, reduced=None,
                 images=True):
        super().__init__()
        residual = shortcut != "none"
        self.fixup = residual and residual_scale == "fixup"
        if reduced is None:
            units = [(width, kernel, stride if u == 0 else 1)
                     for u in range(span)]
        else:
            units = [(reduced, 1, 1), (reduced, kernel, stride),
                     (width, 1, 1)]
        layers, size = [], in_size
        for u, (w, k, s) in enumerate(units):
            layers += placed_unit(size, w, k, s, batch_norm, activation,
                                  u == len(units) - 1, placement, residual,
                                  self.fixup, images)
            size = w
        if residual:
            if variant == "constant-scaling" and scale_branch:
                layers.append(ConstantScaling(1.0 - scale))
            if residual_scale == "rezero":
                layers.append(ScalarMultiplier(0.0))
            elif residual_scale == "skipinit":
                layers.append(ScalarMultiplier(alpha))
            elif self.fixup:
                layers += [ScalarMultiplier(1.0), ScalarBias()]
        self.branch = nn.Sequential(*layers)
        if not residual:
            self.shortcut = None
        elif shortcut == "projection":
            self.shortcut = projection(in_size, width, stride, batch_norm,
                                       images)
        elif shortcut == "zero-pad":
            self.shortcut = ZeroPad(width, stride, images)
        elif variant == "constant-scaling":
            self.shortcut = ConstantScaling(scale)
        elif variant == "dropout":
            self.shortcut = nn.Dropout(dropout)
        else:
            self.shortcut = nn.Identity()
        self.gating = variant if variant.endswith("gating") else None
        self.gate_bias = gate_bias
        if self.gating:
            self.gate = nn.Sequential(
                weighted(width, width, 1, 1, True, images), nn.Sigmoid())
        if residual and placement == "bn-after-addition" and batch_norm:
            self.post_bn = norm_layer(width, images)
        after = placement in ("original", "bn-after-addition")
        self.out = nonlinearity(activation) if after else None

    def reset_design(self):
        """The design's initial values: the gate's bias b_g, alpha."""
        if self.gating:
            nn.init.constant_(self.gate[0].bias, self.gate_bias)
        for module in self.branch:
            if isinstance(module, ScalarMultiplier):
                nn.init.constant_(module.alpha, module.initial)
            elif isinstance(module, ScalarBias):
                nn.init.zeros_(module.bias)

    def forward(self, x):
        f = self.branch(x)
        if self.shortcut is None:
            total = f
        else:
            s = self.shortcut(x)
            if self.gating == "exclusive-gating":
                g = self.gate(x)
                total = g * f + (1 - g) * s
            elif self.gating == "shortcut-only-gating":
                total = f + (1 - self.gate(x)) * s
            else:
                total = f + s
            if hasattr(self, "post_bn"):
                total = self.post_bn(total)
        return self.out(total) if self.out is not None else total


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
    # {{if designed_block}}
    for block in model.blocks:
        if isinstance(block, DesignedBlock):
            block.reset_design()
    # Fixup (Zhang, Dauphin, Ma 2019, sec. 3): the classifier and the last
    # weighted layer of each of the L branches start at 0, the branch's
    # other weighted layers are scaled by L^(-1/(2m-2)).
    fixup = [b for b in model.blocks if getattr(b, "fixup", False)]
    for block in fixup:
        layers = [m for m in block.branch
                  if isinstance(m, (nn.Linear, nn.Conv2d))]
        m = len(layers)
        with torch.no_grad():
            for layer in layers[:-1]:
                layer.weight.mul_(len(fixup) ** (-1.0 / (2 * m - 2)))
            layers[-1].weight.zero_()
    if fixup and classifier is not None:
        nn.init.zeros_(classifier.weight)
        if classifier.bias is not None:
            nn.init.zeros_(classifier.bias)
    # {{end}}
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
