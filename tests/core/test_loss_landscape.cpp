// tests/core/test_loss_landscape.cpp: the loss landscape (Li et al. 2018). Filter-normalised
// directions have each filter at its θ* filter's norm and zero bias/BN entries; twins draw the
// same Gaussian directions from one seed; f(0, 0) is the trained network's loss; negating both
// directions mirrors the grid; the thread count changes nothing; the surface statistics count
// what they say; the training path's PCA plane recovers a path that lies in a plane.
#include "core/experiments/depth_sweep.h"
#include "core/experiments/loss_landscape.h"
#include "core/experiments/loss_landscape_trajectory.h"
#include "core/init/initializer.h"
#include "core/layers/softmax_cross_entropy.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/train/trainer.h"

#include <QtTest>

#include <cmath>

using namespace core;

namespace {

NetworkSpec spiral(int depth, bool residual, int width = 8) {
    MlpOptions o;
    o.depth = depth;
    o.residual = residual;
    o.width = width;
    return mlpNet(o);
}

Dataset smallSpiral(int size = 400) {
    DataOptions d;
    d.size = size;
    return loadDataset("spiral", d);
}

// A network trained for a few epochs, so θ* has meaningful BN statistics and weights.
TrainedNetwork trained(const NetworkSpec& spec, const Dataset& data, int epochs = 3, std::uint64_t seed = 0) {
    TrainConfig c;
    c.epochs = epochs;
    c.seed = seed;
    c.threads = 1;
    std::vector<TrainedNetwork> nets = trainNetworks({spec}, data, c);
    return std::move(nets.front());
}

double rowNorm(const Vector& v, int rows, Eigen::Index r) {
    const Eigen::Map<const Matrix> m(v.data(), rows, v.size() / rows);
    return m.row(r).cast<double>().norm();
}

}  // namespace

class TestLossLandscape : public QObject {
    Q_OBJECT

private slots:
    void eachFilterHasItsTrainedFiltersNorm() {
        const Dataset data = smallSpiral();
        TrainedNetwork t = trained(spiral(8, true), data);
        const ParameterDirection d = filterNormalizedDirection(*t.net, 7, 0);
        const std::vector<ParamView> params = t.net->params();
        const std::vector<ParameterFilters> filters = parameterFilters(*t.net);
        QCOMPARE(d.size(), params.size());
        int weights = 0, zeroed = 0;
        for (std::size_t k = 0; k < params.size(); ++k) {
            const std::string& name = params[k].name;
            const bool isWeight = name.size() > 2 && name.substr(name.size() - 2) == ".W";
            QCOMPARE(filters[k].filters > 0, isWeight);
            if (!isWeight) {
                // Biases and batch-norm gamma/beta stay where θ* has them.
                QVERIFY2(d[k].isZero(0.0f), name.c_str());
                ++zeroed;
                continue;
            }
            ++weights;
            for (Eigen::Index r = 0; r < filters[k].filters; ++r) {
                const double want = rowNorm(params[k].value, filters[k].filters, r);
                const double got = rowNorm(d[k], filters[k].filters, r);
                QVERIFY2(std::abs(got - want) <= 1e-5 * std::max(1.0, want), name.c_str());
            }
        }
        QCOMPARE(weights, 2 + 2 * 3);    // stem, 3 blocks of two dense layers, head
        QVERIFY(zeroed >= 2 * 7 + 2);    // every BN's gamma and beta, the stem's and head's biases
    }

    void convFiltersAreOutputChannels() {
        CifarOptions o;
        o.n = 1;
        o.channels = 1;
        o.height = 8;
        o.width = 8;
        o.classes = 3;
        const std::unique_ptr<Network> net = buildNetwork(cifarResNet(o));
        initialize(*net, {}, 3);
        const std::vector<ParamView> params = net->params();
        const std::vector<ParameterFilters> filters = parameterFilters(*net);
        ParameterDirection d = gaussianDirection(*net, 1, 0);
        normalizeFilters(*net, d);
        QCOMPARE(params[0].name, std::string("stem.0.W"));
        QCOMPARE(filters[0].filters, 16);   // conv 3x3, 16 output channels: 16 filters of 1x3x3
        for (std::size_t k = 0; k < params.size(); ++k)
            for (Eigen::Index r = 0; r < filters[k].filters; ++r) {
                const double want = rowNorm(params[k].value, filters[k].filters, r);
                QVERIFY(std::abs(rowNorm(d[k], filters[k].filters, r) - want) <= 1e-5 * std::max(1.0, want));
            }
    }

    void twinsDrawTheSameDirectionsFromOneSeed() {
        const Dataset data = smallSpiral();
        TrainedNetwork plain = trained(spiral(8, false), data, 2, 1);
        TrainedNetwork residual = trained(spiral(8, true), data, 2, 2);
        // The raw Gaussian draws are the same tensor by tensor...
        const ParameterDirection gp = gaussianDirection(*plain.net, 5, 0);
        const ParameterDirection gr = gaussianDirection(*residual.net, 5, 0);
        QCOMPARE(gp.size(), gr.size());
        for (std::size_t k = 0; k < gp.size(); ++k)
            QVERIFY(gp[k] == gr[k]);
        // ...another seed or the second direction are other draws...
        QVERIFY(gaussianDirection(*plain.net, 6, 0)[0] != gp[0]);
        QVERIFY(gaussianDirection(*plain.net, 5, 1)[0] != gp[0]);
        // ...and after normalisation each filter points the same way, scaled by its own θ*.
        const ParameterDirection dp = filterNormalizedDirection(*plain.net, 5, 0);
        const ParameterDirection dr = filterNormalizedDirection(*residual.net, 5, 0);
        const std::vector<ParamView> pp = plain.net->params(), pr = residual.net->params();
        const std::vector<ParameterFilters> filters = parameterFilters(*plain.net);
        for (std::size_t k = 0; k < dp.size(); ++k)
            for (Eigen::Index r = 0; r < filters[k].filters; ++r) {
                const int rows = filters[k].filters;
                const Eigen::Map<const Matrix> a(dp[k].data(), rows, dp[k].size() / rows);
                const Eigen::Map<const Matrix> b(dr[k].data(), rows, dr[k].size() / rows);
                const Eigen::RowVectorXd ua = a.row(r).cast<double>() / rowNorm(pp[k].value, rows, r);
                const Eigen::RowVectorXd ub = b.row(r).cast<double>() / rowNorm(pr[k].value, rows, r);
                QVERIFY((ua - ub).norm() <= 1e-5 * ua.norm());
            }
    }

    void centreIsTheTrainedNetworksLoss() {
        const Dataset data = smallSpiral();
        std::vector<TrainedNetwork> nets;
        nets.push_back(trained(spiral(8, true), data));
        LandscapeConfig c;
        c.grid = 3;
        c.range = 0.5;
        const std::vector<PlaneSurface> s = computeLandscapes(nets, data.train, c);
        QCOMPARE(s.size(), std::size_t(1));
        QVERIFY(s[0].complete);
        QCOMPARE(s[0].alphas[1], 0.0);
        const EvalResult e = evaluate(*nets[0].net, data.train);
        QVERIFY2(std::abs(s[0].loss(1, 1) - e.loss) <= 1e-5 * e.loss,
                 qPrintable(QString("%1 vs %2").arg(s[0].loss(1, 1)).arg(e.loss)));
        QCOMPARE(s[0].error(1, 1), e.error);
        // The trained weights are a minimum along these directions: every neighbour is higher.
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j)
                if (i != 1 || j != 1)
                    QVERIFY(s[0].loss(i, j) > s[0].loss(1, 1));
    }

    void batchStatisticsModeNormalisesEachBatch() {
        const Dataset data = smallSpiral();
        std::vector<TrainedNetwork> nets;
        nets.push_back(trained(spiral(8, false), data));
        LandscapeConfig c;
        c.grid = 3;
        c.batch = 64;
        c.batchNorm = LandscapeBatchNorm::BatchStatistics;
        const std::vector<PlaneSurface> s = computeLandscapes(nets, data.train, c);
        // By hand: training-mode forward on consecutive batches of 64 (the last one, of 300 % 64
        // = 44 samples, on its own), the loss weighted by batch size.
        Network& net = *nets[0].net;
        net.setTraining(true);
        SoftmaxCrossEntropy loss;
        double total = 0;
        const Eigen::Index n = data.train.size();
        for (Eigen::Index start = 0; start < n; start += 64) {
            const Eigen::Index count = std::min<Eigen::Index>(64, n - start);
            total += double(loss.forward(net.forward(data.train.x.middleCols(start, count)),
                                         data.train.y.segment(start, count))) *
                     double(count);
        }
        QVERIFY(std::abs(s[0].loss(1, 1) - total / double(n)) <= 1e-5 * s[0].loss(1, 1));
        // Batch statistics differ from the running ones the trained network tests with.
        QVERIFY(std::abs(s[0].loss(1, 1) - evaluate(net, data.train).loss) > 1e-6);
    }

    void evaluatingLeavesTheNetworkAsItWas() {
        const Dataset data = smallSpiral();
        std::vector<TrainedNetwork> nets;
        nets.push_back(trained(spiral(8, true), data));
        Network& net = *nets[0].net;
        std::vector<Vector> params, buffers;
        for (const ParamView& p : net.params())
            params.emplace_back(p.value);
        for (const BufferView& b : net.buffers())
            buffers.emplace_back(b.value);
        for (LandscapeBatchNorm mode : {LandscapeBatchNorm::RunningStatistics, LandscapeBatchNorm::BatchStatistics}) {
            LandscapeConfig c;
            c.grid = 3;
            c.batchNorm = mode;
            computeLandscapes(nets, data.train, c);
            landscapeValue(net, data.train, c);
        }
        const std::vector<ParamView> p = net.params();
        const std::vector<BufferView> b = net.buffers();
        for (std::size_t k = 0; k < p.size(); ++k)
            QVERIFY(p[k].value == params[k]);
        for (std::size_t k = 0; k < b.size(); ++k)
            QVERIFY(b[k].value == buffers[k]);
    }

    void negatedDirectionsMirrorTheGrid() {
        const Dataset data = smallSpiral();
        TrainedNetwork t = trained(spiral(8, false), data);
        PlaneRequest r;
        r.label = "plain";
        r.spec = &t.spec;
        r.net = t.net.get();
        r.a = filterNormalizedDirection(*t.net, 3, 0);
        r.b = filterNormalizedDirection(*t.net, 3, 1);
        r.alphas = r.betas = symmetricAxis(5, 0.8);
        PlaneRequest flipped = r;
        for (Vector& v : flipped.a)
            v = -v;
        for (Vector& v : flipped.b)
            v = -v;
        LandscapeConfig c;
        c.grid = 5;
        const std::vector<PlaneSurface> s = evaluatePlanes({r, flipped}, data.train, c);
        // θ* + (-α)(-δ) + (-β)(-η) is θ* + αδ + βη to the last bit: the same network.
        for (int i = 0; i < 5; ++i)
            for (int j = 0; j < 5; ++j) {
                QCOMPARE(s[1].loss(4 - i, 4 - j), s[0].loss(i, j));
                QCOMPARE(s[1].error(4 - i, 4 - j), s[0].error(i, j));
            }
    }

    void threadCountChangesNothing() {
        const Dataset data = smallSpiral();
        std::vector<TrainedNetwork> nets;
        nets.push_back(trained(spiral(8, false), data));
        nets.push_back(trained(spiral(8, true), data));
        LandscapeConfig c;
        c.grid = 5;
        c.threads = 1;
        const std::vector<PlaneSurface> one = computeLandscapes(nets, data.train, c);
        c.threads = 3;
        int reports = 0, last = 0;
        const std::vector<PlaneSurface> three =
            computeLandscapes(nets, data.train, c, {}, [&](const LandscapeProgress& p) {
                ++reports;
                QVERIFY(p.done >= last);
                last = p.done;
                QCOMPARE(p.total, 2 * 25);
            });
        QCOMPARE(last, 50);
        QVERIFY(reports >= 1);
        for (int k = 0; k < 2; ++k) {
            QCOMPARE(one[std::size_t(k)].label, three[std::size_t(k)].label);
            QVERIFY(one[std::size_t(k)].loss == three[std::size_t(k)].loss);
            QVERIFY(one[std::size_t(k)].error == three[std::size_t(k)].error);
        }
    }

    void sliceIsTheGridsMiddleColumn() {
        const Dataset data = smallSpiral();
        std::vector<TrainedNetwork> nets;
        nets.push_back(trained(spiral(8, true), data));
        LandscapeConfig c;
        c.grid = 7;
        const PlaneSurface grid = computeLandscapes(nets, data.train, c).front();
        const PlaneSurface slice = computeSlice(nets[0].spec, *nets[0].net, data.train, c, 7);
        QCOMPARE(slice.betas.size(), std::size_t(1));
        for (int i = 0; i < 7; ++i)
            QCOMPARE(slice.loss(i, 0), grid.loss(i, 3));
    }

    void stopEndsEarlyWithWhatWasDone() {
        const Dataset data = smallSpiral();
        std::vector<TrainedNetwork> nets;
        nets.push_back(trained(spiral(8, true), data));
        LandscapeConfig c;
        c.grid = 9;
        std::stop_source stop;
        stop.request_stop();
        const PlaneSurface s = computeLandscapes(nets, data.train, c, stop.get_token()).front();
        QVERIFY(!s.complete);
        QVERIFY(s.loss.hasNaN());
    }

    void badConfigsAreNamed() {
        LandscapeConfig c;
        c.grid = 4;
        QVERIFY(checkLandscapeConfig(c).front().find("odd") != std::string::npos);
        c = {};
        c.range = 0;
        QVERIFY(checkLandscapeConfig(c).front().find("range") != std::string::npos);
        c = {};
        c.batch = 1;
        QVERIFY(checkLandscapeConfig(c).front().find("batch") != std::string::npos);
        QVERIFY(checkLandscapeConfig(LandscapeConfig{}).empty());
    }

    void symmetricAxisIsExactlySymmetric() {
        for (int n : {3, 5, 41, 51}) {
            const std::vector<double> a = symmetricAxis(n, 1.0);
            QCOMPARE(a.front(), -1.0);
            QCOMPARE(a.back(), 1.0);
            QCOMPARE(a[std::size_t(n / 2)], 0.0);
            for (int i = 0; i < n; ++i)
                QCOMPARE(a[std::size_t(n - 1 - i)], -a[std::size_t(i)]);
        }
    }

    void localMinimaCountStrictInteriorMinima() {
        const int n = 41;
        const std::vector<double> x = symmetricAxis(n, 1.0);
        Eigen::MatrixXd bowl(n, n), ripples(n, n);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                bowl(i, j) = x[std::size_t(i)] * x[std::size_t(i)] + x[std::size_t(j)] * x[std::size_t(j)];
                // cos(3πx) cos(3πy) has its minima where one cosine is 1 and the other -1:
                // x = ±1/3 with y in {0, ±2/3}, and y = ±1/3 with x in {0, ±2/3}; all 12 are
                // grid points of the 41-point axis (steps of 0.05 do not hit ±1/3 exactly, but
                // the nearest points are strict minima of the sampled surface).
                ripples(i, j) = std::cos(3 * M_PI * x[std::size_t(i)]) * std::cos(3 * M_PI * x[std::size_t(j)]);
            }
        QCOMPARE(countLocalMinima(bowl), 1);
        QCOMPARE(countLocalMinima(ripples), 12);
        // A minimum on the border is not counted; a plateau is not a strict minimum.
        Eigen::MatrixXd slope(n, n);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                slope(i, j) = double(i + j);
        QCOMPARE(countLocalMinima(slope), 0);
        QCOMPARE(countLocalMinima(Eigen::MatrixXd::Constant(n, n, 2.0)), 0);
        // NaN and inf count as higher ground: a point surrounded by them is a minimum.
        Eigen::MatrixXd walls = Eigen::MatrixXd::Constant(5, 5, std::numeric_limits<double>::infinity());
        walls(2, 2) = 1.0;
        walls(1, 1) = std::numeric_limits<double>::quiet_NaN();
        QCOMPARE(countLocalMinima(walls), 1);
    }

    void roughnessIsZeroForABowlAndGrowsWithRipples() {
        const int n = 41;
        const std::vector<double> x = symmetricAxis(n, 1.0);
        Eigen::MatrixXd bowl(n, n), rippled(n, n);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                const double r2 = x[std::size_t(i)] * x[std::size_t(i)] + x[std::size_t(j)] * x[std::size_t(j)];
                bowl(i, j) = std::exp(4 * r2);
                rippled(i, j) = bowl(i, j) * (1.5 + std::sin(20 * x[std::size_t(i)]) * std::sin(20 * x[std::size_t(j)]));
            }
        QVERIFY(std::abs(excessVariation(bowl)) < 1e-12);
        QCOMPARE(risingShare(bowl), 1.0);
        QVERIFY(excessVariation(rippled) > 0.2);
        QVERIFY(risingShare(rippled) < 0.9);
        const SurfaceStats st = surfaceStats(bowl);
        QCOMPARE(st.localMinima, 1);
        QCOMPARE(st.minLoss, 1.0);
        QCOMPARE(st.maxLoss, std::exp(8.0));
        QCOMPARE(st.nonFinite, 0);
    }

    void checkpointsAreKeptEveryKSteps() {
        const Dataset data = smallSpiral();
        const NetworkSpec spec = spiral(4, true);
        CheckpointRecorder recorder(5);
        TrainConfig c;
        c.epochs = 3;   // 300 training samples, batch 128: 3 steps per epoch (the last of 44)
        c.threads = 1;
        std::vector<TrainedNetwork> nets = trainNetworks({spec}, data, c, {}, {},
                                                         [&](int, const StepReport& r, Network& net) {
                                                             recorder.observe(r, net);
                                                         });
        const std::unique_ptr<Network> initial = buildNetwork(spec);
        initialize(*initial, c.init, c.seed);
        recorder.record(0, *initial);
        std::vector<long long> steps;
        for (const Checkpoint& k : recorder.checkpoints())
            steps.push_back(k.step);
        QCOMPARE(steps, (std::vector<long long>{0, 5, 9}));   // every 5 steps, and the last (9)
        // The last checkpoint is the trained network.
        const std::vector<ParamView> p = nets[0].net->params();
        for (std::size_t k = 0; k < p.size(); ++k)
            QVERIFY(recorder.checkpoints().back().params[k] == Vector(p[k].value));
    }

    void aPathInAPlaneIsRecovered() {
        const std::unique_ptr<Network> net = buildNetwork(spiral(4, true));
        initialize(*net, {}, 1);
        const Checkpoint star = captureCheckpoint(*net, 100);
        // Two orthonormal directions u, v in parameter space, and a path θ* + a_i u + b_i v whose
        // coordinates are uncorrelated (so PCA's axes are u and v) with var(a) > var(b).
        ParameterDirection u = gaussianDirection(*net, 1, 0), v = gaussianDirection(*net, 2, 0);
        auto dot = [](const ParameterDirection& x, const ParameterDirection& y) {
            double s = 0;
            for (std::size_t k = 0; k < x.size(); ++k)
                s += x[k].cast<double>().dot(y[k].cast<double>());
            return s;
        };
        auto scale = [](ParameterDirection& x, double f) {
            for (Vector& t : x)
                t *= float(f);
        };
        scale(u, 1.0 / std::sqrt(dot(u, u)));
        const double uv = dot(u, v);
        for (std::size_t k = 0; k < v.size(); ++k)
            v[k] -= float(uv) * u[k];
        scale(v, 1.0 / std::sqrt(dot(v, v)));
        const std::vector<double> a{3, -1, 1, -3, 0}, b{1, -1, -1, 1, 0};   // mean 0, uncorrelated
        std::vector<Checkpoint> path;
        for (std::size_t i = 0; i < a.size(); ++i) {
            Checkpoint c = star;
            c.step = long(i) * 10;
            for (std::size_t k = 0; k < c.params.size(); ++k)
                c.params[k] += float(a[i]) * u[k] + float(b[i]) * v[k];
            path.push_back(std::move(c));
        }
        const TrajectoryProjection p = projectTrajectory(*net, path);
        QCOMPARE(p.points.size(), a.size());
        QVERIFY(std::abs(p.explained1 + p.explained2 - 1.0) < 1e-4);
        QVERIFY(std::abs(p.explained1 - 20.0 / 24.0) < 1e-4);   // sum a^2 = 20, sum b^2 = 4
        for (std::size_t i = 0; i < a.size(); ++i) {
            QVERIFY(std::abs(p.points[i].alpha - a[i]) < 1e-3);
            QVERIFY(std::abs(p.points[i].beta - b[i]) < 1e-3);
            QCOMPARE(p.points[i].step, path[i].step);
        }
        QVERIFY(std::abs(std::sqrt(dot(p.d1, p.d1)) - 1.0) < 1e-5);
        QVERIFY(std::abs(dot(p.d1, p.d2)) < 1e-5);
        // The plane's grid covers the path with a margin.
        const NetworkSpec spec = spiral(4, true);
        const PlaneRequest r = trajectoryPlaneRequest("residual", spec, *net, p, 11);
        QVERIFY(r.alphas.front() < -3 && r.alphas.back() > 3);
        QVERIFY(r.betas.front() < -1 && r.betas.back() > 1);
        // A path on a line has no plane.
        std::vector<Checkpoint> line(path.begin(), path.end());
        for (std::size_t i = 0; i < line.size(); ++i)
            for (std::size_t k = 0; k < line[i].params.size(); ++k)
                line[i].params[k] = star.params[k] + float(a[i]) * u[k];
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, projectTrajectory(*net, line));
    }

    void studyEvaluatesBothPlanesAndThePathsOwnLosses() {
        const Dataset data = smallSpiral();
        std::vector<NetworkSpec> specs{spiral(4, false), spiral(4, true)};
        std::vector<CheckpointRecorder> recorders(2, CheckpointRecorder(1));
        TrainConfig c;
        c.epochs = 3;
        c.threads = 1;
        std::vector<TrainedNetwork> nets = trainNetworks(specs, data, c, {}, {},
                                                         [&](int i, const StepReport& r, Network& net) {
                                                             recorders[std::size_t(i)].observe(r, net);
                                                         });
        std::vector<std::vector<Checkpoint>> checkpoints;
        for (std::size_t i = 0; i < 2; ++i) {
            const std::unique_ptr<Network> initial = buildNetwork(specs[i]);
            initialize(*initial, c.init, c.seed);
            recorders[i].record(0, *initial);
            checkpoints.push_back(recorders[i].checkpoints());
        }
        LandscapeConfig lc;
        lc.grid = 5;
        int last = 0;
        const LandscapeStudy study = runLandscapeStudy(nets, checkpoints, data.train, lc, 5, {},
                                                       [&](const LandscapeProgress& p) { last = p.done; });
        QVERIFY(study.complete);
        QCOMPARE(last, 2 * 25 + 2 * 25);
        QCOMPARE(study.random.size(), std::size_t(2));
        QCOMPARE(study.pathPlane.size(), std::size_t(2));
        QCOMPARE(study.paths.size(), std::size_t(2));
        for (std::size_t i = 0; i < 2; ++i) {
            const TrajectoryPoint& end = study.paths[i].points.back();
            QCOMPARE(end.alpha, 0.0);
            QCOMPARE(end.beta, 0.0);
            const LandscapeValue v = landscapeValue(*nets[i].net, data.train, lc);
            QCOMPARE(end.loss, v.loss);   // the last checkpoint is the trained network
            QVERIFY(study.paths[i].points.front().step == 0);
        }
    }
};

QTEST_APPLESS_MAIN(TestLossLandscape)
#include "test_loss_landscape.moc"
