# syntax=docker/dockerfile:1
#
# Sayline in a container: build the jar from this repository, then run it on a JRE as a non-root user.
#
#   docker build -t sayline .
#   docker run -d --name sayline --network host --stop-timeout 330 --cap-add SYS_NICE --memory 2g \
#       -v /etc/sayline/sayline.yaml:/etc/sayline/sayline.yaml:ro -v /var/log/sayline:/var/log/sayline \
#       sayline
#   docker stop -t 330 sayline
#
# docs/operations.md, "Container", explains each choice: host networking for RTP (or a published UDP range
# and sip.publicAddress), a stop timeout longer than drain.deadlineSeconds, real-time pacing, memory.

# ---- stage 1: the build, exactly as the README runs it -------------------------------------------------
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds (BuildKit); without BuildKit, drop "--mount=..." and it still works.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package \
    && test -f core/target/sayline.jar

# ---- stage 2: the runtime ------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

# chrt (util-linux) is how the pacing loops move to SCHED_FIFO (rtp.realtimePriority); wget is the health
# check below. The base image (Ubuntu) installs both: fail the build here, not at run time, if that changes.
# Docker gives a non-root user no ambient capabilities, so `--cap-add SYS_NICE` alone would not reach chrt:
# chrt gets CAP_SYS_NICE as a file capability instead. Without `--cap-add SYS_NICE` (or with
# no-new-privileges) the kernel refuses it and Sayline logs one warning and paces on the normal scheduler.
RUN set -eux; \
    command -v wget; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libcap2-bin; \
    rm -rf /var/lib/apt/lists/*; \
    setcap cap_sys_nice+ep "$(command -v chrt)"; \
    getcap "$(command -v chrt)"

# A system user without a login shell; /etc/sayline holds an empty configuration file (the built-in
# defaults: the demo bot and the embedded voice), to be replaced by a bind mount. /var/log/sayline is where
# records.path should point (records.path: /var/log/sayline/calls.jsonl) and is a volume.
RUN groupadd --system sayline \
    && useradd --system --gid sayline --home-dir /var/lib/sayline --no-create-home --shell /usr/sbin/nologin sayline \
    && mkdir -p /opt/sayline /etc/sayline /var/lib/sayline /var/log/sayline \
    && touch /etc/sayline/sayline.yaml \
    && chown sayline:sayline /var/lib/sayline /var/log/sayline

COPY --from=build /src/core/target/sayline.jar /opt/sayline/sayline.jar

USER sayline
WORKDIR /var/lib/sayline
VOLUME ["/var/log/sayline"]

# SIP on UDP and TCP, HTTP (/health, /metrics, /calls), and the default RTP range (rtp.portRange). Change
# them together with the configuration. EXPOSE only documents: with --network host nothing is published,
# otherwise publish them with -p (docs/operations.md, "Container").
EXPOSE 5060/udp 5060/tcp 8080/tcp 20000-29999/udp

# /health/ready (also /health): 200 once SIP is bound and the warm-up calls are done, 503 while starting
# and while draining. HTTP listens on http.bind (loopback by default, which this check reaches); with another
# http.bind or http.port, change the URL. --start-period covers the ~2 s warm-up with room to spare.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["wget", "-q", "-t", "1", "-T", "2", "-O", "/dev/null", "http://127.0.0.1:8080/health/ready"]

# SIGTERM drains (see docs/operations.md, "Draining"). `docker stop` waits 10 s by default before SIGKILL,
# far less than drain.deadlineSeconds (300): run with --stop-timeout 330, stop with `docker stop -t 330`,
# or set stop_grace_period: 330s in Compose.
STOPSIGNAL SIGTERM

# The jar re-executes itself with its tuned JVM options (io.sayline.core.Launcher): java here is the
# launcher, PID 1, and forwards SIGTERM to the server JVM. This entrypoint replaces the base image's
# /__cacert_entrypoint.sh on purpose: its USE_SYSTEM_CA_CERTS option works for a non-root user by setting
# JAVA_TOOL_OPTIONS, and any JVM option given that way turns the re-execution off. To trust a private CA for
# wss:// bots, build an image that imports it with keytool instead.
ENTRYPOINT ["java", "-jar", "/opt/sayline/sayline.jar"]
CMD ["--config", "/etc/sayline/sayline.yaml"]
