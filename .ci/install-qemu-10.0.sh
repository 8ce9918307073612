#!/usr/bin/env bash
# Provides QEMU 10.0 from Debian's bookworm-backports beside the system's QEMU 7.2, without
# installing it with dpkg (which would replace 7.2): the packages are unpacked into PREFIX and run
# through PREFIX/bin/qemu-system-x86_64, a wrapper that gives QEMU its own libraries, modules and
# firmware. Does nothing when that wrapper is there and works.
#
# Usage (as root, on Debian bookworm): .ci/install-qemu-10.0.sh [PREFIX]   (default /opt/qmp4j-qemu-10.0)
set -euo pipefail

prefix=${1:-/opt/qmp4j-qemu-10.0}
# 10.0 needs seabios >= 1.16.3 (bookworm has 1.16.2) and its own modules: without them it loads
# the system's 7.2 modules and refuses them.
backports_packages=(qemu-system-x86 qemu-system-common qemu-system-data seabios
  qemu-system-modules-opengl qemu-system-modules-spice)
bookworm_packages=(ipxe-qemu libvirglrenderer1 libva2 libva-drm2 libvulkan1)

# Succeeds when $1 is QEMU 10.0 that answers QMP and loads only modules of its own build
# (qom-list-types loads every device module).
works() {
  local qemu=$1 version output
  version=$("$qemu" --version 2>&1 | head -n 1) || return 1
  [[ $version == "QEMU emulator version 10.0."* ]] || { echo "not QEMU 10.0: $version" >&2; return 1; }
  output=$(printf '%s\n' '{"execute": "qmp_capabilities"}' '{"execute": "qom-list-types"}' '{"execute": "quit"}' \
    | timeout 60 "$qemu" -machine none -nodefaults -display none -S -qmp stdio 2>&1) || { echo "$output" >&2; return 1; }
  [[ $output == *'{"QMP": {"version": {"qemu": {"micro": '*', "minor": 0, "major": 10}'* ]] \
    || { echo "no QMP greeting from QEMU 10.0: $output" >&2; return 1; }
  if [[ $output == *"Only modules from the same build can be loaded"* || $output == *"failed to open module"* ]]; then
    echo "QEMU 10.0 tried modules of another build:" >&2
    grep -m 5 "module" <<< "$output" >&2
    return 1
  fi
  echo "$version"
}

if [ -x "$prefix/bin/qemu-system-x86_64" ] && works "$prefix/bin/qemu-system-x86_64" >/dev/null 2>&1; then
  echo "QEMU 10.0 is already at $prefix/bin/qemu-system-x86_64"
  exit 0
fi

# bookworm-backports: the same mirror and signing key as bookworm's own source.
if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d; then
  read -r uris key < <(awk -v RS= -F '\n' '{
      suites = uris = key = ""
      for (i = 1; i <= NF; i++) {
        split($i, word, " ")
        if (word[1] == "Suites:") suites = $i
        if (word[1] == "URIs:") uris = word[2]
        if (word[1] == "Signed-By:") key = word[2]
      }
      if (suites ~ / bookworm( |$)/) { print uris, key; exit }
    }' /etc/apt/sources.list.d/*.sources 2>/dev/null) || true
  uris=${uris:-http://deb.debian.org/debian}
  key=${key:-/usr/share/keyrings/debian-archive-keyring.gpg}
  printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' "$uris" "$key" \
    > /etc/apt/sources.list.d/bookworm-backports.sources
  echo "added /etc/apt/sources.list.d/bookworm-backports.sources ($uris)"
fi
echo "downloading QEMU 10.0 from bookworm-backports"
apt-get update -qq

work=$(mktemp -d)
trap 'rm -rf "$work" "$prefix.new"' EXIT
# Download as root into the private directory (apt's _apt user could not write there).
(cd "$work" && apt-get download -qq -o APT::Sandbox::User=root -t bookworm-backports "${backports_packages[@]}" \
  && apt-get download -qq -o APT::Sandbox::User=root "${bookworm_packages[@]}")

# Unpack into a fresh directory and move it into place only once it works.
rm -rf "$prefix.new"
for deb in "$work"/*.deb; do
  echo "unpacking $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)"
  dpkg -x "$deb" "$prefix.new"
done
mkdir -p "$prefix.new/bin"
cat > "$prefix.new/bin/qemu-system-x86_64" <<'WRAPPER'
#!/bin/sh
# QEMU 10.0 unpacked from bookworm-backports by qmp4j's .ci/install-qemu-10.0.sh: runs it with
# its own libraries, modules and firmware instead of the system QEMU's.
root=$(dirname "$(dirname "$(readlink -f "$0")")")
export LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export QEMU_MODULE_DIR="$root/usr/lib/x86_64-linux-gnu/qemu"
exec "$root/usr/bin/qemu-system-x86_64" -L "$root/usr/share/qemu" -L "$root/usr/share/seabios" \
  -L "$root/usr/lib/ipxe/qemu" "$@"
WRAPPER
chmod 755 "$prefix.new/bin/qemu-system-x86_64"
works "$prefix.new/bin/qemu-system-x86_64" >/dev/null
rm -rf "$prefix"
mv "$prefix.new" "$prefix"
echo "$(works "$prefix/bin/qemu-system-x86_64") at $prefix/bin/qemu-system-x86_64"
