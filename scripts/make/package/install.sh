#!/bin/sh
# Installs Rituals from this unpacked tarball for the user running it, into ~/.local, no root
# needed: binaries in ~/.local/bin, the user unit in ~/.config/systemd/user, man pages, bash/zsh/fish
# completions and the docs under ~/.local/share. What it put where goes to
# ~/.local/share/rituals/installed; `./install.sh --uninstall` removes exactly that.
# Usage: ./install.sh [--uninstall]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${HOME:?HOME is not set}"
manifest=$HOME/.local/share/rituals/installed

if [ "${1:-}" = --uninstall ]; then
    [ -f "$manifest" ] || { echo "install.sh: nothing installed ($manifest is missing)" >&2; exit 1; }
    systemctl --user disable --now rituald 2>/dev/null || true
    while IFS= read -r f; do rm -f "$f"; done < "$manifest"
    rm -f "$manifest"
    systemctl --user daemon-reload 2>/dev/null || true
    echo "Removed Rituals from $HOME/.local (your config and history stay)."
    exit 0
fi
[ -z "${1:-}" ] || { echo "usage: ./install.sh [--uninstall]" >&2; exit 2; }

mkdir -p "$(dirname "$manifest")"
: > "$manifest"
put() { # put SOURCE DEST MODE
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2.new" && chmod "$3" "$2.new" && mv "$2.new" "$2"
    echo "$2" >> "$manifest"
}
share=$HOME/.local/share
for tool in rituald ritualctl; do
    put "$here/bin/$tool" "$HOME/.local/bin/$tool" 755
    put "$here/man/$tool.1" "$share/man/man1/$tool.1" 644
done
# rituald reads a handful of options and has no completions.
for tool in ritualctl; do
    put "$here/completions/bash/$tool" "$share/bash-completion/completions/$tool" 644
    put "$here/completions/zsh/_$tool" "$share/zsh/site-functions/_$tool" 644
    put "$here/completions/fish/$tool.fish" "$HOME/.config/fish/completions/$tool.fish" 644
done
put "$here/systemd/rituald.service" "$HOME/.config/systemd/user/rituald.service" 644
put "$here/man/rituals.toml.5" "$share/man/man5/rituals.toml.5" 644
for doc in "$here"/doc/*; do put "$doc" "$share/doc/rituals/$(basename "$doc")" 644; done
echo "$manifest" >> "$manifest"
systemctl --user daemon-reload 2>/dev/null || true
case ":$PATH:" in *":$HOME/.local/bin:"*) ;; *) echo "Add ~/.local/bin to PATH to run ritualctl." ;; esac
echo "Installed Rituals $(cat "$here/VERSION") into $HOME/.local; start it with: systemctl --user enable --now rituald"
