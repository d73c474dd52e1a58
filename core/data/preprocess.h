// core/data/preprocess.h: what happens to a data set between reading and training.
// Standardisation x' = (x - mean) / std per feature (vectors) or per channel (images), with the
// statistics measured on the training split only and applied to both splits; the seeded
// train/test split; subsets; and the column gathers that build a minibatch (D x B) from (D x N).
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <span>
#include <vector>

namespace core {

// The statistics of one standardisation, kept so the same transform can be applied to new data
// (a test split, a point the user clicks in the UI).
struct Normalization {
    Shape shape;     // the sample shape the statistics were measured for
    Vector mean;     // (D) per feature for vectors, (C) per channel for images
    Vector stddev;   // same size; 1 where the training data is constant (no division by 0)

    bool empty() const { return mean.size() == 0; }
    // x: (shape.size() x N), standardised in place.
    void apply(Matrix& x) const;
    // A split's floats standardised in place, or its bytes set to read standardised.
    void apply(Split& split) const;
};

// Mean and population standard deviation of x (shape.size() x N), per feature or per channel.
// Accumulates in double, so 10^7 samples lose no precision.
Normalization fitNormalization(const Matrix& x, const Shape& shape);
// The same for a split's samples, floats or bytes.
Normalization fitNormalization(const Split& split, const Shape& shape);

// Standardises data.train and data.test with the statistics of data.train; returns them.
Normalization normalize(Dataset& data);

// Keeps the first maxTrain training and the first maxTest test samples (0 = keep all).
void takeSubset(Dataset& data, Eigen::Index maxTrain, Eigen::Index maxTest);

// A deterministic permutation of 0..n-1: Fisher-Yates driven by core::Rng(seed).
std::vector<Eigen::Index> shuffledIndices(Eigen::Index n, std::uint64_t seed);

// How many of n samples go to the test split: floor(n * testFraction).
Eigen::Index testCount(Eigen::Index n, double testFraction);

// Shuffles `all` with a permutation drawn from the seed, then puts the first
// n - testCount(n, testFraction) samples into data.train and the rest into data.test.
void splitTrainTest(const Split& all, double testFraction, std::uint64_t seed, Dataset& data);

// The columns idx[0], idx[1], ... of x as a new (D x idx.size()) matrix: one minibatch.
Matrix gatherColumns(const Matrix& x, std::span<const Eigen::Index> idx);
// The same into a preallocated `out`, resized only when the batch size changes.
void gatherColumns(const Matrix& x, std::span<const Eigen::Index> idx, Matrix& out);
Labels gatherLabels(const Labels& y, std::span<const Eigen::Index> idx);
void gatherLabels(const Labels& y, std::span<const Eigen::Index> idx, Labels& out);

}  // namespace core
