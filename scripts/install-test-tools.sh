#!/usr/bin/env bash
# Installs the Debian packages the test suite uses as independent oracles (it never runs them in
# the service itself): xorriso/genisoimage/7z read ISOs back, cpio/gzip read initrds, mksquashfs and
# mkfs.erofs build root filesystems, isolinux provides a real boot loader for test images; QEMU boots such an
# image with Debian's kernel and a busybox initramfs (the kernel's own initramfs is not needed: INITRD=No),
# also straight over HTTP through its curl block driver (qemu-block-extra), as BMC virtual media reads;
# nginx balances two Tomcats in FleetIT; podman (runc, catatonit for `kube play`) builds and runs the container
# image from a base that mmdebstrap makes (scripts/test-container.sh), busybox's httpd serves it an OS image;
# npm installs the schema validator of deploy/validate (Debian's nodejs and npm, unless a Node.js with npm is there);
# squid is the authenticating forward proxy of ProxyIT, whose password file openssl hashes; iproute2's ss reads the
# server's socket buffers in BootStormIT.
set -euo pipefail
packages=(xorriso genisoimage p7zip-full cpio gzip squashfs-tools erofs-utils isolinux syslinux-common
  qemu-system-x86 qemu-block-extra linux-image-amd64 busybox-static nginx-light curl
  podman runc catatonit mmdebstrap squid openssl iproute2)
command -v npm > /dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive INITRD=No apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Where services can start, the squid package starts a system-wide proxy on port 3128: the tests run their own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet squid 2>/dev/null; then
  $sudo systemctl disable --now squid
fi
