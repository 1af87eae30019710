# Sourced by the bench scripts, after SCRATCH is set: builds the named tools of ../shared/bench (loadgen, baseline)
# into $SCRATCH/artifacts, stops the script if one does not build, and names what they run.
# usage: . "$(dirname "$0")/shared-tools.sh" loadgen [baseline]   -> LOADGEN; LIMIT, the storage limit's dll
SHARED=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../shared/bench" && pwd)
for tool in "$@"; do
  dotnet build "$SHARED/$tool" -c Release --artifacts-path "$SCRATCH/artifacts" >"$SCRATCH/build-$tool.log" 2>&1 \
    || { tail -5 "$SCRATCH/build-$tool.log"; exit 1; }
done
LOADGEN="dotnet $SCRATCH/artifacts/bin/LoadGen/release/scim-loadgen.dll"
LIMIT="$SCRATCH/artifacts/bin/Baseline/release/scim-baseline.dll"
