#!/usr/bin/env bash
# Packs the staged install tree (scripts/stage.sh) for people without a Swift toolchain:
#   DIST/dropstep-VERSION-linux-ARCH.tar.gz  dropstep-VERSION-linux-ARCH/{README.md,LICENSE,bin/,share/}
#   DIST/dropstep_VERSION_DEBARCH.deb        the same files under /usr, as Debian lays them out
#
# usage: scripts/dist.sh VERSION STAGE DIST
set -euo pipefail

version=$1
stage=$2
dist=$3
root=$(cd "$(dirname "$0")/.." && pwd)
arch=$(uname -m)
debarch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$dist"

# One timestamp for every file, the last commit's, so the same commit packs to the same bytes.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}

# The tarball: an install prefix (copy bin/ and share/ into ~/.local), with the README and licence on top.
name=dropstep-$version-linux-$arch
mkdir "$work/$name"
cp -R "$stage/bin" "$stage/share" "$work/$name/"
install -m 644 "$root/README.md" "$root/LICENSE" "$work/$name/"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$work" -cf - "$name" |
    gzip -9n >"$dist/$name.tar.gz"

# The .deb: Debian's paths (zsh's vendor-completions, gzipped man page, the licence as copyright).
package=$work/deb
install -d "$package/DEBIAN" "$package/usr/bin" "$package/usr/share/man/man1" \
    "$package/usr/share/bash-completion/completions" "$package/usr/share/zsh/vendor-completions" \
    "$package/usr/share/fish/vendor_completions.d" "$package/usr/share/doc/dropstep"
install -m 755 "$stage/bin/dropstep" "$package/usr/bin/dropstep"
gzip -9n <"$stage/share/man/man1/dropstep.1" >"$package/usr/share/man/man1/dropstep.1.gz"
install -m 644 "$stage/share/bash-completion/completions/dropstep" "$package/usr/share/bash-completion/completions/"
install -m 644 "$stage/share/zsh/site-functions/_dropstep" "$package/usr/share/zsh/vendor-completions/"
install -m 644 "$stage/share/fish/vendor_completions.d/dropstep.fish" "$package/usr/share/fish/vendor_completions.d/"
install -m 644 "$stage"/share/doc/dropstep/*.md "$package/usr/share/doc/dropstep/"
install -m 644 "$root/LICENSE" "$package/usr/share/doc/dropstep/copyright"
chmod 644 "$package/usr/share/man/man1/dropstep.1.gz"

# Depends: the package of every shared library the binary still needs (libedit, libc, libstdc++,
# libgcc), with the lowest versions its symbols allow, as dpkg-shlibdeps reads them off the binary.
mkdir -p "$work/shlibs/debian"
printf 'Source: dropstep\n\nPackage: dropstep\nArchitecture: any\n' >"$work/shlibs/debian/control"
if ! depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$package/usr/bin/dropstep" 2>"$work/shlibs.log"); then
    cat "$work/shlibs.log" >&2
    exit 1
fi
depends=${depends#shlibs:Depends=}
case "$depends" in
*libedit2*) ;;
*)
    echo "dist.sh: the binary does not link libedit (Depends: $depends)" >&2
    exit 1
    ;;
esac

cat >"$package/DEBIAN/control" <<EOF
Package: dropstep
Version: $version
Architecture: $debarch
Maintainer: The dropstep authors
Installed-Size: $(du -sk "$package/usr" | cut -f1)
Depends: $depends
Section: education
Priority: optional
Description: terminal notebook that teaches dropout by running it
 dropstep opens a REPL in which lessons on dropout run step by step: each step
 runs a few lines of a small numpy-flavoured language on tiny tensors and shows
 the masks drawn, the scaling, the expectations and the gradients. The lessons
 are built into the binary, and "dropstep lessons" lists them.
EOF
find "$package" -exec touch -h -d "@$epoch" {} +
dpkg-deb --root-owner-group -Zxz --build "$package" "$dist/dropstep_${version}_${debarch}.deb" >/dev/null
echo "dist: $dist/$name.tar.gz and $dist/dropstep_${version}_${debarch}.deb"
