// tests/core/test_gradient_check.cpp: the test tools themselves. A gradient checker that never
// fails, or a golden loader that skips missing files, would make every other test meaningless,
// so each tool is shown to catch the mistake it exists for.
#include <QtTest>

#include "core/layers/relu.h"
#include "support/golden.h"
#include "support/gradient_check.h"

using core::Matrix;

namespace {

// y = a x elementwise with one scalar parameter a; backward can be made wrong on purpose.
class Scale final : public core::Layer {
public:
    enum class Bug { None, WrongDx, WrongDa, Overwrites };
    Scale(int features, Bug bug) : Layer(core::Shape::vector(features), core::Shape::vector(features)), m_bug(bug) {
        m_a(0) = 1.5f;
    }
    const Matrix& forward(const Matrix& x) override {
        m_x = x;
        return m_out = m_a(0) * x;
    }
    Matrix backward(const Matrix& dy) override {
        const float da = dy.cwiseProduct(m_x).sum();
        if (m_bug == Bug::Overwrites)
            m_da(0) = da;                      // forgets to accumulate
        else
            m_da(0) += m_bug == Bug::WrongDa ? 1.1f * da : da;
        return (m_bug == Bug::WrongDx ? 1.1f * m_a(0) : m_a(0)) * dy;
    }
    std::vector<core::ParamView> params() override {
        return {{"a", {m_a.data(), 1}, {m_da.data(), 1}}};
    }
    std::string_view kind() const override { return "Scale"; }

private:
    Bug m_bug;
    core::Vector m_a = core::Vector::Zero(1), m_da = core::Vector::Zero(1);
    Matrix m_x;
};

}  // namespace

class TestGradientCheck : public QObject {
    Q_OBJECT

private slots:
    void acceptsCorrectBackward();
    void catchesWrongInputGradient();
    void catchesWrongParamGradient();
    void catchesMissingAccumulation();
    void skipsReluKinks();
    void goldenMissingFileIsAnError();
    void goldenLayouts();
    void goldenRelError();
};

void TestGradientCheck::acceptsCorrectBackward() {
    Scale layer(4, Scale::Bug::None);
    const Matrix x = testsupport::randomMatrix(4, 3, 1), G = testsupport::randomMatrix(4, 3, 2);
    QVERIFY(testsupport::checkInputGradient(layer, x, G).ok(1e-3));
    QVERIFY(testsupport::checkParamGradients(layer, x, G).ok(1e-3));
    QVERIFY(testsupport::accumulationError(layer, x, G) < 1e-6);
}

void TestGradientCheck::catchesWrongInputGradient() {
    Scale layer(4, Scale::Bug::WrongDx);
    const Matrix x = testsupport::randomMatrix(4, 3, 1), G = testsupport::randomMatrix(4, 3, 2);
    const auto r = testsupport::checkInputGradient(layer, x, G);
    QVERIFY2(!r.ok(1e-2), r.describe().c_str());
    QVERIFY(testsupport::checkParamGradients(layer, x, G).ok(1e-3));
}

void TestGradientCheck::catchesWrongParamGradient() {
    Scale layer(4, Scale::Bug::WrongDa);
    const Matrix x = testsupport::randomMatrix(4, 3, 1), G = testsupport::randomMatrix(4, 3, 2);
    const auto r = testsupport::checkParamGradients(layer, x, G);
    QVERIFY2(!r.ok(1e-2), r.describe().c_str());
    QCOMPARE(r.worstAt, std::string("a[0]"));
}

void TestGradientCheck::catchesMissingAccumulation() {
    Scale layer(4, Scale::Bug::Overwrites);
    const Matrix x = testsupport::randomMatrix(4, 3, 1), G = testsupport::randomMatrix(4, 3, 2);
    QVERIFY(testsupport::checkParamGradients(layer, x, G).ok(1e-3));   // one pass is right
    QVERIFY(testsupport::accumulationError(layer, x, G) > 0.1);
}

// An input 0.004 from the kink: a step of 1e-2 crosses it, so that coordinate is skipped
// (and counted) instead of reported as a wrong derivative.
void TestGradientCheck::skipsReluKinks() {
    core::ReLU relu(core::Shape::vector(3));
    Matrix x(3, 1);
    x << 1.0f, -0.5f, 0.004f;
    const Matrix G = Matrix::Ones(3, 1);
    const auto r = testsupport::checkInputGradient(relu, x, G, 1e-2f);
    QCOMPARE(r.skipped, 1);
    QCOMPARE(r.checked, 2);
    QVERIFY2(r.worst == 0.0, r.describe().c_str());
}

void TestGradientCheck::goldenMissingFileIsAnError() {
    golden::Case c;
    std::string error;
    QVERIFY(!golden::loadCase("no_such_case", c, error));
    QVERIFY2(error.find("no_such_case.json") != std::string::npos, error.c_str());
    QVERIFY(golden::loadCase("dense", c, error));
    QCOMPARE(c.name, std::string("dense"));
    QVERIFY(c.has("x"));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, c.tensor("nope"));
}

// The README's layouts: activations [B, D] map to (D x B) as they are, weights [out, in] are
// read row-major.
void TestGradientCheck::goldenLayouts() {
    golden::Tensor act{{2, 3}, (Eigen::VectorXd(6) << 1, 2, 3, 4, 5, 6).finished()};
    Eigen::MatrixXd expectedAct(3, 2);
    expectedAct << 1, 4,
                   2, 5,
                   3, 6;
    QVERIFY(golden::activations(act) == expectedAct);
    Eigen::MatrixXd expectedW(2, 3);
    expectedW << 1, 2, 3,
                 4, 5, 6;
    QVERIFY(golden::weight(act) == expectedW);
    QVERIFY(golden::asParam(act) == (Eigen::VectorXd(6) << 1, 4, 2, 5, 3, 6).finished());
    golden::Tensor conv{{2, 1, 1, 2}, (Eigen::VectorXd(4) << 1, 2, 3, 4).finished()};
    QVERIFY(golden::weight(conv) == (Eigen::MatrixXd(2, 2) << 1, 2, 3, 4).finished());
    golden::Tensor steps{{2, 2, 2}, (Eigen::VectorXd(8) << 1, 2, 3, 4, 5, 6, 7, 8).finished()};
    QVERIFY(golden::batch(steps, 1) == (Matrix(2, 2) << 5, 7, 6, 8).finished());
    golden::Tensor labels{{2, 3}, (Eigen::VectorXd(6) << 0, 1, 2, 2, 1, 0).finished()};
    QVERIFY(golden::labels(labels, 1) == (core::Labels(3) << 2, 1, 0).finished());
}

void TestGradientCheck::goldenRelError() {
    const Eigen::MatrixXd ref = (Eigen::MatrixXd(1, 3) << 10, -20, 0).finished();
    const Matrix got = (Matrix(1, 3) << 10, -20, 0.02f).finished();
    QVERIFY(std::abs(golden::relError(got, ref) - 0.001) < 1e-7);     // relative to max |ref|
    QVERIFY(golden::relError(Matrix::Zero(1, 2), Eigen::MatrixXd::Zero(1, 3)) == INFINITY);
    QVERIFY(golden::relError(Matrix::Constant(1, 1, NAN), Eigen::MatrixXd::Zero(1, 1)) == INFINITY);
    QCOMPARE(golden::relError(Matrix::Constant(1, 2, 0.5f), Eigen::MatrixXd::Zero(1, 2)), 0.5);
}

QTEST_APPLESS_MAIN(TestGradientCheck)
#include "test_gradient_check.moc"
