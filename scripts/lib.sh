# Shared set-up for the scripts: the build directory and the moto venv.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/aws-monitor/target}"
MOTO_VERSION=5.2.5

# One line on stderr for each phase, so a first run (minutes of installing
# and building) never sits on a blank screen.
say() {
  echo "==> $*" >&2
}

ensure_moto() {
  if ! .venv/bin/python -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
    say "installing moto[server]==$MOTO_VERSION (a local AWS emulator) into .venv: once, under a minute or two"
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
    say "moto $MOTO_VERSION installed"
  fi
}

ensure_tmux() {
  if ! command -v tmux >/dev/null 2>&1; then
    say "installing tmux (for the end-to-end tests) with apt-get"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && apt-get install -y -qq tmux >/dev/null
    else
      sudo apt-get update -qq && sudo apt-get install -y -qq tmux >/dev/null
    fi
  fi
}

# Builds with cargo's progress shown, saying first what is built and how long
# a first build takes.
#   build WHAT cargo-args...
build() {
  local what=$1
  shift
  say "building $what (a first build takes about 6 minutes on 2 cores; later ones seconds)"
  cargo "$@"
}

# Starts moto on a free loopback port; sets MOTO_URL and MOTO_PID.
start_moto() {
  local port
  port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  .venv/bin/moto_server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
  MOTO_PID=$!
  MOTO_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    if .venv/bin/python -c "import urllib.request; urllib.request.urlopen('$MOTO_URL/moto-api/data.json', timeout=1)" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  echo "moto did not start on $MOTO_URL" >&2
  return 1
}

# A throwaway AWS profile `monitor` with moto's test keys; sets AWS_* vars.
use_test_profile() {
  local dir
  dir=$(mktemp -d)
  printf '[profile monitor]\nregion = us-east-1\n' > "$dir/config"
  printf '[monitor]\naws_access_key_id = testing\naws_secret_access_key = testing\n' > "$dir/credentials"
  chmod 600 "$dir/credentials"
  export AWS_CONFIG_FILE="$dir/config" AWS_SHARED_CREDENTIALS_FILE="$dir/credentials" AWS_EC2_METADATA_DISABLED=true
  unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
}
