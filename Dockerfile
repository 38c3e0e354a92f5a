# syntax=docker/dockerfile:1
#
# The sixteen image: the server by default, the client with `client HOST -p PORT`.
#
#   docker build -t sixteen:1.0.0 --build-arg REVISION=$(git rev-parse HEAD) .
#   docker run --rm -p 1060:1060 -p 8080:8080 sixteen:1.0.0
#   docker run --rm --network host sixteen:1.0.0 client 127.0.0.1 -p 1060
#
# Settings pass through as arguments (--sixteen.server.read-timeout=5s) or environment
# (SIXTEEN_SERVER_READ_TIMEOUT=5s); a mounted application.yml is read with
# SPRING_CONFIG_ADDITIONAL_LOCATION=file:/config/, as the Helm chart does.

# The <version> of pom.xml (DockerfileTests keeps them equal, and the build stage refuses
# another); REVISION is the commit built, SOURCE the repository's URL, given by whoever builds.
ARG VERSION=1.0.0
ARG REVISION=""
ARG SOURCE=""

# Build: the Maven wrapper on a JDK. The project targets Java 17 (--release 17); the tests
# run in CI, not here. The aot profile has Spring AOT generate the server's context as code
# (docs/image.md): on this stage's JDK 25, the runtime's, since the conditions it decides at
# build time include the virtual threads.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -Dmaven.test.skip=true -Paot package
# The version label is only as true as this check: Spring Boot's build-info has the pom's.
ARG VERSION
RUN grep -qxF "build.version=${VERSION}" target/classes/META-INF/build-info.properties \
    || { echo "VERSION=${VERSION} is not the pom's version:" \
         "$(grep build.version target/classes/META-INF/build-info.properties)" >&2; exit 1; }
# Spring Boot's layered jar (target/sixteen-exec.jar, named sixteen.jar in the image), split
# into its layers (Boot 3.3+ tools mode): the application's jar, whose manifest lists
# lib/*.jar, over the dependencies. The AOT cache needs jars on the class path: a directory
# of classes (the JarLauncher layout) cannot be cached.
RUN mv target/sixteen-exec.jar sixteen.jar \
    && java -Djarmode=tools -jar sixteen.jar extract --layers --destination extracted

# Run: a Java 25 JRE (virtual threads for connections, the runtime BENCHMARKS.md measures),
# as a fixed non-root user.
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 sixteen \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin sixteen
WORKDIR /app
# Least often changed first, so that a code change rebuilds only the last layers.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# The JDK 25 AOT cache (JEP 483, 514, 515): a training run loads, links and profiles the
# classes of start-up and exits once the context has refreshed (spring.context.exit: before
# anything listens); the JVM then writes app.aot, which the ENTRYPOINT maps. A cache is used
# only by the JVM, class path and options that made it, so the training runs here, on this
# stage's JVM, in /app, with the ENTRYPOINT's command; on a mismatch the JVM says so in one
# error line and starts without it. What the run leaves in /tmp (Tomcat's work directory,
# hsperfdata) is deleted in the same RUN, so that it never lands in a layer; not a tmpfs
# mount on /tmp, which buildah 1.28 (Debian 12's podman build) drops from the image,
# leaving none (containers/buildah#4739).
RUN java -XX:AOTCacheOutput=app.aot -Dspring.aot.enabled=true -Dspring.context.exit=onRefresh -jar sixteen.jar \
    && find /tmp -mindepth 1 -delete
# Declared after the last RUN: a RUN sees every build argument declared before it, so a new
# REVISION there would rebuild that layer and every one after it.
ARG VERSION
ARG REVISION
ARG SOURCE
LABEL org.opencontainers.image.title="sixteen" \
      org.opencontainers.image.description="The sixteen-octet TCP exchange on Spring Integration" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.base.name="eclipse-temurin:25-jre"
# Numeric, so that Kubernetes can check runAsNonRoot without reading /etc/passwd.
USER 10001:10001
# 1060: the exchange (sixteen.server.port); 8080: the actuator (server.port).
EXPOSE 1060 8080
# -Dspring.aot.enabled=true: the server's context from the code generated at build time (the
# client's starts as usual). java runs as PID 1 and gets SIGTERM itself: the server drains (sixteen.server.shutdown-timeout),
# every shutdown hook runs and the JVM exits with status 143 (128 + SIGTERM), as any JVM
# stopped by that signal; Kubernetes takes it as a normal stop.
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-Dspring.aot.enabled=true", "-jar", "sixteen.jar"]
