#!/bin/bash
# Regenerates src/test/resources/erofs/: small EROFS images that Debian 12's erofs-utils 1.5 cannot make
# (MicroLZMA, DEFLATE, fragments, dedupe), plus a sha256 manifest per image taken from `fsck.erofs --extract`.
#
# Needs root, python3 and a Debian 13 (trixie) chroot with erofs-utils >= 1.8 (liblzma support):
#   debootstrap --variant=minbase trixie "$TRIXIE_ROOT" http://deb.debian.org/debian
#   chroot "$TRIXIE_ROOT" apt-get install -y erofs-utils
#   TRIXIE_ROOT=... scripts/make-erofs-fixtures.sh
set -euo pipefail

: "${TRIXIE_ROOT:?set TRIXIE_ROOT to a trixie chroot with erofs-utils installed}"
repo=$(cd "$(dirname "$0")/.." && pwd)
out="$repo/src/test/resources/erofs"
work_rel=tmp/erofs-fixtures
work="$TRIXIE_ROOT/$work_rel"
rm -rf "$work"
mkdir -p "$work/tree" "$out"

# Deterministic tree: text-like runs compress, random runs do not, duplicates exercise dedupe.
python3 - "$work/tree" <<'PY'
import os, random, sys
root = sys.argv[1]
rnd = random.Random(20250101)
words = [b"erofs", b"cluster", b"nmstate", b"interface", b"bond", b"vlan", b"route", b"\n", b"ipv4", b"dns"]

def text(size):
    out = bytearray()
    while len(out) < size:
        out += rnd.choice(words) + b" "
    return bytes(out[:size])

def put(path, data):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)

binary = bytearray()
while len(binary) < 200 * 1024 + 77:
    binary += rnd.randbytes(1500) if rnd.random() < 0.15 else text(rnd.randint(2000, 9000))
put("usr/bin/nmstatectl", bytes(binary[:200 * 1024 + 77]))
put("opt/decoy/nmstatectl", b"decoy\n")
put("etc/small.txt", b"hello erofs\n")
put("etc/empty", b"")
put("etc/random-4k", rnd.randbytes(4096))
put("a/b/deep.bin", rnd.randbytes(5000) + text(7000))
shared = text(40 * 1024)
put("a/dup-one.txt", shared)
put("b/dup-two.txt", shared + b"tail differs\n")
put("var/zeros.bin", bytes(64 * 1024))
for i in range(120):
    put("many/entry-%03d-with-a-long-enough-name" % i, text(1 + i * 13))
os.makedirs(os.path.join(root, "etc/nmstatectl"), exist_ok=True)
os.symlink("nmstatectl", os.path.join(root, "usr/bin/nmstate-link"))
PY

# name|mkfs.erofs options
fixtures=(
  "rhcos-lzma-fragments|-zlzma,level=6 -Efragments -C1048576"
  "lzma-ztailpacking|-zlzma -Eztailpacking -C16384"
  "lzma-fragments-dedupe|-zlzma -Efragments,dedupe -C8192"
  "lzma-full-indexes-fragments|-zlzma -Elegacy-compress,fragments"
  "lzma-all-fragments|-zlzma -Eall-fragments -C65536"
  "deflate-ztailpacking|-zdeflate -Eztailpacking -C65536"
  "lz4hc-dedupe|-zlz4hc -Ededupe -C16384"
)

version=$(chroot "$TRIXIE_ROOT" mkfs.erofs --version | head -1)
{
  echo "# EROFS fixtures made by scripts/make-erofs-fixtures.sh with: $version"
  echo "# All from the same deterministic tree (fixed seed); <name>.sha256 lists every regular file as"
  echo "# extracted by fsck.erofs --extract of the same erofs-utils; -T0 --all-root and a fixed UUID."
  echo "# name | mkfs.erofs options | what it exercises"
} > "$out/INDEX"

describe() {
  case "$1" in
    rhcos-lzma-fragments) echo "RHCOS options: MicroLZMA, 1 MiB big pclusters, tails and small files in the packed inode" ;;
    lzma-ztailpacking) echo "MicroLZMA, 16 KiB big pclusters, inline (tail-packed) last pcluster" ;;
    lzma-fragments-dedupe) echo "MicroLZMA, compact indexes, 8 KiB big pclusters, tail fragments in the packed inode, dedupe" ;;
    lzma-full-indexes-fragments) echo "8-byte full lcluster indexes with fragments (64-bit fragment offset)" ;;
    lzma-all-fragments) echo "every file's data in the packed inode (whole-file fragments)" ;;
    deflate-ztailpacking) echo "raw DEFLATE (algorithm 2), 64 KiB pclusters, inline tail pcluster" ;;
    lz4hc-dedupe) echo "LZ4HC, 16 KiB pclusters, deduplicated extents" ;;
  esac
}

for entry in "${fixtures[@]}"; do
  name=${entry%%|*}
  options=${entry#*|}
  # shellcheck disable=SC2086
  chroot "$TRIXIE_ROOT" mkfs.erofs --quiet -T0 --all-root -Uc0ffee00-0000-4000-8000-000000000001 $options \
    "/$work_rel/$name.erofs" "/$work_rel/tree"
  rm -rf "$work/extract-$name"
  chroot "$TRIXIE_ROOT" fsck.erofs --extract="/$work_rel/extract-$name" "/$work_rel/$name.erofs" >/dev/null
  diff -r --no-dereference "$work/tree" "$work/extract-$name"
  cp "$work/$name.erofs" "$out/$name.erofs"
  (cd "$work/extract-$name" && find . -type f | LC_ALL=C sort | xargs sha256sum) > "$out/$name.sha256"
  echo "$name | $options | $(describe "$name")" >> "$out/INDEX"
done
ls -l "$out"
