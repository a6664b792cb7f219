#!/usr/bin/env bash
# `npm test`: make sure the real components the tests start are installed,
# then typecheck, lint and run every test (unit, integration, browser).
set -euo pipefail
cd "$(dirname "$0")/.."

# command → Debian package
declare -A NEEDS=([mosquitto]=mosquitto [mosquitto_pub]=mosquitto-clients [sqlite3]=sqlite3 [chromium]=chromium [socat]=socat
  [cage]=cage [grim]=grim [Xwayland]=xwayland [dpkg-deb]=dpkg [lintian]=lintian [deb-systemd-helper]=init-system-helpers [systemd-analyze]=systemd
  [ffmpeg]=ffmpeg [gst-launch-1.0]=gstreamer1.0-tools [espeak-ng]=espeak-ng [sox]=sox [pocketsphinx_continuous]=pocketsphinx [setpriv]=util-linux
  [openssl]=openssl)
missing=()
for cmd in "${!NEEDS[@]}"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEEDS[$cmd]}"); done
# Without a CJK font Chromium draws Korean as empty boxes.
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
# The recognizer's English model, and the test camera's GStreamer RTSP server (Debian's python, its GObject bindings, the plugins).
[ -d /usr/share/pocketsphinx/model/en-us/en-us ] || missing+=(pocketsphinx-en-us)
[ -x /usr/bin/python3 ] && /usr/bin/python3 scripts/rig/rtsp-server.py --check >/dev/null 2>&1 \
  || missing+=(python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing the Debian packages the tests need: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing Debian packages: ${missing[*]}" >&2
    echo "run: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

echo "== typecheck"; npx tsc --noEmit -p tsconfig.json
echo "== lint"; npx eslint .
echo "== tests"
results=$(mktemp)
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
# One plain closing line for CI ("N passed, N failed"), from vitest's own JSON report.
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);' "$results" || true
rm -f "$results"
exit $status
