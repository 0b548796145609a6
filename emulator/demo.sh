#!/usr/bin/env bash
# `just demo`: starts the emulator, applies the three documentation
# examples against it with gantry, shows that a second plan has nothing to
# do, and destroys them; then deploys examples/petstore and calls it over
# HTTP. Everything stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p gantry-emulator -p gantry
work=$(mktemp -d)
trap 'kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
target/debug/gantry-emulator >"$work/emulator.out" 2>&1 &
emu_pid=$!
until grep -q 'Press Ctrl-C' "$work/emulator.out"; do
  if ! kill -0 "$emu_pid" 2>/dev/null; then cat "$work/emulator.out"; exit 1; fi
  sleep 0.5
done
eval "$(grep '^  export ' "$work/emulator.out")"
echo "emulator: $AWS_ENDPOINT_URL"
gantry="$PWD/target/debug/gantry"
venv_python=$(ls -d "${GANTRY_EMULATOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gantry}"/localstack-*/bin/python | head -n 1)
subnet=$("$venv_python" -c "import boto3; print(boto3.client('ec2', endpoint_url='$AWS_ENDPOINT_URL').describe_subnets()['Subnets'][0]['SubnetId'])")

run() { # example, then gantry arguments for every command
  local name=$1; shift
  cp -r "examples/$name" "$work/$name"
  # AWS (and the emulator) no longer create python2.7 functions.
  sed -i 's/"python2.7"/"python3.12"/' "$work/$name/main.tf"
  echo; echo "=== $name: apply"
  "$gantry" -chdir="$work/$name" apply -auto-approve -no-color -verbose "$@" | grep -E 'complete|Apply|Creating' || true
  echo "=== $name: plan again"
  "$gantry" -chdir="$work/$name" plan -no-color "$@" | tail -n 3
  echo "=== $name: destroy"
  "$gantry" -chdir="$work/$name" destroy -auto-approve -no-color "$@" | tail -n 1
}
run mock-integration
run lambda-integration -var myregion="$AWS_REGION" -var accountId="$AWS_ACCESS_KEY_ID"
run vpc-link -var name=demo -var subnet_id="$subnet"

echo; echo "=== petstore: apply"
cp -r examples/petstore "$work/petstore"
"$gantry" -chdir="$work/petstore" apply -auto-approve -no-color | grep -E '^(Apply complete|invoke_url)' || true
url=$("$gantry" -chdir="$work/petstore" output -raw invoke_url)
key=$("$gantry" -chdir="$work/petstore" output -raw api_key)
api=${url#https://}; api=${api%%.*}
stage=${url##*/}
# The emulator serves a stage at /restapis/API/STAGE/_user_request_/...
base="$AWS_ENDPOINT_URL/restapis/$api/$stage/_user_request_"
echo "=== GET $url/pets (served at $base/pets)"
curl -s -i "$base/pets" | sed -n '1p;$p'; echo
echo "=== POST $url/pets without an API key"
curl -s -o /dev/null -w '%{http_code}\n' -X POST "$base/pets"
echo "=== POST $url/pets with the usage plan's key"
curl -s -i -X POST -H "x-api-key: $key" "$base/pets" | sed -n '1p;$p'; echo
echo "=== petstore: destroy"
"$gantry" -chdir="$work/petstore" destroy -auto-approve -no-color | tail -n 1
