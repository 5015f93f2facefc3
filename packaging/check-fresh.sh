#!/usr/bin/env bash
# Runs COMMAND (default `bash .ci/run`) on a fresh minbase Debian RELEASE (bookworm, trixie, ...):
# builds the chroot with debootstrap from the Debian mirror this machine's apt already uses,
# copies a clean clone of HEAD and ../shared into it, mounts /proc, /sys, /dev and /dev/pts, runs
# COMMAND there as root with an empty environment, unmounts, and exits with COMMAND's status.
# The bare chroot is cached as a tarball (ESCURL_FRESH_CACHE, default /var/cache/escurl-fresh),
# so a second run skips debootstrap. ESCURL_FRESH_KEEP=1 leaves the chroot in place afterwards.
#
#   packaging/check-fresh.sh bookworm
#   packaging/check-fresh.sh trixie './build.sh demo'
set -euo pipefail

usage() {
  echo "usage: packaging/check-fresh.sh RELEASE [COMMAND]   (RELEASE: bookworm, trixie, ...)" >&2
  exit 2
}
[[ $# -ge 1 && $# -le 2 && -n $1 ]] || usage
release=$1
command=${2:-bash .ci/run}
[[ $release =~ ^[a-z]+$ ]] || { echo "check-fresh: '$release' is not a Debian release name" >&2; exit 2; }
if [[ $(id -u) -ne 0 ]]; then
  echo "check-fresh: debootstrap, mount and chroot need root: run it as root (or with sudo)" >&2
  exit 1
fi

repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
shared=$repo/../shared
cache=${ESCURL_FRESH_CACHE:-/var/cache/escurl-fresh}
tarball=$cache/$release-minbase.tar

# The first plain Debian archive in this machine's apt sources (deb822 or one-line form), so
# the chroot comes from the same mirror, whatever it is.
debian_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f"
  done
  if [[ -r /etc/apt/sources.list ]]; then
    awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }' \
      /etc/apt/sources.list
  fi
}

ensure_debootstrap() {
  command -v debootstrap >/dev/null && return
  echo "check-fresh: installing debootstrap" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}

build_cache() {
  ensure_debootstrap
  local mirror bare
  mirror=$(debian_mirror | head -1)
  [[ -n $mirror ]] || { echo "check-fresh: no Debian mirror found in /etc/apt/sources*" >&2; exit 1; }
  mkdir -p "$cache"
  bare=$(mktemp -d "$cache/.bare-$release-XXXXXX")
  echo "check-fresh: debootstrap --variant=minbase $release from $mirror" >&2
  if ! debootstrap --variant=minbase "$release" "$bare" "$mirror" >"$bare.log" 2>&1; then
    tail -20 "$bare.log" >&2
    rm -rf "$bare" "$bare.log"
    echo "check-fresh: debootstrap of $release failed (log above)" >&2
    exit 1
  fi
  tar -C "$bare" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
  rm -rf "$bare" "$bare.log"
}

[[ -s $tarball ]] || build_cache

root=$(mktemp -d "${TMPDIR:-/var/tmp}/escurl-fresh-$release-XXXXXX")
mounted=()
cleanup() {
  local status=$?
  # Whatever COMMAND left running inside (a sandbox, a server) holds the mounts: end it first.
  local p
  for p in /proc/[0-9]*; do
    [[ $(readlink "$p/root" 2>/dev/null) == "$root" ]] && kill -9 "${p#/proc/}" 2>/dev/null
  done
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" 2>/dev/null || true
  done
  if [[ ${ESCURL_FRESH_KEEP:-0} == 1 ]]; then
    echo "check-fresh: the chroot is kept at $root" >&2
  elif ! grep -q " $root/" /proc/mounts; then
    rm -rf "$root"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

tar -C "$root" -xf "$tarball"
# mktemp made the directory 0700; as the chroot's / that would shut out every user but root
# (apt's _apt sandbox, man-db's mandb).
chmod 755 "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/src"
git clone -q --no-local "$repo" "$root/src/escurl"
if [[ -d $shared ]]; then
  cp -a "$shared" "$root/src/shared"
else
  echo "check-fresh: no ../shared beside the repository; tests that read it will fail" >&2
fi

mount_into() {  # TYPE-OR-BIND SOURCE TARGET
  mkdir -p "$root$3"
  if [[ $1 == bind ]]; then mount --bind "$2" "$root$3"; else mount -t "$1" "$2" "$root$3"; fi
  mounted+=("$root$3")
}
mount_into proc proc /proc
mount_into bind /sys /sys
mount_into bind /dev /dev
mount_into bind /dev/pts /dev/pts

echo "check-fresh: $release: running '$command' in $root/src/escurl" >&2
start=$SECONDS
status=0
# In the background and waited for, so that INT and TERM reach the trap (bash holds a trap back
# until a foreground command ends) and the clean-up ends what runs inside.
chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  /bin/bash -c "cd /src/escurl && $command" </dev/null &
wait $! || status=$?
echo "check-fresh: $release: '$command' exited $status after $((SECONDS - start)) s" >&2
exit "$status"
