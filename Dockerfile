# syntax=docker/dockerfile:1
#
# The sixteen image: the server by default, the client with `client HOST -p PORT`.
#
#   docker build -t sixteen:1.0.0 .
#   docker run --rm -p 1060:1060 -p 8080:8080 sixteen:1.0.0
#   docker run --rm --network host sixteen:1.0.0 client 127.0.0.1 -p 1060
#
# Settings pass through as arguments (--sixteen.server.read-timeout=5s) or environment
# (SIXTEEN_SERVER_READ_TIMEOUT=5s); a mounted application.yml is read with
# SPRING_CONFIG_ADDITIONAL_LOCATION=file:/config/, as the Helm chart does.

# Build: the Maven wrapper on a JDK. The project targets Java 17 (--release 17); the tests
# run in CI, not here.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -Dmaven.test.skip=true package
# Spring Boot's layered jar, split into its layers with the launcher (Boot 3.3+ tools mode):
# dependencies, spring-boot-loader, snapshot-dependencies, application.
RUN java -Djarmode=tools -jar target/sixteen.jar extract --layers --launcher --destination extracted

# Run: a Java 25 JRE (virtual threads for connections, the runtime BENCHMARKS.md measures),
# as a fixed non-root user.
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 sixteen \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin sixteen
WORKDIR /app
# Least often changed first, so that a code change rebuilds only the last layer.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# Numeric, so that Kubernetes can check runAsNonRoot without reading /etc/passwd.
USER 10001:10001
# 1060: the exchange (sixteen.server.port); 8080: the actuator (server.port).
EXPOSE 1060 8080
# java runs as PID 1 and gets SIGTERM itself: the server drains (sixteen.server.shutdown-timeout),
# every shutdown hook runs and the JVM exits with status 143 (128 + SIGTERM), as any JVM
# stopped by that signal; Kubernetes takes it as a normal stop.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
