// core/init/initializer.h: initial weights for a network, drawn from one seed.
//   He (Kaiming normal, fan-in):  W ~ N(0, 2 / fan_in)            (He et al. 2015b, eq. 10)
//   Xavier (Glorot normal):       W ~ N(0, 2 / (fan_in + fan_out))
// The classifier (the head's last dense layer) is followed by no rectifier, so it gets gain 1:
// N(0, 1 / fan_in). Biases start at 0, BN at gamma 1, beta 0, running mean 0, var 1.
// Optionally the last BN of every residual branch starts at gamma 0, so each residual block
// starts as the identity (Goyal et al. 2017).
// Block-design layers start as their papers say: ReZero's alpha at 0, SkipInit's at its
// spec value, Fixup's multiplier at 1 and its scalar biases at 0, a shortcut gate's bias at b_g
// (He et al. 2016). Fixup (Zhang, Dauphin, Ma 2019, sec. 3) also sets the last weighted layer of
// each of its L branches and the classifier to 0, and scales the branch's other weighted layers
// by L^(-1/(2m-2)) for m weighted layers per branch. Dropout shortcuts draw their masks from a
// stream of the seed and their name.
#pragma once

#include "core/network/network.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace core {

enum class InitScheme { He, Xavier };

struct InitOptions {
    InitScheme scheme = InitScheme::He;
    bool zeroLastBnGamma = false;
};

void initialize(Network& net, const InitOptions& options, std::uint64_t seed);

std::string_view initSchemeName(InitScheme scheme);                 // "he", "xavier"
std::optional<InitScheme> initSchemeFromName(std::string_view name);

}  // namespace core
