# assisted-image-service on Tomcat 11, ready for OpenShift's restricted-v2 policy: any UID with GID 0, read-only
# root filesystem, writable only /data (volume), /data_temp and /tmp (README.md, "Container and Kubernetes").
#
#   docker build -t assisted-image-service .            # two stages: Maven builds the WAR, then the runtime
#   mvn -B -DskipTests package && \
#   podman build --target prebuilt -t assisted-image-service .   # the WAR that Maven left in target/
#
# BASE_IMAGE: the official Tomcat image, Tomcat 11.0.25 on the Eclipse Temurin 25 JRE (tag pattern
# <tomcat version>-jre<java major>-temurin, Ubuntu based). Any image laid out like it works: CATALINA_HOME
# /usr/local/tomcat with bin/ on PATH and a `java` on PATH (scripts/test-container.sh builds such a stand-in).
ARG BASE_IMAGE=tomcat:11.0.25-jre25-temurin

# Build stage: the WAR from source (tests run in CI, not here). The WAR is Java 17 bytecode.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

# The runtime without the application. Everything below CATALINA_HOME stays owned by root and read-only; logs,
# temp and work link into TOMCAT_RUNTIME_DIR, which start-tomcat.sh creates at start. Tomcat's log records and the
# access log go to the console (logging.properties, ACCESS_LOG=stdout), so that no file grows in /tmp. /data and
# /data_temp belong to group 0 with the owner's permissions, as OpenShift images do, so the arbitrary UID of
# restricted-v2 (always in group 0) can write them.
FROM ${BASE_IMAGE} AS runtime
USER 0
COPY tomcat-conf/ /opt/tomcat-conf/
RUN set -eu; \
    cd "$CATALINA_HOME"; \
    rm -rf webapps/* logs temp work; \
    ln -s /tmp/tomcat/logs logs; ln -s /tmp/tomcat/temp temp; ln -s /tmp/tomcat/work work; \
    mkdir -p conf/Catalina/localhost /data /data_temp; \
    cat /opt/tomcat-conf/catalina.properties.fragment >> conf/catalina.properties; \
    cp /opt/tomcat-conf/context.xml /opt/tomcat-conf/tomcat-users.xml /opt/tomcat-conf/logging.properties conf/; \
    chmod -R a+rX conf /opt/tomcat-conf; \
    chgrp -R 0 /data /data_temp; chmod -R g=u /data /data_temp
# JAVA_OPTS sizes the JVM from the container's memory limit (docs/operations.md, "Memory"): heap 35 % of the
# limit, direct buffers capped at the heap size (the JVM's default for MaxDirectMemorySize), the rest for
# metaspace, code, thread stacks and the GC; an OutOfMemoryError ends the process so that the pod restarts.
ENV DATA_DIR=/data \
    DATA_TEMP_DIR=/data_temp \
    LISTEN_PORT=8080 \
    PROBE_LISTEN_PORT=8082 \
    TOMCAT_RUNTIME_DIR=/tmp/tomcat \
    ACCESS_LOG=stdout \
    JAVA_OPTS="-XX:MaxRAMPercentage=35 -XX:InitialRAMPercentage=10 -XX:+ExitOnOutOfMemoryError -XX:ErrorFile=/tmp/hs_err_pid%p.log"
VOLUME ["/data"]
EXPOSE 8080 8082
USER 1001:0
CMD ["/opt/tomcat-conf/bin/start-tomcat.sh"]

# --target prebuilt: the exploded WAR that `mvn package` wrote to target/ of the build context.
FROM runtime AS prebuilt
COPY target/assisted-image-service/ /usr/local/tomcat/webapps/ROOT/

# Default target: the WAR of the build stage.
FROM runtime
COPY --from=build /src/target/assisted-image-service/ /usr/local/tomcat/webapps/ROOT/
