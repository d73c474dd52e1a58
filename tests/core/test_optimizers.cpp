// tests/core/test_optimizers.cpp: SGD (momentum, Nesterov, weight decay) and Adam with PyTorch
// semantics against step-by-step hand computations, optimizer state keyed by parameter name, and
// the learning-rate schedules.
#include <QtTest>

#include "core/optim/adam.h"
#include "core/optim/lr_schedule.h"
#include "core/optim/sgd.h"
#include "support/fixtures.h"

#include <cmath>
#include <numbers>

using core::Vector;

Q_DECLARE_METATYPE(core::ScheduleKind)

namespace {

// A parameter owned by the test, exposed to the optimizer as a ParamView.
struct Param {
    std::string name;
    Vector value, grad;
    Param(std::string n, std::initializer_list<float> v) : name(std::move(n)), value(Eigen::Index(v.size())) {
        Eigen::Index i = 0;
        for (float x : v)
            value(i++) = x;
        grad = Vector::Zero(value.size());
    }
    core::ParamView view() { return {name, {value.data(), value.size()}, {grad.data(), grad.size()}}; }
};

void step(core::Optimizer& opt, Param& p, float lr) {
    std::vector<core::ParamView> views{p.view()};
    opt.step(views, lr);
}

bool near(double got, double want, double tol = 1e-6) { return std::abs(got - want) <= tol; }

}  // namespace

class TestOptimizers : public QObject {
    Q_OBJECT

private slots:
    void sgdPlain();
    void sgdMomentumByHand();
    void sgdNesterovByHand();
    void sgdWeightDecay();
    void sgdWeightDecayWithMomentum();
    void adamByHand();
    void adamFirstStepIsLr();
    void adamWeightDecay();
    void stateIsKeyedByName();
    void schedules_data();
    void schedules();
    void scheduleNames();
};

// momentum 0: p -= lr g, and there is no state.
void TestOptimizers::sgdPlain() {
    core::Sgd sgd({0.0f, 0.0f, false});
    Param p("w", {1.0f, -2.0f});
    p.grad << 0.5f, 0.25f;
    step(sgd, p, 0.1f);
    QVERIFY(near(p.value(0), 0.95) && near(p.value(1), -2.025));
    QVERIFY(sgd.state("w", "momentum_buffer") == nullptr);
}

// Gradients 1, 0.5, -1 with lr 0.1, momentum 0.9 (v = g on the first step):
//   v = 1     p = 0.9;   v = 0.9 + 0.5 = 1.4   p = 0.76;   v = 1.26 - 1 = 0.26   p = 0.734
void TestOptimizers::sgdMomentumByHand() {
    core::Sgd sgd({0.9f, 0.0f, false});
    Param p("w", {1.0f});
    const float grads[] = {1.0f, 0.5f, -1.0f};
    const double values[] = {0.9, 0.76, 0.734};
    const double velocity[] = {1.0, 1.4, 0.26};
    for (int t = 0; t < 3; ++t) {
        p.grad(0) = grads[t];
        step(sgd, p, 0.1f);
        QVERIFY2(near(p.value(0), values[t]), qPrintable(QString::number(p.value(0))));
        const Vector* v = sgd.state("w", "momentum_buffer");
        QVERIFY(v);
        QVERIFY(near((*v)(0), velocity[t]));
    }
}

// Nesterov: p -= lr (g + momentum v), same v as above:
//   1 - 0.1 (1 + 0.9) = 0.81;  0.81 - 0.1 (0.5 + 1.26) = 0.634;  0.634 - 0.1 (-1 + 0.234) = 0.7106
void TestOptimizers::sgdNesterovByHand() {
    core::Sgd sgd({0.9f, 0.0f, true});
    Param p("w", {1.0f});
    const float grads[] = {1.0f, 0.5f, -1.0f};
    const double values[] = {0.81, 0.634, 0.7106};
    for (int t = 0; t < 3; ++t) {
        p.grad(0) = grads[t];
        step(sgd, p, 0.1f);
        QVERIFY2(near(p.value(0), values[t]), qPrintable(QString::number(p.value(0))));
    }
    QVERIFY(near((*sgd.state("w", "momentum_buffer"))(0), 0.26));
}

// g = dL/dp + wd p with wd 0.1, lr 0.1: 2 - 0.1 (0.5 + 0.2) = 1.93; 1.93 - 0.1 (0.5 + 0.193) = 1.8607.
void TestOptimizers::sgdWeightDecay() {
    core::Sgd sgd({0.0f, 0.1f, false});
    Param p("b", {2.0f});
    p.grad(0) = 0.5f;
    step(sgd, p, 0.1f);
    QVERIFY(near(p.value(0), 1.93));
    step(sgd, p, 0.1f);
    QVERIFY(near(p.value(0), 1.8607));
}

// The decay enters the velocity: v = 0.7, p = 1.93; v = 0.63 + 0.693 = 1.323, p = 1.7977.
void TestOptimizers::sgdWeightDecayWithMomentum() {
    core::Sgd sgd({0.9f, 0.1f, false});
    Param p("gamma", {2.0f});
    p.grad(0) = 0.5f;
    step(sgd, p, 0.1f);
    QVERIFY(near(p.value(0), 1.93));
    step(sgd, p, 0.1f);
    QVERIFY(near(p.value(0), 1.7977));
    QVERIFY(near((*sgd.state("gamma", "momentum_buffer"))(0), 1.323));
}

// m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,
// p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps), computed here in double.
void TestOptimizers::adamByHand() {
    // The hyperparameters as the engine holds them (float), so that only the arithmetic differs.
    const double lr = 0.01f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    core::Adam adam({float(b1), float(b2), float(eps), 0.0f});
    Param p("w", {1.0f, -0.5f, 0.25f});
    const double grads[4][3] = {{1.0, -2.0, 1e-3}, {0.5, -1.0, -1e-3}, {-1.0, 3.0, 2e-3}, {0.2, 0.0, 0.0}};
    double value[3] = {1.0, -0.5, 0.25}, m[3] = {0, 0, 0}, v[3] = {0, 0, 0};
    for (int t = 1; t <= 4; ++t) {
        for (int i = 0; i < 3; ++i) {
            p.grad(i) = float(grads[t - 1][i]);
            const double g = p.grad(i);
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            value[i] -= lr / (1 - std::pow(b1, t)) * m[i] / (std::sqrt(v[i]) / std::sqrt(1 - std::pow(b2, t)) + eps);
        }
        step(adam, p, float(lr));
        const Vector* expAvg = adam.state("w", "exp_avg");
        const Vector* expAvgSq = adam.state("w", "exp_avg_sq");
        QVERIFY(expAvg && expAvgSq);
        for (int i = 0; i < 3; ++i) {
            QVERIFY2(near(p.value(i), value[i], 1e-6), qPrintable(QString("t=%1 i=%2: %3 vs %4")
                                                                        .arg(t).arg(i).arg(p.value(i)).arg(value[i])));
            // float against double: a few float roundings, relative 1e-5
            QVERIFY2(near((*expAvg)(i), m[i], 1e-5 * std::abs(m[i])),
                     qPrintable(QString("exp_avg t=%1 i=%2: %3 vs %4").arg(t).arg(i).arg((*expAvg)(i)).arg(m[i])));
            QVERIFY2(near((*expAvgSq)(i), v[i], 1e-5 * std::abs(v[i])),
                     qPrintable(QString("exp_avg_sq t=%1 i=%2: %3 vs %4").arg(t).arg(i).arg((*expAvgSq)(i)).arg(v[i])));
        }
    }
    QVERIFY(adam.state("w", "momentum_buffer") == nullptr);
}

// The bias correction makes the first step lr sign(g) whatever the gradient's scale.
void TestOptimizers::adamFirstStepIsLr() {
    core::Adam adam({});
    Param p("w", {0.0f, 0.0f, 0.0f});
    p.grad << 1000.0f, -0.01f, 3.0f;
    step(adam, p, 0.05f);
    QVERIFY_NEAR(p.value, (Vector(3) << -0.05f, 0.05f, -0.05f).finished(), 1e-7);
}

// Adam's weight decay is PyTorch's (L2 added to the gradient, not AdamW): on a zero gradient the
// first step is -lr sign(p).
void TestOptimizers::adamWeightDecay() {
    core::Adam adam({0.9f, 0.999f, 1e-8f, 0.1f});
    Param p("w", {2.0f, -4.0f});
    step(adam, p, 0.01f);
    QVERIFY_NEAR(p.value, (Vector(2) << 1.99f, -3.99f).finished(), 1e-6);
    // m = 0.1 wd p = (0.02, -0.04)
    QVERIFY_NEAR(*adam.state("w", "exp_avg"), (Vector(2) << 0.02f, -0.04f).finished(), 1e-7);
}

// Optimizer state follows the parameter's name, not its address: a rebuilt view (new storage,
// same name) continues the same velocity, and different names never share state.
void TestOptimizers::stateIsKeyedByName() {
    core::Sgd sgd({0.9f, 0.0f, false});
    Param a("blocks.0.branch.0.W", {1.0f});
    Param b("blocks.1.branch.0.W", {1.0f});
    a.grad(0) = 1.0f;
    b.grad(0) = -2.0f;
    std::vector<core::ParamView> views{a.view(), b.view()};
    sgd.step(views, 0.1f);
    QVERIFY(near((*sgd.state(a.name, "momentum_buffer"))(0), 1.0));
    QVERIFY(near((*sgd.state(b.name, "momentum_buffer"))(0), -2.0));
    QVERIFY(sgd.state("blocks.2.branch.0.W", "momentum_buffer") == nullptr);
    QVERIFY(sgd.state(a.name, "exp_avg") == nullptr);
    Param moved("blocks.0.branch.0.W", {0.9f});   // same name, new storage
    moved.grad(0) = 0.5f;
    step(sgd, moved, 0.1f);
    QVERIFY(near((*sgd.state(a.name, "momentum_buffer"))(0), 0.9 + 0.5));
    QVERIFY(near(moved.value(0), 0.9 - 0.14));
}

void TestOptimizers::schedules_data() {
    QTest::addColumn<core::ScheduleKind>("kind");
    QTest::addColumn<long long>("warmup");
    QTest::addColumn<long long>("step");
    QTest::addColumn<double>("lr");
    using core::ScheduleKind;
    // base 0.1; step: stepSize 10, gamma 0.1; cosine: T = 100.
    QTest::newRow("constant 0") << ScheduleKind::Constant << 0LL << 0LL << 0.1;
    QTest::newRow("constant 10^6") << ScheduleKind::Constant << 0LL << 1000000LL << 0.1;
    QTest::newRow("step 0") << ScheduleKind::Step << 0LL << 0LL << 0.1;
    QTest::newRow("step 9") << ScheduleKind::Step << 0LL << 9LL << 0.1;
    QTest::newRow("step 10") << ScheduleKind::Step << 0LL << 10LL << 0.01;
    QTest::newRow("step 25") << ScheduleKind::Step << 0LL << 25LL << 0.001;
    QTest::newRow("cosine 0") << ScheduleKind::Cosine << 0LL << 0LL << 0.1;
    QTest::newRow("cosine 25") << ScheduleKind::Cosine << 0LL << 25LL << 0.05 * (1 + std::cos(std::numbers::pi / 4));
    QTest::newRow("cosine 50") << ScheduleKind::Cosine << 0LL << 50LL << 0.05;
    QTest::newRow("cosine 100") << ScheduleKind::Cosine << 0LL << 100LL << 0.0;
    QTest::newRow("cosine after T") << ScheduleKind::Cosine << 0LL << 150LL << 0.0;
    QTest::newRow("warm-up 0 of 5") << ScheduleKind::Constant << 5LL << 0LL << 0.02;
    QTest::newRow("warm-up 1 of 5") << ScheduleKind::Constant << 5LL << 1LL << 0.04;
    QTest::newRow("warm-up 4 of 5") << ScheduleKind::Constant << 5LL << 4LL << 0.1;
    QTest::newRow("after warm-up") << ScheduleKind::Constant << 5LL << 5LL << 0.1;
    QTest::newRow("cosine warm-up 2 of 5") << ScheduleKind::Cosine << 5LL << 2LL
                                           << 0.05 * (1 + std::cos(std::numbers::pi * 0.02)) * 3.0 / 5.0;
    QTest::newRow("step warm-up 3 of 20") << ScheduleKind::Step << 20LL << 12LL << 0.01 * 13.0 / 20.0;
}

void TestOptimizers::schedules() {
    QFETCH(core::ScheduleKind, kind);
    QFETCH(long long, warmup);
    QFETCH(long long, step);
    QFETCH(double, lr);
    core::LrSchedule s;
    s.kind = kind;
    s.baseLr = 0.1;
    s.totalSteps = 100;
    s.stepSize = 10;
    s.gamma = 0.1;
    s.warmupSteps = warmup;
    QVERIFY2(near(s.at(step), lr, 1e-12), qPrintable(QString("%1 vs %2").arg(s.at(step)).arg(lr)));
}

void TestOptimizers::scheduleNames() {
    for (auto kind : {core::ScheduleKind::Constant, core::ScheduleKind::Step, core::ScheduleKind::Cosine})
        QVERIFY(core::scheduleFromName(core::scheduleName(kind)) == kind);
    QCOMPARE(core::scheduleName(core::ScheduleKind::Cosine), std::string_view("cosine"));
    QVERIFY(!core::scheduleFromName("linear").has_value());
}

QTEST_APPLESS_MAIN(TestOptimizers)
#include "test_optimizers.moc"
