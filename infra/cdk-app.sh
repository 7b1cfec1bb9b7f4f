#!/usr/bin/env bash
# Runs the CDK app for `cdk synth|diff|deploy` (see cdk.json). Builds the function jars and the app first
# when they are missing or older than the sources, so a fresh clone needs no separate build step.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
stale() {
  [ ! -f "$1" ] || [ -n "$(find functions/*/src/main functions/*/pom.xml infra/src/main infra/pom.xml pom.xml -newer "$1" -type f -print -quit)" ]
}
if stale functions/edge/target/lambda/function.jar || stale functions/consumer/target/lambda/function.jar \
   || stale infra/target/app.classpath; then
  echo "actionlog: building the function jars and the CDK app..." >&2
  ./mvnw -B -q -DskipTests package -pl infra,functions/edge,functions/consumer -am >&2
fi
exec java -cp "infra/target/classes:$(cat infra/target/app.classpath)" actionlog.infra.ActionlogApp
