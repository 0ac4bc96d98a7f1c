# Sourced by test-container.sh: checks of a running service, each read back with an independent tool.
# Needs fail() from the caller.

# check_image_routes <base URL> <image id> <OpenShift version> <scratch dir>: a full ISO carrying the stand-in's
# ignition and kernel argument (xorriso, gzip, cpio), a minimal ISO without the rootfs that boots it from this
# service, and a PXE initrd made of the ISO's initrd.img followed by the ignition archive.
check_image_routes() {
  local base=$1 id=$2 version=$3 dir=$4
  mkdir -p "$dir"
  curl -fsS -o "$dir/full.iso" "$base/images/$id?version=$version&type=full-iso" || fail "full ISO download"
  xorriso -indev "$dir/full.iso" -osirrox on -extract /images/ignition.img "$dir/ignition.img" \
    -extract /EFI/redhat/grub.cfg "$dir/grub.cfg" -extract /images/pxeboot/initrd.img "$dir/initrd.img" \
    2> "$dir/xorriso-full.log" || fail "xorriso cannot read the full ISO ($(tail -3 "$dir/xorriso-full.log"))"
  { gzip -dc < "$dir/ignition.img" 2>/dev/null || true; } | (cd "$dir" && cpio -id --quiet config.ign)
  grep -q 'Discovery%20ISO%20from%20the%20local%20demo' "$dir/config.ign" \
    || fail "the full ISO's ignition.img does not hold the stand-in's ignition"
  grep -q 'assisted.demo=1' "$dir/grub.cfg" || fail "the full ISO's grub.cfg lacks the stand-in's kernel argument"

  curl -fsS -o "$dir/minimal.iso" "$base/images/$id?version=$version&type=minimal-iso" || fail "minimal ISO download"
  xorriso -indev "$dir/minimal.iso" -osirrox on -extract /EFI/redhat/grub.cfg "$dir/minimal-grub.cfg" \
    -find /images -name rootfs.img 2> "$dir/xorriso-minimal.log" > "$dir/minimal-find.txt" \
    || fail "xorriso cannot read the minimal ISO ($(tail -3 "$dir/xorriso-minimal.log"))"
  ! grep -q rootfs.img "$dir/minimal-find.txt" || fail "the minimal ISO still holds rootfs.img"
  grep -q "coreos.live.rootfs_url=\"$base/boot-artifacts/rootfs" "$dir/minimal-grub.cfg" \
    || fail "the minimal ISO's grub.cfg does not fetch the rootfs from $base"
  [ "$(stat -c %s "$dir/minimal.iso")" -lt "$(stat -c %s "$dir/full.iso")" ] \
    || fail "the minimal ISO is not smaller than the full ISO"

  curl -fsS -o "$dir/pxe-initrd" "$base/images/$id/pxe-initrd?version=$version" || fail "PXE initrd download"
  local initrd_bytes
  initrd_bytes=$(stat -c %s "$dir/initrd.img")
  cmp -s -n "$initrd_bytes" "$dir/initrd.img" "$dir/pxe-initrd" \
    || fail "the PXE initrd does not start with the ISO's initrd.img"
  mkdir -p "$dir/pxe"
  { tail -c +"$((initrd_bytes + 1))" "$dir/pxe-initrd" | gzip -dc 2>/dev/null || true; } \
    | (cd "$dir/pxe" && cpio -id --quiet config.ign)
  grep -q 'Discovery%20ISO%20from%20the%20local%20demo' "$dir/pxe/config.ign" \
    || fail "the PXE initrd's ignition archive does not hold the stand-in's ignition"
}

# check_restricted <container> <uid>: runs as that UID in group 0, cannot write the root filesystem, and the JVM
# (started with the image's JAVA_OPTS) sees the memory limit and sizes its heap from it.
check_restricted() {
  local container=$1 uid=$2 ids heap limit
  ids=$(podman exec "$container" sh -c 'echo "$(id -u):$(id -g)"')
  [ "$ids" = "$uid:0" ] || fail "the service runs as $ids, not $uid:0"
  ! podman exec "$container" sh -c 'touch "$CATALINA_HOME/conf/probe"' 2>/dev/null \
    || fail "the root filesystem is writable"
  limit=$(podman exec "$container" sh -c 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes')
  [ "$limit" = $((800 * 1024 * 1024)) ] || fail "the container's memory limit is $limit, not 800 MiB"
  heap=$(podman exec "$container" sh -c 'java $JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null' \
    | awk '$2 == "MaxHeapSize" { print $4 }')
  # 35 % of 800 MiB = 280 MiB, rounded by the JVM to its heap alignment
  [ "$heap" -ge $((270 * 1024 * 1024)) ] && [ "$heap" -le $((290 * 1024 * 1024)) ] \
    || fail "MaxHeapSize is $heap bytes, not about 35 % of 800 MiB"
  echo "test-container: runs as $ids, root filesystem read-only, limit $limit bytes, MaxHeapSize $heap bytes"
}

# check_console_logs <container>: the access log (an image download's line on standard output) and Tomcat's log
# records reach the container's console, and no log file piles up in the container's /tmp.
check_console_logs() {
  local container=$1 stdout all files
  # whole logs first: with pipefail, `podman logs | grep -q` fails when grep stops reading at the first match
  stdout=$(podman logs "$container" 2>/dev/null)
  all=$(podman logs "$container" 2>&1)
  grep -q '"GET /images/[0-9a-f-]* HTTP/1.1" 200 ' <<< "$stdout" \
    || fail "no access-log line of an image download on the standard output of $container"
  grep -q 'org.apache.catalina.startup.Catalina.start Server startup in' <<< "$all" \
    || fail "Tomcat's log records do not reach the console of $container"
  files=$(podman exec "$container" find /tmp -xdev -path '/tmp/tomcat/logs/*')
  [ -z "$files" ] || fail "log files in the container's /tmp: $files"
  echo "test-container: access log and Tomcat's log records on the console, no log file in /tmp"
}
