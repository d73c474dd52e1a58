#!/usr/bin/env bash
# Installs what is missing, builds, and starts ResNet Lab on its built-in default network.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec ./build/app/resnetlab "$@"
