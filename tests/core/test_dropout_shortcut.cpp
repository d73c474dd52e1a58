// tests/core/test_dropout_shortcut.cpp: core::DropoutShortcut, h(x) = dropout(x) (He et al. 2016,
// Fig. 2f), PyTorch's inverted dropout: seeded, reproducible, the identity in evaluation mode.
#include <QtTest>

#include "core/shortcuts/dropout.h"
#include "support/gradient_check.h"

using core::Matrix;
using core::Shape;

class TestDropoutShortcut : public QObject {
    Q_OBJECT

private slots:
    void trainingKeepsOrDropsAndScales();
    void keepFractionIsOneMinusRate();
    void evaluationIsTheIdentity();
    void sameSeedSameMasks();
    void backwardUsesTheMask();
    void gradientsWithAFixedMask();
    void rateZeroIsTheIdentity();
};

void TestDropoutShortcut::trainingKeepsOrDropsAndScales() {
    core::DropoutShortcut dropout(Shape::vector(6), 0.5f);
    dropout.reseed(7);
    QCOMPARE(dropout.kind(), std::string_view("DropoutShortcut"));
    QVERIFY(dropout.params().empty());
    const Matrix x = testsupport::randomAwayFromZero(6, 20, 1, 0.1f);
    const Matrix y = dropout.forward(x);
    int kept = 0, dropped = 0;
    for (Eigen::Index i = 0; i < y.size(); ++i) {
        if (y.data()[i] == 0.0f) {
            ++dropped;
        } else {
            QCOMPARE(y.data()[i], 2.0f * x.data()[i]);   // scaled by 1 / (1 - p)
            ++kept;
        }
    }
    QVERIFY(kept > 0 && dropped > 0);
    QVERIFY_IDENTICAL(y, Matrix(x.cwiseProduct(dropout.mask())));
}

void TestDropoutShortcut::keepFractionIsOneMinusRate() {
    core::DropoutShortcut dropout(Shape::vector(100), 0.3f);
    dropout.reseed(11);
    dropout.forward(Matrix::Ones(100, 200));
    const double kept = double((dropout.mask().array() > 0.0f).count()) / 20000.0;
    // 20,000 Bernoulli(0.7) draws: standard error 0.0032, so 5 standard errors is 0.016.
    QVERIFY2(std::abs(kept - 0.7) < 0.016, qPrintable(QString::number(kept)));
}

void TestDropoutShortcut::evaluationIsTheIdentity() {
    core::DropoutShortcut dropout(Shape::vector(5), 0.5f);
    dropout.setTraining(false);
    const Matrix x = testsupport::randomMatrix(5, 4, 2);
    QVERIFY_IDENTICAL(dropout.forward(x), x);
    const Matrix dy = testsupport::randomMatrix(5, 4, 3);
    QVERIFY_IDENTICAL(dropout.backward(dy), dy);
}

void TestDropoutShortcut::sameSeedSameMasks() {
    core::DropoutShortcut a(Shape::vector(8), 0.5f), b(Shape::vector(8), 0.5f), c(Shape::vector(8), 0.5f);
    a.reseed(42);
    b.reseed(42);
    c.reseed(43);
    const Matrix x = Matrix::Ones(8, 16);
    for (int step = 0; step < 3; ++step) {
        const Matrix ya = a.forward(x);
        QVERIFY_IDENTICAL(b.forward(x), ya);   // the same stream, step after step
        QVERIFY(!testsupport::identical(c.forward(x), ya));
    }
    // A fresh mask every step.
    a.reseed(42);
    const Matrix first = a.forward(x);
    QVERIFY(!testsupport::identical(a.forward(x), first));
}

void TestDropoutShortcut::backwardUsesTheMask() {
    core::DropoutShortcut dropout(Shape::vector(4), 0.5f);
    dropout.reseed(5);
    dropout.forward(testsupport::randomMatrix(4, 6, 4));
    const Matrix dy = testsupport::randomMatrix(4, 6, 5);
    QVERIFY_IDENTICAL(dropout.backward(dy), Matrix(dy.cwiseProduct(dropout.mask())));
}

void TestDropoutShortcut::gradientsWithAFixedMask() {
    core::DropoutShortcut dropout(Shape::vector(4), 0.25f);
    dropout.reseed(9);
    dropout.forward(Matrix::Ones(4, 3));
    dropout.setFixedMask(dropout.mask());
    const auto dx = testsupport::checkInputGradient(dropout, testsupport::randomMatrix(4, 3, 11),
                                                    testsupport::randomMatrix(4, 3, 12));
    QVERIFY2(dx.ok(1e-2), dx.describe().c_str());
}

void TestDropoutShortcut::rateZeroIsTheIdentity() {
    core::DropoutShortcut dropout(Shape::vector(3), 0.0f);
    const Matrix x = testsupport::randomMatrix(3, 4, 6);
    QVERIFY_IDENTICAL(dropout.forward(x), x);
}

QTEST_APPLESS_MAIN(TestDropoutShortcut)
#include "test_dropout_shortcut.moc"
