#!/usr/bin/env bash
# Replaces the code comments that cite DESIGN.md (a file outside the repository) with the numbered
# sections of docs/aws-reference.md. The patterns match the comments' own words, not file paths, so
# the script works before and after the folder moves of issue #10. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")"

dirs=()
for d in lib app components scripts e2e emulator test; do [ -d "$d" ] && dirs+=("$d"); done
mapfile -t files < <(grep -rlF --include='*.ts' --include='*.tsx' --include='*.mjs' 'DESIGN.md' "${dirs[@]}" || true)

if [ "${#files[@]}" -gt 0 ]; then
  sed -i \
    -e 's|CloudTrail/\.\.\.` (DESIGN\.md §4)|CloudTrail/...` (docs/aws-reference.md §4.1, §5.1)|' \
    -e "s|CloudTrail's digest signature (DESIGN\.md §4)|CloudTrail's digest signature (docs/aws-reference.md §4.4)|" \
    -e 's|LookupEvents as CloudTrail answers it (DESIGN\.md §2)|LookupEvents as CloudTrail answers it (docs/aws-reference.md §2)|' \
    -e 's|Global services are recorded in us-east-1 (DESIGN\.md §2)|Global services are recorded in us-east-1 (docs/aws-reference.md §2.7)|' \
    -e 's|of a CloudTrail record (DESIGN\.md §3)|of a CloudTrail record (docs/aws-reference.md §3.1)|' \
    -e "s|log files (DESIGN\.md §4 layout)|log files (layout: docs/aws-reference.md §4.1)|" \
    -e 's|S3 layout (DESIGN\.md §4)|S3 layout (docs/aws-reference.md §4.1, §4.3)|' \
    "${files[@]}"
  # Any citation not listed above: DESIGN.md's §2-§4 are aws-reference.md's chapters of the same
  # number; §1 (architecture), §5 (style) and §6 (event store) moved to their own documents.
  sed -i \
    -e 's|DESIGN\.md §\([234]\)|docs/aws-reference.md §\1|g' \
    -e 's|DESIGN\.md §1|docs/architecture.md|g' \
    -e 's|DESIGN\.md §5|docs/development.md (Style)|g' \
    -e 's|DESIGN\.md §6|docs/event-store.md|g' \
    "${files[@]}"
fi

# Two pointers to README sections that moved to docs/ (not DESIGN.md citations, but stale the same way).
mapfile -t readme_files < <(grep -rlE --include='*.ts' "see the README's settings|Documented in the README;" "${dirs[@]}" || true)
if [ "${#readme_files[@]}" -gt 0 ]; then
  sed -i \
    -e "s|(see the README's settings)|(see docs/settings.md)|" \
    -e 's|Documented in the README;|Documented in docs/api.md;|' \
    "${readme_files[@]}"
fi

if grep -rnF 'DESIGN.md' "${dirs[@]}"; then
  echo "cite-fix: citations above still name DESIGN.md" >&2
  exit 1
fi
echo "cite-fix: no DESIGN.md citations left"
