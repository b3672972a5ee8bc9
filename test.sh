#!/usr/bin/env bash
# 学会助手 tests: lint, then the whole pytest suite on the real corpus, including the optional
# sentence-transformers path (CPU torch only). Run ./setup.sh once before.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/xuehui ]; then
  echo "test.sh: 还没有安装；请先运行 ./setup.sh" >&2
  exit 2
fi
# The `st` extra needs torch. Only the CPU build is acceptable (a plain `pip install torch` on Linux
# pulls a multi-GB CUDA build), so it is installed from a local wheel, first and alone:
# XUEHUI_TORCH_WHEEL, else the torch 2.13.0 CPU wheel these machines keep in /opt/wheels.
wheel=${XUEHUI_TORCH_WHEEL:-$(ls /opt/wheels/torch-2.13.0+cpu-cp311-*.whl 2>/dev/null | head -n 1 || true)}
if .venv/bin/python -c 'import torch, sys; sys.exit(0 if torch.__version__.endswith("+cpu") else 1)' 2>/dev/null; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev,st]'
elif [ -n "$wheel" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check "$wheel"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev,st]'
else
  echo "test.sh: 没有找到 CPU 版 torch 轮子（可设 XUEHUI_TORCH_WHEEL）；跳过 sentence-transformers 可选路径的测试" >&2
fi
if .venv/bin/python -m pip list 2>/dev/null | grep -qi '^nvidia-'; then
  echo "test.sh: 环境里出现了 CUDA 组件（nvidia-*），这不应该发生" >&2
  exit 1
fi
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/pytest "$@"
