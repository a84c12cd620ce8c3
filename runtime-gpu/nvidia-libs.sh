#!/usr/bin/env bash
# Fetches NVIDIA's redistributable CUDA libraries from Debian's non-free component (trixie) into
# OUT/lib, for the tests that run the CUDA runtime's bindings against NVIDIA's real code without a
# GPU (RealNvidiaLibrariesTest): libcuda1 (the driver's user space, 550.x), libnvrtc12 and
# libnvrtc-builtins12.4, libcublas12 and libcublaslt12 (12.4).
#
#   runtime-gpu/nvidia-libs.sh OUT     (Maven runs it before the tests, OUT = runtime-gpu/target/nvidia)
#
# The machine's package set is not touched: apt-get reads a private sources list and keeps its lists
# and downloads in a private cache (ANNEAL_NVIDIA_CACHE, default ~/.cache/anneal/nvidia-debs), and
# dpkg -x only unpacks. Cached: with OUT/lib complete nothing runs; with the .deb files cached nothing
# is downloaded. When the packages cannot be had (no apt-get, no network, ANNEAL_NVIDIA_LIBS=skip) it
# says why on one line and exits 0: the tests that need the libraries then skip, saying so.
set -uo pipefail

out="${1:?usage: nvidia-libs.sh OUT}"
mkdir -p "$out" && out=$(cd "$out" && pwd) || { echo "nvidia-libs.sh: cannot create $1" >&2; exit 0; }
packages=(libcuda1 libnvrtc12 libnvrtc-builtins12.4 libcublas12 libcublaslt12)
mirror="${ANNEAL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
stamp="$out/lib/.packages"

skip() {
  echo "nvidia-libs.sh: NVIDIA's libraries not fetched ($1); the tests against them will skip" >&2
  exit 0
}

[ "${ANNEAL_NVIDIA_LIBS:-}" = skip ] && skip "ANNEAL_NVIDIA_LIBS=skip"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${packages[*]}" ]; then
  exit 0
fi
command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || skip "no apt-get and dpkg: not a Debian-like system"
[ -r "$keyring" ] || skip "no $keyring to check Debian's signatures with"

cache="${ANNEAL_NVIDIA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/anneal/nvidia-debs}"
arch=$(dpkg --print-architecture)
mkdir -p "$cache/lists/partial" "$cache/apt/archives/partial" "$cache/debs" || skip "cannot create $cache"
echo "deb [arch=$arch signed-by=$keyring] $mirror trixie non-free" > "$cache/sources.list"
apt=(apt-get -q -o "Dir::Etc::sourcelist=$cache/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$cache/lists"
     -o "Dir::Cache=$cache/apt" -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)" -o "APT::Architecture=$arch")

have_all() {
  local p
  for p in "${packages[@]}"; do
    compgen -G "$cache/debs/${p}_*_$arch.deb" >/dev/null || return 1
  done
}

if ! have_all; then
  echo "nvidia-libs.sh: fetching ${packages[*]} from $mirror (trixie non-free) into $cache" >&2
  log="$cache/apt.log"
  "${apt[@]}" update >"$log" 2>&1 || skip "apt-get update failed: $(grep -m1 -E '^(E|W):' "$log" || tail -1 "$log")"
  (cd "$cache/debs" && "${apt[@]}" download "${packages[@]}") >>"$log" 2>&1 \
    || skip "apt-get download failed: $(grep -m1 -E '^(E|W):' "$log" || tail -1 "$log")"
  have_all || skip "apt-get download left no .deb for some of ${packages[*]} in $cache/debs"
fi

rm -rf "$out" && mkdir -p "$out/root" "$out/lib" || skip "cannot create $out"
for p in "${packages[@]}"; do
  # Newest cached version of each package (an older one stays in the cache after a mirror update).
  deb=$(ls -1 "$cache/debs/${p}"_*_"$arch".deb | sort -V | tail -1)
  dpkg -x "$deb" "$out/root" || skip "dpkg -x $deb failed"
done
# One folder for the library search: every shared library of the packages, by its file name.
find "$out/root" -name '*.so*' \( -type f -o -type l \) -exec ln -sf {} "$out/lib/" \;
echo "${packages[*]}" > "$stamp"
echo "nvidia-libs.sh: NVIDIA's libraries unpacked into $out/lib" >&2
