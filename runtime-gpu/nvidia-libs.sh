#!/usr/bin/env bash
# Fetches NVIDIA's redistributable CUDA libraries from Debian's non-free component (trixie) into
# OUT/lib, for the tests that run the CUDA runtime's bindings against NVIDIA's real code without a
# GPU (RealNvidiaLibrariesTest): libcuda1 (the driver's user space, 550.x), libnvrtc12 and
# libnvrtc-builtins12.4, libcublas12 and libcublaslt12 (12.4).
#
#   runtime-gpu/nvidia-libs.sh OUT     (Maven runs it before the tests, OUT = runtime-gpu/target/nvidia)
#
# The machine's package set is not touched: apt-get reads a private sources list and keeps its lists
# and downloads in a private cache (ANNEAL_NVIDIA_CACHE, default ~/.cache/anneal/nvidia, about
# 620 MB once unpacked; cuBLASLt is most of it), and dpkg -x only unpacks, there. OUT/lib holds links
# into it. Cached: with OUT/lib complete nothing runs; after a clean only the links are made again.
# When the packages cannot be had (no apt-get, no network, ANNEAL_NVIDIA_LIBS=skip) it says why on
# one line and exits 0: the tests that need the libraries then skip, saying so.
set -uo pipefail

out="${1:?usage: nvidia-libs.sh OUT}"
mkdir -p "$out" && out=$(cd "$out" && pwd) || { echo "nvidia-libs.sh: cannot create $1" >&2; exit 0; }
packages=(libcuda1 libnvrtc12 libnvrtc-builtins12.4 libcublas12 libcublaslt12)
mirror="${ANNEAL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
stamp="$out/lib/.packages"

skip() {
  echo "nvidia-libs.sh: NVIDIA's libraries not fetched ($1); the tests against them will skip" >&2
  rm -rf "${unpacked:-/nonexistent}.tmp"
  exit 0
}

[ "${ANNEAL_NVIDIA_LIBS:-}" = skip ] && skip "ANNEAL_NVIDIA_LIBS=skip"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${packages[*]}" ] && [ -e "$out/lib/libnvrtc.so.12" ]; then
  exit 0
fi
command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || skip "no apt-get and dpkg: not a Debian-like system"
[ -r "$keyring" ] || skip "no $keyring to check Debian's signatures with"

cache="${ANNEAL_NVIDIA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/anneal/nvidia}"
arch=$(dpkg --print-architecture)
unpacked="$cache/unpacked-$arch"
mkdir -p "$cache" || skip "cannot create $cache"
# One build at a time fills the cache (several worktrees may share it).
exec 9>"$cache/lock" && flock 9 || skip "cannot lock $cache/lock"

if [ ! -f "$unpacked/.packages" ] || [ "$(cat "$unpacked/.packages")" != "${packages[*]}" ]; then
  mkdir -p "$cache/lists/partial" "$cache/apt/archives/partial" "$cache/debs" || skip "cannot create $cache"
  echo "deb [arch=$arch signed-by=$keyring] $mirror trixie non-free" > "$cache/sources.list"
  apt=(apt-get -q -o "Dir::Etc::sourcelist=$cache/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$cache/lists"
       -o "Dir::Cache=$cache/apt" -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)" -o "APT::Architecture=$arch")
  echo "nvidia-libs.sh: fetching ${packages[*]} from $mirror (trixie non-free) into $cache" >&2
  log="$cache/apt.log"
  rm -f "$cache"/debs/*.deb
  "${apt[@]}" update >"$log" 2>&1 || skip "apt-get update failed: $(grep -m1 -E '^(E|W):' "$log" || tail -1 "$log")"
  (cd "$cache/debs" && "${apt[@]}" download "${packages[@]}") >>"$log" 2>&1 \
    || skip "apt-get download failed: $(grep -m1 -E '^(E|W):' "$log" || tail -1 "$log")"
  rm -rf "$unpacked.tmp" && mkdir -p "$unpacked.tmp" || skip "cannot create $unpacked.tmp"
  for p in "${packages[@]}"; do
    deb=$(compgen -G "$cache/debs/${p}_*_$arch.deb") || skip "apt-get download left no .deb of $p in $cache/debs"
    dpkg -x "$deb" "$unpacked.tmp" || skip "dpkg -x $deb failed"
  done
  echo "${packages[*]}" > "$unpacked.tmp/.packages"
  rm -rf "$unpacked" && mv "$unpacked.tmp" "$unpacked" && rm -f "$cache"/debs/*.deb || skip "cannot move $unpacked.tmp to $unpacked"
fi

# One folder for the library search: every shared library of the packages, by its file name.
rm -rf "$out/lib" && mkdir -p "$out/lib" || skip "cannot create $out/lib"
find "$unpacked" -name '*.so*' \( -type f -o -type l \) -exec ln -sf {} "$out/lib/" \;
echo "${packages[*]}" > "$stamp"
echo "nvidia-libs.sh: NVIDIA's libraries in $out/lib (unpacked in $unpacked)" >&2
