#!/bin/sh
# Sets up a fresh Debian 12 machine for Hybrid-Bridge: apt packages, the build (product and
# hb, tests skipped), and the guest images (hb guest build: kernel, busybox, procps, sysstat,
# net-tools and psmisc from Debian's packages, native/ compiled with gcc). Run it again at any
# time: what is up to date is skipped.
set -eu
cd "$(dirname "$0")"

# xvfb/xauth/dbus-x11: the workbench and its UI tests under a virtual display; libgtk-3-0: SWT;
# qemu-system-x86, busybox-static, gcc: the guests (DESIGN.md 3.1); cpio: the oracle of the
# initramfs writer's tests; binutils (objdump), lz4 (unpacks the kernel image) and libunicorn2: the
# oracles of the x86 engine's tests.
PACKAGES="xvfb xauth dbus-x11 libgtk-3-0 qemu-system-x86 busybox-static gcc cpio binutils lz4 libunicorn2"

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
# hb guest build asks apt for the current kernel package: the lists must be fresh anyway.
$sudo apt-get update -qq
missing=""
for package in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
if [ -n "$missing" ]; then
  echo "setup: installing$missing" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

./mvnw -B -q package -DskipTests
./hb guest build
