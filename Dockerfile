# Build: ./mvnw -q -DskipTests package && docker build -t kamishop .
# Run:   docker run -p 8080:8080 -v kamishop-data:/data -e KAMISHOP_ADMIN_TOKEN=... kamishop
FROM eclipse-temurin:17-jre
RUN groupadd --system kamishop && useradd --system --gid kamishop --home /data --shell /usr/sbin/nologin kamishop \
 && mkdir -p /data /opt/kamishop && chown kamishop:kamishop /data && chmod 700 /data
COPY app/target/kamishop.jar /opt/kamishop/kamishop.jar
USER kamishop
# MALLOC_ARENA_MAX and the JVM options below are the small-VPS settings of docs/performance.md.
ENV KAMISHOP_DATA_DIR=/data KAMISHOP_PORT=8080 MALLOC_ARENA_MAX=2
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["java", "-cp", "/opt/kamishop/kamishop.jar", "io.kamishop.HealthCheck"]
ENTRYPOINT ["java", "-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-Xss512k", "-XX:MaxMetaspaceSize=128m", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/kamishop/kamishop.jar"]
CMD ["serve"]
