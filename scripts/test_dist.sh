#!/usr/bin/env bash
# Proves the release artefacts work for someone without Swift: the tarball unpacked in a temporary
# directory and the .deb extracted into a scratch root each run, under `env -i` (no PATH, so no
# toolchain, no LD_LIBRARY_PATH, an empty HOME) from a directory with no lessons/ in it:
# --version, `lessons` (every lesson), `check` (the built-in copy), and the REPL reading a pipe.
# The .deb's control fields and file list are checked too, and `make install-files` / `uninstall`.
#
# usage: scripts/test_dist.sh VERSION DIST
set -euo pipefail

version=$1
dist=$2
root=$(cd "$(dirname "$0")/.." && pwd)
arch=$(uname -m)
debarch=$(dpkg --print-architecture)
tarball=$dist/dropstep-$version-linux-$arch.tar.gz
deb=$dist/dropstep_${version}_${debarch}.deb
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
passes=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
pass() { passes=$((passes + 1)); }

# What the binary must show: every lesson's id (top level), and how many lesson files it carries.
mapfile -t lesson_ids < <(for file in "$root"/lessons/*.md; do sed -n 's/^id: *//p' "$file" | head -n 1; done)
lesson_files=$(find "$root/lessons" -maxdepth 1 -name '*.md' -not -path '*/.*' | wc -l)
# Translations (lessons/zh/...) are checked as twins of the English lessons; the glossary is not a lesson.
twin_files=$(find "$root/lessons" -mindepth 2 -name '*.md' -not -name 'GLOSSARY*' -not -path '*/.*' | wc -l)
checked_line="$lesson_files of $lesson_files lessons passed"
[ "$twin_files" -gt 0 ] && checked_line="$checked_line, $twin_files of $twin_files translations are twins"
[ "${#lesson_ids[@]}" -gt 0 ] || fail "no lessons found in $root/lessons"

# Runs the checks on one installed binary; $2 names the install in messages.
check_binary() {
    local binary=$1 where=$2
    local home=$tmp/home-$where elsewhere=$tmp/elsewhere-$where
    mkdir -p "$home" "$elsewhere"
    run() { (cd "$elsewhere" && env -i HOME="$home" "$binary" "$@"); }

    [ -x "$binary" ] || {
        fail "$where: no executable at $binary"
        return
    }
    if ldd "$binary" | grep -E 'libswift|libFoundation|not found'; then
        fail "$where: the binary still needs the Swift runtime or a missing library"
    else pass; fi

    local out
    out=$(run --version 2>&1) || fail "$where: --version exited $?"
    [ "$out" = "$version" ] && pass || fail "$where: --version printed '$out', expected '$version'"

    out=$(run lessons 2>&1) || fail "$where: lessons exited $?: $out"
    for id in "${lesson_ids[@]}"; do
        grep -q "^$id " <<<"$out" && pass || fail "$where: 'dropstep lessons' does not list $id"
    done
    # One entry per lesson: an entry starts at the margin (a long title wraps onto indented lines).
    [ "$(grep -c '^[^ ]' <<<"$out")" -eq "${#lesson_ids[@]}" ] && pass ||
        fail "$where: 'dropstep lessons' printed $(grep -c '^[^ ]' <<<"$out") entries for ${#lesson_ids[@]} lessons"

    [ ! -e "$elsewhere/lessons" ] || fail "$where: the test directory has a lessons/ folder"
    out=$(run check 2>&1) || fail "$where: check exited $?: $out"
    grep -qx "$checked_line" <<<"$out" && pass ||
        fail "$where: 'dropstep check' on the built-in lessons: $(tail -n 3 <<<"$out")"
    # Built-in lessons carry their source-tree paths (lessons/...); a copy found on disk would not.
    [ "$(grep -cE '^ok +lessons/[^ ]+\.md ' <<<"$out")" -eq "$((lesson_files + twin_files))" ] && pass ||
        fail "$where: 'dropstep check' did not check the built-in lessons/ paths: $(head -n 2 <<<"$out")"

    out=$(printf '1 + 1\n' | run 2>&1) || fail "$where: the REPL exited $? on piped input: $out"
    grep -qx '2' <<<"$out" && pass || fail "$where: 'printf \"1 + 1\\n\" | dropstep' printed: $out"

    out=$(printf ':load 03\n\n' | run 2>&1) || fail "$where: ':load 03' exited $?: $out"
    grep -q '^>>> x = \[3., 6., 9.\]' <<<"$out" && pass ||
        fail "$where: ':load 03' then Enter did not run the lesson's first step: $(head -n 5 <<<"$out")"

    [ -z "$(ls -A "$elsewhere")" ] && pass || fail "$where: dropstep wrote into the working directory"
}

# Checks that a completion script and the man page describe this binary.
check_extras() {
    local prefix=$1 where=$2
    bash -n "$prefix/share/bash-completion/completions/dropstep" && pass || fail "$where: bash completion does not parse"
    # Completing `dropstep ch` offers the check subcommand.
    local reply
    reply=$(bash -c 'source "$1"; COMP_WORDS=(dropstep ch); COMP_CWORD=1; COMP_LINE="dropstep ch"; COMP_POINT=11
        _dropstep dropstep ch dropstep; echo "${COMPREPLY[*]}"' _ "$prefix/share/bash-completion/completions/dropstep")
    [ "$reply" = check ] && pass || fail "$where: bash completes 'dropstep ch' to '$reply', not 'check'"
    grep -q '^#compdef dropstep' "$prefix/share/zsh/site-functions/_dropstep" && pass ||
        fail "$where: zsh completion missing"
    grep -q "^complete -c 'dropstep' .*-fa 'lessons'" "$prefix/share/fish/vendor_completions.d/dropstep.fish" && pass ||
        fail "$where: fish completion missing"
    grep -q '^\.Dt DROPSTEP 1' "$prefix/share/man/man1/dropstep.1" && grep -q '^\.It Em check' "$prefix/share/man/man1/dropstep.1" &&
        pass || fail "$where: the man page lacks its title or the check subcommand"
}

# The tarball.
if [ -f "$tarball" ]; then
    mkdir "$tmp/unpacked"
    tar -xzf "$tarball" -C "$tmp/unpacked"
    top=$tmp/unpacked/dropstep-$version-linux-$arch
    for file in README.md LICENSE bin/dropstep share/man/man1/dropstep.1 share/doc/dropstep/install.md \
        share/doc/dropstep/language.md share/doc/dropstep/lessons.md; do
        [ -f "$top/$file" ] && pass || fail "tarball: no $file"
    done
    [ "$(tar -tzf "$tarball" | cut -d/ -f1 | sort -u)" = "dropstep-$version-linux-$arch" ] && pass ||
        fail "tarball: not everything is under dropstep-$version-linux-$arch/"
    check_binary "$top/bin/dropstep" tarball
    check_extras "$top" tarball
else
    fail "no $tarball"
fi

# The .deb: control fields, file list, then extracted into a scratch root.
if [ -f "$deb" ]; then
    info=$(dpkg-deb -I "$deb")
    for field in "Package: dropstep" "Version: $version" "Architecture: $debarch"; do
        grep -qx " $field" <<<"$info" && pass || fail "deb: control lacks '$field'"
    done
    depends=$(dpkg-deb -f "$deb" Depends)
    grep -q 'libedit2' <<<"$depends" && pass || fail "deb: Depends '$depends' lacks libedit2"
    # Every shared library the binary needs must come from a package the .deb depends on.
    mkdir "$tmp/root"
    dpkg-deb -x "$deb" "$tmp/root"
    for library in $(objdump -p "$tmp/root/usr/bin/dropstep" | awk '$1 == "NEEDED" { print $2 }'); do
        path=$(ldd "$tmp/root/usr/bin/dropstep" | awk -v lib="$library" '$1 == lib { print $3 }')
        [ -n "$path" ] || path=$(ldconfig -p | awk -v lib="$library" '$1 == lib { print $NF; exit }')
        owner=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null || dpkg -S "$path" 2>/dev/null || true)
        owner=${owner%%:*}
        if [ -z "$owner" ]; then
            fail "deb: no Debian package owns $library ($path)"
        elif sed 's/ *([^)]*)//g; s/, */\n/g' <<<"$depends" | grep -qxF "$owner"; then
            pass
        else
            fail "deb: $library comes from $owner, which Depends '$depends' lacks"
        fi
    done
    contents=$(dpkg-deb -c "$deb")
    for file in ./usr/bin/dropstep ./usr/share/man/man1/dropstep.1.gz \
        ./usr/share/bash-completion/completions/dropstep ./usr/share/zsh/vendor-completions/_dropstep \
        ./usr/share/fish/vendor_completions.d/dropstep.fish ./usr/share/doc/dropstep/copyright \
        ./usr/share/doc/dropstep/language.md; do
        grep -q " $file\$" <<<"$contents" && pass || fail "deb: does not ship $file"
    done
    grep -q '^-rwxr-xr-x root/root .* \./usr/bin/dropstep$' <<<"$contents" && pass ||
        fail "deb: /usr/bin/dropstep is not root-owned mode 755"
    if grep -v ' root/root ' <<<"$contents"; then fail "deb: files not owned by root"; else pass; fi
    check_binary "$tmp/root/usr/bin/dropstep" deb
    zcat "$tmp/root/usr/share/man/man1/dropstep.1.gz" | grep -q '^\.Dt DROPSTEP 1' && pass ||
        fail "deb: the man page does not unpack"
else
    fail "no $deb"
fi

# make install-files and uninstall into a scratch prefix, from the same staged files.
prefix=$tmp/prefix
make -C "$root" --no-print-directory -s install-files PREFIX="$prefix" >/dev/null
check_binary "$prefix/bin/dropstep" install
check_extras "$prefix" install
make -C "$root" --no-print-directory -s uninstall PREFIX="$prefix" >/dev/null
left=$(find "$prefix" -type f)
[ -z "$left" ] && pass || fail "uninstall left: $left"

echo "dist: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
