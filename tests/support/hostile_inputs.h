// tests/support/hostile_inputs.h: every bad input ResNet Lab has been tried on, in one table,
// with the message each must produce. tests/core/test_hostile_inputs.cpp feeds each row to
// the engine's reader; tests/cli/test_cli_hostile.cpp feeds the same rows to resnetlab-cli
// and expects exit code 3 with the same message.
#pragma once

#include <QByteArray>
#include <QString>
#include <QtEndian>

#include <vector>

namespace hostile {

enum class Reader {
    Spec,      // a network spec file (resnetlab-cli info FILE)
    Weights,   // a weights file for spiral-residual-4
    Idx,       // an IDX image file (resnetlab-cli train ... --data idx:FILE,FILE)
    Csv,       // a CSV data file (--data csv:FILE)
    Cifar,     // a CIFAR-10 batch file (--data cifar10:DIR with DIR/data_batch_1.bin)
};

struct Case {
    const char* name;
    Reader reader;
    QByteArray content;
    bool directory = false;   // give a directory where a file is expected
    QString message;          // expected in the error message
};

inline QByteArray be32(quint32 v) {
    QByteArray b(4, 0);
    qToBigEndian(v, b.data());
    return b;
}

inline QByteArray specText(const QByteArray& blocks, const QByteArray& extra = {}) {
    return R"({"format": "resnetlab-network", "version": 1, "name": "t", )" + extra +
           R"("input": {"kind": "points", "channels": 2, "height": 1, "width": 1}, "classes": 3,
              "stem": [{"type": "dense", "units": 8, "bias": true}],
              "blocks": )" + blocks + R"(, "head": [{"type": "dense", "units": 3, "bias": true}]})";
}

inline QByteArray block(const QByteArray& width, const QByteArray& span = "2", const QByteArray& extra = {}) {
    return R"({"id": 1, "kind": "basic", "width": )" + width + R"(, "span": )" + span +
           R"(, "kernel": 3, "stride": 1, "activation": "relu", "batchnorm": true, "shortcut": "none")" + extra + "}";
}

inline std::vector<Case> cases() {
    std::vector<Case> c;
    // Network specs.
    c.push_back({"spec: empty file", Reader::Spec, "", false, "not valid JSON"});
    c.push_back({"spec: truncated", Reader::Spec, specText("[" + block("8") + "]").left(120), false, "not valid JSON at byte"});
    c.push_back({"spec: not an object", Reader::Spec, "[1, 2, 3]", false, "expected an object, got an array"});
    c.push_back({"spec: unknown field", Reader::Spec, specText("[]", R"("colour": "red", )"), false, "colour: unknown field"});
    c.push_back({"spec: missing field", Reader::Spec, R"({"format": "resnetlab-network", "version": 1})", false, "name: missing field"});
    c.push_back({"spec: wrong type", Reader::Spec, specText("[" + block("\"wide\"") + "]"), false,
                 "blocks[0].width: expected an integer, got a string"});
    c.push_back({"spec: negative width", Reader::Spec, specText("[" + block("-4") + "]"), false,
                 "block 0: width is -4; it must be between 1 and 16,384"});
    c.push_back({"spec: zero width", Reader::Spec, specText("[" + block("0") + "]"), false, "block 0: width is 0"});
    c.push_back({"spec: 10^9-wide layer", Reader::Spec, specText("[" + block("1000000000") + "]"), false,
                 "block 0: width is 1000000000; it must be between 1 and 16,384"});
    c.push_back({"spec: width beyond int", Reader::Spec, specText("[" + block("99999999999") + "]"), false,
                 "blocks[0].width: the value 99999999999 is out of range"});
    c.push_back({"spec: NaN literal", Reader::Spec, specText("[" + block("NaN") + "]"), false, "not valid JSON"});
    c.push_back({"spec: infinite number", Reader::Spec, specText("[" + block("1e999") + "]"), false, "not valid JSON"});
    c.push_back({"spec: deep nesting", Reader::Spec, QByteArray(100000, '[') + QByteArray(100000, ']'), false,
                 "expected an object, got an array"});
    c.push_back({"spec: non-UTF-8", Reader::Spec, specText("[]", "\"n\xff\xfe\": 1, "), false, "not valid JSON"});
    c.push_back({"spec: binary garbage", Reader::Spec, QByteArray("\x00\x01\x02\xff", 4), false, "not valid JSON"});
    c.push_back({"spec: directory", Reader::Spec, {}, true, "is a directory"});
    c.push_back({"spec: future version", Reader::Spec, R"({"format": "resnetlab-network", "version": 99})", false,
                 "version: this file has format version 99"});
    // Weights files.
    c.push_back({"weights: empty", Reader::Weights, "", false, "has 0 bytes"});
    c.push_back({"weights: wrong magic", Reader::Weights, QByteArray(4096, 'x'), false, "bytes but the weights of this network take"});
    c.push_back({"weights: directory", Reader::Weights, {}, true, "is a directory"});
    // IDX images.
    c.push_back({"idx: empty", Reader::Idx, "", false, "0 bytes"});
    c.push_back({"idx: wrong magic", Reader::Idx, be32(0x12345678) + be32(1) + be32(2) + be32(2) + QByteArray(4, 0), false,
                 "magic"});
    c.push_back({"idx: truncated", Reader::Idx, be32(0x803) + be32(10) + be32(28) + be32(28) + QByteArray(100, 0), false,
                 "truncated"});
    c.push_back({"idx: 2^31 images in 16 bytes", Reader::Idx, be32(0x803) + be32(0x80000000u) + be32(28) + be32(28), false,
                 "2147483648"});
    c.push_back({"idx: zero-sized images", Reader::Idx, be32(0x803) + be32(1) + be32(0) + be32(28), false, "rows"});
    c.push_back({"idx: directory", Reader::Idx, {}, true, "directory"});
    // CSV.
    c.push_back({"csv: empty", Reader::Csv, "", false, "empty"});
    c.push_back({"csv: non-numeric cell", Reader::Csv, "1,2,0\n3,abc,1\n", false, ":2:3: 'abc' is not a number"});
    c.push_back({"csv: NaN value", Reader::Csv, "1,2,0\nnan,1,1\n", false, "not a finite number"});
    c.push_back({"csv: Inf value", Reader::Csv, "1,2,0\ninf,1,1\n", false, "not a finite number"});
    c.push_back({"csv: ragged rows", Reader::Csv, "1,2,0\n1,1\n", false, "2 fields"});
    c.push_back({"csv: negative label", Reader::Csv, "1,2,0\n1,1,-1\n", false, "label"});
    c.push_back({"csv: directory", Reader::Csv, {}, true, "directory"});
    // CIFAR-10.
    c.push_back({"cifar: size not a multiple of 3073", Reader::Cifar, QByteArray(3000, 1), false, "3073"});
    c.push_back({"cifar: label out of range", Reader::Cifar, QByteArray(1, 12) + QByteArray(3072, 0), false, "label 12"});
    c.push_back({"cifar: empty", Reader::Cifar, "", false, "the file is empty"});
    c.push_back({"cifar: directory", Reader::Cifar, {}, true, "is a directory"});
    return c;
}

}  // namespace hostile
