#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or explain what is needed and fail.
# pyenv shims for python3.12/python3.13 exist on PATH but fail when run, so each
# candidate is *run* with a version check rather than merely looked up.
set -u

works() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3; do
    [ -n "$candidate" ] || continue
    if works "$candidate"; then
        "$candidate" -c 'import sys; print(sys.executable)'
        exit 0
    fi
done

if command -v pyenv >/dev/null 2>&1; then
    root=$(pyenv root)
    for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.[0-9]+\.[0-9]+$' | sort -t. -k1,1nr -k2,2nr -k3,3nr); do
        candidate="$root/versions/$version/bin/python3"
        if [ -x "$candidate" ] && works "$candidate"; then
            echo "$candidate"
            exit 0
        fi
    done
fi

echo "Lindung needs Python 3.12 or newer, and none was found." >&2
echo "Tried: \$PYTHON, python3.14, python3.13, python3.12, python3 and pyenv's installed versions." >&2
echo "Install Python 3.12+ (for example 'pyenv install 3.12') or set PYTHON=/path/to/python3.12." >&2
exit 1
