// core/blocks/basic_branch.h: the branch F(x) of the basic block (He et al. 2015, fig. 5 left):
// `span` layer units of `width` channels (features), kernel x kernel convolutions on images,
// the first unit carrying the block's stride and the last one without its activation. With
// span = 2 it is the chapter's skip over two layers; the span is the skip's length.
// x is (D_in x B), F(x) is (width x H' x W' x B) for images, (width x B) for vectors.
#pragma once

#include "core/layers/sequential.h"
#include "core/spec/network_spec.h"

#include <memory>

namespace core {

std::unique_ptr<Sequential> buildBasicBranch(const BlockSpec& b, Shape in);

}  // namespace core
