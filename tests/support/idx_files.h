// tests/support/idx_files.h: IDX files (the MNIST format, which Fashion-MNIST keeps: a
// big-endian magic number, the dimensions, then unsigned bytes) written for the data tests.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QtGlobal>

namespace testsupport {

inline QByteArray bigEndian(quint32 v) {
    QByteArray b(4, '\0');
    for (int i = 0; i < 4; ++i)
        b[i] = char(v >> (24 - 8 * i));
    return b;
}

inline void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

// An idx3 file of `count` images of rows x cols bytes (magic 0x00000803 unless a test wants
// another).
inline QByteArray idxImages(quint32 count, quint32 rows, quint32 cols, const QByteArray& pixels,
                            quint32 magic = 0x00000803) {
    return bigEndian(magic) + bigEndian(count) + bigEndian(rows) + bigEndian(cols) + pixels;
}

// An idx1 file of one label byte per image (magic 0x00000801 unless a test wants another).
inline QByteArray idxLabels(const QByteArray& labels, quint32 magic = 0x00000801) {
    return bigEndian(magic) + bigEndian(quint32(labels.size())) + labels;
}

// PREFIX-images-idx3-ubyte and PREFIX-labels-idx1-ubyte of 28x28 images in `dir`, named as the
// Fashion-MNIST distribution names them (PREFIX "train" or "t10k").
inline void writeFashionMnistSplit(const QString& dir, const QString& prefix, const QByteArray& pixels,
                                   const QByteArray& labels) {
    writeFile(dir + "/" + prefix + "-images-idx3-ubyte", idxImages(quint32(labels.size()), 28, 28, pixels));
    writeFile(dir + "/" + prefix + "-labels-idx1-ubyte", idxLabels(labels));
}

}  // namespace testsupport
