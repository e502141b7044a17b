#!/bin/sh
# Sets up a fresh Debian 12 machine for Hybrid-Bridge and builds it.
#   ./setup.sh            apt packages, then the build (product + hb, tests skipped)
#   ./setup.sh packages   apt packages only (what CI does before running the tests)
set -eu
cd "$(dirname "$0")"

# xvfb/xauth/dbus-x11: the workbench and its UI tests under a virtual display; libgtk-3-0: SWT;
# qemu-system-x86, cpio, busybox-static, gcc: the guests (DESIGN.md 3.1).
PACKAGES="xvfb xauth dbus-x11 libgtk-3-0 qemu-system-x86 cpio busybox-static gcc"

install_packages() {
  missing=""
  for package in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
  done
  [ -z "$missing" ] && return 0
  echo "setup: installing$missing" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}

install_packages
[ "${1:-}" = packages ] && exit 0
./mvnw -B -q package -DskipTests
