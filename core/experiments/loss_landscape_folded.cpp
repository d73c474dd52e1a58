#include "core/experiments/loss_landscape_folded.h"

#include "core/blocks/plain_block.h"
#include "core/blocks/residual_block.h"
#include "core/layers/batch_norm.h"
#include "core/layers/dense.h"

namespace core {

namespace {

Layer* child(Layer& layer, const std::string& name) {
    for (const ChildLayer& c : layer.children())
        if (c.name == name)
            return c.layer;
    return nullptr;
}

bool isReLU(const Layer* layer) { return layer && layer->kind() == "ReLU"; }

}  // namespace

std::unique_ptr<FoldedNetwork> FoldedNetwork::fold(Network& net, std::string* why) {
    std::unique_ptr<FoldedNetwork> folded(new FoldedNetwork);
    std::vector<Unit>& units = folded->m_units;
    std::string problem;
    auto fail = [&](const std::string& what) {
        if (problem.empty())
            problem = what;
        return false;
    };
    // One layer of a chain: a dense layer starts a unit, a batch norm and a ReLU complete it.
    auto layer = [&](Layer& l) {
        if (auto* dense = dynamic_cast<Dense*>(&l)) {
            units.push_back({});
            units.back().dense = dense;
            return true;
        }
        const bool open = !units.empty() && units.back().epilogue == Epilogue::None;
        if (auto* norm = dynamic_cast<BatchNorm*>(&l)) {
            if (!open || units.back().norm || norm->inputShape().spatial)
                return fail("a batch norm that does not follow a dense layer");
            units.back().norm = norm;
            return true;
        }
        if (isReLU(&l)) {
            if (!open)
                return fail("a ReLU that does not follow a dense layer");
            units.back().epilogue = Epilogue::ReLU;
            return true;
        }
        return fail("a " + std::string(l.kind()) + " layer");
    };
    auto chain = [&](Sequential& s) {
        for (std::size_t i = 0; i < s.size(); ++i)
            if (!layer(s.at(i)))
                return false;
        return true;
    };
    // A block's branch, then its ReLU (after the addition for a residual block).
    auto block = [&](Layer& b) {
        const int input = int(units.size()) - 1;
        const std::size_t before = units.size();
        if (auto* plain = dynamic_cast<PlainBlock*>(&b)) {
            if (plain->bypassed())
                return fail("a removed block");
            if (!chain(plain->branch()))
                return false;
            if (units.size() == before || units.back().epilogue != Epilogue::None || !isReLU(child(b, "out")))
                return fail("a plain block that does not end in dense, batch norm, ReLU");
            units.back().epilogue = Epilogue::ReLU;
            return true;
        }
        if (auto* residual = dynamic_cast<ResidualBlock*>(&b)) {
            if (residual->bypassed())
                return fail("a removed block");
            if (residual->shortcut().kind() != "Identity")
                return fail("a " + std::string(residual->shortcut().kind()) + " shortcut");
            if (!chain(residual->branch()))
                return false;
            if (units.size() == before || units.back().epilogue != Epilogue::None || !isReLU(child(b, "out")))
                return fail("a residual block whose branch does not end in dense and batch norm before the ReLU");
            units.back().epilogue = Epilogue::AddInputReLU;
            units.back().skipFrom = input;
            return true;
        }
        return fail("a " + std::string(b.kind()) + " block");
    };
    bool ok = chain(net.stem());
    for (std::size_t k = 0; ok && k < net.blockCount(); ++k)
        ok = block(net.block(k));
    ok = ok && chain(net.head());
    if (ok && (units.empty() || units.back().epilogue != Epilogue::None || units.back().norm))
        ok = fail("a network that does not end in a dense layer");
    if (!ok) {
        if (why)
            *why = problem;
        return nullptr;
    }
    return folded;
}

void FoldedNetwork::refold() {
    for (Unit& u : m_units) {
        const Matrix& w = u.dense->weight();
        Vector b = u.dense->hasBias() ? u.dense->bias() : Vector::Zero(w.rows());
        if (!u.norm) {
            u.w = w;
            u.b = b;
            continue;
        }
        // s = γ / sqrt(σ² + ε), computed as BatchNorm computes its 1 / sqrt(σ² + ε).
        const Vector s = u.norm->gamma().cwiseProduct((u.norm->runningVar().array() + u.norm->eps()).rsqrt().matrix());
        u.w.noalias() = s.asDiagonal() * w;
        u.b = s.cwiseProduct(b - u.norm->runningMean()) + u.norm->beta();
    }
}

const Matrix& FoldedNetwork::forward(const Matrix& x) {
    const Matrix* in = &x;
    for (Unit& u : m_units) {
        u.out.noalias() = u.w * *in;
        switch (u.epilogue) {
        case Epilogue::None: u.out.colwise() += u.b; break;
        case Epilogue::ReLU: u.out = (u.out.colwise() + u.b).cwiseMax(0.0f); break;
        case Epilogue::AddInputReLU: {
            const Matrix& skip = u.skipFrom < 0 ? x : m_units[std::size_t(u.skipFrom)].out;
            u.out = ((u.out.colwise() + u.b) + skip).cwiseMax(0.0f);
            break;
        }
        }
        in = &u.out;
    }
    return m_units.back().out;
}

}  // namespace core
