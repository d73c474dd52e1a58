// tests/ui/test_views_landscape_shatter.cpp: the "Loss landscape" and "Shattered gradients"
// views. Both fill from the results model (maps, slices and the figures' numbers; gradient
// stacks and the correlation), a shatter job replaced by a newer one (the depth slider moved
// on) never shows its result, and a run bundle keeps both results through a file, NaN and
// infinite losses included; a bundle whose landscape does not add up is refused naming the field.
#include "core/io/run_bundle.h"
#include "core/spec/presets.h"
#include "ui/jobs/shatter_job.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"
#include "ui/views/landscape_view.h"
#include "ui/views/shatter_view.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>

#include <cmath>
#include <limits>

using namespace ui;

namespace {

// A surface on an n x n grid over [-1, 1]^2: a bowl, plus `ripple` times a pattern with
// several dips.
core::PlaneSurface surface(const std::string& label, int n, double ripple) {
    core::PlaneSurface s;
    s.label = label;
    for (int i = 0; i < n; ++i) {
        s.alphas.push_back(-1.0 + 2.0 * i / (n - 1));
        s.betas.push_back(-1.0 + 2.0 * i / (n - 1));
    }
    s.loss.resize(n, n);
    s.error.resize(n, n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const double a = s.alphas[std::size_t(i)], b = s.betas[std::size_t(j)];
            s.loss(i, j) = 0.1 + 5.0 * (a * a + b * b) + ripple * (1.0 + std::cos(9.0 * a) * std::cos(9.0 * b));
            s.error(i, j) = std::min(1.0, s.loss(i, j) / 10.0);
        }
    s.complete = true;
    return s;
}

core::LandscapeStudy study() {
    core::LandscapeStudy st;
    st.random = {surface("plain", 21, 3.0), surface("residual", 21, 0.0)};
    st.random[0].loss(0, 0) = std::numeric_limits<double>::infinity();   // an overflowed corner
    st.random[0].error(0, 0) = std::numeric_limits<double>::quiet_NaN();
    st.pathPlane = {surface("residual", 7, 0.0)};
    core::TrajectoryProjection path;
    path.explained1 = 0.8;
    path.explained2 = 0.15;
    for (int k = 0; k < 5; ++k)
        path.points.push_back({10LL * k, 0.5 - 0.1 * k, 0.3 - 0.07 * k, 2.0 - 0.4 * k, 0.5 - 0.1 * k});
    st.paths = {path};
    st.notes = {"plain: no path"};
    st.randomSeconds = 1.5;
    st.complete = true;
    return st;
}

core::ShatterResult smallShatter(std::vector<int> depths = {1, 4}) {
    core::ShatterConfig c;
    c.depths = std::move(depths);
    c.inits = 2;
    c.width = 16;
    c.points = 32;
    c.maxLag = 4;
    c.threads = 1;
    return core::runShatteredGradients(c);
}

std::vector<int> depthsOf(const core::ShatterResult& r, const std::string& family) {
    std::vector<int> d;
    for (const core::ShatterSummary& s : r.summary)
        if (s.family == family)
            d.push_back(s.depth);
    return d;
}

int colorMaps(QCustomPlot& plot) {
    int n = 0;
    for (int i = 0; i < plot.plottableCount(); ++i)
        n += qobject_cast<QCPColorMap*>(plot.plottable(i)) ? 1 : 0;
    return n;
}

void expectSameSurface(const core::PlaneSurface& a, const core::PlaneSurface& b) {
    QCOMPARE(a.label, b.label);
    QCOMPARE(a.alphas, b.alphas);
    QCOMPARE(a.betas, b.betas);
    QCOMPARE(a.complete, b.complete);
    QCOMPARE(a.loss.rows(), b.loss.rows());
    QCOMPARE(a.loss.cols(), b.loss.cols());
    for (Eigen::Index k = 0; k < a.loss.size(); ++k) {
        const double x = a.loss.data()[k], y = b.loss.data()[k];
        QVERIFY((std::isnan(x) && std::isnan(y)) || x == y);
        const double e = a.error.data()[k], f = b.error.data()[k];
        QVERIFY((std::isnan(e) && std::isnan(f)) || e == f);
    }
}

}  // namespace

class TestViewsLandscapeShatter : public QObject {
    Q_OBJECT

private slots:
    void landscapeViewFillsFromTheResults() {
        Results results;
        JobRunner jobs;
        LandscapeView view(results, jobs);
        view.resize(1200, 800);
        QCOMPARE(colorMaps(*view.mapsPlot()), 0);
        QVERIFY(view.summaryText().isEmpty());

        results.setLandscape(study());
        // Two random planes and one path plane, drawn as contour maps on one colour scale.
        QCOMPARE(colorMaps(*view.mapsPlot()), 3);
        // One slice through θ* per random plane: the grid's middle column, along α.
        QCOMPARE(view.slicesPlot()->graphCount(), 2);
        const std::vector<core::PlaneSurface> slices = landscapeSlices(results.landscape()->random);
        QCOMPARE(slices[1].loss.size(), Eigen::Index(21));
        QCOMPARE(slices[1].loss(10, 0), results.landscape()->random[1].loss(10, 10));
        QCOMPARE(slices[1].betas, std::vector<double>{0.0});
        // The numbers under the maps: the bowl has one minimum, the rippled surface several.
        const QString summary = view.summaryText();
        QVERIFY2(summary.contains(QStringLiteral("<b>residual</b>: local minima 1,")), qPrintable(summary));
        const int plainMinima = core::countLocalMinima(results.landscape()->random[0].loss);
        QVERIFY(plainMinima >= 4);
        QVERIFY2(summary.contains(QStringLiteral("<b>plain</b>: local minima %1,").arg(plainMinima)), qPrintable(summary));

        results.setLandscape(std::nullopt);
        QCOMPARE(colorMaps(*view.mapsPlot()), 0);
        QVERIFY(view.summaryText().isEmpty());
    }

    // Presenting: the random-plane maps alone (the path plane, the slices and the numbers put
    // away), and everything back after.
    void compactLandscapeShowsTheRandomPlanes() {
        Results results;
        JobRunner jobs;
        LandscapeView view(results, jobs);
        view.resize(1200, 800);
        view.show();
        results.setLandscape(study());
        QCOMPARE(colorMaps(*view.mapsPlot()), 3);
        view.setCompact(true);
        QCOMPARE(colorMaps(*view.mapsPlot()), 2);
        QVERIFY(view.slicesPlot()->isHidden());
        QVERIFY(view.isCompact());
        view.setCompact(false);
        QCOMPARE(colorMaps(*view.mapsPlot()), 3);
        QVERIFY(view.slicesPlot()->isVisible());
    }

    void shatterViewFillsFromTheResults() {
        Results results;
        JobRunner jobs;
        ShatterView view(results, jobs);
        view.resize(1200, 800);
        QCOMPARE(view.plot()->graphCount(), 0);
        results.setShatter(smallShatter());
        // A gradient curve per depth and family, and the correlation against depth.
        QVERIFY(view.plot()->graphCount() >= 4);
        const QString summary = view.summaryText();
        QVERIFY2(summary.contains(QStringLiteral("<b>plain</b>")) && summary.contains(QStringLiteral("<b>residual</b>")),
                 qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("4: ")), qPrintable(summary));

        // Presenting: the figure alone, its captions short; all back after.
        view.show();
        auto captions = [&] {
            QStringList texts;
            for (QCPLayoutElement* e : view.plot()->plotLayout()->elements(true))
                if (auto* t = qobject_cast<QCPTextElement*>(e))
                    texts << t->text();
            return texts.join('|');
        };
        QVERIFY2(captions().contains(QStringLiteral("dy/dx at initialisation")), qPrintable(captions()));
        view.setCompact(true);
        QVERIFY(view.isCompact());
        QVERIFY(!captions().contains(QStringLiteral("at initialisation")));
        QVERIFY2(captions().contains(QStringLiteral("plain: dy/dx")), qPrintable(captions()));
        QVERIFY(view.findChildren<QLabel*>().size() > 0);
        for (QLabel* l : view.findChildren<QLabel*>())
            QVERIFY2(!l->isVisible() || !l->text().contains(QStringLiteral("lag-1")), qPrintable(l->text()));
        view.setCompact(false);
        QVERIFY(captions().contains(QStringLiteral("dy/dx at initialisation")));
    }

    void shatterDepthsFollowTheSlider() {
        QCOMPARE(shatterDepths(1), std::vector<int>{1});
        QCOMPARE(shatterDepths(8), (std::vector<int>{1, 2, 4, 8}));
        QCOMPARE(shatterDepths(50), (std::vector<int>{1, 2, 4, 8, 16, 32, 50}));
    }

    void aReplacedJobsResultIsNeverShown() {
        Results results;
        JobRunner jobs;
        ShatterView view(results, jobs);
        std::vector<std::vector<int>> shown;
        connect(&results, &Results::shatterChanged, this, [&] {
            if (results.shatter())
                shown.push_back(depthsOf(*results.shatter(), "plain"));
        });
        // The slider moves on before the first measurement can end: only the last one shows.
        view.setDeepest(100);
        view.setDeepest(3);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.empty() && !jobs.isRunning(kShatterJob), 600000);
        QCOMPARE(shown.size(), std::size_t(1));
        QCOMPARE(shown.front(), (std::vector<int>{1, 2, 3}));
        QCOMPARE(depthsOf(*results.shatter(), "residual"), (std::vector<int>{1, 2, 3}));

        // The slider itself: moves in quick succession end in one measurement of the last depth.
        shown.clear();
        auto* slider = view.findChild<QSlider*>(QStringLiteral("shatterDepth"));
        QVERIFY(slider);
        slider->setValue(5);
        slider->setValue(6);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.empty() && !jobs.isRunning(kShatterJob), 600000);
        QCOMPARE(shown.back(), (std::vector<int>{1, 2, 4, 6}));
        for (const std::vector<int>& d : shown)
            QCOMPARE(d, (std::vector<int>{1, 2, 4, 6}));
    }

    void aBundleKeepsBothResults() {
        Results results;
        results.setLandscape(study());
        results.setShatter(smallShatter());
        core::RunBundle header;
        header.name = "instruments";
        header.spec = core::presetByName("spiral-residual-8");
        const core::RunBundle saved = results.toBundle(header);
        const core::RunBundle read = core::bundleFromJson(core::bundleToJson(saved), "instruments.json");

        Results reopened;
        QSignalSpy landscapeChanged(&reopened, &Results::landscapeChanged);
        QSignalSpy shatterChanged(&reopened, &Results::shatterChanged);
        reopened.load(read);
        QCOMPARE(landscapeChanged.count(), 1);
        QCOMPARE(shatterChanged.count(), 1);

        const core::LandscapeStudy& a = *results.landscape();
        const core::LandscapeStudy& b = *reopened.landscape();
        QCOMPARE(b.random.size(), a.random.size());
        for (std::size_t i = 0; i < a.random.size(); ++i)
            expectSameSurface(a.random[i], b.random[i]);
        expectSameSurface(a.pathPlane[0], b.pathPlane[0]);
        QCOMPARE(b.paths[0].points.size(), a.paths[0].points.size());
        QCOMPARE(b.paths[0].points[3].alpha, a.paths[0].points[3].alpha);
        QCOMPARE(b.paths[0].points[3].step, a.paths[0].points[3].step);
        QCOMPARE(b.paths[0].explained1, a.paths[0].explained1);
        QCOMPARE(b.notes, a.notes);
        QCOMPARE(b.randomSeconds, a.randomSeconds);
        QVERIFY(std::isinf(b.random[0].loss(0, 0)));

        const core::ShatterResult& s = *results.shatter();
        const core::ShatterResult& t = *reopened.shatter();
        QCOMPARE(t.x, s.x);
        QCOMPARE(t.runs.size(), s.runs.size());
        for (std::size_t k = 0; k < s.runs.size(); ++k) {
            QCOMPARE(t.runs[k].family, s.runs[k].family);
            QCOMPARE(t.runs[k].depth, s.runs[k].depth);
            QCOMPARE(t.runs[k].gradient, s.runs[k].gradient);
        }
        QCOMPARE(t.summary.size(), s.summary.size());
        QCOMPARE(t.summary[1].lag1, s.summary[1].lag1);
        QCOMPARE(t.complete, s.complete);

        // The views of the reopened results draw them.
        JobRunner jobs;
        LandscapeView landscape(reopened, jobs);
        ShatterView shatter(reopened, jobs);
        QCOMPARE(colorMaps(*landscape.mapsPlot()), 3);
        QVERIFY(shatter.plot()->graphCount() >= 4);

        // A bundle without them clears them.
        reopened.load(core::bundleFromJson(core::bundleToJson(header)));
        QVERIFY(!reopened.landscape() && !reopened.shatter());
    }

    void aLandscapeThatDoesNotAddUpIsRefused() {
        Results results;
        results.setLandscape(study());
        core::RunBundle header;
        header.spec = core::presetByName("spiral-residual-8");
        std::string json = core::bundleToJson(results.toBundle(header));
        // One grid value too many in the first random plane.
        const std::string key = "\"loss\": [";
        const std::size_t at = json.find(key, json.find("\"random\": [", json.find("\"landscape\"")));
        QVERIFY(at != std::string::npos);
        json.insert(at + key.size(), "1.0, ");
        try {
            core::bundleFromJson(json, "bad.json");
            QFAIL("a landscape with 442 values on a 21 x 21 grid was accepted");
        } catch (const core::BundleError& e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.contains(QStringLiteral("landscape.random[0].loss")), qPrintable(what));
        }
    }
};

QTEST_MAIN(TestViewsLandscapeShatter)
#include "test_views_landscape_shatter.moc"
