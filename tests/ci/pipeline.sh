#!/usr/bin/env bash
# A CI job as teams write it for Terraform, with gantry in its place:
# init, a saved plan, then apply of exactly that plan, never asking.
# TF_CLI_ARGS_plan (set by the caller) adds options to the plan step.
set -euo pipefail
gantry="${GANTRY:-gantry}"

"$gantry" init -input=false
"$gantry" plan -input=false -out=tfplan
"$gantry" apply -input=false tfplan
# A second plan finds nothing to do.
"$gantry" plan -input=false -detailed-exitcode
