// tests/ui/test_chain_layout.cpp: the chain's placement: left to right, wrapping into rows like
// text for long networks, never overlapping, and about as wide as the aspect asks.
#include "ui/builder/chain_layout.h"

#include <QTest>

using namespace ui;

class TestChainLayout : public QObject {
    Q_OBJECT

private slots:
    void shortChainIsOneRow() {
        const ChainPlacement p = layoutChain({200, 350, 350, 150});
        QCOMPARE(p.rows, 1);
        QCOMPARE(p.topLeft[0], QPointF(0, 0));
        QCOMPARE(p.topLeft[1].x(), 234.0);
        QCOMPARE(p.topLeft[3].y(), 0.0);
    }

    void longChainWrapsWithoutOverlap() {
        std::vector<double> widths(56, 360.0);   // ResNet-110: stem, 54 blocks, head
        const ChainPlacement p = layoutChain(widths);
        QVERIFY(p.rows > 3);
        double width = 0, height = 0;
        for (std::size_t i = 0; i < widths.size(); ++i) {
            QVERIFY(p.topLeft[i].x() + widths[i] <= p.rowWidth + 1e-9);
            if (i > 0 && p.row[i] == p.row[i - 1])
                QVERIFY(p.topLeft[i].x() >= p.topLeft[i - 1].x() + widths[i - 1]);
            if (i > 0)
                QVERIFY(p.row[i] == p.row[i - 1] || (p.row[i] == p.row[i - 1] + 1 && p.topLeft[i].x() == 0));
            width = std::max(width, p.topLeft[i].x() + widths[i]);
            height = std::max(height, p.topLeft[i].y() + 162);
        }
        const double aspect = width / height;
        QVERIFY2(aspect > 1.0 && aspect < 3.0, qPrintable(QString::number(aspect)));
    }

    void fixedRowWidthIsKept() {
        ChainLayoutParams params;
        params.rowWidth = 800;
        const ChainPlacement p = layoutChain(std::vector<double>(6, 300.0), params);
        QCOMPARE(p.rowWidth, 800.0);
        QCOMPARE(p.rows, 3);
    }
};

QTEST_APPLESS_MAIN(TestChainLayout)
#include "test_chain_layout.moc"
