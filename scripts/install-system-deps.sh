#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages faultline needs to build and to run its GUI.
# Idempotent: does nothing when everything is present. Needs root (or sudo) only when
# something is missing.
#
#   build:  pkg-config, a C compiler (for the few -sys crates)
#   GUI:    libxkbcommon, X11 and Wayland client libraries, OpenGL (Mesa) — loaded at run
#           time by winit/glutin; headless tests (egui_kittest) need none of them.
set -euo pipefail

packages=(pkg-config gcc libxkbcommon-x11-0 libx11-6 libxcursor1 libxrandr2 libxi6 libwayland-client0 libwayland-egl1 libegl1 libgl1 libgl1-mesa-dri)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "install-system-deps: not a Debian/Ubuntu system; please install: ${missing[*]}" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "install-system-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
