#!/usr/bin/env bash
# Makes sure the browser the console's browser tests drive is installed: Debian's chromium and
# the matching chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver). Run by the build
# (exec-maven-plugin, before the end-to-end tests). As root on Debian/Ubuntu it installs them with
# apt-get; anywhere else it fails with what to install. CHROME_BIN / CHROMEDRIVER name other paths
# (e.g. on macOS: a Chrome or Chromium and its matching chromedriver).
set -euo pipefail
chrome="${CHROME_BIN:-/usr/bin/chromium}"
driver="${CHROMEDRIVER:-/usr/bin/chromedriver}"
if [ -x "$chrome" ] && [ -x "$driver" ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "chromium or chromedriver missing: apt-get install -y chromium chromium-driver" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y chromium chromium-driver >&2 || { apt-get update >&2 && apt-get install -y chromium chromium-driver >&2; }
    if [ -x "$chrome" ] && [ -x "$driver" ]; then
        exit 0
    fi
fi
cat >&2 <<MSG
The console's browser tests need Chromium and a matching ChromeDriver:
  expected $chrome and $driver (set CHROME_BIN and CHROMEDRIVER to use other paths).
  Debian/Ubuntu: sudo apt-get install -y chromium chromium-driver
  macOS: brew install --cask chromium && brew install --cask chromedriver
Or skip the end-to-end tests with -DskipITs.
MSG
exit 1
