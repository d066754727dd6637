#!/usr/bin/env bash
# Brings the project's PublicAPI.Unshipped.txt in line with its code: appends every symbol the PublicApiAnalyzers
# report as undeclared (RS0016), drops every declared symbol that no longer exists (RS0017), then sorts it.
# Review the diff: it is the change to the public surface.
# Usage: eng/update-public-api.sh src/Aios.Queueing
set -euo pipefail
project=${1:?project folder}
file="$project/PublicAPI.Unshipped.txt"
log=$(dotnet build "$project" -p:TreatWarningsAsErrors=false 2>&1 || true)
added=$(printf '%s\n' "$log" | grep -o "RS0016: Symbol '[^']*'" | sed "s/RS0016: Symbol '//; s/'$//" | sort -u || true)
removed=$(printf '%s\n' "$log" | grep -o "RS0017: Symbol '[^']*'" | sed "s/RS0017: Symbol '//; s/'$//" | sort -u || true)
[ -z "$added" ] && [ -z "$removed" ] && { echo "public API up to date"; exit 0; }
{ tail -n +2 "$file"; [ -n "$added" ] && printf '%s\n' "$added"; } | grep -v '^$' | sort -u > "$file.tmp"
if [ -n "$removed" ]; then
  grep -vxF -f <(printf '%s\n' "$removed") "$file.tmp" > "$file.tmp2" || true
  mv "$file.tmp2" "$file.tmp"
fi
{ echo '#nullable enable'; cat "$file.tmp"; } > "$file"; rm "$file.tmp"
echo "added $( [ -n "$added" ] && printf '%s\n' "$added" | wc -l || echo 0), removed $( [ -n "$removed" ] && printf '%s\n' "$removed" | wc -l || echo 0) symbols in $file"
