#!/bin/sh
# hb from a checkout: runs the command line of the product that the build materialized.
here=$(dirname "$(readlink -f "$0")")
product="$here/releng/org.hybridbridge.product/target/products/hybridbridge/linux/gtk/x86_64"
if [ ! -x "$product/hb" ]; then
  echo "hb: no built product under $product: run ./setup.sh (or ./mvnw package) first" >&2
  exit 1
fi
# hb guest build compiles the C sources of this checkout.
export HB_NATIVE_DIR="${HB_NATIVE_DIR:-$here/native}"
exec "$product/hb" "$@"
