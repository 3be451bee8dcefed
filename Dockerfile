# Build: ./mvnw -q -DskipTests package && docker build -t kamishop:0.1.0 .
# Run:   docker run -p 8080:8080 -v kamishop-data:/data -e KAMISHOP_ADMIN_TOKEN=... kamishop
FROM eclipse-temurin:17-jre
# A fixed numeric uid/gid (10001): Kubernetes can check runAsNonRoot against a number, not a name
# (packaging/kubernetes/deployment.yaml runs as the same ids).
RUN groupadd --system --gid 10001 kamishop && useradd --system --uid 10001 --gid kamishop --home /data --shell /usr/sbin/nologin kamishop \
 && mkdir -p /data /opt/kamishop && chown kamishop:kamishop /data && chmod 700 /data
COPY app/target/kamishop.jar /opt/kamishop/kamishop.jar
# The class-data archive (docs/performance.md, "Start-up"): a training run on a throw-away demo store
# writes the classes a start loads, parsed and verified, and the entrypoint maps them: about a second
# sooner on 2 cores. Same JVM options as the entrypoint. A failed training only costs that second.
RUN java -Xms32m -Xmx128m -Xmn12m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:MaxMetaspaceSize=128m -XX:ArchiveClassesAtExit=/opt/kamishop/kamishop.jsa \
      -jar /opt/kamishop/kamishop.jar cds-training > /tmp/cds-training.log 2>&1 \
 || { echo "warning: class-data training failed, the image starts slower:"; tail -20 /tmp/cds-training.log; rm -f /opt/kamishop/kamishop.jsa; }; \
    rm -rf /tmp/cds-training.log /tmp/kamishop-cds-training-*
USER 10001:10001
# MALLOC_ARENA_MAX and the JVM options below are the small-VPS settings of docs/performance.md.
ENV KAMISHOP_DATA_DIR=/data KAMISHOP_PORT=8080 MALLOC_ARENA_MAX=1
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["java", "-cp", "/opt/kamishop/kamishop.jar", "io.kamishop.HealthCheck"]
ENTRYPOINT ["java", "-Xms32m", "-Xmx128m", "-Xmn12m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:MaxMetaspaceSize=128m", "-XX:+ExitOnOutOfMemoryError", \
            "-XX:SharedArchiveFile=/opt/kamishop/kamishop.jsa", "-jar", "/opt/kamishop/kamishop.jar"]
CMD ["serve"]
