# Build stage: the WAR from source (tests run in CI, not here).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

# Runtime: the official Tomcat 11 image, the WAR as ROOT.war, non-root, DATA_DIR on a volume.
FROM tomcat:11.0.25-jdk17-temurin
RUN groupadd --system --gid 1001 imageservice \
 && useradd --system --uid 1001 --gid imageservice --home-dir /data imageservice \
 && rm -rf "$CATALINA_HOME"/webapps/* \
 && mkdir -p /data /data_temp \
 && chown -R imageservice:imageservice /data /data_temp "$CATALINA_HOME"/conf "$CATALINA_HOME"/logs \
    "$CATALINA_HOME"/temp "$CATALINA_HOME"/work "$CATALINA_HOME"/webapps
COPY tomcat-conf/ /opt/tomcat-conf/
RUN cat /opt/tomcat-conf/catalina.properties.fragment >> "$CATALINA_HOME"/conf/catalina.properties \
 && cp /opt/tomcat-conf/context.xml /opt/tomcat-conf/tomcat-users.xml "$CATALINA_HOME"/conf/
COPY --from=build --chown=imageservice:imageservice /src/target/assisted-image-service.war "$CATALINA_HOME"/webapps/ROOT.war
ENV DATA_DIR=/data \
    DATA_TEMP_DIR=/data_temp \
    LISTEN_PORT=8080
VOLUME ["/data"]
EXPOSE 8080
USER 1001
CMD ["sh", "-c", "/opt/tomcat-conf/bin/configure-connectors.sh /opt/tomcat-conf \"$CATALINA_HOME/conf/server.xml\" && exec catalina.sh run"]
