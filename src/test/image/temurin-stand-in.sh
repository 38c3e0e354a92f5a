#!/usr/bin/env bash
# A stand-in for the eclipse-temurin base images, for ImageBuildTests where no registry can
# be reached: the root filesystem of a small Debian with the Temurin 25 JDK at Temurin's
# path, /opt/java/openjdk. It holds what the Dockerfile's RUN lines and the Maven wrapper
# call (a shell, coreutils, grep, sed, tar, gzip, groupadd, useradd), copied from this
# machine with the libraries they load, and a /tmp of mode 1777 as every base image has.
#
#   src/test/image/temurin-stand-in.sh ROOTFS JDK
set -euo pipefail
root=$1 jdk=$2
rm -rf "$root"
mkdir -p "$root"/{etc,tmp,root,opt/java,usr/bin,usr/sbin,usr/lib,usr/lib64}
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
for dir in bin sbin lib lib64; do ln -s "usr/$dir" "$root/$dir"; done

# the libraries a binary loads, from ldd's "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6"
libraries() {
  ldd "$1" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do
    case $lib in "$jdk"/*) ;; *) cp -L --parents -n "$lib" "$root" ;; esac
  done
}

for command in dash bash cat cp mv rm mkdir rmdir ls ln chmod chown mktemp uname basename \
  dirname tr find grep sed tar gzip head tail sort env id install touch sleep groupadd useradd; do
  path=$(PATH=/usr/bin:/usr/sbin type -P "$command") || { echo "no $command on this machine" >&2; exit 1; }
  path=$(readlink -f "$path")
  cp -a --parents "$path" "$root"
  libraries "$path"
done
ln -s dash "$root/usr/bin/sh"

# the base image's own users and groups, not this machine's
grep -E '^(root|daemon|bin|sys|nobody):' /etc/passwd >"$root/etc/passwd"
grep -E '^(root|daemon|bin|sys|nogroup):' /etc/group >"$root/etc/group"
sed -E 's/:.*/:*:19000:0:99999:7:::/' "$root/etc/passwd" >"$root/etc/shadow"
sed -E 's/:.*/:*::/' "$root/etc/group" >"$root/etc/gshadow"
cp /etc/login.defs /etc/nsswitch.conf "$root/etc/"

cp -a "$jdk" "$root/opt/java/openjdk"
for lib in "$jdk"/lib/server/libjvm.so "$jdk"/bin/java "$jdk"/lib/libjava.so "$jdk"/lib/libnet.so \
  "$jdk"/lib/libnio.so "$jdk"/lib/libzip.so "$jdk"/lib/libjli.so; do
  libraries "$lib"
done
# Debian's JDK packages link the trust store to /etc/ssl/certs/java; Temurin's image has a file
rm -f "$root/opt/java/openjdk/lib/security/cacerts"
cp -L "$jdk/lib/security/cacerts" "$root/opt/java/openjdk/lib/security/cacerts"
