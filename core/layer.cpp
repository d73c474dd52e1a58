#include "core/layer.h"

namespace core {

void Layer::setTraining(bool training) {
    m_training = training;
    for (const ChildLayer& child : children())
        child.layer->setTraining(training);
}

void Layer::setProbing(bool on) {
    m_probing = on;
    if (!on)
        m_doutMoments = {};
    for (const ChildLayer& child : children())
        child.layer->setProbing(on);
}

void prefixNames(std::vector<ParamView>& views, const std::string& prefix) {
    for (ParamView& v : views)
        v.name = prefix + "." + v.name;
}

void prefixNames(std::vector<BufferView>& views, const std::string& prefix) {
    for (BufferView& v : views)
        v.name = prefix + "." + v.name;
}

std::vector<ParamView> collectParams(const std::vector<ChildLayer>& children) {
    std::vector<ParamView> all;
    for (const ChildLayer& child : children) {
        std::vector<ParamView> views = child.layer->params();
        prefixNames(views, child.name);
        for (ParamView& v : views)
            all.push_back(std::move(v));
    }
    return all;
}

std::vector<BufferView> collectBuffers(const std::vector<ChildLayer>& children) {
    std::vector<BufferView> all;
    for (const ChildLayer& child : children) {
        std::vector<BufferView> views = child.layer->buffers();
        prefixNames(views, child.name);
        for (BufferView& v : views)
            all.push_back(std::move(v));
    }
    return all;
}

}  // namespace core
