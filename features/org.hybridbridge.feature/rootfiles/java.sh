# Sourced by the launch scripts: picks a Java >= 21 and the Equinox launcher of this product.
java_feature() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
java=""
for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/temurin-25-jdk-amd64/bin/java "$(command -v java)"; do
  if [ -x "$candidate" ] && [ "$(java_feature "$candidate")" -ge 21 ] 2>/dev/null; then java=$candidate; break; fi
done
[ -n "$java" ] || { echo "$(basename "$0"): no Java 21 or newer found: set JAVA_HOME" >&2; exit 1; }
launcher=$(ls "$here"/plugins/org.eclipse.equinox.launcher_*.jar 2>/dev/null | head -n 1)
[ -n "$launcher" ] || { echo "$(basename "$0"): no Equinox launcher under $here/plugins" >&2; exit 1; }
# JNA and SWT load native code: allow it without the JDK's warning.
HB_VM_ARGS="--enable-native-access=ALL-UNNAMED ${HB_VM_ARGS:-}"
