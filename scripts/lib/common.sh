# Shared helpers for lunbridge scripts. Source it; do not run it.
# shellcheck shell=bash

LUNBRIDGE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LUNBRIDGE_JAR="$LUNBRIDGE_ROOT/bridge/target/lunbridge.jar"
MIN_JAVA=21

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
note() { printf '    %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        die "need root for: $* (run as root or install sudo)"; fi
}

# java_major JAVA_BIN -> prints the feature version (17, 21, 25...) or nothing.
java_major() {
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

# find_jdk: sets and exports JAVA_HOME to a JDK >= $MIN_JAVA with javac.
# Order: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm, else install one with apt-get.
find_jdk() {
    local candidate major best="" best_major=0
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        major=$(java_major "$JAVA_HOME/bin/java")
        if [ "${major:-0}" -ge "$MIN_JAVA" ]; then
            export JAVA_HOME; return 0
        fi
        note "JAVA_HOME=$JAVA_HOME is Java ${major:-?}; lunbridge needs >= $MIN_JAVA, looking elsewhere"
    fi
    for candidate in /usr/lib/jvm/*/; do
        candidate=${candidate%/}
        [ -x "$candidate/bin/javac" ] || continue
        major=$(java_major "$candidate/bin/java")
        if [ "${major:-0}" -ge "$MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
            best=$candidate; best_major=$major
        fi
    done
    if [ -n "$best" ]; then
        export JAVA_HOME="$best"; return 0
    fi
    say "no JDK >= $MIN_JAVA found (JAVA_HOME or /usr/lib/jvm); installing one with apt-get"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-21-jdk-headless \
        || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-25-jdk-headless \
        || die "could not install a JDK >= $MIN_JAVA; set JAVA_HOME to one"
    find_jdk_after_install
}

find_jdk_after_install() {
    local candidate major
    for candidate in /usr/lib/jvm/*/; do
        candidate=${candidate%/}
        [ -x "$candidate/bin/javac" ] || continue
        major=$(java_major "$candidate/bin/java")
        if [ "${major:-0}" -ge "$MIN_JAVA" ]; then export JAVA_HOME="$candidate"; return 0; fi
    done
    die "installed a JDK but found none >= $MIN_JAVA under /usr/lib/jvm"
}

# ensure_maven: installs Maven with apt-get when mvn is missing.
ensure_maven() {
    command -v mvn >/dev/null && return 0
    say "Maven not found; installing it with apt-get"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven || die "could not install Maven"
}

# mvn_run ARGS...: Maven under the JDK that find_jdk chose, quiet but with errors and test summaries.
mvn_run() {
    find_jdk
    ensure_maven
    local maven_opts="${MAVEN_OPTS:-}"
    # Maven's bundled Guava calls sun.misc.Unsafe; JDK 24+ warns about it on every run. Allow it quietly (JEP 471).
    if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
        maven_opts="$maven_opts --sun-misc-unsafe-memory-access=allow"
    fi
    (cd "$LUNBRIDGE_ROOT" && JAVA_HOME="$JAVA_HOME" MAVEN_OPTS="$maven_opts" mvn -B -ntp "$@")
}

# ensure_jar: builds bridge/target/lunbridge.jar when it is missing or older than any source file.
ensure_jar() {
    local newer=""
    if [ -f "$LUNBRIDGE_JAR" ]; then
        newer=$(find "$LUNBRIDGE_ROOT" -path '*/target' -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
            -newer "$LUNBRIDGE_JAR" -print -quit)
    fi
    if [ ! -f "$LUNBRIDGE_JAR" ] || [ -n "$newer" ]; then
        say "building lunbridge (mvn package, tests skipped; scripts/test runs them)"
        mvn_run -q package -DskipTests >&2 || die "build failed"
    fi
}

# ensure_packages PKG...: apt-get installs the Debian packages that are not installed yet (waiting for a
# concurrent apt/dpkg to finish). On bookworm nbdfuse ships in libnbd-bin.
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get -o DPkg::Lock::Timeout=300 update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
        --no-install-recommends "${missing[@]}" \
        || die "apt-get install ${missing[*]} failed"
}
