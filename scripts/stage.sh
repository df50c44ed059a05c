#!/usr/bin/env bash
# Lays out everything `make install` and `make dist` ship, as an install prefix:
#   STAGE/bin/dropstep                                   the stripped binary (lessons built in)
#   STAGE/share/man/man1/dropstep.1                      the man page
#   STAGE/share/bash-completion/completions/dropstep     bash completion
#   STAGE/share/zsh/site-functions/_dropstep             zsh completion
#   STAGE/share/fish/vendor_completions.d/dropstep.fish  fish completion
#   STAGE/share/doc/dropstep/{README.md,LICENSE,install.md,language.md,lessons.md}
#
# usage: scripts/stage.sh BINARY MANPAGE STAGE
set -euo pipefail

binary=$1
manpage=$2
stage=$3
root=$(cd "$(dirname "$0")/.." && pwd)

rm -rf "$stage"
install -d "$stage/bin" "$stage/share/man/man1" "$stage/share/bash-completion/completions" \
    "$stage/share/zsh/site-functions" "$stage/share/fish/vendor_completions.d" "$stage/share/doc/dropstep"

# Stripping halves the size; the symbol table only serves debuggers and backtraces.
install -m 755 "$binary" "$stage/bin/dropstep"
strip "$stage/bin/dropstep"

install -m 644 "$manpage" "$stage/share/man/man1/dropstep.1"

# The argument parser writes the completion scripts; the stripped binary writes them, so they match it.
"$stage/bin/dropstep" --generate-completion-script bash >"$stage/share/bash-completion/completions/dropstep"
"$stage/bin/dropstep" --generate-completion-script zsh >"$stage/share/zsh/site-functions/_dropstep"
"$stage/bin/dropstep" --generate-completion-script fish >"$stage/share/fish/vendor_completions.d/dropstep.fish"
chmod 644 "$stage/share/bash-completion/completions/dropstep" "$stage/share/zsh/site-functions/_dropstep" \
    "$stage/share/fish/vendor_completions.d/dropstep.fish"

# The docs a learner or lesson author reads; docs/architecture.md is for people changing the code.
install -m 644 "$root/README.md" "$root/LICENSE" "$root/docs/install.md" "$root/docs/language.md" \
    "$root/docs/lessons.md" "$stage/share/doc/dropstep/"
