#!/bin/bash
# Builds the Debian package: dist/netkeel_VERSION_amd64.deb (docs/install.md).
#
#   scripts/package.sh [--build-dir DIR] [--out DIR]
#
# The binary comes from a RelWithDebInfo build in DIR (default build-package; built here, only the
# netkeel target, ccache-shared with the other builds), stripped. The version is the one in
# CMakeLists.txt's project() line, the same the binary's --version prints. Runtime dependencies are
# computed by dpkg-shlibdeps from the binary. Man pages are generated from the commands' own --help.
# Safe to run twice: the staging tree is rebuilt from scratch each time.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
build_dir="build-package"; out_dir="dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift 2 ;;
    --out) out_dir="$2"; shift 2 ;;
    *) echo "package: unknown argument '$1' (known: --build-dir DIR, --out DIR)" >&2; exit 2 ;;
  esac
done
for tool in dpkg-deb dpkg-shlibdeps help2man fakeroot; do
  command -v "$tool" >/dev/null || { echo "package: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

version=$(sed -n 's/^project(netkeel VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || { echo "package: no version in CMakeLists.txt's project() line" >&2; exit 1; }

NETKEEL_BUILD_TARGET=netkeel scripts/build.sh "$build_dir" -DNETKEEL_TESTS=OFF -DNETKEEL_BENCH=OFF \
  -DNETKEEL_SANITIZE=OFF -DNETKEEL_FUZZ=OFF
binary="$build_dir/netkeel"
built_version=$("$binary" --version)
[ "$built_version" = "netkeel $version" ] \
  || { echo "package: $binary says '$built_version', CMakeLists.txt says $version" >&2; exit 1; }

stage="$build_dir/deb/netkeel"
rm -rf "$build_dir/deb"
install -d "$stage/DEBIAN" "$stage/usr/bin" "$stage/lib/systemd/system" "$stage/etc/default" \
  "$stage/usr/lib/sysusers.d" "$stage/usr/share/doc/netkeel" "$stage/usr/share/man/man1"
install -m 0755 -s "$binary" "$stage/usr/bin/netkeel"
for unit in packaging/systemd/*.service; do install -m 0644 "$unit" "$stage/lib/systemd/system/"; done
for conf in packaging/default/*; do install -m 0644 "$conf" "$stage/etc/default/"; done
install -m 0644 packaging/debian/sysusers.conf "$stage/usr/lib/sysusers.d/netkeel.conf"
for script in postinst prerm postrm; do install -m 0755 "packaging/debian/$script" "$stage/DEBIAN/$script"; done
(cd "$stage" && find etc -type f | sed 's|^|/|' | sort) > "$stage/DEBIAN/conffiles"

# Docs: the repository's docs as they are, the copyright and a Debian changelog.
for doc in docs/*.md README.md; do install -m 0644 "$doc" "$stage/usr/share/doc/netkeel/"; done
if [ -d docs/images ]; then  # the docs' pictures, with their folders (docs/images/dashboard/...)
  cp -R docs/images "$stage/usr/share/doc/netkeel/images"
  find "$stage/usr/share/doc/netkeel/images" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
fi
install -m 0644 packaging/debian/copyright "$stage/usr/share/doc/netkeel/copyright"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
date_rfc2822=$(date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")
sed -e "s/@VERSION@/$version/" -e "s/@COMMIT@/$commit/" -e "s/@DATE@/$date_rfc2822/" \
  packaging/debian/changelog.in | gzip -9n > "$stage/usr/share/doc/netkeel/changelog.gz"
chmod 0644 "$stage/usr/share/doc/netkeel/changelog.gz"

# Man pages from the commands' own help: netkeel(1) and netkeel-COMMAND(1) for each subcommand.
man_tmp="$build_dir/deb/man"; mkdir -p "$man_tmp"
subcommands=$("$binary" --help | awk '/^Subcommands:/{on=1; next} on && /^  [a-z]/{print $1}')
help2man --no-info --no-discard-stderr --version-string="$version" --source="netkeel $version" --section=1 \
  --name="the network layer for small-to-medium private clouds" "$binary" > "$man_tmp/netkeel.1"
for sub in $subcommands; do
  wrapper="$man_tmp/netkeel-$sub"
  summary=$("$binary" --help | awk -v s="$sub" '$1 == s {$1=""; sub(/^ +/, ""); print; exit}')
  printf '#!/bin/sh\n[ "$1" = --version ] && exec "%s" --version\nexec "%s" %s "$@"\n' \
    "$root/$binary" "$root/$binary" "$sub" > "$wrapper"
  chmod +x "$wrapper"
  help2man --no-info --no-discard-stderr --version-string="$version" --source="netkeel $version" --section=1 \
    --name="$summary" "$wrapper" > "$man_tmp/netkeel-$sub.1"
done
for page in "$man_tmp"/*.1; do gzip -9n -c "$page" > "$stage/usr/share/man/man1/$(basename "$page").gz"; done
chmod 0644 "$stage"/usr/share/man/man1/*.gz

# Control file: dependencies from the binary's shared libraries.
shlib_dir="$build_dir/deb/shlibs"; mkdir -p "$shlib_dir/debian"
printf 'Source: netkeel\n\nPackage: netkeel\nArchitecture: amd64\n' > "$shlib_dir/debian/control"
depends=$(cd "$shlib_dir" && dpkg-shlibdeps -O "$root/$stage/usr/bin/netkeel" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "package: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@DEPENDS@/$depends, systemd/" -e "s/@INSTALLED_SIZE@/$installed_size/" \
  packaging/debian/control.in > "$stage/DEBIAN/control"
(cd "$stage" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"

mkdir -p "$out_dir"
deb="$out_dir/netkeel_${version}_amd64.deb"
fakeroot dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
