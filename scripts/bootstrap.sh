# Shared set-up for ./run.sh and ./test.sh (sourced, not executed).
# Finds Python >= 3.12, creates .venv, installs the pinned requirements and the
# Debian packages the app needs (fonts with Vietnamese glyphs for PDFs; chromium
# and poppler for the tests) when they are missing.

find_python() {
  local candidates=()
  [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
  candidates+=(python3.13 python3.12 python3)
  if command -v pyenv >/dev/null 2>&1; then
    local root; root=$(pyenv root 2>/dev/null)
    for v in "$root"/versions/3.13* "$root"/versions/3.12*; do
      [ -x "$v/bin/python3" ] && candidates+=("$v/bin/python3")
    done
  fi
  for c in "${candidates[@]}"; do
    # A pyenv shim may exist but fail to run: actually run each candidate.
    if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
      command -v "$c" 2>/dev/null || echo "$c"
      return 0
    fi
  done
  return 1
}

install_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "!! Missing system packages: ${missing[*]} (install them with your package manager)." >&2
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else
      echo "!! Missing system packages: ${missing[*]}. Run: sudo apt-get install ${missing[*]}" >&2
      return 0
    fi
  fi
  echo "==> Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

bootstrap() {
  local requirements=$1; shift
  install_debian_packages "$@"
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    local python
    if ! python=$(find_python); then
      echo "!! Python 3.12 or newer is required and none was found (tried python3.13, python3.12, python3, pyenv)." >&2
      echo "   Install python3.12 (e.g. apt-get install python3.12 python3.12-venv) or set PYTHON=/path/to/python3.12." >&2
      exit 1
    fi
    echo "==> Creating .venv with $python ($("$python" --version))"
    rm -rf .venv
    "$python" -m venv .venv
  fi
  echo "==> Installing $requirements"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
}
