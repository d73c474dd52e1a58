// app/cli/input_option.h: --input CxHxW, which re-shapes an image network's input so that a
// preset made for one image set trains on another: `train resnet20 --input 1x28x28 --data
// fashion-mnist` is the CIFAR ResNet-20 (3x32x32) on Fashion-MNIST. A CIFAR-style net has 3x3
// padded convolutions and global average pooling, so only its first convolution's input
// channels change; the spec is validated again afterwards.
#pragma once

#include "app/cli/cli_args.h"

#include "core/spec/network_spec.h"

#include <string>

namespace cli {

// Applies --input, if given, to `spec` (read from `source`). Throws UsageError for a malformed
// shape or a network without image input.
void applyInputOption(const Args& args, core::NetworkSpec& spec, const std::string& source);

// The hint a shape mismatch message ends with: "; give --input 1x28x28 to re-shape the
// network's input" for an image network and image data, empty otherwise.
std::string inputHint(const core::NetworkSpec& spec, const core::Shape& dataShape);

}  // namespace cli
