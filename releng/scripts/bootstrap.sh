#!/usr/bin/env bash
# Sourced by ./studio: finds or installs everything the build needs and exports
# JAVA_HOME, MVN and PATH. Every step fails with a message that says what is missing.
# Nothing here names a download address: Maven and apt find their own registries.

PS_MAVEN_VERSION=3.9.11
PS_MIN_JAVA=21
PS_CACHE="${PROMPTSTUDIO_CACHE:-$HOME/.cache/promptstudio}"

ps_die() { echo "studio: $*" >&2; exit 1; }
ps_log() { echo "studio: $*" >&2; }

# The newest JDK >= 21 under /usr/lib/jvm (or JAVA_HOME when it already is one).
ps_find_jdk() {
  local best="" best_major=0 dir major
  for dir in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$dir" ] && [ -x "$dir/bin/javac" ] && [ -f "$dir/release" ] || continue
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$dir/release")
    [ -n "$major" ] || continue
    if [ "$major" -ge "$PS_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
      best="$dir"; best_major="$major"
    fi
  done
  [ -n "$best" ] || ps_die "no JDK >= $PS_MIN_JAVA found under /usr/lib/jvm (install e.g. a Temurin 21+ JDK there, or set JAVA_HOME to one)"
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

# Maven >= 3.9 is itself an artifact in the Maven repository: an older system mvn can fetch it.
ps_find_maven() {
  local home="$PS_CACHE/maven/apache-maven-$PS_MAVEN_VERSION"
  if [ ! -x "$home/bin/mvn" ]; then
    local seed
    seed=$(command -v mvn) || ps_die "Maven $PS_MAVEN_VERSION is not cached in $PS_CACHE and no system 'mvn' exists to fetch it (apt-get install maven)"
    ps_log "fetching Maven $PS_MAVEN_VERSION into $PS_CACHE/maven"
    mkdir -p "$PS_CACHE/maven"
    # Run outside the checkout: the project's own pom (with Tycho) must not take part in this fetch.
    (cd "$PS_CACHE/maven" && "$seed" -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
      -Dartifact="org.apache.maven:apache-maven:$PS_MAVEN_VERSION:tar.gz:bin" \
      -DoutputDirectory="$PS_CACHE/maven") >"$PS_CACHE/maven/fetch.log" 2>&1 \
      || { cat "$PS_CACHE/maven/fetch.log" >&2; ps_die "could not fetch Maven $PS_MAVEN_VERSION (see above)"; }
    [ -x "$home/bin/mvn" ] || ps_die "Maven $PS_MAVEN_VERSION unpacked, but $home/bin/mvn is missing"
  fi
  export MVN="$home/bin/mvn"
}

# Xvfb and GTK 3 for SWT; installed when we are root, otherwise named.
ps_need_display_packages() {
  local missing=()
  command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
  command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb)
  ldconfig -p 2>/dev/null | grep -q 'libgtk-3.so.0' || missing+=(libgtk-3-0)
  command -v xdotool >/dev/null 2>&1 || missing+=(xdotool)
  fc-list 2>/dev/null | grep -q . || missing+=(fonts-dejavu-core)
  # `ps_need_display_packages screenshot`: ImageMagick's import takes the window's picture
  if [ "${1:-}" = screenshot ]; then command -v import >/dev/null 2>&1 || missing+=(imagemagick); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    ps_log "installing ${missing[*]}"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        $(printf '%s\n' "${missing[@]}" | sort -u) xauth dbus-x11 at-spi2-core; } >"$PS_CACHE/apt.log" 2>&1 \
      || { tail -20 "$PS_CACHE/apt.log" >&2; ps_die "could not install ${missing[*]}"; }
  else
    ps_die "missing system packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
  fi
}

# Guice (inside Xtext) uses sun.misc.Unsafe; JDK 24+ warns on every start unless told it is allowed.
ps_quiet_unsafe_flag() {
  local major
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release")
  [ "${major:-0}" -ge 24 ] && echo "--sun-misc-unsafe-memory-access=allow"
  return 0
}

# The CRDT bundle builds our JNI crate over yrs with cargo: use the one on PATH or rustup's, else install a
# toolchain (rustup from Debian where there is one, else Debian's cargo), and say so clearly when none can be had.
ps_find_cargo() {
  [ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
  if command -v cargo >/dev/null 2>&1; then return; fi
  ps_log "cargo is missing: installing a Rust toolchain for the CRDT bindings"
  if [ "$(id -u)" = 0 ]; then
    { apt-get update && apt-get install -y rustup && rustup default stable; } >"$PS_CACHE/rust.log" 2>&1 \
      || { apt-get install -y cargo >>"$PS_CACHE/rust.log" 2>&1; } \
      || { tail -20 "$PS_CACHE/rust.log" >&2; ps_die "could not install Rust (cargo); see $PS_CACHE/rust.log"; }
  fi
  command -v cargo >/dev/null 2>&1 || ps_die "cargo (Rust) is needed to build bundles/io.promptstudio.crdt: install rustup or cargo"
}

# The CRDT interop tests run real Yjs peers in Node: install the pinned packages of tests/yjs-interop.
ps_yjs_peers() {
  local folder="$root/tests/yjs-interop"
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || ps_die "Node.js and npm are needed for the Yjs interop tests (apt-get install nodejs npm)"
  if [ ! -d "$folder/node_modules/yjs" ] || [ "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]; then
    (cd "$folder" && npm ci --no-audit --no-fund >"$PS_CACHE/npm.log" 2>&1) \
      || { tail -20 "$PS_CACHE/npm.log" >&2; ps_die "npm ci failed in tests/yjs-interop"; }
  fi
}

ps_bootstrap() {
  mkdir -p "$PS_CACHE"
  ps_find_jdk
  ps_find_maven
  ps_find_cargo
}
