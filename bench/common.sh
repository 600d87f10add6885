# bench/common.sh — what bench/run and bench/soak share: installing a missing peer from Debian,
# building the bench module, raising the open-files limit. Sourced from the repository's root.

apt_updated=0
install_peer() { # package, command
  local pkg=$1 tool=$2
  command -v "$tool" >/dev/null 2>&1 && return 0
  echo "$0: installing $pkg ($tool is a peer of the bench)" >&2
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$0: warning: no apt-get; $tool stays missing and its rows say so" >&2
    return 0
  fi
  # redis-server's package may start a system instance where systemd runs: harmless, the
  # bench starts its own on a free port.
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$pkg" \
      >/dev/null 2>&1; then
    if (( apt_updated == 0 )); then
      apt_updated=1
      apt-get update >/dev/null 2>&1 || true
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$pkg" \
      >/dev/null 2>&1 \
      || echo "$0: warning: could not install $pkg; its rows say so" >&2
  fi
}

# Builds the bench module (skipped with BENCH_SKIP_BUILD=1); the revkeep modules come from
# ~/.m2 when they are there, else (a fresh clone) they are built too (BENCH_BUILD=am always).
build_bench() {
  if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    mkdir -p bench/target
    # -am compiles the modules' tests too (-DskipTests, not maven.test.skip): the bench uses
    # store-couchbase's test jar, which needs core's.
    build_am() {
      echo "$0: building bench and the modules it uses (mvn package -pl bench -am)…" >&2
      mvn --batch-mode -q -pl bench -am package -DskipTests >bench/target/build.log 2>&1 \
        || { cat bench/target/build.log >&2; exit 1; }
    }
    if [[ "${BENCH_BUILD:-}" == am ]]; then
      build_am
    else
      echo "$0: building bench (mvn package -pl bench; revkeep modules from ~/.m2)…" >&2
      if ! mvn --batch-mode -q -o -pl bench package -Dmaven.test.skip=true \
          >bench/target/build.log 2>&1 \
        && ! mvn --batch-mode -q -pl bench package -Dmaven.test.skip=true \
          >bench/target/build.log 2>&1; then
        echo "$0: revkeep's modules are not in ~/.m2 (a fresh clone)" >&2
        build_am
      fi
    fi
  fi
}

# wrk holds 1,000 connections and the server as many; the fan-out rows hold 1,000 subscriber
# sockets on each side: raise the open-files limit (to the hard limit if 65536 is not allowed).
raise_open_files() {
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  if (( $(ulimit -n) < 4096 )); then
    echo "$0: warning: ulimit -n is $(ulimit -n); the 1,000-connection rows may fail" >&2
  fi
}
