#!/bin/sh
# Regenerates src-gen/ and model/hybridbridge.genmodel from model/hybridbridge.ecore with EMF's
# generator (org.eclipse.emf.codegen.ecore, from Maven Central), run standalone: no Eclipse IDE.
# Run from anywhere; commit what changes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bundle=$(dirname "$here")
root=$(cd "$bundle/../.." && pwd)
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
"$root/mvnw" -q -B -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$classpath_file" >/dev/null
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$java" -cp "$(cat "$classpath_file")" "$here/GenerateModel.java" "$bundle"
