# Sourced by the STIX shell tests: sets `here` and `standards`, skips (exit 77) when node,
# tests/stix/node_modules or ../shared's standards data are missing, and makes a scratch
# directory `work` that is removed on exit.
here=$(cd "$(dirname "$0")" && pwd)
standards="$here/../../../shared/data/standards"
if ! command -v node >/dev/null || [ ! -d "$here/node_modules/ajv" ]; then
  echo "SKIP: node or tests/stix/node_modules missing (run: cd tests/stix && npm ci)"; exit 77
fi
if [ ! -d "$standards/stix2.1" ]; then
  echo "SKIP: $standards not found"; exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
