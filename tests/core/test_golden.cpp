// tests/core/test_golden.cpp: every PyTorch reference case in tests/golden (see its README),
// computed in float64 by PyTorch 1.13, against the engine in float32: single layers and losses
// at rtol 1e-4, blocks and 6-step training runs at 1e-3, the zero-branch identity bit for bit.
// The block-design cases (He et al. 2016's placements and shortcut variants, ReZero, SkipInit,
// Fixup) come from tests/golden/gen_block_design.py.
// The 43 case names are listed here, so a missing file FAILS rather than disappears, and every
// tensor of every case must be either an input or compared.
#include <QtTest>

#include "core/blocks/plain_block.h"
#include "core/blocks/residual_block.h"
#include "core/init/initializer.h"
#include "core/layers/activation.h"
#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/global_avg_pool.h"
#include "core/layers/softmax_cross_entropy.h"
#include "core/network/network.h"
#include "core/optim/adam.h"
#include "core/optim/sgd.h"
#include "core/shortcuts/dropout.h"
#include "core/shortcuts/zero_pad.h"
#include "core/spec/build_network.h"
#include "support/golden.h"
#include "support/gradient_check.h"

#include <QDir>

#include <functional>

using core::Matrix;
using core::Shape;
using core::Vector;
using golden::Case;
using golden::Comparison;

namespace {

// The README's tolerances.
constexpr double kLayerTol = 1e-4;    // single layers and losses
constexpr double kBlockTol = 1e-3;    // blocks
constexpr double kTrainTol = 1e-3;    // training runs: losses, final parameters, optimizer state
constexpr double kNoiseAtol = 1e-5;   // momentum_buffer of a stem bias with a zero gradient

const char* const kCases[] = {
    "dense", "conv2d_3x3_s1_p1", "conv2d_3x3_s2_p1", "conv2d_1x1_s2_p0", "conv2d_3x3_s1_p1_nobias",
    "batchnorm1d_train", "batchnorm1d_eval", "batchnorm2d_train", "batchnorm2d_eval",
    "relu", "tanh", "sigmoid", "softmax_cross_entropy", "softmax_cross_entropy_large_logits",
    "global_avg_pool", "zero_pad_shortcut",
    "mlp_identity_block", "mlp_plain_block", "conv_identity_block", "conv_projection_block",
    "bottleneck_block", "mlp_identity_block_span3", "zero_branch_identity",
    "train_sgd_momentum_residual", "train_adam_residual", "train_sgd_momentum_plain",
    "he_init",
    "mlp_bn_after_addition_block", "mlp_relu_before_addition_block", "mlp_relu_only_preact_block",
    "mlp_full_preact_block", "conv_full_preact_block", "mlp_scaling_shortcut_block", "mlp_scaling_both_block",
    "mlp_exclusive_gating_block", "mlp_shortcut_only_gating_block", "conv_exclusive_gating_block",
    "mlp_dropout_shortcut_block", "mlp_rezero_block", "mlp_skipinit_block", "mlp_fixup_block",
    "train_sgd_full_preact", "train_sgd_rezero",
};

// The shape of one sample of an activation [B, D] or [B, C, H, W].
Shape sampleShape(const golden::Tensor& t) {
    if (t.shape.size() == 4)
        return Shape::image(int(t.dim(1)), int(t.dim(2)), int(t.dim(3)));
    return Shape::vector(int(t.trailing()));
}

// Copies a reference tensor into a parameter or buffer of the same size (engine order).
template <class View>
bool assign(View& view, const Case& c, const std::string& name, Comparison& cmp) {
    if (!c.has(name)) {
        cmp.fail("no reference tensor " + name + " to set " + view.name);
        return false;
    }
    const Eigen::VectorXd value = golden::asParam(c.tensor(name));
    if (value.size() != view.value.size()) {
        cmp.fail(name + " has " + std::to_string(value.size()) + " values, " + view.name + " " +
                 std::to_string(view.value.size()));
        return false;
    }
    view.value = value.cast<float>();
    cmp.used(name);
    return true;
}

// Sets every parameter from the tensor of the same name, runs forward(x) and backward(gy), and
// compares y, gx and every g<param>. Returns y.
Matrix forwardBackward(const Case& c, core::Layer& layer, Comparison& cmp, double tol,
                       const std::function<void()>& afterForward = {}) {
    for (core::ParamView& p : layer.params())
        assign(p, c, p.name, cmp);
    cmp.used("x");
    cmp.used("gy");
    const Matrix x = golden::activationsF(c.tensor("x"));
    const Matrix y = layer.forward(x);
    cmp.activation("y", y, tol);
    if (afterForward)
        afterForward();
    testsupport::zeroParamGrads(layer);
    const Matrix gx = layer.backward(golden::activationsF(c.tensor("gy")));
    cmp.activation("gx", gx, tol);
    for (core::ParamView& p : layer.params())
        cmp.param("g" + p.name, p.grad, tol);
    return y;
}

// ---------------------------------------------------------------- single layers

void runDense(const Case& c, Comparison& cmp) {
    const golden::Tensor& W = c.tensor("W");
    core::Dense dense(int(W.dim(1)), int(W.dim(0)), c.has("b"));
    forwardBackward(c, dense, cmp, kLayerTol);
}

void runConv(const Case& c, Comparison& cmp, int stride, int padding) {
    const golden::Tensor& W = c.tensor("W");
    const core::Conv2dOptions o{int(W.dim(0)), int(W.dim(2)), stride, padding, c.has("b")};
    core::Conv2d conv(sampleShape(c.tensor("x")), o);
    forwardBackward(c, conv, cmp, kLayerTol);
}

void runBatchNorm(const Case& c, Comparison& cmp, bool training) {
    core::BatchNorm bn(sampleShape(c.tensor("x")));
    bn.setTraining(training);
    const std::string suffix = training ? "_before" : "";
    for (core::BufferView& b : bn.buffers())
        assign(b, c, b.name + suffix, cmp);
    forwardBackward(c, bn, cmp, kLayerTol);
    for (core::BufferView& b : bn.buffers()) {
        if (training)
            cmp.param(b.name + "_after", b.value, kLayerTol);
        else   // evaluation leaves the running statistics unchanged
            cmp.exact(b.name + " unchanged", b.value, golden::asParam(c.tensor(b.name)).cast<float>());
    }
    if (training) {   // debugging values: the batch statistics are inside running_*_after
        cmp.used("batch_mean");
        cmp.used("batch_var");
    }
}

void runActivation(const Case& c, Comparison& cmp, core::Activation kind) {
    auto layer = core::makeActivation(kind, sampleShape(c.tensor("x")));
    forwardBackward(c, *layer, cmp, kLayerTol);
}

void runGlobalAvgPool(const Case& c, Comparison& cmp) {
    core::GlobalAvgPool pool(sampleShape(c.tensor("x")));
    forwardBackward(c, pool, cmp, kLayerTol);
}

void runZeroPad(const Case& c, Comparison& cmp) {
    const Shape in = sampleShape(c.tensor("x")), out = sampleShape(c.tensor("y"));
    core::ZeroPad pad(in, out.channels, in.height / out.height);
    if (pad.outputShape() != out)
        cmp.fail("ZeroPad output shape " + pad.outputShape().str() + ", expected " + out.str());
    forwardBackward(c, pad, cmp, kLayerTol);
}

void runSoftmaxCrossEntropy(const Case& c, Comparison& cmp) {
    core::SoftmaxCrossEntropy loss;
    cmp.used("logits");
    cmp.used("labels");
    const float L = loss.forward(golden::activationsF(c.tensor("logits")), golden::labels(c.tensor("labels")));
    cmp.relScalar("loss", L, c.scalar("loss"), kLayerTol);
    cmp.activation("probs", loss.probs(), kLayerTol);
    cmp.activation("glogits", loss.backward(), kLayerTol);
}

// ---------------------------------------------------------------- blocks

core::BlockSpec blockSpec(int width, core::ShortcutKind shortcut, int span = 2, int stride = 1) {
    core::BlockSpec b;
    b.width = width;
    b.shortcut = shortcut;
    b.span = span;
    b.stride = stride;
    return b;
}

// Forward and backward of a block in training mode; also branch.out (and shortcut.out) and the
// running statistics after the pass.
void runBlock(const Case& c, Comparison& cmp, const core::BlockSpec& spec) {
    auto block = core::buildBlock(spec, sampleShape(c.tensor("x")));
    block->setTraining(true);
    if (c.has("shortcut.mask")) {   // the dropout shortcut, given PyTorch's mask
        auto* dropout = dynamic_cast<core::DropoutShortcut*>(&static_cast<core::ResidualBlock&>(*block).shortcut());
        if (!dropout) {
            cmp.fail("the case has a dropout mask but the block has no dropout shortcut");
            return;
        }
        dropout->setFixedMask(golden::activationsF(c.tensor("shortcut.mask")));
        cmp.used("shortcut.mask");
    }
    auto* residual = dynamic_cast<core::ResidualBlock*>(block.get());
    auto* plain = dynamic_cast<core::PlainBlock*>(block.get());
    if (!residual && !plain) {
        cmp.fail("buildBlock made neither a residual nor a plain block");
        return;
    }
    forwardBackward(c, *block, cmp, kBlockTol, [&] {
        cmp.activation("branch.out", residual ? residual->branchOutput() : plain->branchOutput(), kBlockTol);
        if (c.has("shortcut.out"))
            cmp.activation("shortcut.out", residual->shortcutOutput(), kBlockTol);
    });
    for (core::BufferView& b : block->buffers())
        cmp.param(b.name + "_after", b.value, kBlockTol);
}

// The identity property, bit for bit: with branch.3.W = 0 and branch.4.gamma = beta = 0 the
// branch outputs exact zeros, so y = relu(0 + x) = x and gx = gy; every parameter gradient but
// gbranch.4.beta is exactly 0.
void runZeroBranchIdentity(const Case& c, Comparison& cmp) {
    auto block = core::buildBlock(blockSpec(6, core::ShortcutKind::Identity), sampleShape(c.tensor("x")));
    for (core::ParamView& p : block->params())
        assign(p, c, p.name, cmp);
    cmp.used("x");
    cmp.used("gy");
    const Matrix x = golden::activationsF(c.tensor("x"));
    const Matrix gy = golden::activationsF(c.tensor("gy"));
    const Matrix y = block->forward(x);
    cmp.exact("y == x", y, x);
    cmp.activation("y", y, kBlockTol);
    const auto& residual = static_cast<core::ResidualBlock&>(*block);
    cmp.exact("branch.out == 0", residual.branchOutput(), Matrix::Zero(x.rows(), x.cols()));
    cmp.activation("branch.out", residual.branchOutput(), kBlockTol);
    cmp.relScalar("max_abs_y_minus_x", (y - x).cwiseAbs().maxCoeff(), c.scalar("max_abs_y_minus_x"), 0.0);
    testsupport::zeroParamGrads(*block);
    const Matrix gx = block->backward(gy);
    cmp.exact("gx == gy", gx, gy);
    cmp.activation("gx", gx, kBlockTol);
    for (core::ParamView& p : block->params()) {
        if (p.name == "branch.4.beta") {
            cmp.param("g" + p.name, p.grad, kBlockTol);
            continue;
        }
        cmp.exact("g" + p.name + " == 0", p.grad, Vector::Zero(p.grad.size()));
        cmp.exact("reference g" + p.name + " == 0", golden::asParam(c.tensor("g" + p.name)).cast<float>(),
                  Vector::Zero(p.grad.size()));
        cmp.used("g" + p.name);
    }
    for (core::BufferView& b : block->buffers())
        cmp.param(b.name + "_after", b.value, kBlockTol);
}

// ---------------------------------------------------------------- training runs

// The golden nets name the stem and head Linears "stem.W" and "head.W"; ours are Sequentials.
std::string goldenName(const std::string& engineName) {
    for (const char* part : {"stem.0.", "head.0."})
        if (engineName.starts_with(part))
            return engineName.substr(0, 5) + engineName.substr(7);
    return engineName;
}

// stem Linear(2, 8), two blocks of Linear-BN-ReLU-Linear-BN (identity skip or none), head Linear(8, 3).
std::unique_ptr<core::Network> trainingNet(bool residual) {
    auto stem = std::make_unique<core::Sequential>(Shape::vector(2));
    stem->emplace<core::Dense>(2, 8, true);
    std::vector<std::unique_ptr<core::Layer>> blocks;
    for (int k = 0; k < 2; ++k)
        blocks.push_back(core::buildBlock(
            blockSpec(8, residual ? core::ShortcutKind::Identity : core::ShortcutKind::None), Shape::vector(8)));
    auto head = std::make_unique<core::Sequential>(Shape::vector(8));
    head->emplace<core::Dense>(8, 3, true);
    return std::make_unique<core::Network>(std::move(stem), std::move(blocks), std::move(head));
}

enum class Optim { SgdMomentum, Adam };

// Step k: zeroGrad, forward batch k in training mode, the loss (recorded before the update),
// backward, one optimizer step. Then losses, final.*, running statistics and optimizer state.
void runTraining(const Case& c, Comparison& cmp, bool residual, Optim which) {
    auto net = trainingNet(residual);
    for (core::ParamView& p : net->params())
        assign(p, c, "init." + goldenName(p.name), cmp);
    for (core::BufferView& b : net->buffers())
        assign(b, c, "init." + goldenName(b.name), cmp);
    std::unique_ptr<core::Optimizer> opt;
    float lr = 0.0f;
    if (which == Optim::SgdMomentum) {
        opt = std::make_unique<core::Sgd>(core::SgdOptions{0.9f, 1e-4f, false});
        lr = 0.05f;
    } else {
        opt = std::make_unique<core::Adam>(core::AdamOptions{0.9f, 0.999f, 1e-8f, 0.0f});
        lr = 0.01f;
    }
    const golden::Tensor& x = c.tensor("x");
    const golden::Tensor& labels = c.tensor("labels");
    cmp.used("x");
    cmp.used("labels");
    const Eigen::Index steps = x.dim(0);
    Vector losses(steps);
    core::SoftmaxCrossEntropy loss;
    net->setTraining(true);
    for (Eigen::Index k = 0; k < steps; ++k) {
        net->zeroGrad();
        const Matrix& logits = net->forward(golden::batch(x, k));
        losses(k) = loss.forward(logits, golden::labels(labels, k));
        net->backward(loss.backward());
        std::vector<core::ParamView> params = net->params();
        opt->step(params, lr);
    }
    cmp.param("losses", losses, kTrainTol);
    for (core::ParamView& p : net->params())
        cmp.param("final." + goldenName(p.name), p.value, kTrainTol);
    for (core::BufferView& b : net->buffers())
        cmp.param("final." + goldenName(b.name), b.value, kTrainTol);
    const std::vector<std::string> states = which == Optim::SgdMomentum
                                                ? std::vector<std::string>{"momentum_buffer"}
                                                : std::vector<std::string>{"exp_avg", "exp_avg_sq"};
    for (core::ParamView& p : net->params())
        for (const std::string& state : states) {
            const std::string ref = state + "." + goldenName(p.name);
            const Vector* value = opt->state(p.name, state);
            if (!value) {
                cmp.fail("the optimizer has no state " + state + " for " + p.name);
                cmp.used(ref);
                continue;
            }
            // In the plain twin stem.b has an analytically zero loss gradient: its buffer is
            // weight decay plus rounding noise, compared absolutely (README).
            if (!residual && ref == "momentum_buffer.stem.b")
                cmp.absolute(ref, *value, kNoiseAtol);
            else
                cmp.param(ref, *value, kTrainTol);
        }
}

// The same 6 steps of SGD on a pre-activation net built from a spec as the builder builds it:
// stem dense 8, two full pre-activation blocks (ReZero ones for `rezero`), head BN-ReLU-dense 3.
// Reference names are the engine's own.
void runDesignTraining(const Case& c, Comparison& cmp, bool rezero) {
    core::NetworkSpec spec;
    spec.input = {core::InputKind::Points, 2, 1, 1};
    spec.classes = 3;
    spec.stem = {core::LayerSpec{core::LayerType::Dense, 8}};
    for (int k = 0; k < 2; ++k) {
        core::BlockSpec b = blockSpec(8, core::ShortcutKind::Identity);
        b.id = core::BlockId(k + 1);
        b.design.placement = core::Placement::FullPreActivation;
        if (rezero)
            b.design.residualScale = core::ResidualScale::ReZero;
        spec.blocks.push_back(b);
    }
    spec.head = {core::LayerSpec{core::LayerType::BatchNorm}, core::LayerSpec{core::LayerType::ReLU},
                 core::LayerSpec{core::LayerType::Dense, 3}};
    auto net = core::buildNetwork(spec);
    for (core::ParamView& p : net->params())
        assign(p, c, "init." + p.name, cmp);
    for (core::BufferView& b : net->buffers())
        assign(b, c, "init." + b.name, cmp);
    core::Sgd sgd(core::SgdOptions{0.9f, 1e-4f, false});
    const golden::Tensor& x = c.tensor("x");
    const golden::Tensor& labels = c.tensor("labels");
    cmp.used("x");
    cmp.used("labels");
    const Eigen::Index steps = x.dim(0);
    Vector losses(steps);
    core::SoftmaxCrossEntropy loss;
    net->setTraining(true);
    for (Eigen::Index k = 0; k < steps; ++k) {
        net->zeroGrad();
        losses(k) = loss.forward(net->forward(golden::batch(x, k)), golden::labels(labels, k));
        net->backward(loss.backward());
        std::vector<core::ParamView> params = net->params();
        sgd.step(params, 0.05f);
    }
    cmp.param("losses", losses, kTrainTol);
    for (core::ParamView& p : net->params()) {
        cmp.param("final." + p.name, p.value, kTrainTol);
        const Vector* buffer = sgd.state(p.name, "momentum_buffer");
        if (!buffer) {
            cmp.fail("no momentum buffer for " + p.name);
            cmp.used("momentum_buffer." + p.name);
            continue;
        }
        // Every path from stem.0 to the loss passes a batch norm (the blocks' pre-activation and
        // the head's), which removes a constant: stem.0.b has an analytically zero loss gradient
        // and its buffer is weight decay plus rounding noise, compared absolutely (README).
        if (p.name == "stem.0.b")
            cmp.absolute("momentum_buffer." + p.name, *buffer, kNoiseAtol);
        else
            cmp.param("momentum_buffer." + p.name, *buffer, kTrainTol);
    }
    for (core::BufferView& b : net->buffers())
        cmp.param("final." + b.name, b.value, kTrainTol);
}

// ---------------------------------------------------------------- initialisation

// He normal on Linear(32 -> 32) and Conv2d(16 -> 16, 3x3): the sample mean and std of the
// weights within 5 standard errors of the stored expectations.
void runHeInit(const Case& c, Comparison& cmp) {
    for (const std::string layer : {"linear", "conv"}) {
        std::unique_ptr<core::Network> net;
        if (layer == "linear") {
            auto stem = std::make_unique<core::Sequential>(Shape::vector(32));
            stem->emplace<core::Dense>(32, 32, false);
            auto head = std::make_unique<core::Sequential>(Shape::vector(32));
            head->emplace<core::Dense>(32, 2, true);
            net = std::make_unique<core::Network>(std::move(stem), std::vector<std::unique_ptr<core::Layer>>{},
                                                  std::move(head));
        } else {
            const Shape in = Shape::image(16, 3, 3);
            auto stem = std::make_unique<core::Sequential>(in);
            stem->emplace<core::Conv2d>(in, core::Conv2dOptions{16, 3, 1, 1, false});
            auto head = std::make_unique<core::Sequential>(in);
            head->emplace<core::GlobalAvgPool>(in);
            head->emplace<core::Dense>(16, 2, true);
            net = std::make_unique<core::Network>(std::move(stem), std::vector<std::unique_ptr<core::Layer>>{},
                                                  std::move(head));
        }
        core::initialize(*net, {core::InitScheme::He, false}, 2024);
        const core::ParamView W = net->params().front();
        const double fanIn = layer == "linear" ? 32.0 : 144.0;
        cmp.relScalar(layer + ".fan_in", fanIn, c.scalar(layer + ".fan_in"), 0.0);
        cmp.relScalar(layer + ".count", double(W.value.size()), c.scalar(layer + ".count"), 0.0);
        const double std = c.scalar(layer + ".std");
        cmp.relScalar(layer + ".std is sqrt(2 / fan_in)", std, std::sqrt(2.0 / fanIn), 1e-12);
        const Eigen::VectorXd w = W.value.cast<double>();
        const double mean = w.mean();
        const double sampleStd = std::sqrt((w.array() - mean).square().mean());
        // relError against 0 is the absolute error.
        cmp.relScalar(layer + " sample mean", mean, 0.0, 5.0 * c.scalar(layer + ".mean_standard_error"));
        cmp.relScalar(layer + " sample std", sampleStd, std, 5.0 * c.scalar(layer + ".std_standard_error") / std);
    }
}

using Runner = std::function<void(const Case&, Comparison&)>;

// Block-design cases: a width-6 dense block (or a 3-channel conv block) with one design field set.
Runner design(core::Placement placement, int width = 6) {
    return [=](const Case& c, Comparison& k) {
        core::BlockSpec b = blockSpec(width, core::ShortcutKind::Identity);
        b.design.placement = placement;
        runBlock(c, k, b);
    };
}
Runner variant(core::ShortcutVariant variant, int width = 6) {
    return [=](const Case& c, Comparison& k) {
        core::BlockSpec b = blockSpec(width, core::ShortcutKind::Identity);
        b.design.shortcutVariant = variant;
        runBlock(c, k, b);
    };
}
Runner scale(core::ResidualScale scale, bool batchNorm, core::Placement placement) {
    return [=](const Case& c, Comparison& k) {
        core::BlockSpec b = blockSpec(6, core::ShortcutKind::Identity);
        b.batchNorm = batchNorm;
        b.design.placement = placement;
        b.design.residualScale = scale;
        runBlock(c, k, b);
    };
}

const std::map<std::string, Runner>& runners() {
    using core::Placement;
    using core::ShortcutKind;
    using core::ShortcutVariant;
    static const std::map<std::string, Runner> map = {
        {"dense", runDense},
        {"conv2d_3x3_s1_p1", [](const Case& c, Comparison& k) { runConv(c, k, 1, 1); }},
        {"conv2d_3x3_s2_p1", [](const Case& c, Comparison& k) { runConv(c, k, 2, 1); }},
        {"conv2d_1x1_s2_p0", [](const Case& c, Comparison& k) { runConv(c, k, 2, 0); }},
        {"conv2d_3x3_s1_p1_nobias", [](const Case& c, Comparison& k) { runConv(c, k, 1, 1); }},
        {"batchnorm1d_train", [](const Case& c, Comparison& k) { runBatchNorm(c, k, true); }},
        {"batchnorm1d_eval", [](const Case& c, Comparison& k) { runBatchNorm(c, k, false); }},
        {"batchnorm2d_train", [](const Case& c, Comparison& k) { runBatchNorm(c, k, true); }},
        {"batchnorm2d_eval", [](const Case& c, Comparison& k) { runBatchNorm(c, k, false); }},
        {"relu", [](const Case& c, Comparison& k) { runActivation(c, k, core::Activation::ReLU); }},
        {"tanh", [](const Case& c, Comparison& k) { runActivation(c, k, core::Activation::Tanh); }},
        {"sigmoid", [](const Case& c, Comparison& k) { runActivation(c, k, core::Activation::Sigmoid); }},
        {"softmax_cross_entropy", runSoftmaxCrossEntropy},
        {"softmax_cross_entropy_large_logits", runSoftmaxCrossEntropy},
        {"global_avg_pool", runGlobalAvgPool},
        {"zero_pad_shortcut", runZeroPad},
        {"mlp_identity_block", [](const Case& c, Comparison& k) { runBlock(c, k, blockSpec(6, ShortcutKind::Identity)); }},
        {"mlp_plain_block", [](const Case& c, Comparison& k) { runBlock(c, k, blockSpec(6, ShortcutKind::None)); }},
        {"mlp_identity_block_span3",
         [](const Case& c, Comparison& k) { runBlock(c, k, blockSpec(6, ShortcutKind::Identity, 3)); }},
        {"conv_identity_block", [](const Case& c, Comparison& k) { runBlock(c, k, blockSpec(4, ShortcutKind::Identity)); }},
        {"conv_projection_block",
         [](const Case& c, Comparison& k) { runBlock(c, k, blockSpec(8, ShortcutKind::Projection, 2, 2)); }},
        {"bottleneck_block",
         [](const Case& c, Comparison& k) {
             core::BlockSpec b = blockSpec(8, ShortcutKind::Identity);
             b.kind = core::BlockKind::Bottleneck;
             b.bottleneckWidth = 2;
             runBlock(c, k, b);
         }},
        {"zero_branch_identity", runZeroBranchIdentity},
        {"train_sgd_momentum_residual", [](const Case& c, Comparison& k) { runTraining(c, k, true, Optim::SgdMomentum); }},
        {"train_adam_residual", [](const Case& c, Comparison& k) { runTraining(c, k, true, Optim::Adam); }},
        {"train_sgd_momentum_plain", [](const Case& c, Comparison& k) { runTraining(c, k, false, Optim::SgdMomentum); }},
        {"he_init", runHeInit},
        {"mlp_bn_after_addition_block", design(Placement::BnAfterAddition)},
        {"mlp_relu_before_addition_block", design(Placement::ReluBeforeAddition)},
        {"mlp_relu_only_preact_block", design(Placement::ReluOnlyPreActivation)},
        {"mlp_full_preact_block", design(Placement::FullPreActivation)},
        {"conv_full_preact_block", design(Placement::FullPreActivation, 3)},
        {"mlp_scaling_shortcut_block", variant(ShortcutVariant::ConstantScaling)},
        {"mlp_scaling_both_block",
         [](const Case& c, Comparison& k) {
             core::BlockSpec b = blockSpec(6, ShortcutKind::Identity);
             b.design.shortcutVariant = ShortcutVariant::ConstantScaling;
             b.design.shortcutScale = 0.3;
             b.design.scaleBranch = true;
             runBlock(c, k, b);
         }},
        {"mlp_exclusive_gating_block", variant(ShortcutVariant::ExclusiveGating)},
        {"mlp_shortcut_only_gating_block", variant(ShortcutVariant::ShortcutOnlyGating)},
        {"conv_exclusive_gating_block", variant(ShortcutVariant::ExclusiveGating, 3)},
        {"mlp_dropout_shortcut_block", variant(ShortcutVariant::Dropout)},
        {"mlp_rezero_block", scale(core::ResidualScale::ReZero, true, Placement::FullPreActivation)},
        {"mlp_skipinit_block", scale(core::ResidualScale::SkipInit, false, Placement::Original)},
        {"mlp_fixup_block", scale(core::ResidualScale::Fixup, false, Placement::Original)},
        {"train_sgd_full_preact", [](const Case& c, Comparison& k) { runDesignTraining(c, k, false); }},
        {"train_sgd_rezero", [](const Case& c, Comparison& k) { runDesignTraining(c, k, true); }},
    };
    return map;
}

}  // namespace

class TestGolden : public QObject {
    Q_OBJECT

private slots:
    void cases_data();
    void cases();
    void everyFileIsListed();
};

void TestGolden::cases_data() {
    QTest::addColumn<QString>("name");
    for (const char* name : kCases)
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestGolden::cases() {
    QFETCH(QString, name);
    GOLDEN_LOAD(c, name.toStdString());
    const auto it = runners().find(c.name);
    if (it == runners().end())
        QFAIL(qPrintable("no test for golden case " + name));
    Comparison cmp(c);
    try {
        it->second(c, cmp);
    } catch (const std::exception& e) {
        QFAIL(qPrintable(QString("%1 threw: %2").arg(name, e.what())));
    }
    QVERIFY2(cmp.ok(), cmp.report().c_str());
    std::string unused;
    for (const std::string& t : cmp.unusedTensors())
        unused += " " + t;
    QVERIFY2(unused.empty(), qPrintable("tensors neither used nor compared:" + QString::fromStdString(unused)));
    qInfo("%s", cmp.report().c_str());
}

// A case file that nobody compares is as bad as a missing one.
void TestGolden::everyFileIsListed() {
    QStringList listed;
    for (const char* name : kCases)
        listed << QString::fromLatin1(name) + ".json";
    listed.sort();
    QStringList files = QDir(QStringLiteral(RESNETLAB_GOLDEN_DIR)).entryList({"*.json"}, QDir::Files, QDir::Name);
    QCOMPARE(files, listed);
    QCOMPARE(int(std::size(kCases)), 43);
}

QTEST_APPLESS_MAIN(TestGolden)
#include "test_golden.moc"
