#!/usr/bin/env bash
# Appends every symbol the PublicApiAnalyzers report as undeclared (RS0016) to the project's
# PublicAPI.Unshipped.txt, then sorts it. Review the diff: it is the change to the public surface.
# Usage: eng/update-public-api.sh src/Aios.Queueing
set -euo pipefail
project=${1:?project folder}
file="$project/PublicAPI.Unshipped.txt"
symbols=$(dotnet build "$project" -p:TreatWarningsAsErrors=false 2>&1 | grep -o "RS0016: Symbol '[^']*'" | sed "s/RS0016: Symbol '//; s/'$//" | sort -u || true)
[ -z "$symbols" ] && { echo "public API up to date"; exit 0; }
{ tail -n +2 "$file"; printf '%s\n' "$symbols"; } | grep -v '^$' | sort -u > "$file.tmp"
{ echo '#nullable enable'; cat "$file.tmp"; } > "$file"; rm "$file.tmp"
echo "added $(printf '%s\n' "$symbols" | wc -l) symbols to $file"
